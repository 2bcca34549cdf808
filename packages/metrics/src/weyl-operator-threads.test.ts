import { Worker } from "node:worker_threads";
import { createGrid, ThreadTeam } from "@semiclassical/grid";
import { threadWorkerSource } from "@semiclassical/tooling/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certifiedTraceNorm } from "./certified-trace-norm.js";
import { displacedThermalPair } from "./testing.js";
import { WEYL_APPLY_CHUNK, weylOperator } from "./weyl-operator.js";

// The workers run the built package (`pnpm build` in packages/metrics first) with its
// weylBandKernel registered (tooling's threadWorkerSource).
const packageRoot = new URL("../", import.meta.url);

// A thermal state in a displaced trap and the Wigner function of another one sampled on a coarse
// Vlasov grid (as the study's orbital path has them), in 2D and 3D: a band of several offsets per
// axis, clipped at the grid's edges, so every branch of the row loop runs.
function setting(dimension: 2 | 3) {
  const points = dimension === 2 ? 16 : 8;
  const grid = createGrid({ dimension, points, box: 7 });
  const epsilon = dimension === 2 ? 1 / 2 : 1;
  const shift = dimension === 2 ? [0.05, 0.03] : [0.05, 0.03, -0.04];
  const vlasov = { points, positionBox: 7, velocityBox: 3.5 };
  return { grid, epsilon, ...displacedThermalPair(grid, epsilon, shift, vlasov) };
}

describe("banded Weyl operator on a ThreadTeam (weylBandKernel)", () => {
  let two: ThreadTeam;
  let three: ThreadTeam;
  beforeAll(async () => {
    const workerSource = threadWorkerSource(packageRoot, ["weylBandKernel"]);
    two = await ThreadTeam.start(2, () => new Worker(workerSource, { eval: true }));
    three = await ThreadTeam.start(3, () => new Worker(workerSource, { eval: true }));
  });
  afterAll(() => {
    two?.close();
    three?.close();
  });

  for (const dimension of [2, 3] as const) {
    it(`${dimension}D: apply on 2 and 3 threads equals the serial apply bit for bit`, () => {
      const { grid, epsilon, wTilde } = setting(dimension);
      const serial = weylOperator(wTilde, grid, epsilon);
      // more vectors than two shared chunks and an odd count (the last vector paired with itself)
      const count = 2 * WEYL_APPLY_CHUNK + 5;
      const n = grid.size;
      const input = new Float64Array(2 * n * count);
      for (let i = 0; i < input.length; i++) input[i] = Math.sin(0.37 * i) + 0.1 * Math.cos(i);
      const expected = new Float64Array(input.length);
      serial.apply(input, count, expected);
      expect(serial.bandwidth.some((m) => m > 0)).toBe(true);
      for (const team of [two, three]) {
        const threaded = weylOperator(wTilde, grid, epsilon, { threads: team });
        expect(threaded.hilbertSchmidtSquared).toBe(serial.hilbertSchmidtSquared);
        const output = new Float64Array(input.length);
        threaded.apply(input, count, output);
        // each row is summed by one thread in the serial order: equal, not close
        expect(output).toEqual(expected);
        // released from the team: serial applications, the same numbers
        threaded.release();
        output.fill(0);
        threaded.apply(input, count, output);
        expect(output).toEqual(expected);
      }
    });
  }

  it("the certificate from a shared, threaded operator equals the one built from W~", () => {
    const { grid, epsilon, omega, wTilde } = setting(2);
    const fromW = certifiedTraceNorm(omega, wTilde, { target: 1e-6 });
    const op = weylOperator(wTilde, grid, epsilon, { threads: two });
    const fromOp = certifiedTraceNorm(omega, op, { target: 1e-6 });
    expect(fromOp.lower).toBe(fromW.lower);
    expect(fromOp.upper).toBe(fromW.upper);
    expect(fromOp.subspaceDimension).toBe(fromW.subspaceDimension);
    expect(fromOp.truncation).toBe(fromW.truncation);
  });

  it("refuses an operator built on another grid", () => {
    const { omega, wTilde, epsilon } = setting(2);
    const other = createGrid({ dimension: 2, points: 8, box: 7 });
    expect(() =>
      certifiedTraceNorm(omega, weylOperator(wTilde, other, epsilon, { maxStorage: 2 ** 24 })),
    ).toThrow(/built on omega's grid/);
  });
});
