import type { StudyConfig } from "./config-types.js";
import { STUDY_GUARD_THRESHOLDS } from "./guards.js";
import type { RowGuards } from "./resolution-types.js";

const short = (x: number) =>
  Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(1);

/**
 * The soft guards a row exceeds (`STUDY_GUARD_THRESHOLDS`, the `soft` values; the hard ones
 * stopped the task already), one sentence each naming the quantity, its threshold and the
 * parameter to change; a guard that is not finite counts as exceeded. min W~ is not judged here
 * (its threshold needs max |W~_0|, which the row does not carry). Cost O(1).
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
      `raise vlasov.vMax (now ${config.vlasov.vMax})`,
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
  const reasons: string[] = [];
  for (const [value, soft, what, fix] of checks) {
    if (value === undefined || value <= soft) continue;
    reasons.push(
      `guard: ${Number.isFinite(value) ? short(value) : String(value)} ${what} (above ${short(soft)}): ${fix}`,
    );
  }
  return reasons;
}
