import type { StudyConfig } from "./config-types.js";
import { STUDY_GUARD_THRESHOLDS, velocityRinging } from "./guards.js";
import type { RowGuards } from "./resolution-types.js";

/**
 * A value above its threshold and the threshold, printed with `digits` significant digits, or
 * more (up to 6) until the two read differently: "1 % ... more than the tolerance 1 %" was
 * printed for 1.04 %. `scale` multiplies both (100 for percent). Cost O(1).
 */
export function aboveThreshold(
  value: number,
  threshold: number,
  digits: number,
  scale = 1,
): [string, string] {
  const text = (x: number, p: number) => {
    if (!Number.isFinite(x)) return x > 0 ? "inf" : String(x);
    const y = scale * x;
    return Math.abs(y) >= 1e-3 && Math.abs(y) < 1e4
      ? String(Number(y.toPrecision(p)))
      : y.toExponential(p - 1);
  };
  let p = digits;
  while (p < 6 && text(value, p) === text(threshold, p)) p++;
  return [text(value, p), text(threshold, p)];
}

/**
 * The soft guards a row exceeds (`STUDY_GUARD_THRESHOLDS`, the `soft` values; the hard ones
 * stopped the task already), one sentence each naming the quantity, its threshold and the
 * parameter to change; a guard that is not finite counts as exceeded. min W~: its decrease
 * (min W~_0 - min W~_t) (2 pi)^d against `minWDecrease` (a Casimir of the flow, see there).
 * Cost O(1).
 */
export function softGuardReasons(guards: RowGuards | undefined, config: StudyConfig): string[] {
  if (!guards) return [];
  const th = STUDY_GUARD_THRESHOLDS;
  const { dt } = config.dynamics;
  const checks: [number, number, string, string][] = [
    [
      guards.quantumEdgeMass,
      th.edgeMass.soft,
      "of int rho lies at the edges of the quantum box",
      `raise grid.box (now ${config.grid.box})`,
    ],
    [
      guards.vlasovEdgeMass,
      th.edgeMass.soft,
      "of int rho~ lies at the edges of the Vlasov position box",
      `raise grid.box (now ${config.grid.box}; the Vlasov grid spans the same box)`,
    ],
    [
      guards.velocityEdgeMass,
      th.velocityEdgeMass.soft,
      "of int |W~| lies at the edges of the velocity box",
      `raise vlasov.vMax (now ${config.vlasov.vMax}); ${velocityRinging(config.vlasov.nv)}`,
    ],
    [
      guards.spectralTail,
      th.spectralTail.soft,
      "of tr omega lies in the top eighth of the quantum grid's momenta",
      `refine the quantum grid: raise grid.vMax (now ${config.grid.vMax}) or set grid.dxOverEps`,
    ],
    [
      guards.particleDriftQuantum,
      th.particleDrift.soft,
      "relative drift of tr omega",
      `lower dynamics.dt (now ${dt})`,
    ],
    [
      guards.massDriftVlasov,
      th.particleDrift.soft,
      "relative drift of int W~",
      `lower dynamics.dt (now ${dt}) or raise vlasov.nx and vlasov.nv`,
    ],
    [
      guards.energyDriftQuantum,
      th.energyDrift.soft,
      "relative drift of E_HF",
      `lower dynamics.dt (now ${dt}) or use dynamics.splitting "order4"`,
    ],
    [
      guards.energyDriftVlasov,
      th.energyDrift.soft,
      "relative drift of E_Vlasov",
      `lower dynamics.dt (now ${dt}) or raise vlasov.nx and vlasov.nv`,
    ],
  ];
  // min W~ is conserved by the flow: a decrease is negative mass the Vlasov grid created.
  const onWigner = config.vlasov.grid === "wigner";
  if (guards.minW !== undefined && guards.minW0 !== undefined)
    checks.push([
      (guards.minW0 - guards.minW) * (2 * Math.PI) ** config.dimension,
      th.minWDecrease.soft,
      "decrease of min W~ from t = 0 (in units of the Pauli bound (2 pi)^-d): negative values the Vlasov interpolation created",
      onWigner
        ? "refine the quantum grid (grid.dxOverEps; W~ lives on its Wigner grid) or lower dynamics.dt"
        : `raise vlasov.nx and vlasov.nv (now ${config.vlasov.nx}, ${config.vlasov.nv})`,
    ]);
  const reasons: string[] = [];
  for (const [value, soft, what, fix] of checks) {
    if (value === undefined || value <= soft) continue;
    const [shown, limit] = aboveThreshold(value, soft, 2);
    reasons.push(`guard: ${shown} ${what} (above ${limit}): ${fix}`);
  }
  return reasons;
}
