// Issue 14: one Hartree-Fock step (with exchange) at K = 64 orbitals, n = 1024, orders 2 and 4.
// Run: `npx vitest bench --run bench/exchange-step.bench.ts`. Each case logs its ms per step
// (wall and process CPU time, median of STEPS steps after WARMUP steps: the JIT needs a few
// evaluations to reach its steady state) and the exact exchange evaluations X[omega] Phi per
// step (calls of OrbitalExchange.applyToOrbitals, K(K+1)/2 pair convolutions each), with the
// load average beside. Cases: the default (ACE iterated to the tolerance 1e-12) and the fixed
// iteration counts that keep the order (exchange.iterations: 2 for Strang, 4 for order 4).
// vitest prints console output at the end; the bench's own timing is of one step per call.
import { loadavg } from "node:os";
import {
  createGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  type Splitting,
} from "@semiclassical/grid";
import { bench, describe } from "vitest";
import { OrbitalExchange } from "../src/exchange.js";
import type { ExchangeFlowOptions } from "../src/exchange-flow.js";
import { hermiteOrbitals } from "../src/fixtures.js";
import { HartreeFockSolver } from "../src/solver.js";
import type { OrbitalState } from "../src/types.js";

const kernel = { kind: "gaussian" as const, lambda: 1, sigma: 0.5 };
const K = 64;
const N_POINTS = 1024;
const WARMUP = 2;
const STEPS = 5;

function slater1d(): OrbitalState {
  const epsilon = 1 / K;
  const grid = createGrid({ dimension: 1, points: N_POINTS, box: 8 });
  return {
    form: "orbital",
    grid,
    epsilon,
    occupations: new Float64Array(K).fill(1),
    orbitals: hermiteOrbitals(grid, epsilon, K, 0.3),
  };
}

/** Counts the exact exchange evaluations (all solvers of this file). */
let evaluations = 0;
const apply = OrbitalExchange.prototype.applyToOrbitals;
OrbitalExchange.prototype.applyToOrbitals = function (
  this: OrbitalExchange,
  ...args: Parameters<typeof apply>
) {
  evaluations++;
  return apply.apply(this, args);
};

const state = slater1d();
const field = new FreeSpaceConvolution(state.grid, kernel);
const trap = harmonicTrap(1);

function measure(splitting: Splitting, exchange: ExchangeFlowOptions): HartreeFockSolver {
  const solver = new HartreeFockSolver(state, {
    dt: 0.01,
    model: "hartree-fock",
    meanField: field,
    externalPotential: trap,
    splitting,
    checkState: false,
    exchange,
  });
  for (let s = 0; s < WARMUP; s++) solver.step();
  const wall: number[] = [];
  const cpu: number[] = [];
  evaluations = 0;
  for (let s = 0; s < STEPS; s++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    solver.step();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (x: number[]) => x.sort((a, b) => a - b)[STEPS >> 1].toFixed(1);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  console.log(
    `HF step K = ${K}, n = ${N_POINTS}, ${splitting}, exchange ${JSON.stringify(exchange)}: ` +
      `${median(wall)} ms/step wall, ${median(cpu)} ms CPU, ` +
      `${(evaluations / STEPS).toFixed(2)} exact exchange evaluations/step, load ${load}`,
  );
  return solver;
}

describe("Hartree-Fock step with exchange (issue 14)", () => {
  const cases: [Splitting, ExchangeFlowOptions][] = [
    ["strang", {}],
    ["strang", { iterations: 2 }],
    ["order4", {}],
    ["order4", { iterations: 4 }],
  ];
  for (const [splitting, exchange] of cases) {
    const solver = measure(splitting, exchange);
    bench(
      `K = ${K}, n = ${N_POINTS}, ${splitting}, ${JSON.stringify(exchange)}`,
      () => solver.step(),
      { iterations: 2 },
    );
  }
});
