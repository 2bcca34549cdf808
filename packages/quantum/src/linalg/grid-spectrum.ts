import { ParameterError } from "@semiclassical/grid";
import type { PackedHermitian } from "../conversions.js";
import { hermitianEigen, hermitianEigenvaluesOf } from "./hermitian.js";
import { reflectionAsymmetry, reflectionBlockEntry, reflectionSectors } from "./reflection.js";

/** Default of {@link GridSpectrumOptions.tolerance}. */
export const REFLECTION_SPECTRUM_TOLERANCE = 1e-13;

/** Options of {@link hermitianGridSpectrum}. */
export interface GridSpectrumOptions {
  /**
   * The sectors are used when b <= tolerance ||S||_F (default
   * {@link REFLECTION_SPECTRUM_TOLERANCE}: round-off). The Schatten norms with p <= 2 (trace
   * norm, Hilbert-Schmidt norm) then move by at most `tolerance` of themselves, as
   * ||S||_F <= ||S||_p there.
   */
  readonly tolerance?: number;
  /** false: always the full spectrum (b = 0), without the test (default true). */
  readonly sectors?: boolean;
}

/** The spectrum of {@link hermitianGridSpectrum}. */
export interface GridSpectrum {
  /** The n eigenvalues, ascending. */
  readonly values: Float64Array;
  /** True when they are the spectrum of S = (A + R A R)/2, found in the reflection's sectors. */
  readonly reflected: boolean;
  /**
   * b = sqrt(rank T) ||T||_F, T = (A - R A R)/2 (0 when not `reflected`): every Schatten norm
   * moves by at most b, | ||A||_p - ||S||_p | <= ||T||_p <= ||T||_1 <= b (p >= 1), and every
   * eigenvalue by at most ||T||_F <= b (Weyl). rank T <= 2 min(n_even, n_odd): T only couples
   * the sectors.
   */
  readonly asymmetryBound: number;
}

/**
 * The eigenvalues of a complex Hermitian n x n operator A on a grid of `shape` (n = prod n_a;
 * interleaved complex, row-major, every entry read; or its lower triangle, a PackedHermitian), in the sectors of the grid's point
 * reflection R (x - c -> c - x about the box center c, periodic) when A commutes with it:
 * A = S + T, S = (A + R A R)/2 block diagonal in the even and odd sectors, T = (A - R A R)/2.
 * When b = sqrt(rank T) ||T||_F <= tolerance ||S||_F ({@link GridSpectrumOptions}), the values are the
 * union of the two blocks' spectra (hermitianEigen of orders ~n/2) and b is reported as the bound
 * of what replacing A by S changes; otherwise hermitianEigen of A itself (b = 0). Symmetric
 * problems (a trap and an interaction even about the box center, an initial state commuting with
 * R, both dynamics preserve that) give T of round-off size. Cost O(n^2) for the test, then
 * 2 x 5.3 (n/2)^3 flops (a quarter of hermitianEigen's 5.3 n^3) or 5.3 n^3; allocates only the
 * eigensolver's workspace (the blocks' entries are read into it, never stored).
 */
export function hermitianGridSpectrum(
  shape: readonly number[],
  data: Float64Array | PackedHermitian,
  options: GridSpectrumOptions = {},
): GridSpectrum {
  const n = shape.reduce((p, m) => p * m, 1);
  const packed = !(data instanceof Float64Array);
  const values = packed ? data.data : data;
  const valid = shape.every((m) => Number.isInteger(m) && m >= 1);
  if (
    packed
      ? !valid || data.order !== n || values.length !== n * (n + 1)
      : !valid || values.length !== 2 * n * n
  ) {
    throw new ParameterError(
      "data",
      packed
        ? `must be a packed lower triangle of order n = ${n} (n (n + 1) numbers) for a grid of shape [${shape.join(", ")}], got order ${data.order} and ${values.length} numbers`
        : `must hold 2 n^2 numbers (interleaved complex n x n) for a grid of shape [${shape.join(", ")}], got ${values.length}`,
    );
  }
  const tolerance = options.tolerance ?? REFLECTION_SPECTRUM_TOLERANCE;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new ParameterError("tolerance", `must be a finite number >= 0, got ${tolerance}`);
  }
  const layout = packed ? "packed" : "complex";
  const full = (): GridSpectrum => ({
    values: packed
      ? hermitianEigenvaluesOf(n, (i, j, out) => {
          out[0] = values[i * (i + 1) + 2 * j];
          out[1] = values[i * (i + 1) + 2 * j + 1];
        })
      : hermitianEigen(n, values).values,
    reflected: false,
    asymmetryBound: 0,
  });
  if (n < 4 || options.sectors === false) return full();
  const sectors = reflectionSectors(shape);
  const { frobenius, asymmetry } = reflectionAsymmetry(sectors, values, layout);
  const rank = 2 * Math.min(sectors.evenFirst.length, sectors.oddFirst.length);
  const bound = Math.sqrt(rank) * asymmetry;
  // ||A||_F^2 = ||S||_F^2 + ||T||_F^2 (S and T are orthogonal in the Frobenius inner product)
  const symmetric = Math.sqrt(Math.max(0, frobenius * frobenius - asymmetry * asymmetry));
  if (!(bound <= tolerance * symmetric) || sectors.oddFirst.length === 0) return full();
  // Each block's entries go straight into the eigensolver's workspace (never stored: n^2/4
  // complex numbers less at the peak), the same values bit for bit as the stored block's.
  const spectrumOf = (parity: "even" | "odd", order: number) =>
    hermitianEigenvaluesOf(order, reflectionBlockEntry(sectors, values, layout, parity));
  const even = spectrumOf("even", sectors.evenFirst.length);
  const odd = spectrumOf("odd", sectors.oddFirst.length);
  const spectrum = new Float64Array(n);
  for (let k = 0, e = 0, o = 0; k < n; k++) {
    spectrum[k] = o >= odd.length || (e < even.length && even[e] <= odd[o]) ? even[e++] : odd[o++];
  }
  return { values: spectrum, reflected: true, asymmetryBound: bound };
}
