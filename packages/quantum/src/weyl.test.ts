import {
  createGrid,
  createPhaseSpaceGrid,
  ParameterError,
  resampleArray,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { wignerPhaseSpace } from "./half-grid.js";
import { husimiTransform } from "./husimi.js";
import { particleNumber } from "./observables.js";
import type { PhaseSpaceFunction } from "./phase-space.js";
import { weylQuantize } from "./weyl.js";

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

describe("weylQuantize from another phase-space grid", () => {
  const epsilon = 0.1;
  const target = createGrid({ dimension: 1, points: 128, box: 8 });
  // W_0 = (1/pi) e^{-(x^2+v^2)/eps} on a coarser "Vlasov" grid with a different box
  const position = createGrid({ dimension: 1, points: 128, box: 9 });
  const velocity = createGrid({ dimension: 1, points: 128, box: 4.5 });
  const grid = createPhaseSpaceGrid(position, velocity);
  const W: PhaseSpaceFunction = { grid, values: new Float64Array(grid.size) };
  for (let ix = 0; ix < 128; ix++) {
    for (let iv = 0; iv < 128; iv++) {
      const x = position.origin[0] + ix * position.spacing[0];
      const v = velocity.origin[0] + iv * velocity.spacing[0];
      W.values[ix * 128 + iv] = Math.exp(-(x * x + v * v) / epsilon) / Math.PI;
    }
  }

  it("gives the ground-state projector |phi_0><phi_0| dx", () => {
    const A = weylQuantize(W, target, epsilon);
    const n = target.size;
    let err = 0;
    let max = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const xi = target.origin[0] + i * target.spacing[0];
        const xj = target.origin[0] + j * target.spacing[0];
        const exact =
          (Math.PI * epsilon) ** -0.5 *
          Math.exp(-(xi * xi + xj * xj) / (2 * epsilon)) *
          target.cellVolume;
        err = Math.max(
          err,
          Math.hypot(A.data[2 * (i * n + j)] - exact, A.data[2 * (i * n + j) + 1]),
        );
        max = Math.max(max, exact);
      }
    }
    // trigonometric interpolation of Gaussians of width sqrt(eps/2) = 0.22 sampled every
    // 0.07 / 0.035: aliasing error ~ e^{-(pi/h)^2 eps/4} < 1e-30; the truncation of W at
    // |v| = 2.25 and |x| = 4.5 is ~e^{-50}; so round-off (~1e-14) remains
    expect(err).toBeLessThan(1e-12 * max);
    expect(Math.abs(particleNumber(A) - 1)).toBeLessThan(1e-12);
  });

  it("rejects a target grid that does not resolve the velocity support, naming the numbers", () => {
    const coarse = createGrid({ dimension: 1, points: 32, box: 8 }); // band pi eps/(2 dx) = 0.63
    expect(() => weylQuantize(W, coarse, epsilon)).toThrow(ParameterError);
    expect(() => weylQuantize(W, coarse, epsilon)).toThrow(
      /dx = 0\.2500 > pi\*epsilon\/\(2\*vMax\)/,
    );
  });

  it("writing A over the interpolated W (1D) gives the entries of the separate-buffer path bit for bit", () => {
    // The interpolated W is the exact path's input when given on the half grid; that path reads
    // a caller's array, so it writes A into a new buffer and leaves W untouched. Any row of W
    // read after being overwritten in the in-place path would change some entry.
    const half = wignerPhaseSpace(target, epsilon);
    const axes = (g: typeof half) => [
      { points: g.position.shape[0], origin: g.position.origin[0], spacing: g.position.spacing[0] },
      { points: g.velocity.shape[0], origin: g.velocity.origin[0], spacing: g.velocity.spacing[0] },
    ];
    const sampled = resampleArray(W.values, axes(grid), axes(half));
    const copy = sampled.slice();
    const separate = weylQuantize({ grid: half, values: sampled }, target, epsilon);
    const inPlace = weylQuantize(W, target, epsilon);
    expect(sampled).toEqual(copy);
    let differing = 0;
    for (let q = 0; q < separate.data.length; q++) {
      if (!Object.is(separate.data[q], inPlace.data[q])) differing++;
    }
    expect(differing).toBe(0);
  });

  it("refuses a NaN or infinite W on the half grid too (no interpolation there), and in Husimi", () => {
    // found by an independent cross-check: only W that had to be interpolated was checked
    const half = wignerPhaseSpace(target, epsilon);
    const values = new Float64Array(half.size);
    values[17] = Number.NaN;
    const onHalf: PhaseSpaceFunction = { grid: half, values };
    expect(() => weylQuantize(onHalf, target, epsilon)).toThrow(/W\.values.*entry 17 is NaN/);
    values[17] = Number.POSITIVE_INFINITY;
    expect(() => husimiTransform(onHalf, epsilon)).toThrow(/W\.values.*entry 17 is Infinity/);
  });

  it("the half-grid phase space has the documented band", () => {
    const ps = wignerPhaseSpace(target, epsilon);
    const dx = target.spacing[0];
    expect(ps.position.shape[0]).toBe(256);
    expect(ps.position.spacing[0]).toBeCloseTo(dx / 2, 14);
    expect(ps.velocity.origin[0]).toBeCloseTo((-Math.PI * epsilon) / (2 * dx), 13);
    expect(ps.velocity.spacing[0]).toBeCloseTo((Math.PI * epsilon) / (128 * dx), 14);
  });
});

describe("weylQuantize from another phase-space grid in 2D", () => {
  it("interpolating W from a finer, larger grid gives the same A as sampling W on the half grid", () => {
    const epsilon = 0.3;
    const target = createGrid({ dimension: 2, points: [8, 4], box: [7, 6] });
    const gaussian = (x0: number, x1: number, v0: number, v1: number) =>
      Math.exp(-((x0 - 0.3) ** 2 + x1 * x1 + (v0 - 0.1) ** 2 + v1 * v1) / epsilon) / Math.PI ** 2;
    const sample = (grid: ReturnType<typeof createPhaseSpaceGrid>): PhaseSpaceFunction => {
      const { position, velocity } = grid;
      const values = new Float64Array(grid.size);
      const [, p1] = position.shape;
      const [, q1] = velocity.shape;
      for (let ix = 0; ix < position.size; ix++) {
        const x0 = position.origin[0] + Math.floor(ix / p1) * position.spacing[0];
        const x1 = position.origin[1] + (ix % p1) * position.spacing[1];
        for (let iv = 0; iv < velocity.size; iv++) {
          const v0 = velocity.origin[0] + Math.floor(iv / q1) * velocity.spacing[0];
          const v1 = velocity.origin[1] + (iv % q1) * velocity.spacing[1];
          values[ix * velocity.size + iv] = gaussian(x0, x1, v0, v1);
        }
      }
      return { grid, values };
    };
    const direct = weylQuantize(sample(wignerPhaseSpace(target, epsilon)), target, epsilon);
    // source spacing 0.125 in x and v: trigonometric interpolation of a Gaussian of standard
    // deviation sqrt(eps/2) = 0.39 errs by ~e^{-(pi/h)^2 eps/4} = e^{-47}, and W ~ e^{-53} at the
    // edges of the source box [-4, 4)^4, which contains the target half grid and its band
    // |v| < 0.54; so both paths agree to round-off (the band is far too narrow for this W, hence
    // checkResolution: false: this test is about the interpolation only)
    const source = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: 64, box: 8 }),
      createGrid({ dimension: 2, points: 64, box: 8 }),
    );
    const interpolated = weylQuantize(sample(source), target, epsilon, { checkResolution: false });
    expect(maxAbsDiff(interpolated.data, direct.data)).toBeLessThan(1e-12 * maxAbs(direct.data));
  });
});
