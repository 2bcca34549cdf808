/**
 * Floors and verdicts of the research quantities of the main rows (issue 15; THEORY.md section 6
 * "Verdicts"), applied by `assembleStudyResult` after the rows' own verdicts and before the fits.
 */
import type { StudyConfig } from "./config-types.js";
import { sameTime } from "./fits.js";
import type { ResearchQuantityVerdict } from "./research-metrics.js";
import type { StudyTaskRow } from "./types.js";
import { FLOOR_FRACTION } from "./verdicts.js";

const short = (x: number) =>
  Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? Number(x.toPrecision(3)) : x.toExponential(2);

/** The research quantities of a row by name (scalars; see `ResearchRowFields`). */
function quantitiesOf(row: StudyTaskRow): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of row.schatten ?? []) out.set(`schatten.p${s.p}`, s.value);
  if (row.dominantTerm !== undefined) out.set("dominantTerm", row.dominantTerm);
  if (row.errorTerm !== undefined) out.set("errorTerm", row.errorTerm);
  if (row.exchangeTerm !== undefined) out.set("exchangeTerm", row.exchangeTerm);
  if (row.duhamelBound !== undefined) out.set("duhamelBound", row.duhamelBound);
  if (row.commutatorScaling) {
    row.commutatorScaling.radii.forEach((r, k) => {
      out.set(`commutatorScaling.r${short(r)}`, row.commutatorScaling?.ratios[k] as number);
    });
  }
  return out;
}

/** Widths upper - lower of the certified Schatten intervals of a row (orbital path), by name. */
function certificateWidthsOf(row: StudyTaskRow): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of row.schatten ?? []) {
    if (s.interval) out.set(`schatten.p${s.p}`, s.interval[1] - s.interval[0]);
  }
  return out;
}

/**
 * Each research quantity q of each main row gets {value, floor, verdict, reason}
 * (`row.research[name]`):
 * - floor: q of the interaction-off row at the same (N, t) (the same omega_0, grids and dt with
 *   V = 0: for a distance, the error of the discretization chain; the proof's terms vanish there
 *   up to round-off, the dominant term exactly and tr|B| for the quadratic U~ = V_ext), or the
 *   width of q's certified interval (Schatten norms on the orbital path) when that is larger;
 * - verdict: "floor-limited" when the floor exceeds {@link FLOOR_FRACTION} of q (V = 0: always),
 *   "unverified" while the floor is missing, else the row's verdict (refinement is judged on the
 *   row's first metric).
 * Two checks are added:
 * - "duhamelCheck" (with "proof-terms" and "trace-norm"): (1/N) tr|omega_t - omega~_t| <=
 *   duhamelBound + floor, floor = the t = 0 transform error (the Duhamel expansion starts from
 *   omega~_0 = omega_0, the discrete one from Weyl(W~_0)) + the interaction-off distance at
 *   (N, t) (the discretization) + the quadrature error estimate of the bound; "holds" or
 *   "violated". A violation makes a resolved row "unresolved" (the study's numbers contradict a
 *   theorem that holds for the exact ones), with the reason.
 * - "steadyDrift" (state.kind "vlasov-steady"): see {@link steadyDriftVerdict}.
 * Pure; cost O(|main| (|interactionOff| + |refined|)).
 */
export function researchVerdicts(
  config: StudyConfig,
  main: readonly StudyTaskRow[],
  interactionOff: readonly StudyTaskRow[],
  refined: readonly StudyTaskRow[] = [],
): StudyTaskRow[] {
  const noInteraction = config.interaction.kind === "none";
  return main.map((row) => {
    const quantities = quantitiesOf(row);
    const drift = row.steadyDrift;
    if (quantities.size === 0 && drift === undefined) return row;
    const off = noInteraction
      ? row
      : interactionOff.find((r) => r.N === row.N && sameTime(r.t, row.t));
    const offQuantities = off ? quantitiesOf(off) : new Map<string, number>();
    const rowVerdict = row.resolution?.verdict ?? "unverified";
    const research: Record<string, ResearchQuantityVerdict> = {};
    const widths = certificateWidthsOf(row);
    for (const [name, value] of quantities) {
      // the certified interval's width (orbital path) is a floor as the V = 0 value is
      const width = widths.get(name) ?? 0;
      const offFloor = offQuantities.get(name);
      const floor = offFloor === undefined ? undefined : Math.max(offFloor, width);
      if (noInteraction) {
        research[name] = {
          value,
          floor: value,
          verdict: "floor-limited",
          reason: "V = 0: the quantity is its own floor",
        };
      } else if (floor === undefined) {
        research[name] = {
          value,
          verdict: "unverified",
          reason: "the V = 0 floor has not run yet",
        };
      } else if (!(Math.abs(floor) <= FLOOR_FRACTION * Math.abs(value))) {
        research[name] = {
          value,
          floor,
          verdict: "floor-limited",
          reason:
            width > (offFloor as number)
              ? `the certified interval's width ${short(width)} is more than ${100 * FLOOR_FRACTION} % of ${short(value)}: lower traceNorm.target or raise maxMemory (a larger subspace)`
              : `the V = 0 value ${short(floor)} is more than ${100 * FLOOR_FRACTION} % of ${short(value)}: raise vlasov.nx and vlasov.nv (now ${config.vlasov.nx}, ${config.vlasov.nv}) or lower dynamics.dt (now ${config.dynamics.dt})`,
        };
      } else {
        research[name] = { value, floor, verdict: rowVerdict };
      }
    }
    let violation: string | undefined;
    if (row.duhamelBound !== undefined && row.traceNorm !== undefined) {
      const zero = main.find((m) => m.N === row.N && m.t === 0);
      const transform = zero?.traceNorm ?? 0;
      // at t = 0 the bound is 0 and the distance is the transform floor itself
      const offDistance = row.t === 0 ? 0 : off?.traceNorm;
      if (offDistance === undefined) {
        research.duhamelCheck = {
          value: row.traceNorm,
          verdict: "unverified",
          reason: "the V = 0 floor has not run yet",
        };
      } else {
        const floor = transform + offDistance + (row.duhamelQuadratureError ?? 0);
        const holds = row.traceNorm <= row.duhamelBound + floor;
        research.duhamelCheck = {
          value: row.traceNorm,
          floor: row.duhamelBound + floor,
          verdict: holds ? "holds" : "violated",
          ...(holds
            ? {}
            : {
                reason: `(1/N) tr|omega_t - omega~_t| = ${short(row.traceNorm)} exceeds the Duhamel bound ${short(row.duhamelBound)} plus its floor ${short(floor)}: the proof's terms are not resolved in time or space; lower dynamics.dt (now ${config.dynamics.dt}) or refine the grids`,
              }),
        };
        if (!holds) violation = research.duhamelCheck.reason;
      }
    }
    if (drift !== undefined) research.steadyDrift = steadyDriftVerdict(row, drift, main, refined);
    const resolution = row.resolution ?? {};
    const downgraded =
      violation !== undefined && resolution.verdict === "resolved"
        ? { verdict: "unresolved" as const, reasons: [...(resolution.reasons ?? []), violation] }
        : violation !== undefined
          ? { reasons: [...(resolution.reasons ?? []), violation] }
          : {};
    return { ...row, research, resolution: { ...resolution, ...downgraded } };
  });
}

/**
 * The verdict of the drift d = ||W~_t - W~_0||_2 / ||W~_0||_2 of a Vlasov steady state. W~_0 =
 * W_0 = Wigner(Weyl(f)) differs from f only by the clipping of omega_0 and the resampling,
 * delta = ||W_0 - f||_2 / ||f||_2 of the t = 0 row, and the measure-preserving flow keeps
 * ||W~_t - f o Phi_t||_2 = ||W_0 - f||_2, so a steady f allows d <= 2 delta; the discrete flow
 * (Strang splitting) keeps a modified steady state, so d also carries an O(dt^2) part. With the dt
 * refinement of the same N (d' at dt / 2) the dt -> 0 drift is extrapolated, d_0 = (4 d' - d) / 3
 * (Richardson, order 2), and the floor is max(2 delta, FLOOR_FRACTION d): "steady" when
 * d <= 2 delta or d_0 <= floor, "moving" when d_0 exceeds it, "unverified" while the dt
 * refinement has not run. Cost O(|main| + |refined|).
 */
function steadyDriftVerdict(
  row: StudyTaskRow,
  drift: number,
  main: readonly StudyTaskRow[],
  refined: readonly StudyTaskRow[],
): ResearchQuantityVerdict {
  const zero = main.find((m) => m.N === row.N && m.t === 0);
  const deviation = zero?.steadyState?.relativeWignerDistance;
  if (deviation === undefined) {
    return {
      value: drift,
      verdict: "unverified",
      reason: "the t = 0 row with ||W_0 - f|| has not run yet",
    };
  }
  if (drift <= 2 * deviation) return { value: drift, floor: 2 * deviation, verdict: "steady" };
  const halved = refined.find(
    (r) =>
      r.refine === "dt" && r.N === row.N && sameTime(r.t, row.t) && r.steadyDrift !== undefined,
  )?.steadyDrift;
  if (halved === undefined) {
    return {
      value: drift,
      floor: 2 * deviation,
      verdict: "unverified",
      reason: `W~_t moved by ${short(drift)} (relative L2), more than 2 ||W_0 - f|| / ||f|| = ${short(2 * deviation)}; the dt refinement at this (N, t), which tells the splitting error from a motion, has not run (resolution "verified" runs it at the last time)`,
    };
  }
  const extrapolated = Math.max(0, (4 * halved - drift) / 3);
  const floor = Math.max(2 * deviation, FLOOR_FRACTION * drift);
  return extrapolated <= floor
    ? { value: drift, floor, verdict: "steady" }
    : {
        value: drift,
        floor,
        verdict: "moving",
        reason: `W~_t moved by ${short(drift)} (relative L2; ${short(halved)} with dt / 2, extrapolated to dt -> 0: ${short(extrapolated)}), more than the floor ${short(floor)}: the state is not steady for the dynamics (state.trap and dynamics.trap must agree) or the Vlasov grid does not resolve it (vlasov.nx, vlasov.nv)`,
      };
}
