import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliOutcome, runCli } from "./testing.js";

let scratch: string;

function cli(args: string[]): Promise<CliOutcome> {
  return runCli(args, scratch);
}

const TINY = {
  name: "tiny-chain",
  dimension: 1,
  N: [2, 3],
  state: { kind: "slater", temperature: 0, trap: { kind: "harmonic", strength: 1 } },
  interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
  dynamics: { model: "hartree-fock", trap: "keep", tFinal: 0.1, dt: 0.01, times: [0.05, 0.1] },
  grid: { box: 8 },
  manyBody: { method: "grid", points: 32 },
};

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "semiclassical-chain-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("semiclassical chain", () => {
  it("runs a tiny config, exits 0 and writes chain.json, chain.csv and rows.jsonl", async () => {
    const path = join(scratch, "tiny.json");
    writeFileSync(path, JSON.stringify(TINY));
    const out = join(scratch, "out");
    const { code, stdout, stderr } = await cli(["chain", path, "--out", out, "--quiet"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/MB-HF/);
    const result = JSON.parse(readFileSync(join(out, "chain.json"), "utf8"));
    expect(result.status).toBe("complete");
    expect(result.rows).toHaveLength(6);
    const csv = readFileSync(join(out, "chain.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(7);
    expect(csv[0]).toMatch(/manyBodyVsHartreeFock,manyBodyVsHartreeFockFloor/);
    expect(readFileSync(join(out, "rows.jsonl"), "utf8").trim().split("\n")).toHaveLength(6);
    // The plot of the three distances against N (the CLI's line-chart spec), SVG and PNG.
    const svg = readFileSync(join(out, "chain-distances.svg"), "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/MB-HF floor/);
    expect(existsSync(join(out, "chain-distances.png"))).toBe(true);

    // --resume of a complete run recomputes nothing and gives the same rows.
    const again = await cli(["chain", "--resume", out, "--json", "--quiet"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).rows).toEqual(result.rows);
  });

  it("from the interacting ground state: the t = 0 distance is labelled the correlation", async () => {
    const path = join(scratch, "ground.json");
    const ground = {
      ...TINY,
      N: [2],
      state: { kind: "ground", trap: { kind: "harmonic", strength: 1 } },
      manyBody: { method: "grid", points: 32, initial: "ground" },
    };
    writeFileSync(path, JSON.stringify(ground));
    const { code, stdout, stderr } = await cli(["chain", path, "--quiet"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/from the interacting ground state/);
    expect(stdout).toMatch(
      /correlation of the\s+interacting ground state \(physics, not a numerical error\)/,
    );
    expect(stdout).toMatch(/N = 2: \(1\/N\) tr\|gamma_0 - omega_0\| = 7\.\d+e-4/);
  });

  it("refuses N beyond the memory budget before any work: exit 2, the bytes and the fix", async () => {
    const path = join(scratch, "big.json");
    writeFileSync(path, JSON.stringify({ ...TINY, N: [2, 6] }));
    const out = join(scratch, "big-out");
    const { code, stderr } = await cli(["chain", path, "--out", out, "--quiet"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/N\[1\].*GiB.*manyBody\.points/);
    expect(existsSync(out)).toBe(false);
  });
});
