/**
 * Test fixtures for the eigensolvers: seeded random numbers, random unitaries, matrices with a
 * prescribed spectrum, residual norms. Not exported from the package.
 * @internal
 */
import { seededRandom } from "./random.js";

/** Standard normal samples (Box-Muller). */
export function seededGaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/**
 * Haar-like random unitary U (interleaved complex row-major n x n): modified Gram-Schmidt,
 * applied twice, on the columns of a complex Gaussian matrix. Columns orthonormal to ~1e-15.
 */
export function randomUnitary(n: number, seed: number): Float64Array {
  const gaussian = seededGaussian(seed);
  // columns stored contiguously: c[k] = column k
  const c = new Float64Array(2 * n * n);
  for (let i = 0; i < c.length; i++) c[i] = gaussian();
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < n; k++) {
      const ck = 2 * k * n;
      for (let l = 0; l < k; l++) {
        const cl = 2 * l * n;
        let re = 0;
        let im = 0;
        for (let i = 0; i < n; i++) {
          // <c_l, c_k> = sum conj(c_l) c_k
          re += c[cl + 2 * i] * c[ck + 2 * i] + c[cl + 2 * i + 1] * c[ck + 2 * i + 1];
          im += c[cl + 2 * i] * c[ck + 2 * i + 1] - c[cl + 2 * i + 1] * c[ck + 2 * i];
        }
        for (let i = 0; i < n; i++) {
          c[ck + 2 * i] -= re * c[cl + 2 * i] - im * c[cl + 2 * i + 1];
          c[ck + 2 * i + 1] -= re * c[cl + 2 * i + 1] + im * c[cl + 2 * i];
        }
      }
      let norm = 0;
      for (let i = 0; i < 2 * n; i++) norm += c[ck + i] * c[ck + i];
      norm = Math.sqrt(norm);
      for (let i = 0; i < 2 * n; i++) c[ck + i] /= norm;
    }
  }
  const u = new Float64Array(2 * n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      u[2 * (i * n + k)] = c[2 * (k * n + i)];
      u[2 * (i * n + k) + 1] = c[2 * (k * n + i) + 1];
    }
  }
  return u;
}

/** A = U diag(spectrum) U^* (interleaved complex row-major), exactly Hermitian by construction. */
export function hermitianWithSpectrum(spectrum: ArrayLike<number>, unitary: Float64Array) {
  const n = spectrum.length;
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < n; k++) {
        // U_ik lambda_k conj(U_jk)
        const ar = unitary[2 * (i * n + k)];
        const ai = unitary[2 * (i * n + k) + 1];
        const br = unitary[2 * (j * n + k)];
        const bi = unitary[2 * (j * n + k) + 1];
        re += spectrum[k] * (ar * br + ai * bi);
        im += spectrum[k] * (ai * br - ar * bi);
      }
      a[2 * (i * n + j)] = re;
      a[2 * (i * n + j) + 1] = i === j ? 0 : im;
      a[2 * (j * n + i)] = re;
      a[2 * (j * n + i) + 1] = i === j ? 0 : -im;
    }
  }
  return a;
}

/** Random Hermitian matrix with iid Gaussian entries (GUE-like). */
export function randomHermitian(n: number, seed: number): Float64Array {
  const gaussian = seededGaussian(seed);
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i)] = gaussian();
    for (let j = 0; j < i; j++) {
      const re = gaussian();
      const im = gaussian();
      a[2 * (i * n + j)] = re;
      a[2 * (i * n + j) + 1] = im;
      a[2 * (j * n + i)] = re;
      a[2 * (j * n + i) + 1] = -im;
    }
  }
  return a;
}

/** max_k ||A x_k - lambda_k x_k||_2 for interleaved complex A and eigenvector columns X. */
export function maxResidual(n: number, a: Float64Array, values: Float64Array, x: Float64Array) {
  let worst = 0;
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let re = -values[k] * x[2 * (i * n + k)];
      let im = -values[k] * x[2 * (i * n + k) + 1];
      for (let j = 0; j < n; j++) {
        const ar = a[2 * (i * n + j)];
        const ai = a[2 * (i * n + j) + 1];
        const xr = x[2 * (j * n + k)];
        const xi = x[2 * (j * n + k) + 1];
        re += ar * xr - ai * xi;
        im += ar * xi + ai * xr;
      }
      sum += re * re + im * im;
    }
    worst = Math.max(worst, Math.sqrt(sum));
  }
  return worst;
}

/** max_{k,l} |(X^* X - I)_kl| for eigenvector columns X (interleaved complex). */
export function orthonormalityError(n: number, x: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < n; k++) {
    for (let l = 0; l <= k; l++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        const ar = x[2 * (i * n + k)];
        const ai = x[2 * (i * n + k) + 1];
        const br = x[2 * (i * n + l)];
        const bi = x[2 * (i * n + l) + 1];
        re += ar * br + ai * bi;
        im += ar * bi - ai * br;
      }
      if (k === l) re -= 1;
      worst = Math.max(worst, Math.hypot(re, im));
    }
  }
  return worst;
}
