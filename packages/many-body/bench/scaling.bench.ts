import { createGrid, harmonicTrap } from "@semiclassical/grid";
import { thermalState } from "@semiclassical/quantum";
import { bench, describe } from "vitest";
import {
  BasisHamiltonian,
  BasisManyBodySolver,
  basisHamiltonianBytes,
  basisReducedDensity,
  DEFAULT_MAX_BYTES,
  DeterminantSpace,
  formatBytes,
  GridManyBodySolver,
  oneBodyIntegrals,
  slaterDeterminant,
  trapBasis,
  twoBodyIntegrals,
} from "../src/index.js";

// Issue 16's benchmark: wall time and memory per N of both many-body methods on the workload of
// one N of the chain preset "chain-smooth" (1D, box 8, trap x^2, Gaussian V lambda = sigma = 1,
// eps = 1/N, Slater start, 50 steps of dt = 0.01, gamma at t = 0, 0.25, 0.5), and the largest N
// each reaches in 10 minutes. One run per method and N, without its floor (the grid method's
// refinement run costs one run on 2M points per axis, about 2^N times more; the basis method's
// floor one run with M + 4 orbitals).
//
// By default it measures small N (a few minutes in all) and EXTRAPOLATES the 10-minute N from
// the cost model, calibrated on the largest measured N: grid method time ~ M^N N (FFTs of M^N
// points), basis method time ~ the entries of the sparse H_N (basisHamiltonianBytes), memory
// the packages' own budgets (64 M^N bytes; basisHamiltonianBytes). The measured growth of the
// last N is printed next to the model's, so the extrapolation can be judged.
//   MB_BENCH_SEARCH=1 pnpm bench   runs the real search instead: N = 1, 2, ... until a run
//                                  takes more than 10 minutes or does not fit the memory budget.
//   MB_BENCH_MAX_BYTES=...         the memory budget (default many-body's 4 GiB).

const LIMIT_SECONDS = 600;
const SEARCH = process.env.MB_BENCH_SEARCH === "1";
const MAX_BYTES = Number(process.env.MB_BENCH_MAX_BYTES ?? DEFAULT_MAX_BYTES);
const BOX = 8;
const GRID_POINTS = 32; // per axis, the chain's tensor grid for N = 2 (and N = 4 in the preset's note)
const BASIS_GRID_POINTS = 64; // the quantum grid the basis orbitals live on
const STEPS = 50;
const DT = 0.01;
const SAMPLES = [0, 25, 50]; // steps at which gamma is formed
const kernel = { kind: "gaussian" as const, lambda: 1, sigma: 1 };
const trap = harmonicTrap(1);

interface Measurement {
  N: number;
  seconds: number;
  /** The method's own memory formula (what the chain checks against its budget). */
  plannedBytes: number;
  /** Growth of process.memoryUsage().arrayBuffers while the run's arrays are alive. */
  measuredBytes: number;
}

const arrayBuffers = () => process.memoryUsage().arrayBuffers;

function gridRun(N: number): Measurement {
  const before = arrayBuffers();
  const started = performance.now();
  const grid = createGrid({ dimension: 1, points: GRID_POINTS, box: BOX });
  const epsilon = 1 / N;
  const state = thermalState(grid, { epsilon, potential: trap, particles: N, temperature: 0 });
  if (state.form !== "orbital") throw new Error("thermalState gave a dense state");
  const psi = slaterDeterminant(grid, state.orbitals.subarray(0, 2 * N * grid.size), N, {
    maxBytes: MAX_BYTES,
  });
  const solver = new GridManyBodySolver(psi, {
    dt: DT,
    kernel,
    externalPotential: trap,
    maxBytes: MAX_BYTES,
  });
  const measuredBytes = arrayBuffers() - before;
  for (const s of SAMPLES) {
    solver.run(s - solver.step);
    solver.reducedDensityMatrix();
  }
  return {
    N,
    seconds: (performance.now() - started) / 1000,
    plannedBytes: 64 * GRID_POINTS ** N,
    measuredBytes,
  };
}

function basisRun(N: number): Measurement {
  const M = 2 * N + 8; // the chain's default basis size
  const before = arrayBuffers();
  const started = performance.now();
  const grid = createGrid({ dimension: 1, points: BASIS_GRID_POINTS, box: BOX });
  const epsilon = 1 / N;
  const basis = trapBasis(grid, { epsilon, externalPotential: trap, size: M });
  const space = new DeterminantSpace(M, N, MAX_BYTES);
  const h = new BasisHamiltonian(
    space,
    oneBodyIntegrals(basis, { epsilon, externalPotential: trap }),
    twoBodyIntegrals(basis, kernel, { maxBytes: MAX_BYTES }),
    { maxBytes: MAX_BYTES },
  );
  const solver = new BasisManyBodySolver(h, space.slater(Array.from({ length: N }, (_, k) => k)), {
    dt: DT,
    epsilon,
    tolerance: 1e-10,
  });
  const measuredBytes = arrayBuffers() - before;
  for (const s of SAMPLES) {
    solver.run(s - solver.step);
    basisReducedDensity(basis, space, solver.coefficients(), epsilon);
  }
  return {
    N,
    seconds: (performance.now() - started) / 1000,
    plannedBytes: basisHamiltonianBytes(M, N),
    measuredBytes,
  };
}

interface Method {
  name: string;
  run: (N: number) => Measurement;
  /** Relative cost of N (calibrated on the largest measured N). */
  cost: (N: number) => number;
  bytes: (N: number) => number;
  /** N measured by default. */
  measured: number[];
}

const METHODS: Method[] = [
  {
    name: `grid method (${GRID_POINTS}^N tensor grid)`,
    run: gridRun,
    cost: (N) => GRID_POINTS ** N * N,
    bytes: (N) => 64 * GRID_POINTS ** N,
    measured: [1, 2, 3, 4],
  },
  {
    name: "basis method (M = 2N + 8 trap orbitals, C(M, N) determinants)",
    run: basisRun,
    cost: (N) => basisHamiltonianBytes(2 * N + 8, N),
    bytes: (N) => basisHamiltonianBytes(2 * N + 8, N),
    measured: [2, 3, 4, 5],
  },
];

function line(m: Measurement, growth: string): string {
  return `  N = ${m.N}: ${m.seconds.toFixed(3)} s, memory ${formatBytes(m.plannedBytes)} planned, ${formatBytes(Math.max(0, m.measuredBytes))} measured (arrayBuffers growth; GC makes it a lower bound)${growth}`;
}

function report(method: Method): string[] {
  const out = [method.name];
  const done: Measurement[] = [];
  if (SEARCH) {
    for (let N = 1; ; N++) {
      if (method.bytes(N) > MAX_BYTES) {
        out.push(
          `  N = ${N}: needs ${formatBytes(method.bytes(N))} > the budget ${formatBytes(MAX_BYTES)}; stop`,
        );
        break;
      }
      const m = method.run(N);
      done.push(m);
      out.push(line(m, ""));
      if (m.seconds > LIMIT_SECONDS) break;
    }
    const reached = done.filter((m) => m.seconds <= LIMIT_SECONDS).at(-1);
    out.push(`  largest N within ${LIMIT_SECONDS} s (measured): ${reached?.N ?? "none"}`);
    return out;
  }
  for (const N of method.measured) {
    const m = method.run(N);
    const previous = done.at(-1);
    const growth = previous
      ? `; growth x${(m.seconds / previous.seconds).toFixed(1)} (model x${(method.cost(N) / method.cost(previous.N)).toFixed(1)})`
      : "";
    done.push(m);
    out.push(line(m, growth));
  }
  const last = done.at(-1) as Measurement;
  const perCost = last.seconds / method.cost(last.N);
  let N = last.N;
  let reason = "";
  for (;;) {
    const next = N + 1;
    const seconds = perCost * method.cost(next);
    if (method.bytes(next) > MAX_BYTES) {
      reason = `N = ${next} would need ${formatBytes(method.bytes(next))} > the budget ${formatBytes(MAX_BYTES)}`;
      break;
    }
    out.push(
      `  N = ${next}: ~${seconds.toFixed(1)} s (EXTRAPOLATED), memory ${formatBytes(method.bytes(next))} planned`,
    );
    if (seconds > LIMIT_SECONDS) {
      reason = `N = ${next} would take ~${seconds.toFixed(0)} s`;
      break;
    }
    N = next;
  }
  out.push(
    `  largest N within ${LIMIT_SECONDS} s: ${N} (EXTRAPOLATED from N = ${last.N}; ${reason}; MB_BENCH_SEARCH=1 measures it)`,
  );
  return out;
}

// tinybench calls the function more than once even with iterations: 1; the measurement is made
// (and printed) on the first call only: the bench's own timing line is not the result.
let measured = false;

describe("many-body methods: wall time and memory per N, the 10-minute N", () => {
  bench(
    "grid and basis method (see the printed table)",
    () => {
      if (measured) return;
      measured = true;
      const lines = [
        `workload: 1D, box ${BOX}, trap x^2, Gaussian V, eps = 1/N, ${STEPS} steps of dt = ${DT}, gamma at ${SAMPLES.length} times; budget ${formatBytes(MAX_BYTES)}`,
      ];
      for (const method of METHODS) lines.push(...report(method));
      console.log(lines.join("\n"));
    },
    { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
  );
});
