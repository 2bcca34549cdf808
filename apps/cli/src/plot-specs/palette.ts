/** The colours of the plot specs (Observable Plot's "observable10" scheme, in its order). */
export const PALETTE = [
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
  "#9c6b4e",
  "#9498a0",
] as const;

/** Data points (measured values). */
export const DATA_COLOR = "#ff725c";
/** The least-squares fit. */
export const FIT_COLOR = "#4269d0";
/** Theorem lines, one grey per theorem. */
export const THEOREM_COLORS = ["#555555", "#999999", "#333333"] as const;

/** THEORY.md's symbols for the study's metrics: the label of a distance axis. */
export const METRIC_SYMBOL: Readonly<Record<string, string>> = {
  "trace-norm": "(1/N) tr|ω_t − ω̃_t|",
  "hilbert-schmidt": "N^(−1/2) ‖ω_t − ω̃_t‖_HS",
  "density-l1": "‖ρ_t − ρ̃_t‖_1",
  "wigner-l2": "‖W_t − W̃_t‖_2",
  commutator: "(1/N) tr|[x, ω_t]|",
  "rho-commutator": "(1/N) ‖ρ_[x, ω̃_t]‖_∞",
};

/** The axis label of a metric (its THEORY.md symbol, or the name itself). */
export function metricLabel(metric: string): string {
  return METRIC_SYMBOL[metric] ?? metric;
}
