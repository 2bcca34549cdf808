import type { Grid, ThreadTeam } from "@semiclassical/grid";
import { ParameterError, sharedFloat64Array } from "@semiclassical/grid";
import { CompressedExchange } from "./compressed-exchange.js";
import { denseExchangeMatrix, type OrbitalExchange } from "./exchange.js";

/** Options of the exchange substep (the implicit midpoint fixed point). */
export interface ExchangeFlowOptions {
  /**
   * Stop when the estimated error of the midpoint orbitals (L2 norm on the grid; dense: max
   * entry of A_m) is below this (1e-12): the last update, or q update/(1 - q) with q the observed
   * contraction ratio.
   */
  tolerance?: number;
  /**
   * Fixed-point iterations allowed per implicit-midpoint substep (30); beyond that the substep is
   * split in two (up to 64 substeps) — see {@link OrbitalExchangeFlow.advance}.
   */
  maxIterations?: number;
  /**
   * How the orbital form solves the implicit midpoint (the dense form ignores it):
   * - "ace" (default): each iteration builds the adaptively compressed exchange A of
   *   X[Psi_m] on span(Psi_m) (one pair-symmetric exchange evaluation) and solves
   *   Psi_m' = (1 - i tau A/(2 eps))^{-1} Psi_0 exactly (K x K Woodbury solve, O(M K^2)); the
   *   step Psi_1 = Cayley(A) Psi_0 is unitary, so Gram entries are conserved to round-off at
   *   any tolerance. Contracts faster than the plain iteration (per-iteration factor ~1.3-3.5x
   *   smaller, measured).
   * - "fixed-point": the plain iteration Psi_m <- Psi_0 + (i tau/(2 eps)) X[Psi_m] Psi_m, and
   *   Psi_1 = 2 Psi_m - Psi_0 (Gram entries conserved to the tolerance).
   * Both converge to the same Psi_m (the implicit midpoint solution), so they agree to the
   * tolerance.
   */
  method?: "ace" | "fixed-point";
  /**
   * A fixed number of fixed-point iterations (exact exchange evaluations) per implicit-midpoint
   * substep instead of the tolerance test (default: none, iterate to `tolerance`). Starting from
   * Psi_0, whose distance to the midpoint Psi_m is O(tau), each iteration gains a factor
   * O(tau) (the contraction ~ tau ||X|| / (2 eps)), so after j iterations the substep differs from
   * the implicit midpoint by O(tau^(j+1)): j = 2 keeps a local error O(tau^3), enough for order 2
   * (Strang: 2 evaluations per step instead of ~4), and j = 4 keeps the composition symmetric to
   * O(tau^5), as the Yoshida triple jump needs for order 4 (no saving over the default there).
   * With "ace" every substep is still an exact Cayley map (Gram entries conserved to round-off);
   * with "fixed-point" the Gram entries drift by the last update. Numbers differ from the default
   * by the truncated iterations (K = 64, n = 1024, dt = 0.01, Strang with 2: 4e-8 relative after
   * 6 steps, at half the cost; orders measured in exchange-flow.test.ts). `tolerance` is then not
   * used. If the updates stop contracting (one above half the previous),
   * the substep is split as when the tolerance is not reached. Applies to the dense form too.
   */
  iterations?: number;
}

interface ResolvedFlowOptions {
  tolerance: number;
  maxIterations: number;
  method: "ace" | "fixed-point";
  iterations: number | undefined;
}

function resolveFlowOptions(options: ExchangeFlowOptions = {}): ResolvedFlowOptions {
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 30;
  const method = options.method ?? "ace";
  if (method !== "ace" && method !== "fixed-point") {
    throw new ParameterError(
      "exchange.method",
      `must be "ace" or "fixed-point", got ${String(method)}`,
    );
  }
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw new ParameterError("exchange.tolerance", `must be a number > 0, got ${tolerance}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new ParameterError(
      "exchange.maxIterations",
      `must be an integer >= 1, got ${maxIterations}`,
    );
  }
  const iterations = options.iterations;
  if (
    iterations !== undefined &&
    (!Number.isInteger(iterations) || iterations < 1 || iterations > maxIterations)
  ) {
    throw new ParameterError(
      "exchange.iterations",
      `must be an integer in [1, maxIterations = ${maxIterations}] (2 for order 2, 4 for order 4), ` +
        `got ${iterations}`,
    );
  }
  return { tolerance, maxIterations, method, iterations };
}

/**
 * Stop rule of the fixed point: the last update is below the tolerance, or the error bound of a
 * contraction with the observed ratio q = update/previous < 1/2, q update/(1 - q), is.
 */
function fixedPointConverged(update: number, previous: number, tolerance: number): boolean {
  if (update <= tolerance) return true;
  if (!Number.isFinite(previous) || !Number.isFinite(update)) return false;
  const q = update / previous;
  return q < 0.5 && (q * update) / (1 - q) <= tolerance;
}

function notConverged(iterations: number, update: number, tau: number): Error {
  return new ParameterError(
    "dt",
    `the exchange substep (implicit midpoint fixed point) did not converge in ${iterations} ` +
      `iterations (last update ${update.toExponential(2)}) for tau = ${tau}; the contraction ` +
      "factor is ~ tau ||X|| / (2 eps): use a smaller dt",
  );
}

/**
 * Substep doubling shared by both exchange flows: a step runs `substeps` implicit-midpoint
 * substeps of tau/substeps from a backup of the state; if one fails to converge the state is
 * restored and the count doubled (up to 64), and the count found is kept for later calls.
 */
abstract class SubstepDoublingFlow {
  protected substeps = 1;
  protected lastUpdate = Number.POSITIVE_INFINITY;
  /** Fixed-point iterations used by the last call of `advance` (all substeps). */
  lastIterations = 0;
  protected readonly options: ResolvedFlowOptions;

  protected constructor(
    private readonly backup: Float64Array,
    options: ExchangeFlowOptions | undefined,
  ) {
    this.options = resolveFlowOptions(options);
  }

  /**
   * Runs `iterate` (one fixed-point sweep, returning its update) until {@link fixedPointConverged};
   * records the iterations (and the last update). Without `trustFirstRatio` the contraction
   * estimate q = update/previous is only used from the third iteration on. Returns false when
   * maxIterations is reached or the update is not finite.
   */
  protected iterateToFixedPoint(iterate: () => number, trustFirstRatio = true): boolean {
    const { tolerance, maxIterations, iterations: fixed } = this.options;
    if (fixed !== undefined) {
      let previous = Number.POSITIVE_INFINITY;
      for (let j = 1; j <= fixed; j++) {
        const update = iterate();
        this.lastIterations = j;
        this.lastUpdate = update;
        if (!Number.isFinite(update) || (j > 1 && update > 0.5 * previous)) return false;
        previous = update;
      }
      return true;
    }
    let update = Number.POSITIVE_INFINITY;
    let previous = Number.POSITIVE_INFINITY;
    let iterations = 0;
    while (
      !fixedPointConverged(
        update,
        trustFirstRatio || iterations >= 3 ? previous : Number.POSITIVE_INFINITY,
        tolerance,
      )
    ) {
      if (iterations >= maxIterations || (iterations > 0 && !Number.isFinite(update))) {
        this.lastIterations = iterations;
        this.lastUpdate = update;
        return false;
      }
      iterations++;
      previous = update;
      update = iterate();
    }
    this.lastIterations = iterations;
    return true;
  }

  /** Runs `midpointStep(dt)` with dt = tau/substeps, doubling substeps until all converge. */
  protected advanceInSubsteps(
    state: Float64Array,
    tau: number,
    midpointStep: (dt: number) => boolean,
  ): void {
    for (;;) {
      this.backup.set(state);
      let ok = true;
      let total = 0;
      for (let s = 0; s < this.substeps && ok; s++) {
        ok = midpointStep(tau / this.substeps);
        total += this.lastIterations;
      }
      if (ok) {
        this.lastIterations = total;
        return;
      }
      state.set(this.backup);
      if (this.substeps >= 64) throw notConverged(this.lastIterations, this.lastUpdate, tau);
      this.substeps *= 2;
    }
  }
}

/**
 * The exchange part E(tau) of the potential substep, for the orbital form.
 *
 * Inside the potential substep U = V_ext + V*rho is frozen (the flow does not change rho), and
 * because X[D omega D^*] = D X[omega] D^* for a diagonal unitary D, the flow of U - X[omega]
 * factorizes exactly: P(tau) = e^{-i tau U/eps} o E(tau) with E the (nonlinear) flow of
 * i eps d_s psi_l = -X[omega] psi_l, and the two commute. So the local phase is applied exactly
 * and this class only integrates E, whose generator is small (||tau X/eps|| ~ tau ||V||_inf
 * eps^(d-1)), by the implicit midpoint rule
 *   Psi_1 = Psi_0 + i (tau/eps) X[Psi_m] Psi_m,  Psi_m = (Psi_0 + Psi_1)/2,
 * i.e. Psi_m = (1 - i tau X[Psi_m]/(2 eps))^{-1} Psi_0 (a Cayley transform of the midpoint
 * operator, self-consistent). It is symmetric (so the Yoshida composition stays 4th order),
 * second order, and conserves every Gram matrix entry <psi_k, psi_l> exactly (to the fixed-point
 * tolerance), hence orthonormality, occupations and tr omega. The fixed point
 * Psi_m <- Psi_0 + (i tau/(2 eps)) X[Psi_m] Psi_m converges with factor ~ tau ||X||/(2 eps);
 * each iteration is one pair-symmetric exchange evaluation (K(K+1)/2 convolutions).
 *
 * With method "ace" (default) the iteration is instead Psi_m^{j+1} = (1 - i h A_j)^{-1} Psi_0,
 * h = tau/(2 eps), with A_j the ACE of X[Psi_m^j] on span(Psi_m^j) (see
 * {@link CompressedExchange}). Its fixed point is the same: A_j Psi_m^j = X[Psi_m^j] Psi_m^j, so
 * Psi_m^{j+1} = Psi_m^j exactly when Psi_m^j = Psi_0 + i h X[Psi_m^j] Psi_m^j. The linear part
 * (X acting on the direction of Psi_m) is solved exactly; what is left to iterate is the
 * dependence of X on omega (the contraction factor measured at K = 64, n = 1024, tau = 0.01,
 * eps = 1/64 is ~1/250 per iteration against 1/70-1/200 for the plain iteration). The step is
 * Psi_1 = 2 Psi_m - Psi_0 = Cayley(h A_J) Psi_0 with the last A_J: a unitary map, so the Gram
 * matrix is conserved to round-off independently of the tolerance. Note that within one
 * substep X is never applied twice to the same omega (each iteration applies a new X[Psi_m] to
 * its own orbitals), so ACE saves no convolutions here: the gain is the iteration count and the
 * exact unitarity. Extra cost per iteration ~3 M K^2 complex multiply-adds + O(K^3) (about a
 * quarter of an iteration at K = 64, n = 1024). Measured there (dt = 0.01, eps = 1/64, tolerance
 * 1e-12): 4 iterations per substep, updates ~5e-3, 1e-6, 6e-9, 2e-11. Starting the iteration
 * from the previous substep's A (Psi_m^0 = (1 - i h A_prev)^{-1} Psi_0) was measured worse:
 * its first update is smaller (7e-4) but it leaves the linear part unsolved, so the second is
 * larger (3e-6 instead of 1e-6) and the count is the same or one more. `iterations` (see
 * {@link ExchangeFlowOptions}) trades the tolerance for a fixed count that keeps the order.
 * Buffers (5 K M complex) are allocated once.
 */
export class OrbitalExchangeFlow extends SubstepDoublingFlow {
  private initial: Float64Array;
  private midpoint: Float64Array;
  private exchanged: Float64Array;
  private readonly compressed: CompressedExchange | undefined;
  private solved: Float64Array;
  /** The exchange's team the buffers were moved to shared memory for. */
  private team: ThreadTeam | undefined;

  constructor(
    readonly exchange: OrbitalExchange,
    orbitalCount: number,
    options?: ExchangeFlowOptions,
  ) {
    const length = 2 * orbitalCount * exchange.grid.size;
    super(new Float64Array(length), options);
    this.initial = new Float64Array(length);
    this.midpoint = new Float64Array(length);
    this.exchanged = new Float64Array(length);
    const ace = this.options.method === "ace";
    this.compressed = ace ? new CompressedExchange(exchange.grid, orbitalCount) : undefined;
    this.solved = new Float64Array(ace ? length : 0);
  }

  /**
   * Psi <- E(tau) Psi in place. When the fixed point contracts slowly (more than 30 iterations,
   * which happens for tau ||X||/eps ~ 1), tau is split into 2, 4, ... equal implicit-midpoint
   * substeps (a symmetric composition, so the order is kept); the count found is kept for later
   * calls. Cost (iterations) x K(K+1)/2 convolutions, no allocation. Throws a ParameterError
   * naming dt if even 64 substeps do not converge. When the exchange has a thread team
   * (`OrbitalExchange.useThreads`), the ACE's O(M K^2) loops run on it too (buffers moved to
   * shared memory on the first call; same numbers bit for bit).
   */
  advance(
    orbitals: Float64Array,
    occupations: Float64Array,
    particleNumber: number,
    tau: number,
    epsilon: number,
  ): void {
    const team = this.exchange.threadTeam;
    if (team !== this.team && team !== undefined) this.useThreads(team);
    this.advanceInSubsteps(orbitals, tau, (dt) =>
      this.midpointStep(orbitals, occupations, particleNumber, dt, epsilon),
    );
  }

  /** Moves the ACE buffers to shared memory and splits the ACE loops over `team`. Cost O(K M). */
  private useThreads(team: ThreadTeam): void {
    this.team = team;
    if (this.compressed === undefined) return;
    const length = this.initial.length;
    this.initial = sharedFloat64Array(length);
    this.midpoint = sharedFloat64Array(length);
    this.exchanged = sharedFloat64Array(length);
    this.solved = sharedFloat64Array(length);
    this.compressed.useThreads(team, {
      basis: this.midpoint,
      exchanged: this.exchanged,
      psi0: this.initial,
      out: this.solved,
    });
  }

  /** Implicit-midpoint substeps per exchange substep currently in use (1, 2, 4, ...). */
  get substepCount(): number {
    return this.substeps;
  }

  private midpointStep(
    orbitals: Float64Array,
    occupations: Float64Array,
    particleNumber: number,
    tau: number,
    epsilon: number,
  ): boolean {
    const grid = this.exchange.grid;
    const m = grid.size;
    const count = occupations.length;
    const half = tau / (2 * epsilon);
    const psi0 = this.initial;
    const mid = this.midpoint;
    const x = this.exchanged;
    psi0.set(orbitals);
    mid.set(orbitals);
    const ace = this.compressed;
    if (ace !== undefined) {
      const next = this.solved;
      // The first update is the whole move Psi_0 -> Psi_m^1, not a contraction step (its ratio
      // to the second underestimates q ~30x): the q-based stop needs two genuine ratios.
      const converged = this.iterateToFixedPoint(() => {
        this.exchange.applyToOrbitals(mid, occupations, particleNumber, x);
        ace.build(mid, x);
        ace.midpoint(psi0, half, next);
        let update = 0;
        for (let l = 0; l < count; l++) {
          let s = 0;
          for (let i = 2 * l * m; i < 2 * (l + 1) * m; i++) s += (next[i] - mid[i]) ** 2;
          update = Math.max(update, Math.sqrt(s * grid.cellVolume));
        }
        mid.set(next);
        return update;
      }, false);
      if (!converged) return false;
      for (let i = 0; i < orbitals.length; i++) orbitals[i] = 2 * mid[i] - psi0[i];
      return true;
    }
    const converged = this.iterateToFixedPoint(() => {
      this.exchange.applyToOrbitals(mid, occupations, particleNumber, x);
      let update = 0;
      for (let l = 0; l < count; l++) {
        let s = 0;
        for (let i = 2 * l * m; i < 2 * (l + 1) * m; i += 2) {
          // new = psi0 + i half X psi_m
          const re = psi0[i] - half * x[i + 1];
          const im = psi0[i + 1] + half * x[i];
          s += (re - mid[i]) ** 2 + (im - mid[i + 1]) ** 2;
          mid[i] = re;
          mid[i + 1] = im;
        }
        update = Math.max(update, Math.sqrt(s * grid.cellVolume));
      }
      return update;
    });
    if (!converged) return false;
    for (let i = 0; i < orbitals.length; i++) orbitals[i] = 2 * mid[i] - psi0[i];
    return true;
  }
}

/**
 * The exchange part E(tau) of the potential substep for the dense form (1D, regular kernels),
 * the same implicit midpoint rule as {@link OrbitalExchangeFlow} written for A: with
 * M = (1 - i tau X_m/(2 eps))^{-1}, the midpoint state is A_m = M A_0 M^*, X_m = X[A_m]
 * (elementwise V(x_i - x_j) A_ij / N), iterated to a fixed point, and then
 * A_1 = U A_0 U^*, U = 2M - 1 (Cayley), i.e. A_1 = 4 A_m - 2 M A_0 - 2 (M A_0)^* + A_0.
 * For a state of rank K it gives exactly the orbital-form result. 1 - i tau X/(2 eps) has
 * positive definite Hermitian part, so LU without pivoting is stable. Cost per iteration
 * ~ 7/3 n^3 complex multiply-adds (one LU, two n-column solves); buffers (5 n^2 complex) allocated once.
 */
export class DenseExchangeFlow extends SubstepDoublingFlow {
  private readonly initial: Float64Array;
  private readonly midpoint: Float64Array;
  private readonly work: Float64Array;
  private readonly solved: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly kernelTable: Float64Array,
    options?: ExchangeFlowOptions,
  ) {
    const n = grid.size;
    super(new Float64Array(2 * n * n), options);
    this.initial = new Float64Array(2 * n * n);
    this.midpoint = new Float64Array(2 * n * n);
    this.work = new Float64Array(2 * n * n);
    this.solved = new Float64Array(2 * n * n);
  }

  /**
   * A <- E(tau) A in place, with the same substep splitting as the orbital form.
   * Cost O(iterations n^3), no allocation.
   */
  advance(data: Float64Array, particleNumber: number, tau: number, epsilon: number): void {
    this.advanceInSubsteps(data, tau, (dt) => this.midpointStep(data, particleNumber, dt, epsilon));
  }

  private midpointStep(
    data: Float64Array,
    particleNumber: number,
    tau: number,
    epsilon: number,
  ): boolean {
    const n = this.grid.size;
    const half = tau / (2 * epsilon);
    const a0 = this.initial;
    const mid = this.midpoint;
    const lu = this.work;
    const y = this.solved;
    a0.set(data);
    mid.set(data);
    const converged = this.iterateToFixedPoint(() => {
      // lu = 1 - i half X[A_m]
      denseExchangeMatrix(n, this.kernelTable, mid, particleNumber, lu);
      for (let o = 0; o < 2 * n * n; o += 2) {
        const re = lu[o];
        const im = lu[o + 1];
        lu[o] = half * im;
        lu[o + 1] = -half * re;
      }
      for (let i = 0; i < n; i++) lu[2 * (i * n + i)] += 1;
      luFactor(n, lu);
      // y = M A_0
      y.set(a0);
      luSolveRows(n, lu, y);
      // new A_m = M y^*  (written into data as scratch)
      conjugateTranspose(n, y, data);
      luSolveRows(n, lu, data);
      let update = 0;
      for (let o = 0; o < 2 * n * n; o++) {
        const d = Math.abs(data[o] - mid[o]);
        if (d > update) update = d;
      }
      mid.set(data);
      return update;
    });
    if (!converged) {
      data.set(a0);
      return false;
    }
    // A_1 = 4 A_m - 2 y - 2 y^* + A_0, y = M A_0; symmetrized to stay exactly Hermitian.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const o = 2 * (i * n + j);
        const t = 2 * (j * n + i);
        data[o] = 4 * mid[o] - 2 * y[o] - 2 * y[t] + a0[o];
        data[o + 1] = 4 * mid[o + 1] - 2 * y[o + 1] + 2 * y[t + 1] + a0[o + 1];
      }
    }
    hermitianPart(n, data);
    return true;
  }
}

/** out = A^* (conjugate transpose), n x n interleaved. */
function conjugateTranspose(n: number, a: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const o = 2 * (i * n + j);
      const t = 2 * (j * n + i);
      out[o] = a[t];
      out[o + 1] = -a[t + 1];
    }
  }
}

/** A <- (A + A^*)/2 in place. */
export function hermitianPart(n: number, a: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const d = 2 * (i * n + i);
    a[d + 1] = 0;
    for (let j = i + 1; j < n; j++) {
      const o = 2 * (i * n + j);
      const t = 2 * (j * n + i);
      const re = 0.5 * (a[o] + a[t]);
      const im = 0.5 * (a[o + 1] - a[t + 1]);
      a[o] = re;
      a[o + 1] = im;
      a[t] = re;
      a[t + 1] = -im;
    }
  }
}

/**
 * In-place LU factorization without pivoting (Doolittle, unit lower L below the diagonal, U on
 * and above), n x n interleaved complex. Only for matrices whose Hermitian part is positive
 * definite (then no pivoting is needed). Cost n^3/3 complex multiply-adds.
 */
export function luFactor(n: number, a: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const pk = 2 * (k * n + k);
    const pr = a[pk];
    const pi = a[pk + 1];
    const den = pr * pr + pi * pi;
    const ir = pr / den;
    const ii = -pi / den;
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      const lr = a[o] * ir - a[o + 1] * ii;
      const li = a[o] * ii + a[o + 1] * ir;
      a[o] = lr;
      a[o + 1] = li;
      if (lr === 0 && li === 0) continue;
      const row = 2 * i * n;
      const krow = 2 * k * n;
      for (let j = k + 1; j < n; j++) {
        const ur = a[krow + 2 * j];
        const ui = a[krow + 2 * j + 1];
        a[row + 2 * j] -= lr * ur - li * ui;
        a[row + 2 * j + 1] -= lr * ui + li * ur;
      }
    }
  }
}

/**
 * Solves (L U) Y = B for all n columns of B at once, in place (B n x n interleaved), by row
 * operations on B. Cost n^3 complex multiply-adds.
 */
export function luSolveRows(n: number, lu: Float64Array, b: Float64Array): void {
  // forward: row_i -= sum_{k<i} L_ik row_k
  for (let i = 1; i < n; i++) {
    const ri = 2 * i * n;
    for (let k = 0; k < i; k++) {
      const o = 2 * (i * n + k);
      const lr = lu[o];
      const li = lu[o + 1];
      if (lr === 0 && li === 0) continue;
      const rk = 2 * k * n;
      for (let j = 0; j < 2 * n; j += 2) {
        const br = b[rk + j];
        const bi = b[rk + j + 1];
        b[ri + j] -= lr * br - li * bi;
        b[ri + j + 1] -= lr * bi + li * br;
      }
    }
  }
  // backward: row_i = (row_i - sum_{k>i} U_ik row_k) / U_ii
  for (let i = n - 1; i >= 0; i--) {
    const ri = 2 * i * n;
    for (let k = i + 1; k < n; k++) {
      const o = 2 * (i * n + k);
      const ur = lu[o];
      const ui = lu[o + 1];
      if (ur === 0 && ui === 0) continue;
      const rk = 2 * k * n;
      for (let j = 0; j < 2 * n; j += 2) {
        const br = b[rk + j];
        const bi = b[rk + j + 1];
        b[ri + j] -= ur * br - ui * bi;
        b[ri + j + 1] -= ur * bi + ui * br;
      }
    }
    const d = 2 * (i * n + i);
    const pr = lu[d];
    const pi = lu[d + 1];
    const den = pr * pr + pi * pi;
    const ir = pr / den;
    const ii = -pi / den;
    for (let j = 0; j < 2 * n; j += 2) {
      const br = b[ri + j];
      const bi = b[ri + j + 1];
      b[ri + j] = br * ir - bi * ii;
      b[ri + j + 1] = br * ii + bi * ir;
    }
  }
}
