import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatBytes } from "@semiclassical/study";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableMemory } from "./load.js";
import { CLI_MAIN, type CliOutcome, runCli } from "./testing.js";

let scratch: string;

function cli(args: string[]): Promise<CliOutcome> {
  return runCli(args, scratch);
}

function writeConfig(name: string, config: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

beforeAll(() => {
  if (!existsSync(CLI_MAIN))
    throw new Error(`${CLI_MAIN} is missing: run \`pnpm build\` in apps/cli first`);
  scratch = mkdtempSync(join(tmpdir(), "semiclassical-validate-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A 1D study whose Vlasov phase space, 4096 x 4096 doubles (one copy) = 134 MB, exceeds 100 MB. */
const OVER_BUDGET = {
  N: [4],
  vlasov: { nx: 4096, nv: 4096 },
  maxMemory: 1e8,
  errorFloor: false,
};
const REFUSAL =
  "invalid config: maxMemory: N = 4: the Vlasov phase space (4096 x 4096 doubles x 1 copy) needs 134 MB";

describe("semiclassical validate: memory and time per N", () => {
  it("prints the components and times of each N and exits 0 within maxMemory", async () => {
    const path = writeConfig("fits.json", { N: [4, 8], vlasov: { nx: 32, nv: 32 } });
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code, stderr).toBe(0);
    // maxMemory "auto": this machine's memory minus the margin of load.ts's availableMemory.
    expect(stdout).toContain(`memory and time per N (maxMemory ${formatBytes(availableMemory())};`);
    expect(stdout).toMatch(/N\s+path\s+K\s+dense matrices\s+Wigner half grid\s+Vlasov phase space/);
    // 32 x 32 doubles, one copy = 8.2 kB for both N (the Vlasov grid does not follow N).
    expect(stdout).toMatch(/^\s*4\s+dense\s.*8\.2 kB/m);
    expect(stdout).toMatch(/^\s*8\s+dense\s.*8\.2 kB/m);
    expect(stdout).not.toMatch(/\(over\)/);
  });

  it("shows the grid W~ lives on: the Wigner grid of omega_0 for a pure state, not vlasov.nx/nv", async () => {
    // A 1D Slater state resolves vlasov.grid "auto" to "wigner": W~ on (2n) x n of the quantum
    // grid (n = 32 at N = 4), so the configured 32 x 32 is unused; the table showed it anyway.
    const path = writeConfig("wigner.json", {
      N: [4],
      state: { kind: "slater" },
      vlasov: { nx: 32, nv: 32 },
      errorFloor: false,
    });
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      /^4\s.*\s64 x 32, \|v\| < [\d.]+ \(the Wigner grid of omega_0: vlasov.nx, nv, vMax unused\)$/m,
    );
    expect(stdout).not.toMatch(/32 x 32, \|v\|/);
  });

  it("refuses an over-budget plan with exit 2, after printing the table, naming the component and the fix", async () => {
    const path = writeConfig("over.json", OVER_BUDGET);
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/134 MB/);
    expect(stdout).toMatch(/\(over\)/);
    expect(stderr).toContain(REFUSAL);
    expect(stderr).toContain("more than maxMemory 100 MB: lower vlasov.nx/nv or raise maxMemory");
  });

  it("`semiclassical study` refuses the same plan at its start, before any step", async () => {
    const path = writeConfig("over-study.json", OVER_BUDGET);
    const out = join(scratch, "over-out");
    const { code, stderr } = await cli(["study", path, "--out", out, "--quiet"]);
    expect(code).toBe(2);
    expect(stderr).toContain(REFUSAL);
    expect(existsSync(join(out, "results.json"))).toBe(false);
  });

  it("2D on the orbital path: no maxPoints refusal, the certified trace norm in the table", async () => {
    // 2D power alpha = 1 at N = 64 needs 512 points per axis, more than the dense path's
    // maxPoints = 128 (issue 13); on the orbital path memory decides.
    const path = writeConfig("power.json", {
      dimension: 2,
      N: [64],
      interaction: { kind: "power", lambda: 1, alpha: 1 },
      maxMemory: 2 ** 50,
    });
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/512x512/);
    expect(stdout).toMatch(/^\s*64\s+orbital\s/m);
    expect(stdout).toMatch(/certified trace norm/);
  });

  it("refuses a plan whose main task fits but whose quantum-grid refinement does not", async () => {
    // 1D, Gaussian V, N = 8: the main task's dense path on n = 256 holds 5 complex 256 x 256
    // matrices (5.2 MB) + the half grid (1 MB) + W~ (0.13 MB, one copy) = 6.4 MB; "verified" also runs the
    // quantum-grid refinement at the largest N, n = 512: 5 x 16 x 512^2 = 21 MB of dense
    // matrices alone, over maxMemory 15 MB.
    const config = {
      N: [8],
      interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
      maxMemory: 1.5e7,
    };
    const path = writeConfig("refinement-over.json", config);
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^\s*8\s+dense\s.*6\.4 MB.*quantum-grid refinement 25 MB \(over\)/m);
    expect(stderr).toContain(
      "invalid config: maxMemory: N = 8: the main task fits (6.4 MB), but the quantum-grid " +
        "refinement needs 25 MB: its dense matrices (5 complex 512 x 512 matrices (n^d = 512)) " +
        'needs 21 MB, more than maxMemory 15 MB: use traceNorm.method "certified" (or "auto"), ' +
        'or lower N; or resolution "off"',
    );
    // `semiclassical study` refuses it at its start, before any task.
    const out = join(scratch, "refinement-over-out");
    const study = await cli(["study", path, "--out", out, "--quiet"]);
    expect(study.code).toBe(2);
    expect(study.stderr).toContain("but the quantum-grid refinement needs 25 MB");
    expect(existsSync(join(out, "results.json"))).toBe(false);
    // resolution "off" still refines both grids at the largest N for the error floor (26 MB)...
    const off = writeConfig("refinement-off.json", { ...config, resolution: "off" });
    const floor = await cli(["validate", off]);
    expect(floor.code).toBe(2);
    expect(floor.stderr).toContain(
      "but the refinement (both grids x 2) needs 26 MB: its dense matrices (5 complex 512 x 512 " +
        "matrices (n^d = 512)) needs 21 MB",
    );
    expect(floor.stderr).toMatch(/; or errorFloor false$/m);
    // ... and without it only the main task runs: it fits.
    const main = writeConfig("main-only.json", { ...config, resolution: "off", errorFloor: false });
    const fits = await cli(["validate", main]);
    expect(fits.code, fits.stderr).toBe(0);
  });
});
