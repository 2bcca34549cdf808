import { ParameterError } from "@semiclassical/grid";

/** Inputs of {@link duhamelBound}: the proof's terms on snapshots s_0 < s_1 < ... */
export interface DuhamelTerms {
  /** Snapshot times s_k, strictly increasing (the integral starts at s_0). */
  times: readonly number[];
  /** tr|[V * (rho_s - rho~_s), omega~_s]| at each time. */
  dominant: readonly number[];
  /** tr|B_s| at each time. */
  error: readonly number[];
  /** Hartree-Fock only: tr|[X_s, omega_s]| at each time. */
  exchange?: readonly number[];
  /** The semiclassical parameter eps (the 1/eps in front of the integrals). */
  epsilon: number;
}

/** The time-integrated terms (1/eps) int_{s_0}^{s_k} (...) ds at every snapshot. */
export interface DuhamelBound {
  readonly dominant: Float64Array;
  readonly error: Float64Array;
  /** Zeros without exchange terms. */
  readonly exchange: Float64Array;
  /** Their sum: the Duhamel bound on tr|omega_t - omega~_t| (plus its value at s_0). */
  readonly bound: Float64Array;
}

function cumulativeTrapezoid(
  name: string,
  times: readonly number[],
  values: readonly number[],
  scale: number,
): Float64Array {
  if (values.length !== times.length) {
    throw new ParameterError(
      name,
      `needs one value per time (${times.length}), got ${values.length}`,
    );
  }
  const out = new Float64Array(times.length);
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k]) || values[k] < 0) {
      throw new ParameterError(
        `${name}[${k}]`,
        `must be a finite trace norm >= 0, got ${values[k]}`,
      );
    }
    if (k > 0)
      out[k] = out[k - 1] + 0.5 * (times[k] - times[k - 1]) * (values[k] + values[k - 1]) * scale;
  }
  return out;
}

/**
 * The seed's Duhamel bound (THEORY.md section 6):
 *   tr|omega_t - omega~_t| <= (1/eps) int_0^t (tr|[V * (rho_s - rho~_s), omega~_s]| + tr|B_s|
 *                             [+ tr|[X_s, omega_s]| for Hartree-Fock]) ds,
 * each integral by the trapezoidal rule over the snapshots (second order in the snapshot
 * spacing; exact for integrands linear in s). Cost O(K) for K snapshots; allocates 4 K doubles.
 */
export function duhamelBound(terms: DuhamelTerms): DuhamelBound {
  const { times, epsilon } = terms;
  if (!Array.isArray(times) || times.length === 0) {
    throw new ParameterError("times", "must be a non-empty list of snapshot times");
  }
  for (let k = 0; k < times.length; k++) {
    if (!Number.isFinite(times[k]) || (k > 0 && !(times[k] > times[k - 1]))) {
      throw new ParameterError("times", `must be finite and strictly increasing (at index ${k})`);
    }
  }
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new ParameterError("epsilon", `must be a finite number > 0, got ${epsilon}`);
  }
  const scale = 1 / epsilon;
  const dominant = cumulativeTrapezoid("dominant", times, terms.dominant, scale);
  const error = cumulativeTrapezoid("error", times, terms.error, scale);
  const exchange =
    terms.exchange === undefined
      ? new Float64Array(times.length)
      : cumulativeTrapezoid("exchange", times, terms.exchange, scale);
  const bound = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) bound[k] = dominant[k] + error[k] + exchange[k];
  return { dominant, error, exchange, bound };
}
