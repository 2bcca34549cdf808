/**
 * `semiclassical study` with `resolution: "adaptive"` as a user runs it (build first: `pnpm
 * build`): the rounds run on worker threads, the table prints the levels, a killed run resumes
 * without recomputing a row, and the exit code is 0 only when every rate comes from resolved rows.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planStudy, runStudy, type StudyConfigInput, studyTasks } from "@semiclassical/study";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_MAIN, type CliOutcome, runCli } from "./testing.js";

let scratch: string;

function cli(args: string[]): Promise<CliOutcome> {
  return runCli(args, scratch);
}

/**
 * N = 2, 3 (128 quantum points each) with a 32 x 32 Vlasov grid, too coarse for tolerance 1e-3
 * (its doubling moves the distance by 0.66 % at N = 2, measured); t = 0.2 in 10 steps.
 */
const COARSE: StudyConfigInput = {
  N: [2, 3],
  resolution: "adaptive",
  tolerance: 1e-3,
  interaction: { kind: "gaussian", lambda: 4, sigma: 1 },
  dynamics: { tFinal: 0.2, dt: 0.02, times: [0.2] },
  vlasov: { nx: 32, nv: 32, grid: "phase-space" },
  metrics: ["trace-norm"],
};

beforeAll(() => {
  if (!existsSync(CLI_MAIN))
    throw new Error(`${CLI_MAIN} is missing: run \`pnpm build\` in apps/cli first`);
  scratch = mkdtempSync(join(tmpdir(), "semiclassical-adaptive-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];

describe('semiclassical study, resolution: "adaptive"', () => {
  it("killed during a later round, --resume finishes it: same rows, none twice, levels printed, exit 0", async () => {
    const path = join(scratch, "adaptive.json");
    writeFileSync(path, JSON.stringify(COARSE));
    const out = join(scratch, "adaptive-out");
    const rowsFile = join(out, "rows.jsonl");
    // The CLI's round 0 (with files, the main tasks also take their snapshot).
    const round0 = new Set(studyTasks(planStudy(COARSE), { snapshots: true }).map((t) => t.id));
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI_MAIN, "study", path, "--out", out, "--jobs", "2", "--quiet"],
      { cwd: scratch, stdio: "ignore" },
    );
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // SIGKILL (a crash) as soon as a row of a later round (not a round-0 task) is on disk.
    for (let k = 0; k < 4800; k++) {
      if (lines(rowsFile).some((l) => !round0.has(JSON.parse(l).taskId))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    await exited;
    const before = lines(rowsFile);
    expect(before.some((l) => !round0.has(JSON.parse(l).taskId))).toBe(true);

    const resumed = await cli(["study", "--resume", out]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`${before.length} finished rows kept`));
    expect(resumed.stdout).toMatch(
      /adaptive refinement \(level k: factor 2\^k; tolerance 0\.001\)/,
    );
    expect(resumed.stdout).toMatch(
      /N=2: levels quantum grid 0 .*Vlasov grid 2 \(nx, nv = 128, 128\)/,
    );
    expect(resumed.stdout).toMatch(/fitted rate r/);
    // The kept rows stay byte for byte, each (task, t) is on disk once.
    const after = lines(rowsFile);
    expect(after.slice(0, before.length)).toEqual(before);
    const keys = after.map((l) => {
      const row = JSON.parse(l);
      return `${row.taskId}@${row.t}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
    // The reported rows are those runStudy computes in one process (same code: bitwise).
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.status).toBe("complete");
    expect(results.verification.ratesTrusted).toBe(true);
    const uninterrupted = new Set<string>();
    const library = await runStudy(COARSE, {
      onRow: (row) => uninterrupted.add(`${row.taskId}@${row.t}`),
    });
    expect(results.rows.map((r: { traceNorm: number }) => r.traceNorm)).toEqual(
      library.rows.map((r) => r.traceNorm),
    );
    expect(
      results.rows.map((r: { resolution: { verdict: string } }) => r.resolution.verdict),
    ).toEqual(["resolved", "resolved", "resolved", "resolved"]);
    expect(results.rows[1].resolution.adaptive.levels["vlasov-grid"]).toBe(2);
    // Every row was computed once: the resumed run added only what was missing.
    expect(after.length).toBe(uninterrupted.size);
  }, 600_000);

  it("a budget that stops the refinement: the rows stay unresolved and the exit code is 3", async () => {
    const path = join(scratch, "small-budget.json");
    // 1 byte: no refined level fits; the rows are the verified ones, unresolved by the Vlasov grid.
    writeFileSync(path, JSON.stringify({ ...COARSE, budget: { maxBytes: 1 } }));
    const { code, stdout, stderr } = await cli(["study", path, "--jobs", "2", "--quiet"]);
    expect(code, stderr).toBe(3);
    expect(stdout).toMatch(/budget\.maxBytes = 1 stops the vlasov-grid refinement at level 1/);
    expect(stdout).toMatch(/raise budget\.maxBytes/);
    expect(stdout).toMatch(/N=2: levels quantum grid 0 .*Vlasov grid 0/);
    expect(stderr).toMatch(/rates missing/);
  }, 600_000);
});
