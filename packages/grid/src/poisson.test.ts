import { describe, expect, it } from "vitest";
import { createGrid, meshCoordinates } from "./grid.js";
import { PeriodicPoisson } from "./poisson.js";

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("PeriodicPoisson", () => {
  it("solves -U'' = lambda (rho - mean rho) for a sinusoid in 1D (Landau damping box)", () => {
    // kappa = 1/2 Landau benchmark: k = 0.5, box 2 pi/k, rho = 1 + A cos(k x)
    const k = 0.5;
    const amplitude = 0.01;
    const lambda = 1.3;
    const grid = createGrid({
      dimension: 1,
      points: 32,
      box: (2 * Math.PI) / k,
      center: Math.PI / k,
    });
    const [x] = meshCoordinates(grid);
    const rho = x.map((xi) => 1 + amplitude * Math.cos(k * xi));
    const solver = new PeriodicPoisson(grid, lambda);
    const u = solver.potential(rho);
    // exact U = lambda A cos(k x)/k^2, grad U = -lambda A sin(k x)/k: one Fourier mode, so the
    // discrete solution is exact up to FFT round-off (~1e-16 of the data, amplified by 1/k^2 = 4)
    const exact = x.map((xi) => (lambda * amplitude * Math.cos(k * xi)) / (k * k));
    expect(maxAbsDifference(u, exact)).toBeLessThan(1e-15);
    const [gradient] = solver.gradient(rho);
    const exactGradient = x.map((xi) => (-lambda * amplitude * Math.sin(k * xi)) / k);
    expect(maxAbsDifference(gradient, exactGradient)).toBeLessThan(1e-15);
  });

  it("solves a two-mode problem in 2D and 3D with zero-mean U and a spectral gradient", () => {
    for (const d of [2, 3] as const) {
      const boxes = [2 * Math.PI, 4 * Math.PI, 2 * Math.PI].slice(0, d);
      const grid = createGrid({
        dimension: d,
        points: d === 2 ? [16, 32] : [8, 16, 8],
        box: boxes,
      });
      const coords = meshCoordinates(grid);
      // rho = 2 + cos(x) sin(y/2) (+ cos(z) in 3D): |k|^2 = 5/4 and 1
      const rho = new Float64Array(grid.size);
      const exact = new Float64Array(grid.size);
      const exactGradient = coords.map(() => new Float64Array(grid.size));
      for (let i = 0; i < grid.size; i++) {
        const [x, y] = [coords[0][i], coords[1][i]];
        const z = d === 3 ? coords[2][i] : 0;
        const extra = d === 3 ? Math.cos(z) : 0;
        rho[i] = 2 + Math.cos(x) * Math.sin(y / 2) + extra;
        exact[i] = (Math.cos(x) * Math.sin(y / 2)) / 1.25 + extra;
        exactGradient[0][i] = (-Math.sin(x) * Math.sin(y / 2)) / 1.25;
        exactGradient[1][i] = (0.5 * Math.cos(x) * Math.cos(y / 2)) / 1.25;
        if (d === 3) exactGradient[2][i] = -Math.sin(z);
      }
      const solver = new PeriodicPoisson(grid);
      // two resolved Fourier modes: exact to round-off
      expect(maxAbsDifference(solver.potential(rho), exact)).toBeLessThan(1e-14);
      const gradient = solver.gradient(rho);
      gradient.forEach((component, a) => {
        expect(maxAbsDifference(component, exactGradient[a])).toBeLessThan(1e-14);
      });
      const mean = solver.potential(rho).reduce((s, v) => s + v, 0) / grid.size;
      expect(Math.abs(mean)).toBeLessThan(1e-15);
    }
  });

  it("writes into out, and rejects bad input", () => {
    const grid = createGrid({ dimension: 1, points: 8, box: 1 });
    const solver = new PeriodicPoisson(grid);
    const rho = new Float64Array(8).fill(1);
    const out = new Float64Array(8).fill(7);
    expect(solver.potential(rho, out)).toBe(out);
    // constant rho is all background: U = 0 up to FFT round-off
    for (const v of out) expect(Math.abs(v)).toBeLessThan(1e-15);
    expect(() => new PeriodicPoisson(grid, Number.NaN)).toThrow("lambda");
    expect(() => solver.potential(new Float64Array(4))).toThrow("density");
    expect(() => solver.gradient(rho, [])).toThrow("out");
  });
});
