import {
  createGrid,
  createPhaseSpaceGrid,
  EventLoopYielder,
  type Grid,
  ParameterError,
  runTimeLoop,
} from "@semiclassical/grid";
import { compareWithWeyl } from "@semiclassical/metrics";
import type { DensityMatrix } from "@semiclassical/quantum";
import type { InteractionConfig, StudyConfig } from "./config-types.js";
import {
  createStudyEvolution,
  pathOf,
  type StudyCase,
  type StudyEvolution,
  studySnapshot,
} from "./evolution.js";
import {
  type ConservedSample,
  checkHardGuards,
  edgeMassFraction,
  nonFiniteGuardError,
  rowGuards,
  spectralTailFraction,
  velocityEdgeFraction,
} from "./guards.js";
import { maxMemoryOf, memoryPlanOf, traceNormSettings } from "./memory-plan.js";
import { orbitalRowMetrics } from "./orbital-row.js";
import { planStudy } from "./plan.js";
import { createResearchMetrics } from "./research-metrics.js";
import { wholeSteps } from "./steps.js";
import type { RunStudyTaskOptions, StudyTask, StudyTaskRow } from "./types.js";

const now = () => performance.now();

/** Steps between two checks of the edge guards between the rows (the time loop's chunk). */
const EDGE_CHECK_EVERY = 8;

/**
 * The case of a refinement task: `refine` "quantum-grid" doubles the quantum grid's points per
 * axis (same box); "vlasov-grid" and "dt" are already in the task's config (vlasov.nx, nv x 2;
 * dt / 2), so the case is the planned one; absent (the combined refinement of
 * `resolution: "off"`): the quantum grid and the Vlasov grid both refined by 2 per axis.
 */
function refine(caseSpec: StudyCase, which?: StudyTask["refine"]): StudyCase {
  if (which === "vlasov-grid" || which === "dt") return caseSpec;
  const { grid, vlasov } = caseSpec;
  const doubled = (g: Grid) =>
    createGrid({
      dimension: g.dimension,
      points: g.shape.map((n) => 2 * n),
      box: g.box,
      center: g.origin.map((x, a) => x + g.box[a] / 2),
    });
  if (which === "quantum-grid") return { ...caseSpec, grid: doubled(grid) };
  return {
    ...caseSpec,
    grid: doubled(grid),
    vlasov: createPhaseSpaceGrid(doubled(vlasov.position), doubled(vlasov.velocity)),
  };
}

/**
 * The resolved config and the case (grids, steps) of a task, from its config's plan; throws
 * unless the task's N is planned.
 */
function caseOf(task: StudyTask): { config: StudyConfig; caseSpec: StudyCase } {
  const plan = planStudy(task.config);
  const entry = plan.entries.find((e) => e.N === task.N);
  if (!entry) {
    throw new ParameterError(
      "N",
      `the task is for N = ${task.N}, but its config's N are ${plan.config.N.join(", ")}`,
    );
  }
  const { N, epsilon, grid, vlasov, steps, path } = entry;
  const caseSpec = { N, epsilon, grid, vlasov, steps, path };
  return {
    config: plan.config,
    // Adaptive tasks (`levels`) carry every refinement in their config.
    caseSpec:
      task.kind === "refinement" && task.levels === undefined
        ? refine(caseSpec, task.refine)
        : caseSpec,
  };
}

/** The step of each time of a task (measured or snapshot), validated on the dt lattice. */
function stepsOf(parameter: string, times: readonly number[], dt: number): number[] {
  return times.map((t, i) => {
    const step = wholeSteps(t, dt);
    if (step === undefined || step < 0) {
      throw new ParameterError(
        `${parameter}[${i}]`,
        `must be a whole number of steps dt = ${dt} and >= 0, got ${t}`,
      );
    }
    return step;
  });
}

/**
 * A cache of omega_0 per N: the main task stores its omega_0, the interaction-off task of the
 * same N takes it (the same numbers it would prepare itself, without the cost). @internal
 */
export type InitialStates = Map<number, DensityMatrix>;

/**
 * Test-only access to a task's evolution (e.g. to corrupt a solver's state and check that the
 * study reports the non-finite step). @internal
 */
export interface RunTaskTestHooks {
  /** Called once the two solvers are set up, before the first step. */
  readonly onEvolution?: (evolution: StudyEvolution) => void;
}

/**
 * `runStudyTask` with an optional omega_0 cache (see {@link InitialStates}); `runStudy` shares
 * one between its tasks. @internal
 */
export async function runTask(
  task: StudyTask,
  options: RunStudyTaskOptions,
  initialStates?: InitialStates,
  testHooks?: RunTaskTestHooks,
): Promise<StudyTaskRow[]> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const { config, caseSpec } = caseOf(task);
  const { N, epsilon, grid, steps } = caseSpec;
  const dt = config.dynamics.dt;
  const todo = task.times.filter((t) => options.skip?.(t) !== true);
  const snapshotTimes = options.onSnapshot ? (task.snapshotTimes ?? []) : [];
  const measured = new Map(stepsOf("times", todo, dt).map((step, i) => [step, todo[i]]));
  // Every main task measures t = 0 first: (1/N) tr|omega_0 - Weyl(W~_0)|, the transform floor of
  // its N (issue 12), whether or not config.dynamics.times holds 0.
  if (task.kind === "main" && !measured.has(0) && options.skip?.(0) !== true) measured.set(0, 0);
  const snapshots = new Map<number, number>();
  stepsOf("snapshotTimes", snapshotTimes, dt).forEach((step, i) => {
    if (!snapshots.has(step)) snapshots.set(step, snapshotTimes[i]);
  });
  if (measured.size === 0 && (!options.onSnapshot || task.snapshotTimes === undefined)) return [];
  const events = [...new Set([...measured.keys(), ...snapshots.keys()])].sort((a, b) => a - b);
  // Chunks also end on the steps of skipped (already computed) times, so a resumed task takes
  // exactly the chunks of an uninterrupted one: the Vlasov solver fuses the x-advections within a
  // chunk, and with interpolating shifts fused and split advections differ by the interpolation
  // error, so the chunking must not depend on what was skipped.
  const lastEvent = events.length > 0 ? events[events.length - 1] : 0;
  const boundaries = stepsOf("times", task.times, dt).filter((step) => step <= lastEvent);
  const progress = (stage: "prepare" | "evolve" | "measure", step: number) =>
    onProgress?.({ phase: task.kind, N, taskId: task.id, stage, step, steps });

  progress("prepare", 0);
  const interaction: InteractionConfig =
    task.kind === "interaction-off" ? { kind: "none" } : config.interaction;
  const initialState = task.kind === "interaction-off" ? initialStates?.get(N) : undefined;
  // The main task's omega_0 is kept for the interaction-off task of the same N on the dense path
  // (1D: small, and its thermal solve is the expensive part); everywhere else the solver adopts
  // omega_0 (the orbitals held once: a cached omega_0 is used by one task, then dropped), and the
  // orbital path's interaction-off task prepares omega_0 again (the same numbers, bit for bit).
  const cached =
    task.kind === "main" && initialStates !== undefined && pathOf(config, caseSpec) === "dense";
  const evolution = createStudyEvolution(config, caseSpec, {
    interaction,
    vlasovGrid: task.vlasovGrid,
    initialState,
    threads: options.threads,
    adoptInitialState: !cached,
  });
  if (cached) initialStates?.set(N, evolution.initialState);
  testHooks?.onEvolution?.(evolution);
  await new EventLoopYielder().pause(signal);
  const { hartreeFock, vlasov, vlasovGrid } = evolution;
  const metrics = config.metrics;
  const rows: StudyTaskRow[] = [];
  const guardContext = {
    config,
    N,
    vlasovGrid,
    onWignerGrid: vlasovGrid !== caseSpec.vlasov,
    velocityEdge: Math.max(...vlasovGrid.velocity.origin.map(Math.abs)),
  };
  const conserved = (): ConservedSample => {
    const quantum = hartreeFock.diagnostics();
    const classical = vlasov.diagnostics();
    return {
      particles: quantum.particleNumber,
      energyQuantum: quantum.energy,
      kineticQuantum: quantum.kineticEnergy,
      mass: classical.mass,
      energyVlasov: classical.energy,
      kineticVlasov: classical.kineticEnergy,
      minW: classical.minW,
    };
  };
  let initialSample: ConservedSample;
  try {
    initialSample = conserved();
  } catch (error) {
    throw nonFiniteGuardError(error, config, N, dt);
  }
  /** The guards now (time t), checked against the hard thresholds (throws StudyGuardError). */
  const guardsAt = (t: number) => {
    // omega_t and W~_t themselves (no copy of K orbitals or of a phase space that may be GBs):
    // read before the next step
    const state = hartreeFock.stateView();
    const W = vlasov.stateView();
    const guards = rowGuards({
      quantumEdgeMass: edgeMassFraction(grid, hartreeFock.currentDensity()),
      vlasovEdgeMass: edgeMassFraction(vlasovGrid.position, vlasov.density()),
      spectralTail: spectralTailFraction(state),
      velocityEdgeMass: velocityEdgeFraction(vlasovGrid, W),
      now: conserved(),
      initial: initialSample,
    });
    checkHardGuards(guards, { ...guardContext, t });
    return { guards, state, W };
  };
  // Between the rows, the cheap edge guards (O(K M + size)) every EDGE_CHECK_EVERY steps, so a
  // state that leaves its box stops the task at the first check, not at the next row.
  const edgeGuardsAt = (step: number) => {
    checkHardGuards(
      {
        quantumEdgeMass: edgeMassFraction(grid, hartreeFock.currentDensity()),
        velocityEdgeMass: velocityEdgeFraction(vlasovGrid, vlasov.stateView()),
        vlasovEdgeMass: edgeMassFraction(vlasovGrid.position, vlasov.density()),
      },
      { ...guardContext, t: step * dt },
    );
  };
  // The row's metrics: dense matrices (metrics' compareWithWeyl), or on the
  // orbital path the certified trace norm and the matrix-free distances (orbital-row.ts); the
  // width of the certified interval is a floor of the row (row.resolution.floors.certificate).
  // The band and subspace of the certificate fit what the memory plan of these grids leaves of
  // maxMemory (memory-plan.ts; W~ on the Wigner grid or refined grids are planned here).
  const certificate =
    evolution.path === "orbital"
      ? memoryPlanOf(config, { N, epsilon, grid, vlasov: vlasovGrid, steps, path: "orbital" })
          .certificate
      : undefined;
  const measure = (state: ReturnType<typeof hartreeFock.state>, W: Float64Array) => {
    if (evolution.path === "orbital" && state.form === "orbital") {
      const {
        certificateWidth,
        certificate: ending,
        ...fields
      } = orbitalRowMetrics(
        state,
        { grid: vlasovGrid, values: W },
        {
          metrics,
          particleNumber: N,
          target: traceNormSettings(config).target,
          bandwidth: certificate?.bandwidth ?? grid.shape.map((n) => n - 1),
          maxDimension: certificate?.maxDimension,
          maxStorage: maxMemoryOf(config) / 8,
          schattenExponents: config.schattenP,
          threads: options.threads,
        },
      );
      return { fields, certificateWidth, ending, reflectionBound: undefined };
    }
    // omega~ = Weyl(W~) is needed for nothing else: omega - omega~ is formed directly as its
    // lower triangle (half an n^d x n^d matrix), and omega's matrix is never formed (the
    // orbitals are subtracted in place). The spectrum of omega - omega~ is found in the grid
    // reflection's sectors where the problem is symmetric about the box center; the bound of
    // what that changes the trace norm is reported beside the floors when the trace norm is the
    // row's distance (metrics[0]).
    const { reflectionBound: bound, ...fields } = compareWithWeyl(
      state,
      { grid: vlasovGrid, values: W },
      { metrics, particleNumber: N, schattenExponents: config.schattenP },
    );
    const reflectionBound = metrics[0] === "trace-norm" ? bound : undefined;
    return { fields, certificateWidth: undefined, ending: undefined, reflectionBound };
  };
  // Research metrics (issue 15): the proof's terms on a time lattice, the ball-commutator scaling
  // and the steady-state drift (research-metrics.ts; nothing unless requested).
  const research = createResearchMetrics(config, evolution, interaction);
  // The trace thermalState dropped below state.occupationCutoff, per particle: it bounds what
  // the truncation changes in every per-particle distance (tr|omega - omega_cut| / N).
  const droppedWeight = (evolution.initialState as { droppedWeight?: number }).droppedWeight;
  const dropped = droppedWeight !== undefined ? droppedWeight / N : undefined;
  const atEvent = (step: number) => {
    progress("measure", step);
    const t = measured.get(step);
    const snapshotAt = snapshots.get(step);
    const { guards, state, W } = guardsAt(t ?? snapshotAt ?? step * dt);
    if (t !== undefined) {
      const started = now();
      const comparison = measure(state, W);
      const seconds = (now() - started) / 1000;
      const row: StudyTaskRow = {
        N,
        epsilon,
        t,
        ...comparison.fields,
        ...research.rowFields(step, state, W),
        seconds,
        phase: task.kind,
        taskId: task.id,
        ...(task.refine ? { refine: task.refine } : {}),
        resolution: {
          guards,
          ...(comparison.ending !== undefined ? { certificate: comparison.ending } : {}),
          ...(comparison.certificateWidth !== undefined ||
          comparison.reflectionBound !== undefined ||
          dropped !== undefined
            ? {
                floors: {
                  ...(comparison.certificateWidth !== undefined
                    ? { certificate: comparison.certificateWidth }
                    : {}),
                  ...(comparison.reflectionBound !== undefined
                    ? { reflection: comparison.reflectionBound }
                    : {}),
                  ...(dropped !== undefined ? { occupationCutoff: dropped } : {}),
                },
              }
            : {}),
        },
      };
      rows.push(row);
      options.onRow?.(row);
    }
    if (snapshotAt !== undefined) options.onSnapshot?.(studySnapshot(evolution, snapshotAt));
  };
  // Both dynamics advance together in chunks of at most 8 steps ending on every event (the
  // grid package's one time loop), so the rows do not depend on how a study is split in tasks.
  // A non-finite state of either solver stops the task as a StudyGuardError naming the step, N
  // and the side (issue 12 item 6).
  try {
    await runTimeLoop([hartreeFock, vlasov], {
      steps: lastEvent,
      callbacks: [
        ...research.callbacks,
        { schedule: { every: EDGE_CHECK_EVERY }, call: edgeGuardsAt },
        { schedule: { steps: boundaries }, call: () => {} },
        { schedule: { steps: events }, call: atEvent },
      ],
      signal,
      onProgress: (step) => progress("evolve", step),
    });
  } catch (error) {
    throw nonFiniteGuardError(error, config, N, dt);
  }
  return rows;
}

/**
 * Runs one task of a study (see `studyTasks`; THEORY.md sections 1-3): prepares omega_0 for the
 * task's N on the planned grid (refined by 2 per axis for the refinement), evolves it by
 * Hartree(-Fock) and W~_0 = Wigner(omega_0) (the Wigner function itself, resampled onto the
 * Vlasov grid or on the Wigner grid, `task.vlasovGrid`) by Vlasov with the same splitting and dt
 * (`createStudyEvolution`; the interaction-off task with V = 0 from the same omega_0), both
 * advanced by grid's `runTimeLoop` in chunks of at most 8 steps ending on every measured and
 * snapshot step; at each of `task.times` (minus `skip`) compares omega_t with
 * omega~_t = Weyl(W~_t) by every metric of the config (dense path: metrics'
 * `compareDensityMatrices`; orbital path, 2D/3D: `orbitalRowMetrics`, the certified trace norm
 * with `traceNormInterval` and its width in `resolution.floors.certificate`) and streams the row
 * (`onRow`); with `onSnapshot`, hands over `studySnapshot` at each of
 * `task.snapshotTimes` (the task is then evolved even when every row is skipped). Rows carry
 * `phase` (the task's kind) and `taskId`. Deterministic: the same task gives the same numbers in
 * every process. Pure; cancellable (`signal`, checked between chunks; the event loop gets a turn
 * every ~50 ms). Cost: the steps (orbital HF O(K M log M) per step, Vlasov O(size log n) per
 * step) plus per measured time a dense conversion, a Weyl quantization and an O(n^3) trace norm
 * (dense path), or the certified trace norm (orbital path, see `memoryPlanOf`).
 */
export function runStudyTask(
  task: StudyTask,
  options: RunStudyTaskOptions = {},
): Promise<StudyTaskRow[]> {
  return runTask(task, options);
}
