import type { DenseDensityMatrix } from "@semiclassical/quantum";
import { createDenseDensityMatrix } from "@semiclassical/quantum";
import type { ManyBodyWavefunction } from "./wavefunction.js";

/**
 * The one-body reduced density matrix of THEORY.md section 6 in quantum's dense form,
 *   A_ij = gamma(x_i; x_j) dx^d,  gamma(x; y) = N int psi(x, x_2..x_N) conj(psi(y, x_2..x_N)) dx_2..dx_N,
 * i.e. A = N dx^(dN) Psi Psi^* with Psi the M x M^(N-1) matrix of psi (particle 1 the row). For an
 * antisymmetric normalized psi: tr A = N and 0 <= A <= 1; for a Slater determinant A is the
 * projector onto its orbitals. Cost O(M^(N+1)) (half of it by Hermitian symmetry), allocates
 * 2 M^2 doubles.
 */
export function reducedDensityMatrix(psi: ManyBodyWavefunction): DenseDensityMatrix {
  const M = psi.grid.size;
  const rest = psi.data.length / (2 * M);
  const x = psi.data;
  const a = new Float64Array(2 * M * M);
  const w = psi.particles * psi.grid.cellVolume ** psi.particles;
  for (let i = 0; i < M; i++) {
    const oi = 2 * i * rest;
    for (let j = 0; j <= i; j++) {
      const oj = 2 * j * rest;
      let re = 0;
      let im = 0;
      for (let r = 0; r < 2 * rest; r += 2) {
        const ar = x[oi + r];
        const ai = x[oi + r + 1];
        const br = x[oj + r];
        const bi = x[oj + r + 1];
        re += ar * br + ai * bi;
        im += ai * br - ar * bi;
      }
      a[2 * (i * M + j)] = w * re;
      a[2 * (i * M + j) + 1] = w * im;
      a[2 * (j * M + i)] = w * re;
      a[2 * (j * M + i) + 1] = -w * im;
    }
    a[2 * (i * M + i) + 1] = 0;
  }
  return createDenseDensityMatrix(psi.grid, psi.epsilon, a);
}
