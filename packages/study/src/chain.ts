import { EventLoopYielder, noExternalPotential } from "@semiclassical/grid";
import { traceDistancePerParticle } from "@semiclassical/many-body";
import { fitRate } from "@semiclassical/metrics";
import { type DensityMatrix, weylQuantize } from "@semiclassical/quantum";
import {
  type ChainCase,
  type ChainConfig,
  type ChainConfigInput,
  type ChainPlan,
  planChain,
} from "./chain-config.js";
import { type CaseContext, prepareManyBodySide } from "./chain-many-body.js";
import { createStudyEvolution, type StudyEvolution } from "./evolution.js";
import { interactionKernel } from "./initial-state.js";
import { trapPotential } from "./trap.js";
import { FLOOR_FRACTION } from "./verdicts.js";

/** The three distances of the chain, in the order of the seed's diagram. */
export const CHAIN_DISTANCES = [
  "manyBodyVsHartreeFock",
  "hartreeFockVsVlasov",
  "manyBodyVsVlasov",
] as const;

/** One of {@link CHAIN_DISTANCES}. */
export type ChainDistanceName = (typeof CHAIN_DISTANCES)[number];

/**
 * "initial" (t = 0 where the distance vanishes by construction: gamma_0 = omega_0 from a Slater
 * determinant, omega_0 against Weyl(Wigner(omega_0)); the row measures the set-up floor),
 * "resolved" (floor <= FLOOR_FRACTION distance), "floor-limited" (the floor does not allow
 * reading the distance as a result). From the interacting ground state the t = 0 distances to
 * gamma_0 are results (the correlation) and get "resolved" or "floor-limited".
 */
export type ChainVerdict = "initial" | "resolved" | "floor-limited";

/** One (N, t) of the chain: the three distances per particle, each with its floor and verdict. */
export interface ChainRow {
  readonly N: number;
  readonly epsilon: number;
  readonly t: number;
  readonly method: "grid" | "basis";
  /** manyBody.initial: "slater" (gamma_0 = omega_0) or "ground" (interacting ground states). */
  readonly initial: "slater" | "ground";
  /**
   * "ground": (1/N) tr|gamma_0 - omega_0| of this N, the correlation of the interacting ground
   * state (gamma_0 exact, omega_0 its Hartree-Fock ground state): physics, not a numerical error.
   * null for "slater" (there gamma_0 = omega_0).
   */
  readonly groundStateCorrelation: number | null;
  /**
   * The many-body method's own floor at this t: grid method (1/N) tr|gamma_t(M) - R gamma_t(M')|
   * (M' = manyBody.refinedPoints, R the restriction), basis method (1/N) tr|gamma_t(M) -
   * gamma_t(M')| (M' = largerBasisSize).
   */
  readonly manyBodyFloor: number;
  /** The N at which `manyBodyFloor` was measured (this N, or a smaller one: see floorFromN). */
  readonly manyBodyFloorN: number;
  /** (1/N) tr|gamma_t - omega_t|. */
  readonly manyBodyVsHartreeFock: number;
  readonly manyBodyVsHartreeFockFloor: number;
  readonly manyBodyVsHartreeFockVerdict: ChainVerdict;
  /** (1/N) tr|omega_t - omega~_t|, omega~_t = Weyl(W~_t) on the quantum grid. */
  readonly hartreeFockVsVlasov: number;
  readonly hartreeFockVsVlasovFloor: number;
  readonly hartreeFockVsVlasovVerdict: ChainVerdict;
  /** (1/N) tr|gamma_t - omega~_t|. */
  readonly manyBodyVsVlasov: number;
  readonly manyBodyVsVlasovFloor: number;
  readonly manyBodyVsVlasovVerdict: ChainVerdict;
  /** Quantum grid points per axis shared by gamma, omega and omega~. */
  readonly points: number;
  /** Wall time of this N so far, seconds. */
  readonly seconds: number;
}

/** A rate fit of one distance at one time, in eps or in 1/N (metrics' fitRate, resolved rows). */
export interface ChainFit {
  readonly distance: ChainDistanceName;
  readonly t: number;
  readonly variable: "eps" | "1/N";
  readonly slope: number | null;
  readonly slopeStdError: number | null;
  readonly intercept: number | null;
  readonly rSquared: number | null;
  /** The N of the resolved rows fitted. */
  readonly N: readonly number[];
  /** Why there is no slope (fewer than 2 resolved rows), else null. */
  readonly reason: string | null;
}

/** What {@link runChain} reports while it runs. */
export interface ChainProgress {
  readonly N: number;
  /** "refine": the grid method's refinement run (its floor), before "evolve". */
  readonly stage: "prepare" | "refine" | "evolve" | "done";
  readonly step: number;
  readonly steps: number;
}

/** Options of {@link runChain}. */
export interface RunChainOptions {
  readonly signal?: AbortSignal;
  readonly onRow?: (row: ChainRow) => void;
  readonly onProgress?: (progress: ChainProgress) => void;
  /** Rows of an earlier run of the same config: an N all of whose times are there is not rerun. */
  readonly completedRows?: readonly ChainRow[];
}

/** The chain's result: config, cases, rows (by N then t), fits. */
export interface ChainResult {
  readonly config: ChainConfig;
  readonly cases: readonly {
    N: number;
    epsilon: number;
    points: number;
    basisSize: number | null;
    largerBasisSize: number | null;
    manyBodyBytes: number;
  }[];
  readonly rows: readonly ChainRow[];
  readonly fits: readonly ChainFit[];
  /** Rows with a floor-limited distance, as "N = 3, t = 1: manyBodyVsVlasov". */
  readonly floorLimited: readonly string[];
}

/** The sample times of a chain: 0 and config.dynamics.times. */
export function chainTimes(config: ChainConfig): number[] {
  return [0, ...config.study.dynamics.times.filter((t) => t > 0)];
}

function verdict(initial: boolean, value: number, floor: number): ChainVerdict {
  if (initial) return "initial";
  return floor <= FLOOR_FRACTION * value ? "resolved" : "floor-limited";
}

/** The Hartree-Fock and Vlasov side of one N: the main dynamics and the V = 0 floor. */
interface MeanFieldSide {
  main: StudyEvolution;
  off: StudyEvolution | undefined;
}

function omegaTilde(e: StudyEvolution): DensityMatrix {
  return weylQuantize({ grid: e.vlasovGrid, values: e.vlasov.state() }, e.grid, e.epsilon);
}

/**
 * Runs one N: the many-body (gamma_t), Hartree-Fock (omega_t) and Vlasov (omega~_t) dynamics from
 * the same initial state, and their floors (see {@link runChain}). `floorsOf(N)` gives the
 * many-body floors per sample time of an earlier N (the grid method's floorFromN).
 */
async function runCase(
  plan: ChainPlan,
  c: ChainCase,
  options: RunChainOptions,
  floorsOf: (N: number) => readonly number[] | undefined,
): Promise<ChainRow[]> {
  const { config } = plan;
  const study = config.study;
  const { N, epsilon, grid } = c;
  const initial = config.manyBody.initial;
  const started = Date.now();
  const { dt } = study.dynamics;
  const times = chainTimes(config);
  const stepsAt = times.map((t) => Math.round(t / dt));
  const steps = stepsAt[stepsAt.length - 1];
  const yielder = new EventLoopYielder();
  const progress = (stage: ChainProgress["stage"], step: number) =>
    options.onProgress?.({ N, stage, step, steps });
  const pause = () => yielder.pause(options.signal);
  progress("prepare", 0);
  await pause();

  const kernel = interactionKernel(study.interaction);
  const caseSpec = { ...c, grid };
  const main = createStudyEvolution(study, caseSpec);
  const side: MeanFieldSide = {
    main,
    off: kernel
      ? createStudyEvolution(study, caseSpec, {
          // The study's interaction-off floor: the same omega_0 and the main task's Vlasov grid.
          interaction: { kind: "none" },
          initialState: main.initialState,
          vlasovGrid: "config",
        })
      : undefined,
  };
  const trap = trapPotential(study.state.trap);
  const external = study.dynamics.trap === "keep" ? trap : noExternalPotential;
  const ctx: CaseContext = { config, c, kernel, trap, external, times, stepsAt, pause, progress };

  // The many-body side: gamma_t at every sample time, and its floor.
  const manyBody = await prepareManyBodySide(ctx, main.initialState, floorsOf);
  const rows: ChainRow[] = [];
  let correlation: number | null = null;
  for (let k = 0; k < times.length; k++) {
    const target = stepsAt[k];
    while (main.hartreeFock.steps < target) {
      const chunk = Math.min(8, target - main.hartreeFock.steps);
      const to = main.hartreeFock.steps + chunk;
      main.hartreeFock.advance(chunk);
      main.vlasov.advance(chunk);
      side.off?.hartreeFock.advance(chunk);
      side.off?.vlasov.advance(chunk);
      manyBody.advance(to);
      progress("evolve", to);
      await pause();
    }
    manyBody.advance(target);
    const t = times[k];
    const gamma = manyBody.gammaAt(k);
    const omega = main.hartreeFock.state();
    const tilde = omegaTilde(main);
    const mbhf = traceDistancePerParticle(gamma, omega);
    const hfv = traceDistancePerParticle(omega, tilde);
    const mbv = traceDistancePerParticle(gamma, tilde);
    if (k === 0 && initial === "ground") correlation = mbhf;
    const manyBodyFloor = manyBody.floorAt(k);
    const mbFloor = manyBodyFloor + manyBody.setUpFloor;
    const hfvFloor = side.off
      ? traceDistancePerParticle(side.off.hartreeFock.state(), omegaTilde(side.off))
      : hfv;
    // gamma - omega~ = (gamma - omega) + (omega - omega~): the floors add (triangle inequality).
    const mbvFloor = mbFloor + hfvFloor;
    // At t = 0 only what vanishes by construction is "initial": from the ground state the
    // distances to gamma_0 are the correlation, a result.
    const byConstruction = t === 0 && initial === "slater";
    const row: ChainRow = {
      N,
      epsilon,
      t,
      method: config.manyBody.method,
      initial,
      groundStateCorrelation: correlation,
      manyBodyFloor,
      manyBodyFloorN: c.floorFromN ?? N,
      manyBodyVsHartreeFock: mbhf,
      manyBodyVsHartreeFockFloor: mbFloor,
      manyBodyVsHartreeFockVerdict: verdict(byConstruction, mbhf, mbFloor),
      hartreeFockVsVlasov: hfv,
      hartreeFockVsVlasovFloor: hfvFloor,
      hartreeFockVsVlasovVerdict: verdict(t === 0, hfv, hfvFloor),
      manyBodyVsVlasov: mbv,
      manyBodyVsVlasovFloor: mbvFloor,
      manyBodyVsVlasovVerdict: verdict(byConstruction, mbv, mbvFloor),
      points: grid.size,
      seconds: (Date.now() - started) / 1000,
    };
    rows.push(row);
    options.onRow?.(row);
    await pause();
  }
  progress("done", steps);
  return rows;
}

/**
 * Rate fits of every distance at every t > 0, and at t = 0 where the distance is a result (the
 * correlation of the interacting ground state, manyBody.initial "ground"): metrics' fitRate of
 * log distance against log eps and log 1/N, from resolved rows only; fewer than 2 give a fit with
 * slope null and the reason. Cost O(#rows).
 */
export function chainFits(rows: readonly ChainRow[], times: readonly number[]): ChainFit[] {
  const fits: ChainFit[] = [];
  for (const distance of CHAIN_DISTANCES) {
    const judged = (t: number) =>
      t > 0 || rows.some((r) => r.t === t && r[`${distance}Verdict`] !== "initial");
    for (const t of times.filter(judged)) {
      const points = rows.filter(
        (r) => r.t === t && r[`${distance}Verdict`] === "resolved" && r[distance] > 0,
      );
      for (const variable of ["eps", "1/N"] as const) {
        const base = { distance, t, variable, N: points.map((r) => r.N) };
        if (points.length < 2) {
          fits.push({
            ...base,
            slope: null,
            slopeStdError: null,
            intercept: null,
            rSquared: null,
            reason: `${points.length} resolved row(s) at t = ${t}; a rate needs 2`,
          });
          continue;
        }
        const x = points.map((r) => (variable === "eps" ? r.epsilon : 1 / r.N));
        const fit = fitRate(
          x,
          points.map((r) => r[distance]),
        );
        fits.push({
          ...base,
          slope: fit.slope,
          slopeStdError: Number.isFinite(fit.slopeStdError) ? fit.slopeStdError : null,
          intercept: fit.intercept,
          rSquared: fit.rSquared,
          reason: null,
        });
      }
    }
  }
  return fits;
}

/** Assembles a (possibly partial) chain result from its plan and rows. Cost O(#rows). */
export function assembleChainResult(plan: ChainPlan, rows: readonly ChainRow[]): ChainResult {
  const sorted = [...rows].sort((a, b) => a.N - b.N || a.t - b.t);
  const floorLimited: string[] = [];
  for (const r of sorted) {
    for (const d of CHAIN_DISTANCES) {
      if (r[`${d}Verdict`] === "floor-limited") floorLimited.push(`N = ${r.N}, t = ${r.t}: ${d}`);
    }
  }
  return {
    config: plan.config,
    cases: plan.cases.map((c) => ({
      N: c.N,
      epsilon: c.epsilon,
      points: c.grid.size,
      basisSize: c.basisSize ?? null,
      largerBasisSize: c.largerBasisSize ?? null,
      manyBodyBytes: c.manyBodyBytes,
    })),
    rows: sorted,
    fits: chainFits(sorted, chainTimes(plan.config)),
    floorLimited,
  };
}

/**
 * The three-way comparison of the seed's chain many-body -> Hartree-Fock -> Vlasov (issue 16;
 * THEORY.md section 6). For every N of the config (eps = N^(-1/d)), on one quantum grid (the
 * study's grid for that N, or manyBody.points per axis on the study's box), from the same initial
 * state: manyBody.initial "slater", the Slater determinant of the N lowest trap orbitals
 * (gamma_0 = omega_0); "ground", gamma_0 of the Lanczos ground state of H_N with the trap and V
 * (grid: gridGroundState; basis: basisGroundState), omega_0 the self-consistent Hartree(-Fock)
 * ground state (T = 0), W~_0 = Wigner(omega_0), the t = 0 distance (1/N) tr|gamma_0 - omega_0|
 * being the correlation of the interacting ground state (`groundStateCorrelation`); then the
 * trap kept or removed (dynamics.trap). gamma_t by the many-body method (grid:
 * GridManyBodySolver on the M^N tensor grid with the study's splitting and dt; basis:
 * basisSizeFloor, Krylov in C(M, N) determinants), omega_t by Hartree(-Fock) and W~_t by Vlasov
 * exactly as the study sets them up (createStudyEvolution), omega~_t = Weyl(W~_t). Rows at t = 0
 * and config.dynamics.times hold (1/N) tr|gamma - omega|, (1/N) tr|omega - omega~| and
 * (1/N) tr|gamma - omega~| with floors: many-body, the method's own convergence
 * (`manyBodyFloor`: grid method (1/N) tr|gamma_t(M) - R gamma_t(M')| against the refinement run
 * on M' = manyBody.refinedPoints points per axis, R the restriction; basis method
 * (1/N) tr|gamma_t(M) - gamma_t(M')|, plus from a Slater determinant the set-up distance
 * (1/N) tr|gamma_0 - omega_0|); Hartree-Fock-Vlasov the study's V = 0 distance; many-body-Vlasov
 * the sum. Rates: {@link chainFits}. Every N is refused before any work when its many-body side
 * does not fit budget.maxBytes ({@link planChain}). Pure; cancellable (`signal`, checked between
 * chunks of 8 steps). Cost per N: grid method O(steps M^N log M^N) plus the refinement run
 * O(steps M'^N log M'^N) (and for "ground" a Lanczos run on each grid), basis method two Krylov
 * runs in C(M, N) and C(M', N) determinants, plus the study's two dynamics (twice) and O(M^3) per
 * distance and time.
 */
export async function runChain(
  input: ChainConfigInput | ChainConfig,
  options: RunChainOptions = {},
): Promise<ChainResult> {
  const plan = planChain(input);
  options.signal?.throwIfAborted();
  const times = chainTimes(plan.config);
  const rows: ChainRow[] = [];
  // The many-body floors per sample time of an N already run (the grid method's floorFromN).
  const floorsOf = (N: number) => {
    const of = rows.filter((r) => r.N === N);
    return times.map((t) => (of.find((r) => Math.abs(r.t - t) < 1e-12) as ChainRow).manyBodyFloor);
  };
  const order = [...plan.cases].sort((a, b) => a.N - b.N); // a floor source runs first
  for (const c of order) {
    const done = (options.completedRows ?? []).filter((r) => r.N === c.N);
    if (times.every((t) => done.some((r) => Math.abs(r.t - t) < 1e-12))) {
      rows.push(...done.filter((r, i) => done.findIndex((s) => s.t === r.t) === i));
      continue;
    }
    rows.push(...(await runCase(plan, c, options, floorsOf)));
  }
  return assembleChainResult(plan, rows);
}
