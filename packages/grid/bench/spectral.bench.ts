import { bench, describe } from "vitest";
import { createGrid } from "../src/grid.js";
import { LineShifter, type ShiftMethod } from "../src/line-shifter.js";
import { spectralDerivative } from "../src/spectral-derivative.js";
import { interpolateToHalfGrid, SpectralInterpolator } from "../src/spectral-interpolation.js";

// The Vlasov kernel (THEORY.md section 3): a 512 x 512 phase-space array W[ix * nv + iv], every
// line shifted by its own amount. Axis 1 (contiguous lines) is the kick along v, axis 0 (strided
// lines) the x-advection. The target is a few ms per call.
const n = 512;
const data = new Float64Array(n * n);
for (let i = 0; i < data.length; i++) data[i] = Math.sin(0.001 * i) + Math.cos(0.37 * i);
const shifts = new Float64Array(n);
for (let l = 0; l < n; l++) shifts[l] = 0.0123 * (l - n / 2);

const methods: ShiftMethod[] = ["spectral", "cubic-spline", "quintic-spline"];
for (const axis of [0, 1]) {
  describe(`LineShifter 512 x 512, axis ${axis} (${axis === 0 ? "strided" : "contiguous"} lines)`, () => {
    for (const method of methods) {
      const shifter = new LineShifter([n, n], axis, 0.05, method);
      bench(method, () => {
        shifter.apply(data, shifts);
      });
    }
  });
}

// Moving a Vlasov-grid function to other points (Weyl quantization) and periodic derivatives.
describe("interpolation and derivatives, 256 x 256", () => {
  const m = 256;
  const values = data.subarray(0, m * m);
  const targets = Float64Array.from({ length: 2 * m }, (_, p) => -4 + (p * 8) / (2 * m) + 0.001);
  const interpolator = new SpectralInterpolator({ points: m, origin: -4, spacing: 8 / m }, targets);
  const out = new Float64Array(2 * m * m);
  const grid = createGrid({ dimension: 2, points: m, box: 8 });
  const derivative = new Float64Array(m * m);
  bench("SpectralInterpolator.applyAlongAxis, 256 -> 512 points, axis 0", () => {
    interpolator.applyAlongAxis(values, [m, m], 0, out);
  });
  bench("SpectralInterpolator.applyAlongAxis, 256 -> 512 points, axis 1", () => {
    interpolator.applyAlongAxis(values, [m, m], 1, out);
  });
  bench("interpolateToHalfGrid, both axes (-> 512 x 512)", () => {
    interpolateToHalfGrid(values, [m, m]);
  });
  bench("spectralDerivative, axis 0", () => {
    spectralDerivative(values, grid, 0, derivative);
  });
});
