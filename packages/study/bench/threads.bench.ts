import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  createGrid,
  createPhaseSpaceGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  ThreadTeam,
} from "@semiclassical/grid";
import { HartreeFockSolver, type OrbitalState } from "@semiclassical/hartree-fock";
import { weylOperator } from "@semiclassical/metrics";
import { samplePhaseSpace, VlasovSolver } from "@semiclassical/vlasov";
import { afterAll, bench, describe } from "vitest";

// Threads inside one evolution (issue 13 item 6): the same evolution at threads = 1 (serial
// solvers) and threads = 2 (a ThreadTeam of this package's thread-worker entry; `pnpm build`
// first). vitest prints the speedup as "x times faster than". Parallel: the Vlasov line sweeps
// (all but the density, forces and the finiteness check, O(size) against O(size log n)); the
// orbital kinetic step, potential phase and density (all of a Hartree step but the mean field
// V * rho, O(M log M) against O(K M log M)). Expected speedup on p idle cores (Amdahl):
// 1 / ((1 - f) + f / p) with f = 0.92 (Vlasov, measured serially) and ~0.95 (Hartree, K = 32;
// the serial mean field takes 1 %): 1.85-1.9 at p = 2. The certified trace norm's applications of
// the banded Weyl(W~) (metrics' SIMD row loop, rows split over the team; f ~ 0.97: the vectors'
// transposes are serial).

const entry = pathToFileURL(fileURLToPath(new URL("../dist/thread-worker.js", import.meta.url)));
const source = `
const { parentPort } = require("node:worker_threads");
import(${JSON.stringify(entry.href)}).then((m) =>
  m.serveStudyThreads((handler) => parentPort.on("message", handler)),
);`;
const team = await ThreadTeam.start(2, () => new Worker(source, { eval: true }));
afterAll(() => team.close());
const once = { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 };

describe("Vlasov 2D-2V, 32^4, Gaussian mean field + trap, 4 fused Strang steps", () => {
  const grid = createPhaseSpaceGrid(
    createGrid({ dimension: 2, points: 32, box: 12 }),
    createGrid({ dimension: 2, points: 32, box: 10 }),
  );
  const W0 = samplePhaseSpace(grid, (x, v) =>
    Math.exp(-((x[0] - 1) ** 2 + x[1] ** 2 + (v[0] - 0.4) ** 2 + v[1] ** 2)),
  );
  const solver = (threads: boolean) => {
    const s = new VlasovSolver(W0, {
      grid,
      dt: 0.05,
      meanField: new FreeSpaceConvolution(grid.position, { kind: "gaussian", lambda: 1, sigma: 1 }),
      externalPotential: harmonicTrap(1),
    });
    if (threads) s.useThreads(team);
    return s;
  };
  const serial = solver(false);
  const threaded = solver(true);
  bench("threads = 1", () => serial.advance(4), once);
  bench("threads = 2", () => threaded.advance(4), once);
});

describe("orbital Hartree 2D, 64^2 points, K = 32 orbitals, 4 Strang steps", () => {
  const grid = createGrid({ dimension: 2, points: 64, box: 12 });
  const m = grid.size;
  const K = 32;
  const orbitals = new Float64Array(2 * K * m);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) {
        const x = -6 + (12 * i) / 64 - 0.05 * k;
        const y = -6 + (12 * j) / 64;
        const a = Math.exp(-(x * x + y * y) / 2);
        orbitals[2 * (k * m + i * 64 + j)] = a * Math.cos(0.3 * k * x);
        orbitals[2 * (k * m + i * 64 + j) + 1] = a * Math.sin(0.3 * k * y);
      }
    }
  }
  const state: OrbitalState = {
    form: "orbital",
    grid,
    epsilon: 1 / Math.sqrt(K),
    occupations: new Float64Array(K).fill(1),
    orbitals,
  };
  const solver = (threads: boolean) => {
    const s = new HartreeFockSolver(state, {
      dt: 0.02,
      model: "hartree",
      checkState: false,
      meanField: new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 1, sigma: 1 }),
      externalPotential: harmonicTrap(1),
    });
    if (threads) s.useThreads(team);
    return s;
  };
  const serial = solver(false);
  const threaded = solver(true);
  bench("threads = 1", () => serial.advance(4), once);
  bench("threads = 2", () => threaded.advance(4), once);
});

describe("banded Weyl(W~), 64^2 points (whole band, 16.8 M entries), W~ on 64^2 x 64^2, 32 vectors", () => {
  const grid = createGrid({ dimension: 2, points: 64, box: 6.5 });
  const phaseSpace = createPhaseSpaceGrid(
    createGrid({ dimension: 2, points: 64, box: 6.5 }),
    createGrid({ dimension: 2, points: 64, box: 6 }),
  );
  const values = samplePhaseSpace(phaseSpace, (x, v) =>
    Math.exp(-((x[0] - 0.5) ** 2 + x[1] ** 2 + v[0] ** 2 + (v[1] - 0.3) ** 2)),
  );
  const options = { maxStorage: 2 ** 28 };
  const W = { grid: phaseSpace, values };
  const serial = weylOperator(W, grid, 1 / 4, options);
  const threaded = weylOperator(W, grid, 1 / 4, { ...options, threads: team });
  const count = 32;
  const input = new Float64Array(2 * grid.size * count).map((_, i) => Math.sin(0.7 * i));
  const output = new Float64Array(input.length);
  bench("threads = 1", () => serial.apply(input, count, output), once);
  bench("threads = 2", () => threaded.apply(input, count, output), once);
});
