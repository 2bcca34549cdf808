// Issue 13 item 1: Hartree-Fock ground states in 2D/3D by the orbital (ACE + Chebyshev) solver.
// Run once: `npx vitest bench --run bench/ground-state.bench.ts`; each case reports its wall time,
// SCF iterations, residual and resident memory (closed oscillator shells, T = 0, Gaussian
// repulsion lambda = 1, sigma = 0.5, eps = N^(-1/d)). vitest prints console output at the end;
// set HF_BENCH_LOG=file to follow the iterations while it runs. The bench's own timing is
// meaningless (one real call, then no-ops): read the logged wall times.
import { appendFileSync } from "node:fs";
import { createGrid, FreeSpaceConvolution, harmonicTrap } from "@semiclassical/grid";
import { bench, describe } from "vitest";
import { selfConsistentState } from "../src/ground-state.js";

const kernel = { kind: "gaussian" as const, lambda: 1, sigma: 0.5 };
const log = (line: string) => {
  console.log(line);
  if (process.env.HF_BENCH_LOG) appendFileSync(process.env.HF_BENCH_LOG, `${line}\n`);
};

const done = new Set<string>();

/** One SCF per case: tinybench calls a bench several times, later calls return at once. */
function hartreeFockGroundState(dimension: 2 | 3, points: number, particles: number): void {
  const key = `${dimension}/${points}/${particles}`;
  if (done.has(key)) return;
  done.add(key);
  const grid = createGrid({ dimension, points, box: 8 });
  const t0 = performance.now();
  let peak = 0;
  const label = `${dimension}D ${points}^${dimension} K = ${particles}`;
  const result = selfConsistentState(grid, {
    epsilon: particles ** (-1 / dimension),
    particleNumber: particles,
    model: "hartree-fock",
    meanField: new FreeSpaceConvolution(grid, kernel),
    externalPotential: harmonicTrap(1),
    onIteration: (p) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      log(
        `  ${label} iteration ${p.iteration}: ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
          `density change ${p.densityChange.toExponential(2)}`,
      );
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  log(
    `${label}: ${seconds.toFixed(1)} s, ${result.iterations} iterations, converged ` +
      `${result.converged}, residual ${result.residual?.toExponential(2)}, peak rss ` +
      `${(peak / 2 ** 20).toFixed(0)} MB`,
  );
}

const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const cases: [2 | 3, number, number][] = [
  [2, 64, 15],
  [3, 32, 4],
  [2, 64, 28],
  [3, 32, 10],
  [2, 64, 45],
  [3, 32, 20],
  [2, 64, 66],
];

describe("Hartree-Fock ground state, orbital solver", () => {
  for (const [dimension, points, particles] of cases) {
    bench(
      `${dimension}D ${points}^${dimension}, K = ${particles} (closed shells)`,
      () => hartreeFockGroundState(dimension, points, particles),
      once,
    );
  }
});
