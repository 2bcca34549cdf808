import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileWatModule } from "@semiclassical/tooling/wasm";
import { describe, expect, it } from "vitest";
import { applyBandRowsJs, BandApplier, type BandLayout } from "./weyl-band.js";

/** A clipped band layout (as weyl-operator.ts builds it) with pseudo-random entries. */
function band(
  shape: number[],
  halfWidths: number[],
): { layout: BandLayout; entries: Float64Array } {
  const nn = [...new Array(3 - shape.length).fill(1), ...shape];
  const mm = [...new Array(3 - shape.length).fill(0), ...halfWidths];
  const widths = nn.map((n, a) =>
    Array.from(
      { length: n },
      (_, i) => Math.min(2 * mm[a], i + mm[a]) - Math.max(0, i + mm[a] - n + 1) + 1,
    ),
  );
  const rows = nn[0] * nn[1] * nn[2];
  const rowStart = new Float64Array(rows + 1);
  let row = 0;
  for (let i0 = 0; i0 < nn[0]; i0++)
    for (let i1 = 0; i1 < nn[1]; i1++)
      for (let i2 = 0; i2 < nn[2]; i2++, row++)
        rowStart[row + 1] = rowStart[row] + widths[0][i0] * widths[1][i1] * widths[2][i2];
  const entries = new Float64Array(2 * rowStart[rows]);
  for (let i = 0; i < entries.length; i++) entries[i] = Math.sin(1.7 * i + 0.3) / (1 + (i % 7));
  return { layout: { nn, mm, rowStart, n: rows }, entries };
}

describe("the band's row loop (wasm/weyl-band.wat)", () => {
  it("is compiled from wasm/weyl-band.wat (the committed binary is not stale)", async () => {
    const committed = readFileSync(new URL("./weyl-band-binary.ts", import.meta.url), "utf8");
    const wat = fileURLToPath(new URL("../wasm/weyl-band.wat", import.meta.url));
    expect(committed, "run pnpm build:wasm").toBe(
      await compileWatModule(wat, "WEYL_BAND_WASM_BASE64"),
    );
  });

  const cases: [number[], number[]][] = [
    [[40], [11]],
    [
      [12, 9],
      [5, 8],
    ],
    [
      [6, 7, 5],
      [3, 2, 4],
    ],
    // the whole operator (M = n - 1) and a band of width 1
    [
      [9, 8],
      [8, 7],
    ],
    [
      [5, 6, 4],
      [0, 0, 0],
    ],
  ];
  for (const [shape, halfWidths] of cases) {
    it(`gives the JavaScript loop's results bit for bit (${shape.join("x")}, M = ${halfWidths.join(", ")})`, () => {
      const { layout, entries } = band(shape, halfWidths);
      const n = layout.n;
      const applier = new BandApplier(layout, entries, 16);
      // WebAssembly SIMD is in every supported engine: this test must exercise the SIMD loop
      expect(applier.kind).toBe("simd");
      for (const count of [1, 3, 4, 16]) {
        const input = new Float64Array(2 * n * count);
        for (let i = 0; i < input.length; i++) input[i] = Math.cos(0.91 * i) * (1 + (i % 5));
        const expected = new Float64Array(input.length).fill(Number.NaN);
        applyBandRowsJs(layout, entries, input, expected, count, 0, n);
        const output = new Float64Array(input.length).fill(Number.NaN);
        applier.rows(input, output, count, 0, n);
        expect(output).toEqual(expected);
        // a range of rows writes those rows only
        const partial = new Float64Array(input.length).fill(7);
        const begin = Math.floor(n / 3);
        const end = Math.floor((2 * n) / 3) + 1;
        applier.rows(input, partial, count, begin, end);
        for (let k = 0; k < count; k++)
          for (let r = 0; r < n; r++) {
            const at = 2 * (k * n + r);
            const inside = r >= begin && r < end;
            expect(partial[at]).toBe(inside ? expected[at] : 7);
            expect(partial[at + 1]).toBe(inside ? expected[at + 1] : 7);
          }
      }
    });
  }

  it("is a matrix product: the JavaScript loop against the dense band matrix times the vectors", () => {
    // the band's entries as a dense matrix A (row i, column j = i - m per axis), then A x directly
    const shape = [7, 6];
    const { layout, entries } = band(shape, [3, 2]);
    const n = layout.n;
    const dense = new Float64Array(2 * n * n);
    let e = 0;
    for (let i0 = 0; i0 < 7; i0++)
      for (let i1 = 0; i1 < 6; i1++)
        for (let m0 = -3; m0 <= 3; m0++)
          for (let m1 = -2; m1 <= 2; m1++) {
            const j0 = i0 - m0;
            const j1 = i1 - m1;
            if (j0 < 0 || j0 >= 7 || j1 < 0 || j1 >= 6) continue;
            const at = 2 * ((i0 * 6 + i1) * n + j0 * 6 + j1);
            dense[at] = entries[e++];
            dense[at + 1] = entries[e++];
          }
    expect(e).toBe(entries.length);
    const x = new Float64Array(2 * n).map((_, i) => Math.sin(i));
    const y = new Float64Array(2 * n);
    applyBandRowsJs(layout, entries, x, y, 1, 0, n);
    for (let i = 0; i < n; i++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const ar = dense[2 * (i * n + j)];
        const ai = dense[2 * (i * n + j) + 1];
        re += ar * x[2 * j] - ai * x[2 * j + 1];
        im += ar * x[2 * j + 1] + ai * x[2 * j];
      }
      // sums of 35 terms of size <= 5: round-off 1e-13
      expect(Math.abs(y[2 * i] - re)).toBeLessThan(1e-13);
      expect(Math.abs(y[2 * i + 1] - im)).toBeLessThan(1e-13);
    }
  });
});
