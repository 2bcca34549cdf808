import type { ExternalPotential, Grid, InteractionKernel } from "@semiclassical/grid";
import {
  axisWaveNumbers,
  FreeSpaceConvolution,
  fftN,
  isSingularKernel,
  kernelValue,
  noExternalPotential,
  ParameterError,
  requireKernel,
  requirePositive,
  samplePotential,
} from "@semiclassical/grid";
import { gramMatrix, lowestEigenstates } from "@semiclassical/quantum";
import { DEFAULT_MAX_BYTES, requireMemory } from "./memory.js";

/**
 * M orthonormal one-particle orbitals on a grid (sum_i conj(phi_p(x_i)) phi_q(x_i) dx^d =
 * delta_pq), the one-particle space of the basis method: M blocks of grid.size interleaved
 * complex values (orbital p at offset 2 p grid.size).
 */
export interface OrbitalBasis {
  readonly grid: Grid;
  readonly size: number;
  readonly orbitals: Float64Array;
}

/**
 * Validates and wraps M orbitals (orthonormal on the grid to `tolerance`, default 1e-8; a
 * ParameterError names the worst pair). Cost O(M^2 grid.size).
 */
export function createOrbitalBasis(
  grid: Grid,
  orbitals: Float64Array,
  size: number,
  tolerance = 1e-8,
): OrbitalBasis {
  if (!Number.isInteger(size) || size < 1 || orbitals.length !== 2 * size * grid.size) {
    throw new ParameterError(
      "orbitals",
      `must hold M = ${size} blocks of 2 grid.size = ${2 * grid.size} doubles, got ${orbitals.length}`,
    );
  }
  const g = gramMatrix(grid, orbitals, size);
  for (let p = 0; p < size; p++) {
    for (let q = 0; q < size; q++) {
      const dev = Math.hypot(g[2 * (p * size + q)] - (p === q ? 1 : 0), g[2 * (p * size + q) + 1]);
      if (dev > tolerance) {
        throw new ParameterError(
          "orbitals",
          `are not orthonormal on the grid: |<phi_${p}|phi_${q}> - delta| = ${dev.toExponential(3)} > ${tolerance}`,
        );
      }
    }
  }
  return Object.freeze({ grid, size, orbitals });
}

/**
 * The M lowest eigenstates of h_0 = -kappa eps^2 Laplacian + V_ext(., t = 0) on the grid
 * (quantum's lowestEigenstates, real orbitals) as a basis. Cost: that of lowestEigenstates.
 */
export function trapBasis(
  grid: Grid,
  options: { epsilon: number; kappa?: number; externalPotential: ExternalPotential; size: number },
): OrbitalBasis {
  const potential = samplePotential(grid, options.externalPotential, 0);
  const eig = lowestEigenstates(grid, {
    epsilon: options.epsilon,
    kappa: options.kappa ?? 1,
    potential,
    count: options.size,
  });
  return Object.freeze({ grid, size: options.size, orbitals: eig.orbitals });
}

/** kappa eps^2 |k|^2 at every FFT-ordered wave vector of the grid (row-major). Cost O(size). */
function kineticSymbol(grid: Grid, epsilon: number, kappa: number): Float64Array {
  const ks = grid.shape.map((_, a) => axisWaveNumbers(grid, a));
  const out = new Float64Array(grid.size);
  const index = new Array<number>(grid.dimension).fill(0);
  for (let q = 0; q < grid.size; q++) {
    let k2 = 0;
    for (let a = 0; a < grid.dimension; a++) k2 += ks[a][index[a]] ** 2;
    out[q] = kappa * epsilon * epsilon * k2;
    for (let a = grid.dimension - 1; a >= 0; a--) {
      if (++index[a] < grid.shape[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

/**
 * One-body integrals h_pq = <phi_p| -kappa eps^2 Laplacian + V_ext(., t) |phi_q> (spectral
 * Laplacian, V_ext sampled: the Galerkin projection of the grid operator). Interleaved complex
 * M x M, Hermitian. Cost O(M grid.size log grid.size + M^2 grid.size).
 */
export function oneBodyIntegrals(
  basis: OrbitalBasis,
  options: {
    epsilon: number;
    kappa?: number;
    externalPotential?: ExternalPotential;
    time?: number;
  },
): Float64Array {
  const { grid, size: M, orbitals } = basis;
  requirePositive("epsilon", options.epsilon);
  const symbol = kineticSymbol(grid, options.epsilon, options.kappa ?? 1);
  const v = samplePotential(
    grid,
    options.externalPotential ?? noExternalPotential,
    options.time ?? 0,
  );
  const n = grid.size;
  const hphi = new Float64Array(2 * M * n);
  for (let q = 0; q < M; q++) {
    const view = hphi.subarray(2 * q * n, 2 * (q + 1) * n);
    view.set(orbitals.subarray(2 * q * n, 2 * (q + 1) * n));
    fftN(view, grid.shape, "forward");
    for (let j = 0; j < n; j++) {
      view[2 * j] *= symbol[j];
      view[2 * j + 1] *= symbol[j];
    }
    fftN(view, grid.shape, "inverse");
    for (let i = 0; i < n; i++) {
      hphi[2 * (q * n + i)] += v[i] * orbitals[2 * (q * n + i)];
      hphi[2 * (q * n + i) + 1] += v[i] * orbitals[2 * (q * n + i) + 1];
    }
  }
  const h = new Float64Array(2 * M * M);
  for (let p = 0; p < M; p++) {
    for (let q = 0; q < M; q++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        const ar = orbitals[2 * (p * n + i)];
        const ai = orbitals[2 * (p * n + i) + 1];
        const br = hphi[2 * (q * n + i)];
        const bi = hphi[2 * (q * n + i) + 1];
        re += ar * br + ai * bi;
        im += ar * bi - ai * br;
      }
      h[2 * (p * M + q)] = re * grid.cellVolume;
      h[2 * (p * M + q) + 1] = im * grid.cellVolume;
    }
  }
  // symmetrize the round-off: h = (h + h^*)/2
  for (let p = 0; p < M; p++) {
    for (let q = 0; q < p; q++) {
      const a = 2 * (p * M + q);
      const b = 2 * (q * M + p);
      const re = 0.5 * (h[a] + h[b]);
      const im = 0.5 * (h[a + 1] - h[b + 1]);
      h[a] = re;
      h[a + 1] = im;
      h[b] = re;
      h[b + 1] = -im;
    }
    h[2 * (p * M + p) + 1] = 0;
  }
  return h;
}

/** How {@link twoBodyIntegrals} convolves the pair products. */
export type PairQuadrature = "sampled" | "free-space";

/**
 * Aperiodic discrete convolution W_a = sum_b V(x_a - x_b) f_b dx^d with the kernel sampled at the
 * grid differences, by a zero-padded (2n)^d FFT: exactly the quadrature of the grid method.
 */
class SampledConvolution {
  private readonly spectrum: Float64Array;
  private readonly padded: number[];
  private readonly work: Float64Array;
  constructor(
    private readonly grid: Grid,
    kernel: InteractionKernel,
  ) {
    const d = grid.dimension;
    this.padded = grid.shape.map((n) => 2 * n);
    const size = this.padded.reduce((a, b) => a * b, 1);
    const t = new Float64Array(2 * size);
    const index = new Array<number>(d).fill(0);
    for (let q = 0; q < size; q++) {
      let r2 = 0;
      let skip = false;
      for (let a = 0; a < d; a++) {
        const n = grid.shape[a];
        const m = index[a] < n ? index[a] : index[a] - 2 * n;
        if (index[a] === n) skip = true;
        r2 += (m * grid.spacing[a]) ** 2;
      }
      if (!skip) t[2 * q] = kernelValue(kernel, Math.sqrt(r2)) * grid.cellVolume;
      for (let a = d - 1; a >= 0; a--) {
        if (++index[a] < this.padded[a]) break;
        index[a] = 0;
      }
    }
    fftN(t, this.padded, "forward");
    this.spectrum = t;
    this.work = new Float64Array(2 * size);
  }

  convolveComplex(f: Float64Array): Float64Array {
    const { grid, padded, work } = this;
    const d = grid.dimension;
    work.fill(0);
    const index = new Array<number>(d).fill(0);
    for (let i = 0; i < grid.size; i++) {
      let q = 0;
      for (let a = 0; a < d; a++) q = q * padded[a] + index[a];
      work[2 * q] = f[2 * i];
      work[2 * q + 1] = f[2 * i + 1];
      for (let a = d - 1; a >= 0; a--) {
        if (++index[a] < grid.shape[a]) break;
        index[a] = 0;
      }
    }
    fftN(work, padded, "forward");
    const s = this.spectrum;
    for (let q = 0; q < work.length; q += 2) {
      const re = work[q];
      const im = work[q + 1];
      work[q] = re * s[q] - im * s[q + 1];
      work[q + 1] = re * s[q + 1] + im * s[q];
    }
    fftN(work, padded, "inverse");
    const out = new Float64Array(2 * grid.size);
    index.fill(0);
    for (let i = 0; i < grid.size; i++) {
      let q = 0;
      for (let a = 0; a < d; a++) q = q * padded[a] + index[a];
      out[2 * i] = work[2 * q];
      out[2 * i + 1] = work[2 * q + 1];
      for (let a = d - 1; a >= 0; a--) {
        if (++index[a] < grid.shape[a]) break;
        index[a] = 0;
      }
    }
    return out;
  }
}

/**
 * Two-body integrals <pq|V|rs> = int int conj(phi_p(x)) conj(phi_q(y)) V(x - y) phi_r(x) phi_s(y)
 * dx dy, as M^4 interleaved complex values at ((p M + q) M + r) M + s. Computed from the M^2
 * pair potentials W_qs = V * (conj(phi_q) phi_s) and the M^4 overlaps <phi_p, W_qs phi_r>.
 * Quadrature "sampled" (default for regular kernels): V sampled at the grid differences x_a - x_b
 * (zero-padded FFT, exactly the discrete sum of the grid method, so the basis method is the
 * Galerkin projection of the grid Hamiltonian); "free-space" (default and only choice for the
 * singular kernels power/coulomb): grid's FreeSpaceConvolution (Vico-Greengard-Ferrando, spectrally
 * accurate for resolved pair products). Memory 16 M^4 bytes, checked against maxBytes. Cost
 * M^2 convolutions O(2^d n^d log n) + O(M^4 n^d).
 */
export function twoBodyIntegrals(
  basis: OrbitalBasis,
  kernel: InteractionKernel,
  options: { quadrature?: PairQuadrature; maxBytes?: number } = {},
): Float64Array {
  const { grid, size: M, orbitals } = basis;
  requireKernel(kernel, grid.dimension);
  const n = grid.size;
  requireMemory(
    "basisSize",
    16 * M ** 4 + 16 * M * M * n,
    `M^4 = ${M ** 4} two-body integrals and M^2 pair potentials`,
    "use fewer orbitals M or raise maxBytes",
    options.maxBytes ?? DEFAULT_MAX_BYTES,
  );
  const quadrature = options.quadrature ?? (isSingularKernel(kernel) ? "free-space" : "sampled");
  if (quadrature === "sampled" && isSingularKernel(kernel)) {
    throw new ParameterError(
      "quadrature",
      `"sampled" is infinite at x = y for the ${kernel.kind} kernel; use "free-space"`,
    );
  }
  const convolution =
    quadrature === "sampled"
      ? new SampledConvolution(grid, kernel)
      : new FreeSpaceConvolution(grid, kernel);
  const pair = new Float64Array(2 * n);
  const potentials = new Float64Array(2 * M * M * n);
  for (let q = 0; q < M; q++) {
    for (let s = 0; s < M; s++) {
      for (let i = 0; i < n; i++) {
        const ar = orbitals[2 * (q * n + i)];
        const ai = orbitals[2 * (q * n + i) + 1];
        const br = orbitals[2 * (s * n + i)];
        const bi = orbitals[2 * (s * n + i) + 1];
        pair[2 * i] = ar * br + ai * bi;
        pair[2 * i + 1] = ar * bi - ai * br;
      }
      potentials.set(convolution.convolveComplex(pair), 2 * (q * M + s) * n);
    }
  }
  const out = new Float64Array(2 * M ** 4);
  const dv = grid.cellVolume;
  for (let p = 0; p < M; p++) {
    for (let r = 0; r < M; r++) {
      // f = conj(phi_p) phi_r
      for (let i = 0; i < n; i++) {
        const ar = orbitals[2 * (p * n + i)];
        const ai = orbitals[2 * (p * n + i) + 1];
        const br = orbitals[2 * (r * n + i)];
        const bi = orbitals[2 * (r * n + i) + 1];
        pair[2 * i] = ar * br + ai * bi;
        pair[2 * i + 1] = ar * bi - ai * br;
      }
      for (let q = 0; q < M; q++) {
        for (let s = 0; s < M; s++) {
          const o = 2 * (q * M + s) * n;
          let re = 0;
          let im = 0;
          for (let i = 0; i < n; i++) {
            const fr = pair[2 * i];
            const fi = pair[2 * i + 1];
            const wr = potentials[o + 2 * i];
            const wi = potentials[o + 2 * i + 1];
            re += fr * wr - fi * wi;
            im += fr * wi + fi * wr;
          }
          const index = 2 * (((p * M + q) * M + r) * M + s);
          out[index] = re * dv;
          out[index + 1] = im * dv;
        }
      }
    }
  }
  return out;
}
