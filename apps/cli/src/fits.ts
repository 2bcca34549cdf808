import { fitRate, type StudyConfig, theoremExponents } from "@semiclassical/metrics";
import { rowEpsilon, rowQuantities, sameTime, type StoredRow } from "./rows.js";

/** A fitted convergence rate of one quantity at one sample time, over the N of the study. */
export interface RateRecord {
  quantity: string;
  t: number;
  /** Measured exponent r in quantity ~ C eps^r. */
  slope: number;
  /** Standard error of the slope (null with only two points). */
  slopeStdError: number | null;
  intercept: number;
  /** 95% confidence interval of the slope (null with only two points). */
  slopeInterval: [number, number] | null;
  rSquared: number;
  points: number;
}

/** An exponent predicted by a theorem, printed and plotted beside the measured rates. */
export interface TheoremLine {
  name: string;
  exponent: number;
  note: string;
}

/**
 * The theorems' exponents for the config's interaction (per-particle trace norm vs eps):
 * Theorem 1 (alpha in (0, 1/2)) and Theorem 2 (alpha up to 1) for power kernels, 1 for smooth
 * kernels; none for V = 0 (the distance must be at round-off).
 */
export function theoremLines(config: StudyConfig): TheoremLine[] {
  const v = config.interaction;
  if (v.kind === "none") return [];
  if (v.kind === "gaussian") {
    return [{ name: "smooth V", exponent: 1, note: "regular interaction: tr|.|/N <= C eps" }];
  }
  const alpha = v.kind === "coulomb" ? 1 : v.alpha;
  const exponents = theoremExponents(alpha);
  const lines: TheoremLine[] = [];
  if (exponents.theorem1 !== undefined) {
    lines.push({
      name: "Theorem 1",
      exponent: exponents.theorem1,
      note: `11/12 - alpha/2 with alpha = ${alpha}`,
    });
  }
  if (exponents.theorem2 !== undefined) {
    lines.push({
      name: "Theorem 2",
      exponent: exponents.theorem2,
      note: "if ||rho_[x,omega~_t]||_Lp <= C N eps",
    });
  }
  if (v.kind === "soft-power") lines.unshift({ name: "smooth V", exponent: 1, note: "softened kernel" });
  return lines;
}

/**
 * Fits log(quantity) against log(eps) over the rows at each sample time, for every quantity that
 * is finite and > 0 in at least two rows with distinct eps. Cost O(rows * quantities).
 */
export function fitRates(
  config: StudyConfig,
  rows: readonly StoredRow[],
  quantities: readonly string[],
): RateRecord[] {
  const out: RateRecord[] = [];
  for (const t of config.dynamics.times) {
    const atT = rows.filter((r) => sameTime(r.t, t, config.dynamics.dt));
    for (const quantity of quantities) {
      const eps: number[] = [];
      const values: number[] = [];
      for (const row of atT) {
        const value = rowQuantities(row).get(quantity);
        if (value !== undefined && value > 0 && Number.isFinite(value)) {
          eps.push(rowEpsilon(row, config.dimension));
          values.push(value);
        }
      }
      if (new Set(eps).size < 2) continue;
      const fit = fitRate(eps, values);
      const finite = Number.isFinite(fit.slopeStdError);
      out.push({
        quantity,
        t,
        slope: fit.slope,
        slopeStdError: finite ? fit.slopeStdError : null,
        intercept: fit.intercept,
        slopeInterval: finite ? [fit.slopeInterval[0], fit.slopeInterval[1]] : null,
        rSquared: fit.rSquared,
        points: fit.points,
      });
    }
  }
  return out;
}
