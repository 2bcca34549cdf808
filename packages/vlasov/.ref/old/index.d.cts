import { PhaseSpaceGrid, MeanFieldPotential, ExternalPotential, ShiftMethod } from '@semiclassical/grid';

/** A complex number z = re + i im (scalar helper for the dispersion relations; arrays stay interleaved). */
interface Complex {
    readonly re: number;
    readonly im: number;
}
/** z = re + i im. */
declare function complex(re: number, im?: number): Complex;

/**
 * Diagnostics of a Vlasov state W at time t (THEORY.md section 1). Integrals are Riemann sums on
 * the phase-space grid (spectrally accurate for smooth W vanishing at the velocity edges).
 */
interface VlasovDiagnostics {
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

/**
 * A drifting Maxwellian electron population in Vlasov-Poisson units (kappa = 1/2, plasma
 * frequency of the unit density 1):
 * f_s(v) = n_s (2 pi sigma_s^2)^{-1/2} exp(-(v - u_s)^2 / (2 sigma_s^2)).
 */
interface MaxwellianBeam {
    /** Density n_s (fraction of the mean density 1; the n_s of all beams add up to 1). */
    readonly density: number;
    /** Drift velocity u_s (along the wave vector in 1D-1V). */
    readonly drift: number;
    /** Thermal velocity sigma_s > 0. */
    readonly thermalVelocity: number;
}
/**
 * The dielectric function of electron Vlasov-Poisson linearized about a sum of Maxwellian beams,
 * D(k, omega) = 1 + sum_s chi_s, chi_s = n_s / (k^2 sigma_s^2) [1 + zeta_s Z(zeta_s)],
 * zeta_s = (omega - k u_s) / (sqrt 2 k sigma_s), Z the plasma dispersion function (Landau
 * contour, so the roots with Im omega < 0 are the damped modes). Perturbations go like
 * e^{i (k x - omega t)}. Cost O(beams).
 */
declare function dielectricFunction(k: number, omega: Complex, beams: readonly MaxwellianBeam[]): Complex;
/** Options of {@link solveDispersionRelation}. */
interface DispersionOptions {
    /** Stop when |delta omega| <= tolerance (1 + |omega|) (default 1e-13). */
    tolerance?: number;
    /** Newton iterations allowed (default 100). */
    maxIterations?: number;
}
/**
 * A root omega of D(k, omega) = 0 ({@link dielectricFunction}) by Newton's method from `guess`
 * (with the analytic derivative, Z' = -2 (1 + zeta Z)). Which mode is found depends on the
 * guess (it stops at |delta omega| <= tolerance (1 + |omega|), or at the round-off floor once
 * the steps stop shrinking below 1e-8 (1 + |omega|)). For Landau damping of a unit Maxwellian at k = 0.5 start near 1.4 - 0.15 i, for a
 * two-stream instability near i gamma. Throws if Newton does not converge. Cost O(iterations *
 * beams).
 */
declare function solveDispersionRelation(k: number, beams: readonly MaxwellianBeam[], guess: Complex, options?: DispersionOptions): Complex;

/**
 * Thrown when W stops being finite during a run (NaN or Infinity, e.g. from a too large dt or an
 * under-resolved grid). Names the step (1-based, counted from the start of the run) and the time
 * at which the non-finite values were detected.
 */
declare class NonFiniteStateError extends Error {
    /** The step during which the non-finite values appeared. */
    readonly step: number;
    /** The time t at which they were detected. */
    readonly time: number;
    constructor(step: number, time: number, detail: string);
}

/**
 * The Faddeeva function w(z) = e^{-z^2} erfc(-i z), for any complex z. Upper half plane by
 * Weideman's rational expansion (1994) with N = 36 terms; lower half plane by the reflection
 * w(z) = 2 e^{-z^2} - w(-z) (overflows only when e^{-z^2} does, i.e. far below the real axis).
 * Relative accuracy about 1e-13 for |z| < 10 (checked against SciPy's `wofz` once while writing
 * this). Cost O(N), no allocation beyond the result.
 */
declare function faddeeva(z: Complex): Complex;
/**
 * The plasma dispersion function of Fried and Conte, Z(zeta) = i sqrt(pi) w(zeta), the analytic
 * continuation from Im zeta > 0 of pi^{-1/2} int e^{-s^2} / (s - zeta) ds (Landau contour).
 * Cost O(N).
 */
declare function plasmaDispersionFunction(zeta: Complex): Complex;

/** A straight-line least-squares fit y ~ slope x + intercept. */
interface LineFit {
    readonly slope: number;
    readonly intercept: number;
    /** Standard error of the slope (0 for two points). */
    readonly slopeStdError: number;
    /** Number of points fitted. */
    readonly count: number;
}
/** Least-squares line through (x_i, y_i). Cost O(n). */
declare function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit;
/** The peaks found by {@link fitPeaks} and the line through their logarithms. */
interface PeakFit extends LineFit {
    /** Peak times (refined by a parabola through log values at the three samples around each). */
    readonly peakTimes: Float64Array;
    /** Peak values exp(refined log value). */
    readonly peakValues: Float64Array;
    /** (last peak time - first peak time) / (peaks - 1). */
    readonly meanSpacing: number;
}
/** Which samples {@link fitPeaks} and {@link fitExponentialRate} look at. */
interface FitWindow {
    /** Only peaks/samples with from <= t (default -Infinity). */
    from?: number;
    /** Only peaks/samples with t <= to (default Infinity). */
    to?: number;
}
/**
 * Local maxima of a positive time series and the line through their logarithms: the standard way
 * to read a damping/growth rate and a frequency off a plasma diagnostic. For the electric energy
 * of a mode e^{gamma t} cos(omega t + phi) the energy is ~ e^{2 gamma t} cos^2(.), its peaks are
 * exactly pi/omega apart and exactly on a line of slope 2 gamma in log scale, so gamma = slope/2
 * and omega = pi / meanSpacing. Each peak is refined by the vertex of the parabola through the
 * log values at samples i-1, i, i+1 (times need not be uniform). Cost O(n).
 */
declare function fitPeaks(times: ArrayLike<number>, values: ArrayLike<number>, window?: FitWindow): PeakFit;
/**
 * Exponential rate of a positive time series: the least-squares line through log(values) over
 * the samples with from <= t <= to (slope = growth rate of values). Cost O(n).
 */
declare function fitExponentialRate(times: ArrayLike<number>, values: ArrayLike<number>, window?: FitWindow): LineFit;

/**
 * Samples f(x, v) on every phase-space grid point: W[ix * velocity.size + iv] = f(x_ix, v_iv).
 * Cost O(size) calls of f; allocates size doubles plus the coordinate tables.
 */
declare function samplePhaseSpace(grid: PhaseSpaceGrid, f: (x: readonly number[], v: readonly number[]) => number): Float64Array;
/** Options of {@link plasmaInitialState}. */
interface PlasmaInitialStateOptions {
    /** Perturbation amplitude alpha in (1 + alpha cos(k . x)). */
    amplitude: number;
    /** Wave vector k (d entries; in 1D a number). Use a multiple of 2 pi / L per axis. */
    waveVector: number | readonly number[];
    /**
     * Maxwellian populations (drift along axis 0; other axes centred Maxwellians of the same
     * thermal velocity). Default: one unit Maxwellian, density 1, drift 0, thermal velocity 1.
     */
    beams?: readonly MaxwellianBeam[];
}
/**
 * The standard Vlasov-Poisson initial data (Landau damping, two-stream instability):
 * W(x, v) = (1 + alpha cos(k . x)) sum_s n_s prod_a (2 pi sigma_s^2)^{-1/2}
 * exp(-(v_a - u_s delta_{a0})^2 / (2 sigma_s^2)); mean density sum_s n_s (1 for plasma units).
 * Cost O(size).
 */
declare function plasmaInitialState(grid: PhaseSpaceGrid, options: PlasmaInitialStateOptions): Float64Array;

/**
 * Time splitting (THEORY.md section 3). "strang": x-advection dt/2, kick dt, x-advection dt/2
 * (second order, matched to the quantum kinetic half / potential full / kinetic half).
 * "order4": Yoshida's triple jump S(w1 dt) S(w0 dt) S(w1 dt) of that Strang step (fourth order).
 */
type Splitting = "strang" | "order4";
/** Yoshida (1990) triple-jump weights: w1 = 1/(2 - 2^{1/3}), w0 = 1 - 2 w1 (< 0). */
declare const yoshidaWeights: Readonly<{
    w1: number;
    w0: number;
}>;
/**
 * One substep of a split step of length h: an x-advection over `weight * h`, or a kick over
 * `weight * h` with the force evaluated at time t + at * h (the midpoint of the Strang step it
 * belongs to, where a time-dependent V_ext is sampled).
 */
type Substep = {
    readonly kind: "advect";
    readonly weight: number;
} | {
    readonly kind: "kick";
    readonly weight: number;
    readonly at: number;
};
/**
 * The substeps of one step, adjacent x-advections merged: Strang A(1/2) B(1) A(1/2); order 4
 * A(w1/2) B(w1) A((w1+w0)/2) B(w0) A((w0+w1)/2) B(w1) A(w1/2). Cost O(1).
 */
declare function splittingSubsteps(splitting: Splitting): readonly Substep[];

/** Options of {@link VlasovSolver}. */
interface VlasovOptions {
    /** Phase-space grid; W index = ix * velocity.size + iv (position axes, then velocity axes). */
    grid: PhaseSpaceGrid;
    /** Time step dt > 0. */
    dt: number;
    /** kappa > 0 in H = kappa |v|^2 + V_ext + V * rho (default 1, the seed's convention). */
    kappa?: number;
    /**
     * U = V * rho and its gradient (e.g. `FreeSpaceConvolution`, `PeriodicPoisson` of
     * @semiclassical/grid), on the position grid. Omitted: no interaction.
     */
    meanField?: MeanFieldPotential;
    /** V_ext(x, t) with its analytic gradient (default none). */
    externalPotential?: ExternalPotential;
    /** "strang" (default) or "order4" (Yoshida triple jump). */
    splitting?: Splitting;
    /** How lines are shifted: "spectral" (default), "cubic-spline" or "quintic-spline". */
    shiftMethod?: ShiftMethod;
}
/** What {@link VlasovSolver.evolve}'s `onStep` receives after every step (and once at the start, step 0). */
interface VlasovStepInfo {
    /** Steps taken since the start of the run. */
    readonly step: number;
    readonly t: number;
    /** The solver's working copy of W: valid during the callback only, do not modify. */
    readonly W: Float64Array;
    readonly diagnostics: VlasovDiagnostics;
}
/** A snapshot at a requested time. */
interface VlasovSample {
    readonly t: number;
    /** A copy of W at time t. */
    readonly W: Float64Array;
    readonly diagnostics: VlasovDiagnostics;
}
/** Options of {@link VlasovSolver.evolve}. */
interface EvolveOptions {
    /** Final time (> t0). */
    tFinal: number;
    /** Initial time (default 0). */
    t0?: number;
    /** Times in [t0, tFinal] at which to take snapshots (steps are shortened to hit them). */
    times?: readonly number[];
    /** Called with diagnostics at the start (step 0) and after every step. */
    onStep?: (info: VlasovStepInfo) => void;
    /** Called with each snapshot as soon as it is taken. */
    onSample?: (sample: VlasovSample) => void;
    /** Keep the snapshots in the result (default true; false when streaming big grids). */
    retainSamples?: boolean;
    /** Aborts the run between steps (throws the signal's reason). */
    signal?: AbortSignal;
}
/** Result of {@link VlasovSolver.evolve}. */
interface VlasovEvolution {
    /** W at tFinal (a new array; the input is not modified). */
    readonly W: Float64Array;
    readonly t: number;
    /** Steps taken. */
    readonly steps: number;
    /** Snapshots at the requested times, in increasing time (empty if retainSamples is false). */
    readonly samples: VlasovSample[];
}
/**
 * Semi-Lagrangian split solver (Cheng and Knorr 1976) of the Vlasov equation (THEORY.md
 * section 1)
 *   d_t W + 2 kappa v . grad_x W - grad_x(V_ext + V * rho) . grad_v W = 0,  rho = int W dv,
 * on a d-D x d-V phase-space grid (d = 1, 2, 3), periodic in every axis (W must vanish at the
 * velocity edges, and at the position edges unless the problem is periodic).
 *
 * Substeps (THEORY.md section 3): x-advection W(x, v) <- W(x - 2 kappa v tau, v), one
 * `LineShifter` pass per position axis with a shift depending on v; kick
 * W(x, v) <- W(x, v + grad U(x) tau), U = V_ext(., t) + V * rho with rho from the current W
 * (the kick does not change rho), one pass per velocity axis with a shift depending on x.
 * Strang: advect dt/2, kick dt, advect dt/2; "order4": Yoshida triple jump of Strang steps.
 * Forces: grad(V * rho) from the mean field's Fourier gradient, grad V_ext analytic.
 *
 * Cost per Strang step: 2d + d line-shift sweeps (O(size log n) each, spectral) plus one
 * mean-field gradient O(M log M); fused steps in {@link advance} and {@link evolve} share
 * adjacent half advections, so a run costs about 2d sweeps per step. Buffers (shifters, shift
 * tables, density and force arrays) are allocated once in the constructor.
 */
declare class VlasovSolver {
    readonly grid: PhaseSpaceGrid;
    readonly dt: number;
    readonly kappa: number;
    readonly splitting: Splitting;
    readonly shiftMethod: ShiftMethod;
    readonly meanField: MeanFieldPotential | undefined;
    readonly externalPotential: ExternalPotential;
    private readonly dimension;
    private readonly substeps;
    private readonly positionShifters;
    private readonly velocityShifters;
    private readonly positionShifts;
    private readonly velocityShifts;
    /** Velocity coordinate a of velocity index iv: velocityCoordinates[a][iv]. */
    private readonly velocityCoordinates;
    /** |v|^2 per velocity index. */
    private readonly speedSquared;
    private readonly positionCoordinates;
    private readonly rho;
    private readonly force;
    private readonly meanFieldGradient;
    private readonly externalGradient;
    private readonly externalValues;
    private readonly meanFieldValues;
    private readonly point;
    private readonly gradientPoint;
    private externalGradientTime;
    private externalValuesTime;
    private readonly hasExternal;
    constructor(options: VlasovOptions);
    /** Throws a ParameterError unless W has grid.size entries. */
    private requireState;
    /**
     * rho(x_i) = int W(x_i, v) dv (Riemann sum over the velocity grid), into `out`.
     * Cost O(size); allocates position.size doubles unless `out` is given.
     */
    density(W: Float64Array, out?: Float64Array<ArrayBuffer>): Float64Array;
    private computeDensity;
    private sampleExternalGradient;
    private sampleExternalValues;
    /** x-advection W(x, v) <- W(x - 2 kappa v tau, v) along every position axis. */
    private advect;
    /**
     * Kick W(x, v) <- W(x, v + grad U(x) tau), U = V_ext(., tForce) + V * rho[W], along every
     * velocity axis. Throws NonFiniteStateError if rho (hence W) is not finite.
     */
    private kick;
    /**
     * Runs `count` steps of length h from time t in place, fusing the last x-advection of a step
     * with the first of the next (exact for the commuting shifts). `firstStep` numbers the steps
     * in error messages. Returns the final time.
     */
    private run;
    private checkFinite;
    /**
     * One step of length h (default dt) from time t, in place: W <- S(h) W. Returns t + h.
     * Cost: see the class comment; no allocation.
     */
    step(W: Float64Array, t?: number, h?: number): number;
    /**
     * `steps` steps of length h (default dt) from time t, in place, with adjacent half
     * x-advections fused (2d instead of 3d sweeps per Strang step). Returns t + steps h.
     */
    advance(W: Float64Array, t: number, steps: number, h?: number): number;
    /**
     * Diagnostics of W at time t ({@link VlasovDiagnostics}): mass, momentum, energies, L2 norm,
     * min W, electric energy. Cost O(d size) plus two mean-field evaluations; no allocation
     * beyond the result.
     */
    diagnostics(W: Float64Array, t?: number): VlasovDiagnostics;
    /**
     * Evolves a copy of W0 from t0 to tFinal with steps dt (shortened to land on the requested
     * sample times and on tFinal), streaming diagnostics (`onStep`) and snapshots (`onSample`).
     * Without `onStep` the steps are fused in groups (see {@link advance}). Cost: steps x the
     * step cost, plus O(size) and two mean-field evaluations per diagnostic; allocates one copy
     * of W plus one per retained snapshot.
     */
    evolve(W0: Float64Array, options: EvolveOptions): VlasovEvolution;
}

/** Options of {@link vlasovPoissonSolver}. */
interface VlasovPoissonOptions {
    dt: number;
    splitting?: Splitting;
    shiftMethod?: ShiftMethod;
}
/**
 * Periodic electron Vlasov-Poisson with a neutralizing ion background, in units where the plasma
 * frequency of the mean density 1 is 1 (length: Debye length for unit thermal velocity):
 *   d_t f + v . grad_x f - E . grad_v f = 0,  div E = 1 - rho,  E = -grad phi,
 * which is THEORY's equation with kappa = 1/2 and U = -phi the electron potential energy:
 *   -Laplacian U = rho - 1 (`PeriodicPoisson(grid.position, 1)`, mean U = 0), E = grad U.
 * (Force on an electron -grad U = -E, as for charge -1; rho - 1 has zero mean on a periodic box
 * when int rho = L^d.) The interaction energy (1/2) int U rho = (1/2) int U (rho - 1) =
 * (1/2) int |E|^2 is the field energy, reported as both `interactionEnergy` and `electricEnergy`.
 * Cost: see {@link VlasovSolver}.
 */
declare function vlasovPoissonSolver(grid: PhaseSpaceGrid, options: VlasovPoissonOptions): VlasovSolver;

export { type Complex, type DispersionOptions, type EvolveOptions, type FitWindow, type LineFit, type MaxwellianBeam, NonFiniteStateError, type PeakFit, type PlasmaInitialStateOptions, type Splitting, type Substep, type VlasovDiagnostics, type VlasovEvolution, type VlasovOptions, type VlasovPoissonOptions, type VlasovSample, VlasovSolver, type VlasovStepInfo, complex, dielectricFunction, faddeeva, fitExponentialRate, fitLine, fitPeaks, plasmaDispersionFunction, plasmaInitialState, samplePhaseSpace, solveDispersionRelation, splittingSubsteps, vlasovPoissonSolver, yoshidaWeights };
