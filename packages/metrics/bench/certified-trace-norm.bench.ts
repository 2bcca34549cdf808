import { createGrid, harmonicTrap } from "@semiclassical/grid";
import { thermalState, toDense, weylQuantize, wignerTransform } from "@semiclassical/quantum";
import { bench, describe } from "vitest";
import { certifiedTraceNorm } from "../src/certified-trace-norm.js";
import { traceNorm } from "../src/norms.js";
import { hermitianDifference } from "../src/operator.js";

// The certified (matrix-free) trace norm against the dense one at n = 1024 in 1D: thermal state
// (T = 0.3, eps = 1/16) in the trap x^2 on [-3.5, 3.5), W~ = Wigner function of the same state in
// the trap displaced by 0.05. Both include their own construction of omega~ (weylQuantize +
// dense difference / the banded Weyl operator).
const n = 1024;
const epsilon = 1 / 16;
const grid = createGrid({ dimension: 1, points: n, box: 7 });
const omega = thermalState(grid, { epsilon, potential: harmonicTrap(1), temperature: 0.3 });
const other = thermalState(grid, { epsilon, potential: harmonicTrap(1, [0.05]), temperature: 0.3 });
const wTilde = wignerTransform(other);
const once = { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 };

describe(`trace norm of omega - Weyl(W~), n = ${n}`, () => {
  bench(
    "dense (weylQuantize + hermitianEigen)",
    () => {
      const a = weylQuantize(wTilde, grid, epsilon).data;
      traceNorm(n, hermitianDifference(toDense(omega).data, a));
    },
    once,
  );
  bench(
    "certified (banded Weyl operator + block Krylov)",
    () => {
      certifiedTraceNorm(omega, wTilde);
    },
    once,
  );
});
