import { bench, describe } from "vitest";
import { LineShifter, type ShiftMethod } from "../src/spectral.js";

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
