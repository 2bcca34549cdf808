import type { MetricName } from "@semiclassical/metrics";
import type { StudyConfig } from "./config-types.js";
import { sameTime, studyMetricValue } from "./fits.js";
import { aboveThreshold, softGuardReasons } from "./guard-verdicts.js";
import type { StudyPlan } from "./plan.js";
import type {
  RefinedDiscretization,
  ResolutionMode,
  RowResolution,
  RowVerdict,
} from "./resolution-types.js";
import type { StudyTaskRow } from "./types.js";

/**
 * What to change when a row's certified interval is too wide, from how the certificate ended
 * (row.resolution.certificate): the band narrowed to fit maxMemory (most of the width is what it
 * drops), the subspace at its largest dimension before the target, or the target itself.
 */
function certificateFix(row: StudyTaskRow, config: StudyConfig): string {
  const ending = row.resolution?.certificate;
  const width = row.resolution?.floors?.certificate;
  const target = config.traceNorm?.target ?? 1e-3;
  if (ending === undefined || width === undefined) return `lower traceNorm.target (now ${target})`;
  if (ending.truncation >= 0.5 * width) {
    return (
      `${short(ending.truncation)} of it is the Weyl band narrowed to fit maxMemory (what it drops, ` +
      "bounded by sqrt(n^d) ||E||_HS): raise maxMemory, or raise vlasov.nv when the dropped part is " +
      "large (the kernel at the band's edge is not small: W~ is under-resolved in v)"
    );
  }
  if (!ending.converged && ending.subspaceDimension >= ending.maxDimension) {
    return (
      `the subspace reached its largest dimension ${ending.maxDimension} before the target ${target}: ` +
      `raise traceNorm.maxDimension (now ${config.traceNorm?.maxDimension ?? 400}; 16 n^d bytes per ` +
      "vector, within maxMemory)"
    );
  }
  return `lower traceNorm.target (now ${target})`;
}

/** A floor above this fraction of the row's distance makes the row "floor-limited" (THEORY.md 6). */
export const FLOOR_FRACTION = 0.1;

/** Default of config.tolerance: the largest relative change under refinement of a resolved row. */
export const DEFAULT_TOLERANCE = 0.01;

/** The discretizations in the order verdicts and reports list them. */
export const REFINED_DISCRETIZATIONS: readonly RefinedDiscretization[] = [
  "quantum-grid",
  "vlasov-grid",
  "dt",
];

/**
 * How a config verifies its rows: config.resolution (default "verified") and config.tolerance
 * (default {@link DEFAULT_TOLERANCE}). Cost O(1).
 */
export function resolutionSettings(config: StudyConfig): {
  mode: ResolutionMode;
  tolerance: number;
} {
  // A config resolved before these fields existed (stored results.json) lacks them.
  const c = config as Partial<Pick<StudyConfig, "resolution" | "tolerance">>;
  return { mode: c.resolution ?? "verified", tolerance: c.tolerance ?? DEFAULT_TOLERANCE };
}

/** The rows used to judge the main rows (see {@link studyVerdicts}). */
export interface VerdictInputs {
  /** Main rows (one per N and t), including the t = 0 rows when measured. */
  readonly main: readonly StudyTaskRow[];
  /** Interaction-off rows (V != 0; for V = 0 the main rows are their own floor). */
  readonly interactionOff: readonly StudyTaskRow[];
  /** Refinement rows carrying `refine` (resolution "verified"). */
  readonly refined: readonly StudyTaskRow[];
  /**
   * state.trap "coulomb": the rows of the tasks rerun with the softening halved (phase
   * "softening"); their |d(a/2) - d(a)| is the row's floor `softening`. Absent: no such floor.
   */
  readonly softening?: readonly StudyTaskRow[];
  /**
   * `resolution: "adaptive"` (`adaptivePlan`): the final change of each discretization for a
   * row (instead of the lookup among `refined`), why a refinement stopped above the tolerance
   * (the budget to raise, instead of the parameter), and further reasons (the combined change).
   */
  readonly adaptive?: AdaptiveVerdictHooks;
}

/** What `resolution: "adaptive"` tells {@link studyVerdicts} (see {@link VerdictInputs}). */
export interface AdaptiveVerdictHooks {
  readonly change: (
    row: StudyTaskRow,
    which: RefinedDiscretization,
  ) => { change: number; N: number; t: number } | undefined;
  readonly stopReason: (row: StudyTaskRow, which: RefinedDiscretization) => string | undefined;
  readonly extraReasons: (row: StudyTaskRow) => readonly string[];
  /** The nucleus softening floor of a row (a Coulomb trap): round 0's, at the unrefined levels. */
  readonly softening?: (row: StudyTaskRow) => number | undefined;
}

/**
 * |refined - original| / |original| of two distances (0 when both are 0; a NaN change counts
 * as infinite, so it is never below a tolerance). Cost O(1).
 */
export function relativeChange(original: number, refined: number): number {
  const change =
    original === 0 && refined === 0 ? 0 : Math.abs(refined - original) / Math.abs(original);
  return Number.isNaN(change) ? Infinity : change;
}

/** The row's distance: its first metric's scalar (the one floors and refinements are judged on). */
function distanceOf(row: StudyTaskRow, metric: MetricName): number | undefined {
  return studyMetricValue(row, metric);
}

/**
 * A row's distance as a floor of other rows: for the trace norm of the orbital path (issue 13)
 * the upper end of its certified interval (a floor is never underestimated), else the distance.
 */
function floorOf(row: StudyTaskRow, metric: MetricName): number | undefined {
  if (metric === "trace-norm" && row.traceNormInterval) return row.traceNormInterval[1];
  return distanceOf(row, metric);
}

/** "a % of the distance d, more than b %": a floor's share of d beside FLOOR_FRACTION, readably apart. */
function share(floor: number, d: number): string {
  const [fraction, limit] = aboveThreshold(floor / d, FLOOR_FRACTION, 2, 100);
  return `${fraction} % of the distance ${short(d)}, more than ${limit} %`;
}
const short = (x: number) =>
  Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? Number(x.toPrecision(3)) : x.toExponential(2);

/** The parameter to change when a discretization is not resolved, with its current value. */
function remedy(which: RefinedDiscretization, config: StudyConfig, plan: StudyPlan, N: number) {
  switch (which) {
    case "dt":
      return `lower dynamics.dt (now ${config.dynamics.dt})`;
    case "vlasov-grid":
      return `raise vlasov.nx and vlasov.nv (now ${config.vlasov.nx}, ${config.vlasov.nv})${
        config.dimension === 1 ? ' or set vlasov.grid to "wigner"' : ""
      }`;
    case "quantum-grid": {
      const entry = plan.entries.find((e) => e.N === N);
      const dxOverEps = entry ? Math.max(...entry.grid.spacing) / entry.epsilon : undefined;
      return `refine the quantum grid: set grid.dxOverEps below ${
        dxOverEps === undefined ? "dx / eps" : short(dxOverEps / 1.5)
      } (now ${config.grid.dxOverEps ?? "auto"}) or raise grid.vMax (now ${config.grid.vMax})`;
    }
  }
}

const WHAT: Record<RefinedDiscretization, string> = {
  "quantum-grid": "doubling the quantum grid's points",
  "vlasov-grid": "doubling the Vlasov grid (nx, nv)",
  dt: "halving dt",
};

/**
 * The refinement change of one discretization for a row: |refined - original| / |original| at
 * the row's own (N, t) when that refinement ran there; otherwise the worst change measured for
 * it at the row's N, otherwise at the larger N (the finest N stands for the coarser ones: the
 * quantum grid follows eps, the Vlasov grid and dt are hardest at the smallest eps). Undefined
 * when none is measured yet.
 */
function changeFor(
  row: StudyTaskRow,
  which: RefinedDiscretization,
  inputs: VerdictInputs,
  metric: MetricName,
): { change: number; N: number; t: number } | undefined {
  const measured: { change: number; N: number; t: number }[] = [];
  for (const r of inputs.refined) {
    if (r.refine !== which) continue;
    const o = inputs.main.find((m) => m.N === r.N && sameTime(m.t, r.t));
    const a = o ? distanceOf(o, metric) : undefined;
    const b = distanceOf(r, metric);
    if (a === undefined || b === undefined) continue;
    measured.push({ change: relativeChange(a, b), N: r.N, t: r.t });
  }
  const own = measured.find((m) => m.N === row.N && sameTime(m.t, row.t));
  if (own) return own;
  const worst = (list: typeof measured) =>
    list.reduce<(typeof measured)[number] | undefined>(
      (w, m) => (w === undefined || m.change > w.change ? m : w),
      undefined,
    );
  return worst(measured.filter((m) => m.N === row.N)) ?? worst(measured.filter((m) => m.N > row.N));
}

/**
 * The refinements a verified study runs for this config: all three, but none of the Vlasov grid
 * when W~ lives on the Wigner grid (V = 0 by default, or vlasov.grid "wigner"), unless its rows
 * are there.
 */
function expectedRefinements(config: StudyConfig, inputs: VerdictInputs): RefinedDiscretization[] {
  // V = 0: only the refinements whose rows are there (its rows are floor-limited in any case)
  if (config.interaction.kind === "none")
    return REFINED_DISCRETIZATIONS.filter((d) => inputs.refined.some((r) => r.refine === d));
  const onWigner = config.vlasov.grid === "wigner";
  const vlasovRows = inputs.refined.some((r) => r.refine === "vlasov-grid");
  return REFINED_DISCRETIZATIONS.filter((d) => d !== "vlasov-grid" || !onWigner || vlasovRows);
}

/**
 * The trust record of every main row (THEORY.md section 6, "Verdicts"), keeping the guards the
 * row was computed with: `floors` (transform: the t = 0 row of the row's N; interactionOff: the
 * same (N, t) with V = 0, for V = 0 the row itself; softening: for a Coulomb trap |d(a/2) - d(a)|
 * from the rows rerun at half the nucleus softening), `refinement` (relative change of the row's
 * first metric per discretization refined by 2, see `changeFor` for rows without one of their
 * own) and `refinementAt` (where each change was measured), `verdict` and `reasons`:
 * - "unverified": resolution "off", or a refinement or floor not computed yet;
 * - "floor-limited": a floor exceeds {@link FLOOR_FRACTION} of the distance (V = 0: always,
 *   the distances are the floor); first, since the refinement changes of such a row are those of
 *   its floor; the t = 0 row is the transform floor itself and is judged on its refinements only;
 * - "unresolved": a refinement change exceeds `tolerance`, or a soft guard is exceeded;
 * - "resolved" otherwise.
 * Each reason is one sentence naming the parameter to change. `guardReasons` (default
 * `softGuardReasons`: the soft thresholds of `STUDY_GUARD_THRESHOLDS`) gives the guard reasons
 * of a row. Pure; cost O(|main| |refined|).
 */
export function studyVerdicts(
  plan: StudyPlan,
  inputs: VerdictInputs,
  guardReasons: (row: StudyTaskRow) => readonly string[] = (row) =>
    softGuardReasons(row.resolution?.guards, plan.config),
): StudyTaskRow[] {
  const config = plan.config;
  const { mode, tolerance } = resolutionSettings(config);
  const metric = config.metrics[0];
  const noInteraction = config.interaction.kind === "none";
  const expected = expectedRefinements(config, inputs);
  return inputs.main.map((row) => {
    const d = distanceOf(row, metric);
    const zero = inputs.main.find((m) => m.N === row.N && m.t === 0);
    const transform = zero ? floorOf(zero, metric) : undefined;
    const off = noInteraction
      ? row
      : inputs.interactionOff.find((r) => r.N === row.N && sameTime(r.t, row.t));
    const interactionOff = off ? floorOf(off, metric) : undefined;
    // issue 13 (orbital path): the width of the certified trace norm's interval is a floor.
    // The trace dropped below state.occupationCutoff is reported beside the other floors, and so
    // is the reflection sectors' bound (at most 1e-4 of the distance by construction: metrics'
    // REFLECTION_TOLERANCE).
    const certificate = row.resolution?.floors?.certificate;
    const occupationCutoff = row.resolution?.floors?.occupationCutoff;
    const reflection = row.resolution?.floors?.reflection;
    const softened = inputs.softening?.find((r) => r.N === row.N && sameTime(r.t, row.t));
    const dSoftened = softened ? distanceOf(softened, metric) : undefined;
    const softening = inputs.adaptive?.softening
      ? inputs.adaptive.softening(row)
      : d !== undefined && dSoftened !== undefined
        ? Math.abs(dSoftened - d)
        : undefined;
    const floors = {
      ...(softening !== undefined ? { softening } : {}),
      ...(transform !== undefined ? { transform } : {}),
      ...(interactionOff !== undefined ? { interactionOff } : {}),
      ...(certificate !== undefined ? { certificate } : {}),
      ...(occupationCutoff !== undefined ? { occupationCutoff } : {}),
      ...(reflection !== undefined ? { reflection } : {}),
    };
    const refinement: Partial<Record<RefinedDiscretization, number>> = {};
    const refinementAt: Partial<Record<RefinedDiscretization, { N: number; t: number }>> = {};
    const missing: string[] = [];
    const unresolved: string[] = [];
    for (const which of expected) {
      // At t = 0 no step has been taken: omega_0 and W~_0 do not depend on dt, so halving it
      // changes the t = 0 row by exactly 0 (a change borrowed from a t > 0 row judged it before).
      const found =
        which === "dt" && row.t === 0
          ? { change: 0, N: row.N, t: 0 }
          : inputs.adaptive
            ? inputs.adaptive.change(row, which)
            : changeFor(row, which, inputs, metric);
      if (!found) {
        missing.push(`the ${which} refinement has not run yet`);
        continue;
      }
      refinement[which] = found.change;
      refinementAt[which] = { N: found.N, t: found.t };
      if (!(found.change <= tolerance)) {
        const where =
          found.N === row.N && sameTime(found.t, row.t)
            ? ""
            : ` (measured at N = ${found.N}, t = ${short(found.t)})`;
        const fix = inputs.adaptive?.stopReason(row, which) ?? remedy(which, config, plan, row.N);
        const [change, limit] = aboveThreshold(found.change, tolerance, 2, 100);
        unresolved.push(
          `${WHAT[which]} changes ${metric} by ${change} %${where}, more than the tolerance ${limit} %: ${fix}`,
        );
      }
    }
    const limited: string[] = [];
    const isZeroTime = row.t === 0;
    if (noInteraction && d !== undefined) {
      limited.push(
        "V = 0: Hartree-Fock and Vlasov agree exactly, the distance is the numerical floor itself (nothing to fit); switch on an interaction to measure a rate",
      );
    } else if (!isZeroTime && d !== undefined) {
      if (interactionOff === undefined) missing.push("the V = 0 floor has not run yet");
      else if (!(interactionOff <= FLOOR_FRACTION * d)) {
        limited.push(
          `the V = 0 floor ${short(interactionOff)} (same grids, N and t) is ${share(interactionOff, d)}: raise vlasov.nx and vlasov.nv (now ${config.vlasov.nx}, ${config.vlasov.nv}) or lower dynamics.dt (now ${config.dynamics.dt})`,
        );
      }
      // issue 13: the certified interval's width (orbital path) is a floor like the others.
      if (certificate !== undefined && !(certificate <= FLOOR_FRACTION * d)) {
        limited.push(
          `the certified trace norm's interval width ${short(certificate)} is ${share(certificate, d)}: ${certificateFix(row, config)}`,
        );
      }
      const trap = config.state.trap;
      if (
        trap.kind === "coulomb" &&
        (inputs.softening !== undefined || inputs.adaptive?.softening !== undefined)
      ) {
        if (softening === undefined) {
          missing.push(
            `the nucleus softening floor (the task rerun at state.trap.softening / 2 = ${short(trap.softening / 2)}, which must be at least the grids' dx) has not run`,
          );
        } else if (!(softening <= FLOOR_FRACTION * d)) {
          limited.push(
            `halving the nucleus softening (state.trap.softening, now ${short(trap.softening)}) changes the distance by ${short(softening)}, ${share(softening, d)}: the regularized nucleus sets the distance; lower state.trap.softening on finer grids (vlasov.nx, grid.dxOverEps)`,
          );
        }
      }
      if (transform !== undefined && !(transform <= FLOOR_FRACTION * d)) {
        limited.push(
          `the t = 0 transform error ${short(transform)} is ${share(transform, d)}: resolve W~_0 on a finer Vlasov grid (vlasov.nx, vlasov.nv, now ${config.vlasov.nx}, ${config.vlasov.nv}${config.dimension === 1 ? ', or vlasov.grid "wigner"' : ""}) or use a mixed state (state.temperature > 0)`,
        );
      }
    }
    const guards = guardReasons(row);
    unresolved.push(...guards, ...(inputs.adaptive?.extraReasons(row) ?? []));
    let verdict: RowVerdict;
    let reasons: string[];
    if (mode === "off") {
      verdict = "unverified";
      reasons = [
        'resolution is "off": no floor or refinement check; set resolution to "verified" (the default) to verify the rows',
      ];
    } else if (limited.length > 0) {
      // The distance is (mostly) a floor: its changes under refinement are the floor's.
      verdict = "floor-limited";
      reasons = [...limited, ...unresolved];
    } else if (unresolved.length > 0) {
      verdict = "unresolved";
      reasons = unresolved;
    } else if (missing.length > 0) {
      verdict = "unverified";
      reasons = missing.map((m) => `not verified yet: ${m}`);
    } else {
      verdict = "resolved";
      reasons = [];
    }
    const resolution: RowResolution = {
      ...row.resolution,
      floors,
      refinement,
      refinementAt,
      verdict,
      reasons,
    };
    return { ...row, resolution };
  });
}
