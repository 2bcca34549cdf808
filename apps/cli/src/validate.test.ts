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

/** A 1D study whose Vlasov phase space, 4096 x 4096 doubles x 3 copies = 403 MB, exceeds 100 MB. */
const OVER_BUDGET = {
  N: [4],
  vlasov: { nx: 4096, nv: 4096 },
  maxMemory: 1e8,
  errorFloor: false,
};
const REFUSAL =
  "invalid config: maxMemory: N = 4: the Vlasov phase space (4096 x 4096 doubles x 3 copies) needs 403 MB";

describe("semiclassical validate: memory and time per N", () => {
  it("prints the components and times of each N and exits 0 within maxMemory", async () => {
    const path = writeConfig("fits.json", { N: [4, 8], vlasov: { nx: 32, nv: 32 } });
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code, stderr).toBe(0);
    // maxMemory "auto": this machine's memory minus the margin of load.ts's availableMemory.
    expect(stdout).toContain(`memory and time per N (maxMemory ${formatBytes(availableMemory())};`);
    expect(stdout).toMatch(/N\s+path\s+K\s+dense matrices\s+Wigner half grid\s+Vlasov phase space/);
    // 32 x 32 doubles x 3 copies = 24.6 kB for both N (the Vlasov grid does not follow N).
    expect(stdout).toMatch(/^\s*4\s+dense\s.*25 kB/m);
    expect(stdout).toMatch(/^\s*8\s+dense\s.*25 kB/m);
    expect(stdout).not.toMatch(/\(over\)/);
  });

  it("refuses an over-budget plan with exit 2, after printing the table, naming the component and the fix", async () => {
    const path = writeConfig("over.json", OVER_BUDGET);
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/403 MB/);
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
});
