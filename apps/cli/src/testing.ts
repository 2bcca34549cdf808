/**
 * The built CLI in a child process, for this app's tests (build first: `pnpm build`). Not part of
 * the CLI itself. @internal
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** dist/main.js of this app. */
export const CLI_MAIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");

/** Exit code and output of one CLI run. */
export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `semiclassical ...args` in `cwd` and resolves when it exits. */
export function runCli(args: readonly string[], cwd: string): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
