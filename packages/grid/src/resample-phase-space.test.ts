import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import { createGrid, createPhaseSpaceGrid, type Grid, meshCoordinates } from "./grid.js";
import { positionGather, resamplePhaseSpace } from "./resample-phase-space.js";
import { maxAbs, maxAbsDiff, randomReals } from "./testing.js";

/** W(x, v) = prod_a f_a(x_a) g_a(v_a) sampled on a phase-space grid (index ix * velocity.size + iv). */
function samplePhaseSpace(
  position: Grid,
  velocity: Grid,
  w: (x: readonly number[], v: readonly number[]) => number,
): Float64Array {
  const xs = meshCoordinates(position);
  const vs = meshCoordinates(velocity);
  const d = position.dimension;
  const out = new Float64Array(position.size * velocity.size);
  const x = new Array<number>(d);
  const v = new Array<number>(d);
  for (let ix = 0; ix < position.size; ix++) {
    for (let a = 0; a < d; a++) x[a] = xs[a][ix];
    for (let iv = 0; iv < velocity.size; iv++) {
      for (let a = 0; a < d; a++) v[a] = vs[a][iv];
      out[ix * velocity.size + iv] = w(x, v);
    }
  }
  return out;
}

/**
 * A trigonometric polynomial in x (period Lx, degree 3) times one in v (period Lv, degree 5): on
 * the source grids below (n >= 16, so degree < n/2) it is its own band-limited interpolant.
 */
function bandLimited(Lx: number, Lv: number) {
  const kx = (2 * Math.PI) / Lx;
  const kv = (2 * Math.PI) / Lv;
  return (x: readonly number[], v: readonly number[]) => {
    let w = 1;
    for (let a = 0; a < x.length; a++) {
      w *= 1 + 0.3 * Math.cos(kx * x[a]) + 0.2 * Math.sin(3 * kx * x[a] + a);
      w *= Math.cos(2 * kv * v[a]) + 0.5 * Math.sin(5 * kv * v[a]) + 0.1;
    }
    return w;
  };
}

describe("resamplePhaseSpace", () => {
  it("interpolates a band-limited W to any uniform grid inside the source box (1D)", () => {
    // Source: x on [-2, 2) with 16 points, v on [-4, 4) with 32 points. Target nodes off the
    // source nodes on both axes, all inside the source periods.
    const source = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 16, box: 4 }),
      createGrid({ dimension: 1, points: 32, box: 8 }),
    );
    const targetX = createGrid({ dimension: 1, points: 8, box: 2.96, center: 0.1 });
    const targetV = createGrid({ dimension: 1, points: 16, box: 4.96, center: -0.2 });
    const target = createPhaseSpaceGrid(targetX, targetV);
    const w = bandLimited(4, 8);
    const values = samplePhaseSpace(source.position, source.velocity, w);
    const result = resamplePhaseSpace({ grid: source, values }, target);
    const expected = samplePhaseSpace(targetX, targetV, w);
    expect(result.length).toBe(target.size);
    // The Dirichlet-kernel weights are accurate to a few ulps and each target sums n <= 32 terms
    // of |W| <= 2.5 per axis: round-off ~ 2 * 32 * 2.5 * 1e-16 ~ 1e-14, so 1e-12 has a margin.
    expect(maxAbsDiff(result, expected)).toBeLessThan(1e-12);
    expect(maxAbs(expected)).toBeGreaterThan(0.5);
  });

  it("interpolates along all four axes in 2D and sets W = 0 outside the source box", () => {
    // Source: 8 x 8 positions on [-2, 2)^2 (degree 1 in x: the 3 kx mode would alias at n = 8,
    // so x uses degree 1 here) and 16 x 16 velocities on [-4, 4)^2.
    const source = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: 8, box: 4 }),
      createGrid({ dimension: 2, points: 16, box: 8 }),
    );
    const kx = (2 * Math.PI) / 4;
    const kv = (2 * Math.PI) / 8;
    const w = (x: readonly number[], v: readonly number[]) =>
      (1 + 0.3 * Math.cos(kx * x[0]) - 0.2 * Math.sin(kx * x[1])) *
      (Math.cos(2 * kv * v[0]) +
        0.5 * Math.sin(3 * kv * v[1]) +
        0.1 * Math.cos(kv * (v[0] + v[1])));
    const values = samplePhaseSpace(source.position, source.velocity, w);
    // v target nodes -5.9 + 0.75 k, k = 0..15: the source period is [-4, 4) with dv = 0.5, so
    // nodes below -4 - dv/2 or above 4 - 3 dv/2 (none on those edges) must be 0, the others
    // interpolated.
    const targetX = createGrid({ dimension: 2, points: 4, box: [2.6, 3.1], center: [0.15, -0.3] });
    const targetV = createGrid({ dimension: 2, points: 16, box: 12, center: 0.1 });
    const result = resamplePhaseSpace(
      { grid: source, values },
      createPhaseSpaceGrid(targetX, targetV),
    );
    const inside = (u: number) => u >= -4.25 && u <= 3.75;
    const expected = samplePhaseSpace(targetX, targetV, (x, v) =>
      inside(v[0]) && inside(v[1]) ? w(x, v) : 0,
    );
    // As above: four axes of <= 16-term sums of |W| <= 2: round-off ~ 1e-14; 1e-12 has a margin.
    expect(maxAbsDiff(result, expected)).toBeLessThan(1e-12);
    const zeros = expected.filter((e) => e === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(result.filter((r, k) => expected[k] === 0 && r !== 0).length).toBe(0);
  });

  it("copies samples exactly at target nodes that are source nodes", () => {
    // Any data (random): the Dirichlet weights snap to exactly 1 at a coincident node and 0 at the
    // others, and a coinciding axis is skipped, so the result is bitwise a subsample.
    const position = createGrid({ dimension: 1, points: 16, box: 4 });
    const velocity = createGrid({ dimension: 1, points: 32, box: 8 });
    const source = createPhaseSpaceGrid(position, velocity);
    const values = randomReals(source.size, 5);
    // Every other velocity node: same origin -4, spacing 0.5 = 2 dv.
    const coarseV = createGrid({ dimension: 1, points: 16, box: 8 });
    const result = resamplePhaseSpace(
      { grid: source, values },
      createPhaseSpaceGrid(position, coarseV),
    );
    const expected = new Float64Array(16 * 16);
    for (let ix = 0; ix < 16; ix++) {
      for (let iv = 0; iv < 16; iv++) expected[ix * 16 + iv] = values[ix * 32 + 2 * iv];
    }
    expect(result).toEqual(expected);
    // The same grid: an exact copy, never the input array itself.
    const copy = resamplePhaseSpace({ grid: source, values }, source);
    expect(copy).toEqual(values);
    expect(copy).not.toBe(values);
  });

  it("names the parameter for a dimension mismatch or a wrong number of samples", () => {
    const one = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 8, box: 4 }),
      createGrid({ dimension: 1, points: 8, box: 4 }),
    );
    const two = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: 4, box: 4 }),
      createGrid({ dimension: 2, points: 4, box: 4 }),
    );
    const parameterOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(ParameterError);
        return (error as ParameterError).parameter;
      }
      return undefined;
    };
    expect(
      parameterOf(() => resamplePhaseSpace({ grid: one, values: new Float64Array(64) }, two)),
    ).toBe("target");
    expect(
      parameterOf(() => resamplePhaseSpace({ grid: one, values: new Float64Array(63) }, one)),
    ).toBe("source.values");
  });
});

describe("positionGather", () => {
  // A half grid like the quantum one of a 64-point box [-8, 8) (positions -8 + p dx/2) and
  // Vlasov-like grids: a subset of its positions (every 8th), one shifted off its nodes, and one
  // reaching past its period.
  const half = createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: 128, box: 16 }),
    createGrid({ dimension: 1, points: 32, box: 6 }),
  );
  const velocity = createGrid({ dimension: 1, points: 16, box: 5 });
  const values = randomReals(half.size, 11);

  it("lists the copied rows, and resampling them alone is resamplePhaseSpace bit for bit", () => {
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 16, box: 16 }),
      velocity,
    );
    const rows = positionGather(half, target);
    expect(rows).toBeDefined();
    const vSize = half.velocity.size;
    const gathered = new Float64Array((rows as Int32Array).length * vSize);
    (rows as Int32Array).forEach((p, t) => {
      if (p >= 0) gathered.set(values.subarray(p * vSize, (p + 1) * vSize), t * vSize);
    });
    const byRows = createPhaseSpaceGrid(target.position, half.velocity);
    const direct = resamplePhaseSpace({ grid: half, values }, target);
    const fromRows = resamplePhaseSpace({ grid: byRows, values: gathered }, target);
    // the same operations on the same numbers: equal, not merely close
    expect(Array.from(fromRows)).toEqual(Array.from(direct));
    // every 8th half-grid position from x_0
    expect(Array.from(rows as Int32Array)).toEqual(Array.from({ length: 16 }, (_, k) => 8 * k));
  });

  it("marks positions outside the source period with -1 (W = 0 there)", () => {
    const wide = createPhaseSpaceGrid(createGrid({ dimension: 1, points: 32, box: 32 }), velocity);
    const rows = positionGather(half, wide) as Int32Array;
    const direct = resamplePhaseSpace({ grid: half, values }, wide);
    const vSize = velocity.size;
    for (let t = 0; t < rows.length; t++) {
      const x = wide.position.origin[0] + t * wide.position.spacing[0];
      // the period [-8, 8) with half a cell (0.0625) of slack at both ends
      const inside = x >= -8 - 0.0625 && x <= 8 - 0.125 + 0.0625;
      expect(rows[t] >= 0).toBe(inside);
      if (!inside) expect(maxAbs(direct.subarray(t * vSize, (t + 1) * vSize))).toBe(0);
    }
  });

  it("is undefined when a position falls between source nodes", () => {
    const shifted = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 16, box: 16, center: 0.03 }),
      velocity,
    );
    expect(positionGather(half, shifted)).toBeUndefined();
  });
});
