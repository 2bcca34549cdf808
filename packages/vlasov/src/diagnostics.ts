/**
 * Diagnostics of a Vlasov state W at time t (THEORY.md section 1). Integrals are Riemann sums on
 * the phase-space grid (spectrally accurate for smooth W vanishing at the velocity edges).
 */
export interface VlasovDiagnostics {
  /** Time t. */
  readonly t: number;
  /** Mass int int W dx dv (= 1 in THEORY's normalization; the box length for plasma states). */
  readonly mass: number;
  /** Momentum int int v_a W dx dv per axis a. */
  readonly momentum: readonly number[];
  /** Kinetic energy kappa int int |v|^2 W. */
  readonly kineticEnergy: number;
  /** External energy int V_ext(x, t) rho(x) dx. */
  readonly externalEnergy: number;
  /** Interaction energy (1/2) int U rho dx, U = V * rho (for Vlasov-Poisson the field energy). */
  readonly interactionEnergy: number;
  /** E_Vlasov = kinetic + external + interaction (conserved when V_ext does not depend on t). */
  readonly energy: number;
  /** L2 norm (int int W^2)^{1/2} (a Casimir: conserved by the exact flow). */
  readonly l2Norm: number;
  /** min W over the grid (negative for Wigner functions; conserved by the exact flow). */
  readonly minW: number;
  /** Electric energy (1/2) int |grad U|^2 dx, U = V * rho (0 without a mean field). */
  readonly electricEnergy: number;
}
