import { createGrid, harmonicTrap } from "@semiclassical/grid";
import { thermalState, toDense, weylQuantize, wignerTransform } from "@semiclassical/quantum";
import { bench, describe } from "vitest";
import { certifiedTraceNorm } from "../src/certified-trace-norm.js";
import { traceNorm } from "../src/norms.js";
import { hermitianDifference } from "../src/operator.js";
import { displacedThermalPair } from "../src/testing.js";

// The certified (matrix-free) trace norm against the dense one at n = 1024 in 1D: thermal state
// (T = 0.3, eps = 1/16) in the trap x^2 on [-3.5, 3.5), W~ = Wigner function of the same state in
// the trap displaced by 0.05. Both include their own construction of omega~ (weylQuantize +
// dense difference / the banded Weyl operator). Then a 2D case at its cap: thermal T = 0.3 in the
// trap (32^2 points, eps = 1/4) against the same state displaced by (0.05, 0.03), W~ on a
// 32^2 x 32^2 Vlasov grid, run to 400 vectors (target 1e-6): its time and the interval's relative
// width are logged (the width is what the certificate's bounds give at a fixed subspace).
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

const grid2d = createGrid({ dimension: 2, points: 32, box: 7 });
const pair2d = displacedThermalPair(grid2d, 1 / 4, [0.05, 0.03], {
  points: 32,
  positionBox: 7,
  velocityBox: 6,
});

describe("certified trace norm in 2D at its cap (32^2 points, 400 vectors)", () => {
  bench(
    "certified, target 1e-6",
    () => {
      const r = certifiedTraceNorm(pair2d.omega, pair2d.wTilde, { target: 1e-6 });
      console.log(
        `2D 32^2: dim P = ${r.subspaceDimension}, [${r.lower.toPrecision(8)}, ${r.upper.toPrecision(8)}], relative width ${((r.upper - r.lower) / r.upper).toExponential(2)}`,
      );
    },
    once,
  );
});
