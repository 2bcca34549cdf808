// Issue 14: one Hartree-Fock step (with exchange) at K = 64 orbitals, n = 1024, orders 2 and 4.
// Run: `npx vitest bench --run bench/exchange-step.bench.ts`. Each case logs its ms per step
// (wall and process CPU time, median of STEPS steps after WARMUP steps: the JIT needs a few
// evaluations to reach its steady state) and the exact exchange evaluations X[omega] Phi per
// step (calls of OrbitalExchange.applyToOrbitals, K(K+1)/2 pair convolutions each), with the
// load average beside. Cases: the default (ACE iterated to the tolerance 1e-12) and the fixed
// iteration counts that keep the order (exchange.iterations: 2 for Strang, 4 for order 4), each
// serial and on a ThreadTeam of 2 threads (HartreeFockSolver.useThreads: orbital loops and the
// exact exchange's pair loop; the workers run the built package, so `pnpm build` first; CPU time
// is the whole process's, workers included). First, one exact exchange evaluation X[omega] Phi
// alone, serial and on the team (interleaved, so both see the same load).
// vitest prints console output at the end; the bench's own timing is of one step per call.
import { loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import {
  createGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  type Splitting,
  ThreadTeam,
} from "@semiclassical/grid";
import { threadWorkerSource } from "@semiclassical/tooling/testing";
import { afterAll, bench, describe } from "vitest";
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

const workerSource = threadWorkerSource(new URL("../", import.meta.url), [
  "orbitalKernel",
  "pairExchangeKernel",
  "compressedExchangeKernel",
]);
const THREADS = 2;
const team = await ThreadTeam.start(THREADS, () => new Worker(workerSource, { eval: true }));

const state = slater1d();
const field = new FreeSpaceConvolution(state.grid, kernel);
const trap = harmonicTrap(1);

function measure(
  splitting: Splitting,
  exchange: ExchangeFlowOptions,
  threads: 1 | typeof THREADS,
): HartreeFockSolver {
  const solver = new HartreeFockSolver(state, {
    dt: 0.01,
    model: "hartree-fock",
    meanField: field,
    externalPotential: trap,
    splitting,
    checkState: false,
    exchange,
  });
  if (threads > 1) solver.useThreads(team);
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
    `HF step K = ${K}, n = ${N_POINTS}, ${splitting}, exchange ${JSON.stringify(exchange)}, ${threads} thread(s): ` +
      `${median(wall)} ms/step wall, ${median(cpu)} ms CPU, ` +
      `${(evaluations / STEPS).toFixed(2)} exact exchange evaluations/step, load ${load}`,
  );
  return solver;
}

/**
 * One exact exchange evaluation X[omega] Phi (OrbitalExchange.applyToOrbitals) serial and on the
 * team, interleaved so both see the same load: median ms of 7 after 2 warm-up calls each.
 */
function measureEvaluation(): { serial: OrbitalExchange; threaded: OrbitalExchange } {
  const serial = new OrbitalExchange(field);
  const threaded = new OrbitalExchange(field);
  threaded.useThreads(team);
  const out = new Float64Array(state.orbitals.length);
  const times: [number[], number[]] = [[], []];
  for (let r = 0; r < 9; r++) {
    [serial, threaded].forEach((exchange, e) => {
      const t0 = performance.now();
      exchange.applyToOrbitals(state.orbitals, state.occupations, K, out);
      if (r >= 2) times[e].push(performance.now() - t0);
    });
  }
  const median = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1];
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  console.log(
    `X[omega] Phi, K = ${K}, n = ${N_POINTS}: ${median(times[0]).toFixed(1)} ms serial, ` +
      `${median(times[1]).toFixed(1)} ms on ${THREADS} threads ` +
      `(${(median(times[0]) / median(times[1])).toFixed(2)}x), load ${load}`,
  );
  return { serial, threaded };
}

describe("Hartree-Fock step with exchange (issue 14)", () => {
  afterAll(() => team.close());
  const { serial, threaded } = measureEvaluation();
  const out = new Float64Array(state.orbitals.length);
  for (const [name, exchange] of [
    ["serial", serial],
    [`${THREADS} threads`, threaded],
  ] as const) {
    bench(
      `X[omega] Phi, K = ${K}, n = ${N_POINTS}, ${name}`,
      () => {
        exchange.applyToOrbitals(state.orbitals, state.occupations, K, out);
      },
      { iterations: 3 },
    );
  }
  const cases: [Splitting, ExchangeFlowOptions, 1 | typeof THREADS][] = [];
  for (const threads of [1, THREADS] as const) {
    cases.push(
      ["strang", {}, threads],
      ["strang", { iterations: 2 }, threads],
      ["order4", {}, threads],
      ["order4", { iterations: 4 }, threads],
    );
  }
  for (const [splitting, exchange, threads] of cases) {
    const solver = measure(splitting, exchange, threads);
    bench(
      `K = ${K}, n = ${N_POINTS}, ${splitting}, ${JSON.stringify(exchange)}, ${threads} thread(s)`,
      () => solver.step(),
      { iterations: 2 },
    );
  }
});
