import { readFileSync } from "node:fs";
import { totalmem } from "node:os";
import {
  type PlanStudyOptions,
  planStudy,
  resolveStudyConfig,
  type StudyConfig,
  type StudyPlan,
} from "@semiclassical/study";
import { CliError } from "./errors.js";
import { jsonErrorOffset, lineAndColumn } from "./json-error.js";

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
    const located = jsonErrorOffset(text);
    if (located) {
      const { line, column } = lineAndColumn(text, located.offset);
      throw new CliError(
        `malformed JSON in ${path} at line ${line}, column ${column}: ${located.reason}`,
      );
    }
    throw new CliError(`malformed JSON in ${path}: ${(error as Error).message}`);
  }
}

/**
 * What `maxMemory: "auto"` resolves to on this machine: its total memory minus a margin of a
 * quarter (at least 2 GiB) for the operating system, other processes and the JavaScript heap's
 * own overhead beyond the planned arrays (24 GiB -> 18 GiB).
 */
export function availableMemory(): number {
  const total = totalmem();
  return Math.max(total / 2, total - Math.max(2 ** 31, total / 4));
}

/** resolveStudyConfig with maxMemory "auto" resolved to {@link availableMemory}. */
export function resolveConfig(raw: unknown): StudyConfig {
  return resolveStudyConfig(raw, { availableMemory: availableMemory() });
}

/**
 * Resolves a config and plans its grids: every config error surfaces here, before any work.
 * `options.checkMemory` as planStudy's ("study": every task of the study must fit maxMemory).
 */
export function loadStudy(
  raw: unknown,
  options: PlanStudyOptions = {},
): { config: StudyConfig; plan: StudyPlan } {
  const config = resolveConfig(raw);
  const plan = planStudy(config, options);
  return { config, plan };
}
