import { createGrid, createPhaseSpaceGrid, type Dimension } from "@semiclassical/grid";
import { bench, describe } from "vitest";
import { certifiedTraceNormCost } from "../src/certified-trace-norm.js";
import { type WeylOperator, weylOperator, weylOperatorCost } from "../src/weyl-operator.js";

// The banded Weyl operator of certifiedTraceNorm in 2D and 3D: build, and one application to a
// block of K vectors (K = 16 and 64), for quantum grids n = 32^2, 64^2 (W~ on 32^2 x 32^2) and
// 32^3, 64^3 (W~ on 16^3 x 16^3), eps = 1/4, box 7 per axis. W~ is a smooth Gaussian (the band
// and the cost depend only on the grids). Cases whose band exceeds 4 GiB are reported, not run.
const once = { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 };
const epsilon = 1 / 4;
const maxStorage = 2 ** 29; // doubles (4 GiB)

for (const [dimension, points, nodes] of [
  [2, 32, 32],
  [2, 64, 32],
  [3, 32, 16],
  [3, 64, 16],
] as const) {
  const grid = createGrid({ dimension: dimension as Dimension, points, box: 7 });
  const phaseSpace = createPhaseSpaceGrid(
    createGrid({ dimension: dimension as Dimension, points: nodes, box: 7 }),
    createGrid({ dimension: dimension as Dimension, points: nodes, box: 7 }),
  );
  const cost = weylOperatorCost(phaseSpace, grid, epsilon);
  const plan = certifiedTraceNormCost(grid, epsilon, 64, phaseSpace);
  const label =
    `n = ${points}^${dimension}, band ${cost.bandwidth.map((m) => 2 * m + 1).join("x")}, ` +
    `${(cost.buildBytes / 2 ** 30).toFixed(2)} GiB to build, ${(cost.buildFlops / 1e9).toFixed(1)} Gflop; ` +
    `K = 64 step at dim P = ${plan.maxDimension}: ${(plan.flopsPerStep / 1e9).toFixed(0)} Gflop`;
  describe(label, () => {
    if (cost.buildBytes > 8 * maxStorage) {
      bench("refused: band too large for 4 GiB (see the label)", () => {}, once);
      return;
    }
    const values = new Float64Array(phaseSpace.size);
    const { position, velocity } = phaseSpace;
    for (let s = 0; s < position.size; s++) {
      for (let q = 0; q < velocity.size; q++) {
        let r2 = 0;
        for (let a = 0; a < dimension; a++) {
          const x =
            position.origin[a] +
            (Math.floor(s / position.strides[a]) % nodes) * position.spacing[a];
          const v =
            velocity.origin[a] +
            (Math.floor(q / velocity.strides[a]) % nodes) * velocity.spacing[a];
          r2 += x * x + v * v;
        }
        values[s * velocity.size + q] = Math.exp(-r2);
      }
    }
    let op: WeylOperator | undefined;
    bench(
      "build",
      () => {
        op = weylOperator({ grid: phaseSpace, values }, grid, epsilon, { maxStorage });
      },
      once,
    );
    for (const K of [16, 64]) {
      const input = new Float64Array(2 * grid.size * K).map((_, i) => Math.sin(i));
      const output = new Float64Array(input.length);
      bench(
        `apply to K = ${K} vectors (${((K * cost.applyFlops) / 1e9).toFixed(1)} Gflop)`,
        () => {
          op?.apply(input, K, output);
        },
        once,
      );
    }
  });
}
