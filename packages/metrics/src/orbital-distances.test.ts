import {
  createGrid,
  createPhaseSpaceGrid,
  harmonicTrap,
  samplePotential,
} from "@semiclassical/grid";
import {
  createOrbitalDensityMatrix,
  lowestEigenstates,
  type OrbitalDensityMatrix,
  orbitalWigner,
  thermalState,
  toDense,
  weylQuantize,
  wignerTransform,
} from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { compareDensityMatrices } from "./compare.js";
import {
  operatorHilbertSchmidtDistance,
  orbitalHilbertSchmidtSquared,
  orbitalWeylDistances,
} from "./orbital-distances.js";
import type { PhaseSpaceSamples } from "./phase-space.js";
import { WEYL_APPLY_CHUNK, weylOperator } from "./weyl-operator.js";

/** The dense path: toDense + weylQuantize + compareDensityMatrices (HS not per particle). */
function dense(omega: OrbitalDensityMatrix, wTilde: PhaseSpaceSamples) {
  const { grid, epsilon } = omega;
  const r = compareDensityMatrices(toDense(omega), weylQuantize(wTilde, grid, epsilon), {
    metrics: ["hilbert-schmidt", "wigner-l2"],
  });
  const N = epsilon ** -grid.dimension;
  return { hilbertSchmidt: (r.hilbertSchmidt ?? Number.NaN) * Math.sqrt(N), wignerL2: r.wignerL2 };
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

// 1D: thermal states T = 0.3 in the trap x^2 (eps = 1/16, N = 16, n = 256 on [-3.5, 3.5)), W~ the
// Wigner function of the same state in the trap displaced by 0.05, so ||omega - omega~||_HS is
// ~5 % of ||omega||_HS.
describe("orbitalWeylDistances against the dense path, 1D n = 256", () => {
  const epsilon = 1 / 16;
  const grid = createGrid({ dimension: 1, points: 256, box: 7 });
  const omega = thermalState(grid, { epsilon, potential: harmonicTrap(1), temperature: 0.3 });
  const other = thermalState(grid, {
    epsilon,
    potential: harmonicTrap(1, [0.05]),
    temperature: 0.3,
  });

  it("||omega||_HS^2 from the Gram matrix equals sum lambda^2 and the dense Frobenius norm", () => {
    const a = toDense(omega).data;
    let f2 = 0;
    for (const x of a) f2 += x * x;
    let l2 = 0;
    for (const l of omega.occupations) l2 += l * l;
    // orthonormal orbitals (eigenvectors to round-off): all three agree to ~1e-14
    expect(relative(orbitalHilbertSchmidtSquared(omega), f2)).toBeLessThan(1e-12);
    expect(relative(l2, f2)).toBeLessThan(1e-12);
  });

  for (const vlasov of [undefined, 128] as const) {
    it(`W~ on ${vlasov === undefined ? "the half grid" : `a ${vlasov} x ${vlasov} Vlasov grid`}`, () => {
      const wTilde =
        vlasov === undefined
          ? wignerTransform(other)
          : orbitalWigner(
              other,
              createPhaseSpaceGrid(
                createGrid({ dimension: 1, points: vlasov, box: 7 }),
                createGrid({ dimension: 1, points: vlasov, box: 7 }),
              ),
            );
      const reference = dense(omega, wTilde);
      const r = orbitalWeylDistances(omega, wTilde);
      const op = operatorHilbertSchmidtDistance(omega, weylOperator(wTilde, grid, epsilon));
      // the Wigner route samples the continuum Wigner function of omega on W~'s nodes; on the half
      // grid the discrete transform equals it for this resolved state, and on the Vlasov grid
      // both W_omega and W~ are resolved (their rectangle rules are spectrally accurate): the
      // defect ||omega||^2 - c ||W_omega||^2 is ~1e-13 of ||omega||^2, so 1e-9 relative
      expect(relative(r.hilbertSchmidt, reference.hilbertSchmidt)).toBeLessThan(1e-9);
      expect(relative(r.wignerL2, reference.wignerL2 ?? Number.NaN)).toBeLessThan(1e-9);
      expect(Math.abs(r.defect)).toBeLessThan(1e-10 * r.terms.omega);
      // the operator route forms the same discrete operator as weylQuantize; its three O(N) terms
      // cancel to ||D||_HS^2 ~ 0.7 of N = 16, so the round-off is ~1e-14 N / ||D||^2: 1e-10.
      // K > WEYL_APPLY_CHUNK: the cross term goes through A~ in several blocks
      expect(omega.occupations.length).toBeGreaterThan(WEYL_APPLY_CHUNK);
      expect(relative(op, reference.hilbertSchmidt)).toBeLessThan(1e-10);
    });
  }
});

// 2D, 16^2 points of [-4, 4)^2, eps = 0.64 (the best a 16-point axis resolves: e^{-x^2/(2 eps)}
// at the edge and e^{-eps k^2/2} at the Nyquist wavenumber are both ~e^{-12.5}): omega and
// omega~ are sums of products of 1D HO levels j <= 1 of the trap x^2 and of the trap displaced by
// 0.1, with different occupations.
describe("orbitalWeylDistances against the dense path, 2D 16^2", () => {
  const n = 16;
  const epsilon = 0.64;
  const g1 = createGrid({ dimension: 1, points: n, box: 8 });
  const grid = createGrid({ dimension: 2, points: n, box: 8 });
  const levels = [
    [0, 0],
    [1, 0],
    [0, 1],
  ];
  const productState = (shift: number, occupations: number[]) => {
    const e1 = lowestEigenstates(g1, {
      epsilon,
      kappa: 1,
      potential: samplePotential(g1, harmonicTrap(1, [shift])),
      count: 2,
    });
    const orbitals = new Float64Array(2 * levels.length * n * n);
    levels.forEach(([a, b], k) => {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          orbitals[2 * (k * n * n + i * n + j)] =
            e1.orbitals[2 * (a * n + i)] * e1.orbitals[2 * (b * n + j)];
        }
      }
    });
    return createOrbitalDensityMatrix(grid, epsilon, Float64Array.from(occupations), orbitals);
  };
  const omega = productState(0, [1, 0.8, 0.6]);
  const other = productState(0.1, [1, 0.7, 0.6]);

  it("W~ on the half grid", () => {
    const wTilde = wignerTransform(other);
    const reference = dense(omega, wTilde);
    const r = orbitalWeylDistances(omega, wTilde);
    const op = operatorHilbertSchmidtDistance(omega, weylOperator(wTilde, grid, epsilon));
    // the operator route is the dense path's discrete operator: round-off (measured 6e-13)
    expect(relative(op, reference.hilbertSchmidt)).toBeLessThan(1e-10);
    // the Wigner route is the continuum Weyl(W~) sampled on W~'s nodes; 16 points resolve the
    // orbitals only to ~e^{-12.5}, and the discrete and continuum Wigner functions of omega differ
    // by that much: the defect ||omega||^2 - c ||W_omega||^2 measures it (1.7e-4 here, 3e-3 of
    // ||D||_HS^2), and the squared distances differ by 3.1e-4 (measured): bounded by 4 |defect|
    const d2 = r.hilbertSchmidt ** 2 - reference.hilbertSchmidt ** 2;
    expect(Math.abs(d2)).toBeLessThan(4 * Math.abs(r.defect));
    expect(Math.abs(r.defect)).toBeLessThan(1e-2 * r.hilbertSchmidt ** 2);
    // the Wigner L2 distance: the dense one is (eps/2 pi)^(d/2) ||A - A~||_F, the same identity
    const c = (2 * Math.PI) / epsilon;
    const w2 = r.wignerL2 ** 2 * c ** 2 - reference.hilbertSchmidt ** 2;
    expect(Math.abs(w2)).toBeLessThan(4 * Math.abs(r.defect));
  });
});
