/**
 * Names of the metrics the study can compute at each (N, t) (THEORY.md section 1), where
 * omega_t is the Hartree(-Fock) solution and omega~_t = Weyl(W~_t) the Weyl quantized Vlasov one:
 * - "trace-norm": (1/N) tr|omega_t - omega~_t| (the seed's central quantity).
 * - "hilbert-schmidt": ||omega_t - omega~_t||_HS / sqrt(N). This is the per-particle scale: for
 *   fermions 0 <= omega <= 1 gives ||omega||_HS^2 = tr omega^2 <= tr omega = N, so the quotient is
 *   O(1) for O(1) relative differences, whereas (1/N) ||.||_HS would shrink like N^(-1/2) for any
 *   states; it equals (2 pi / eps)^(d/2) ||W_t - W~_t||_L2 / sqrt(N) = (2 pi)^(d/2) ||W_t - W~_t||_L2
 *   (Plancherel).
 * - "density-l1": ||rho_t - rho~_t||_L1 (with the bound check <= (1/N) tr|omega_t - omega~_t|).
 * - "wigner-l2": ||W_t - W~_t||_L2 on phase space.
 * - "commutator": (1/N) tr|[x, omega_t]| (semiclassical commutator bound: <= C eps).
 * - "rho-commutator": (1/N) ||rho_{|[x_i, omega~_t]|}||_{L^p}, p = 1, 2, infinity (Theorem 2's
 *   hypothesis, <= C eps on the same per-particle scale as "commutator").
 * - "schatten": N^(-1/p) ||omega_t - omega~_t||_p for each p of the study's `schattenP`
 *   (THEORY.md section 6; p = 1, 2 equal "trace-norm" and "hilbert-schmidt", p = inf is the
 *   largest |eigenvalue|).
 * - "proof-terms": the terms of the seed's Duhamel bound over time (THEORY.md section 6):
 *   (1/(N eps)) tr|[V * (rho_s - rho~_s), omega~_s]|, (1/(N eps)) tr|B_s|, for Hartree-Fock
 *   (1/(N eps)) tr|[X_s, omega_s]|, and their time integral, the bound on (1/N) tr|omega_t - omega~_t|.
 *   Computed by the study (it needs the dynamics between the rows), not by compareDensityMatrices.
 * - "commutator-scaling": sup_y tr|[chi_(r,y), omega~_t]| / (N eps) for a few radii r and the
 *   fitted exponent of r (the proof's tr|[chi_(r,y), omega~]| <~ sqrt(r) N eps). Computed by the
 *   study.
 */
export const METRIC_NAMES = [
  "trace-norm",
  "hilbert-schmidt",
  "density-l1",
  "wigner-l2",
  "commutator",
  "rho-commutator",
  "schatten",
  "proof-terms",
  "commutator-scaling",
] as const;

/** One of {@link METRIC_NAMES}. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Metrics computed when the config names none. */
export const DEFAULT_METRICS: readonly MetricName[] = Object.freeze([
  "trace-norm",
  "hilbert-schmidt",
  "density-l1",
  "wigner-l2",
]);
