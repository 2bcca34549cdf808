import { readFileSync } from "node:fs";
import { resolveStudyConfig, type StudyConfig, planStudy, type StudyPlan } from "@semiclassical/metrics";
import { CliError } from "./errors.js";

/** Reads and parses a JSON file; malformed JSON and missing files become a {@link CliError}. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT"
        ? `config file not found: ${path}`
        : `cannot read config file ${path}: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    const position = /position (\d+)/.exec(detail);
    let where = "";
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      const column = offset - before.lastIndexOf("\n");
      where = ` (line ${line}, column ${column})`;
    }
    throw new CliError(`malformed JSON in ${path}${where}: ${detail}`);
  }
}

/** Resolves a config and plans its grids: every config error surfaces here, before any work. */
export function loadStudy(raw: unknown): { config: StudyConfig; plan: StudyPlan } {
  const config = resolveStudyConfig(raw);
  const plan = planStudy(config);
  return { config, plan };
}
