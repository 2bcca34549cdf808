/**
 * Fork-join parallelism inside one evolution: a team of worker threads that run named kernels on
 * index ranges of data held in SharedArrayBuffers, synchronously (Atomics.wait), so the
 * synchronous time loops of the solvers can split their line and orbital loops. No `node:`
 * import: the host creates the worker objects (Node's worker_threads or browser Web Workers) and
 * the worker entry calls {@link serveThreadTeam}. Atomics.wait blocks, which is allowed in Node's
 * main thread and in Web Workers (where the docs run the numerics), not on a browser page's main
 * thread; SharedArrayBuffer needs a cross-origin isolated page in browsers.
 */
import { ParameterError } from "./errors.js";
import { type FftEngine, fftEngine, selectFftEngine } from "./fft-wasm.js";

/**
 * A kernel the team runs: `prepare` builds a thread's state from the setup (once per context, on
 * every thread; the setup is structured-cloned to the workers, so its SharedArrayBuffer-backed
 * arrays are shared, everything else is copied), `run` processes items [begin, end) with the
 * job's parameters. Items of one job must be independent (each written by one thread only).
 */
export interface ThreadKernel<State = unknown, Setup = unknown> {
  readonly name: string;
  prepare(setup: Setup): State;
  run(state: State, begin: number, end: number, parameters: Float64Array): void;
}

/** The part of a Worker (node:worker_threads or a Web Worker) the team uses. */
export interface ThreadWorker {
  postMessage(message: unknown): void;
  terminate?(): unknown;
}

/** A kernel's state on every thread of a team ({@link ThreadTeam.context}). */
export interface ThreadContext<State = unknown> {
  readonly id: number;
  readonly kernel: ThreadKernel<State>;
  /** The main thread's state (built by `kernel.prepare`). */
  readonly state: State;
}

const registry = new Map<string, ThreadKernel<unknown, never>>();

/**
 * Registers kernels by name in this thread's registry (the worker entry registers every kernel
 * the solvers use; the main thread passes kernel objects directly). Re-registering the same
 * object is a no-op; another object under a registered name is a ParameterError. Cost O(1) each.
 */
export function registerThreadKernels(...kernels: ThreadKernel<unknown, never>[]): void {
  for (const kernel of kernels) {
    const known = registry.get(kernel.name);
    if (known !== undefined && known !== kernel) {
      throw new ParameterError("kernel.name", `"${kernel.name}" is already registered`);
    }
    registry.set(kernel.name, kernel);
  }
}

/** The kernel registered under `name`, else a ParameterError naming the registered ones. */
export function registeredThreadKernel(name: string): ThreadKernel<unknown, unknown> {
  const kernel = registry.get(name) as ThreadKernel<unknown, unknown> | undefined;
  if (kernel === undefined) {
    throw new ParameterError(
      "kernel",
      `no thread kernel "${name}" is registered in this thread (registered: ` +
        `${[...registry.keys()].join(", ") || "none"}); the worker entry must call ` +
        "registerThreadKernels with it",
    );
  }
  return kernel;
}

/** A Float64Array on a SharedArrayBuffer, or a ParameterError saying why there is none. */
export function sharedFloat64Array(length: number): Float64Array {
  if (typeof SharedArrayBuffer !== "function") {
    throw new ParameterError(
      "threads",
      "this runtime has no SharedArrayBuffer (browsers: the page must be cross-origin isolated, " +
        "COOP same-origin + COEP require-corp); use threads = 1",
    );
  }
  return new Float64Array(new SharedArrayBuffer(8 * length));
}

/**
 * `values` in shared memory: the array itself when it already lives on a SharedArrayBuffer (no
 * copy), else a copy on a new one ({@link sharedFloat64Array}). Cost O(1) or O(length).
 */
export function inSharedMemory(values: Float64Array): Float64Array {
  if (typeof SharedArrayBuffer === "function" && values.buffer instanceof SharedArrayBuffer) {
    return values;
  }
  const shared = sharedFloat64Array(values.length);
  shared.set(values);
  return shared;
}

// Control block (Int32Array on a SharedArrayBuffer).
const SEQ = 0; // job generation: the main thread bumps it, the workers wait on it
const COMMAND = 1;
const CONTEXT = 2;
const PENDING = 3; // workers still running the job
const ACKS = 4; // workers that took a message
const FAILED = 5; // 1 + index of the first failing worker, 0 if none
const ERROR_LENGTH = 6;
const COUNT = 7; // items of the job
const CHUNK = 8; // items per chunk (a multiple of the grain)
const NEXT = 9; // the next chunk to take
const CONTROL_LENGTH = 10;
/** Chunks per thread of a job: enough to balance threads that the OS preempts. */
const CHUNKS_PER_THREAD = 8;
const RUN = 1;
const RECEIVE = 2;
const STOP = 3;
const PARAMETERS = 16;
const ERROR_BYTES = 4096;

interface TeamBuffers {
  readonly control: SharedArrayBuffer;
  readonly parameters: SharedArrayBuffer;
  readonly error: SharedArrayBuffer;
}

type TeamMessage =
  | { type: "init"; index: number; buffers: TeamBuffers; engine: FftEngine }
  | { type: "context"; id: number; kernel: string; setup: unknown }
  | { type: "release"; id: number };

/** Options of {@link ThreadTeam.start}. */
export interface ThreadTeamOptions {
  /** How long to wait for the workers to start or take a context, ms (default 60 000). */
  readonly timeout?: number;
}

/**
 * A fork-join team of `threads` threads: the main thread plus threads - 1 workers. A job
 * ({@link ThreadTeam.run}) splits items [0, count) into about 8 chunks per thread (boundaries on
 * multiples of `grain`), which the calling thread and the workers take in turn from a shared
 * counter (so a thread the OS preempts takes fewer), and returns when all are done, rethrowing a
 * worker's failure. Results equal the serial loop's whenever the kernel's items are independent
 * (which thread runs a chunk does not matter). Overhead per job: a few microseconds of wake-up
 * and join per worker. Not re-entrant: one job at a time, from the thread that started the team.
 */
export class ThreadTeam {
  readonly threads: number;
  private readonly workers: readonly ThreadWorker[];
  private readonly control: Int32Array;
  private readonly parameters: Float64Array;
  private readonly error: Uint8Array;
  private readonly timeout: number;
  private nextContext = 1;
  private closed = false;
  /** Drops a context's worker states once the main thread lets go of the context. */
  private readonly finalizer = new FinalizationRegistry<number>((id) => this.releaseId(id));

  private constructor(workers: ThreadWorker[], buffers: TeamBuffers | undefined, timeout: number) {
    this.threads = workers.length + 1;
    this.workers = workers;
    this.control = buffers ? new Int32Array(buffers.control) : new Int32Array(CONTROL_LENGTH);
    this.parameters = buffers ? new Float64Array(buffers.parameters) : new Float64Array(PARAMETERS);
    this.error = buffers ? new Uint8Array(buffers.error) : new Uint8Array(0);
    this.timeout = timeout;
  }

  /**
   * Starts a team of `threads` (an integer >= 1; ParameterError "threads" otherwise): spawns
   * threads - 1 workers with `spawn(index)` (each must run a worker entry that calls
   * {@link serveThreadTeam}) and waits, without blocking the event loop, until they serve. The
   * workers use this thread's FFT engine. threads = 1 spawns nothing (every job runs serially).
   */
  static async start(
    threads: number,
    spawn: (index: number) => ThreadWorker,
    options: ThreadTeamOptions = {},
  ): Promise<ThreadTeam> {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new ParameterError("threads", `must be an integer >= 1, got ${String(threads)}`);
    }
    const timeout = options.timeout ?? 60_000;
    let buffers: TeamBuffers | undefined;
    if (threads > 1) {
      sharedFloat64Array(0);
      buffers = {
        control: new SharedArrayBuffer(4 * CONTROL_LENGTH),
        parameters: new SharedArrayBuffer(8 * PARAMETERS),
        error: new SharedArrayBuffer(ERROR_BYTES),
      };
    }
    const workers = Array.from({ length: threads - 1 }, (_, w) => spawn(w + 1));
    const team = new ThreadTeam(workers, buffers, timeout);
    const engine = fftEngine();
    workers.forEach((worker, w) => {
      const message: TeamMessage = { type: "init", index: w + 1, buffers: buffers!, engine };
      worker.postMessage(message);
    });
    const start = Date.now();
    while (Atomics.load(team.control, ACKS) < workers.length) {
      if (Date.now() - start > timeout) {
        team.close();
        throw new Error(`ThreadTeam: the workers did not start within ${timeout} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    team.throwFailure("start");
    return team;
  }

  /**
   * Builds `kernel`'s state from `setup` on every thread (a kernel object, or the name of one
   * registered in this thread) and returns the context to run jobs on. Blocks until every worker
   * has its state; a worker without the kernel (or whose `prepare` throws) makes this throw,
   * naming the kernel. Cost: one structured clone of `setup` per worker plus `prepare`.
   */
  context<State, Setup>(
    kernel: ThreadKernel<State, Setup> | string,
    setup: Setup,
  ): ThreadContext<State> {
    this.requireOpen();
    const k = (
      typeof kernel === "string" ? registeredThreadKernel(kernel) : kernel
    ) as ThreadKernel<State, Setup>;
    const id = this.nextContext++;
    const state = k.prepare(setup);
    this.message({ type: "context", id, kernel: k.name, setup }, `kernel "${k.name}"`);
    const context = { id, kernel: k as ThreadKernel<State>, state };
    if (this.workers.length > 0) this.finalizer.register(context, id, context);
    return context;
  }

  /**
   * Drops a context's state on the workers (their references to its shared arrays); done by
   * itself once the context is garbage collected. The context cannot run afterwards.
   */
  release(context: ThreadContext): void {
    this.finalizer.unregister(context);
    this.releaseId(context.id);
  }

  private releaseId(id: number): void {
    if (this.closed || this.workers.length === 0) return;
    this.message({ type: "release", id }, `the release of context ${id}`);
  }

  /**
   * Runs `context`'s kernel on items [0, count) split over the team (see {@link ThreadTeam});
   * `parameters` (at most 16 numbers) reach every thread's `run`. Range boundaries are multiples
   * of `grain`, each chunk one `run(state, begin, end)` call. Rethrows a worker's error (naming the
   * kernel and the thread). Cost: the kernel's, divided by the threads, plus the wake-up and join.
   */
  run(context: ThreadContext, count: number, parameters: ArrayLike<number> = [], grain = 1): void {
    this.requireOpen();
    if (parameters.length > PARAMETERS) {
      throw new ParameterError(
        "parameters",
        `at most ${PARAMETERS} numbers, got ${parameters.length}`,
      );
    }
    const p = this.parameters;
    for (let i = 0; i < parameters.length; i++) p[i] = parameters[i];
    if (this.workers.length === 0) {
      context.kernel.run(context.state, 0, count, p);
      return;
    }
    const c = this.control;
    const chunks = this.threads * CHUNKS_PER_THREAD;
    c[COUNT] = count;
    c[CHUNK] = Math.max(1, Math.ceil(count / chunks / grain)) * grain;
    Atomics.store(c, NEXT, 0);
    c[COMMAND] = RUN;
    c[CONTEXT] = context.id;
    Atomics.store(c, PENDING, this.workers.length);
    Atomics.add(c, SEQ, 1);
    Atomics.notify(c, SEQ);
    let failure: unknown;
    try {
      runChunks(c, context.kernel, context.state, p);
    } catch (error) {
      failure = error;
    }
    for (let left = Atomics.load(c, PENDING); left > 0; left = Atomics.load(c, PENDING)) {
      Atomics.wait(c, PENDING, left);
    }
    const workerFailure = this.takeFailure(`kernel "${context.kernel.name}"`);
    if (failure !== undefined) throw failure;
    if (workerFailure !== undefined) throw workerFailure;
  }

  /** Stops the workers (and terminates those with `terminate`). The team cannot run afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.workers.length > 0) this.command(STOP);
    for (const worker of this.workers) worker.terminate?.();
  }

  private requireOpen(): void {
    if (this.closed) throw new Error("ThreadTeam: the team is closed");
  }

  private command(command: number): void {
    const c = this.control;
    c[COMMAND] = command;
    Atomics.add(c, SEQ, 1);
    Atomics.notify(c, SEQ);
  }

  /** Posts `message` to every worker, sends them back to their event loop, waits for the acks. */
  private message(message: TeamMessage, what: string): void {
    if (this.workers.length === 0) return;
    const c = this.control;
    Atomics.store(c, ACKS, 0);
    for (const worker of this.workers) worker.postMessage(message);
    this.command(RECEIVE);
    const start = Date.now();
    for (
      let acks = Atomics.load(c, ACKS);
      acks < this.workers.length;
      acks = Atomics.load(c, ACKS)
    ) {
      const left = this.timeout - (Date.now() - start);
      if (left <= 0)
        throw new Error(`ThreadTeam: the workers did not take ${what} within ${this.timeout} ms`);
      Atomics.wait(c, ACKS, acks, left);
    }
    this.throwFailure(what);
  }

  private throwFailure(what: string): void {
    const failure = this.takeFailure(what);
    if (failure !== undefined) throw failure;
  }

  /** The first worker failure since the last call (as an Error naming `what`), cleared. */
  private takeFailure(what: string): Error | undefined {
    const c = this.control;
    const failed = Atomics.load(c, FAILED);
    if (failed === 0) return undefined;
    const text = new TextDecoder().decode(this.error.slice(0, c[ERROR_LENGTH]));
    Atomics.store(c, FAILED, 0);
    return new Error(`ThreadTeam: thread ${failed - 1} failed in ${what}: ${text}`);
  }
}

/** Takes chunks of the current job from the shared counter until none is left. */
function runChunks(
  c: Int32Array,
  kernel: ThreadKernel,
  state: unknown,
  parameters: Float64Array,
): void {
  const count = c[COUNT];
  const chunk = c[CHUNK];
  for (let begin = Atomics.add(c, NEXT, 1) * chunk; begin < count; ) {
    kernel.run(state, begin, Math.min(count, begin + chunk), parameters);
    begin = Atomics.add(c, NEXT, 1) * chunk;
  }
}

/**
 * The worker side of {@link ThreadTeam}: call it once in the worker entry, after registering the
 * kernels, with a function that subscribes a handler to the thread's messages (Node:
 * `(h) => parentPort.on("message", h)`; Web Worker: `(h) => { self.onmessage = (e) => h(e.data) }`).
 * The worker then alternates between its event loop (to take contexts) and a blocking wait for
 * jobs.
 */
export function serveThreadTeam(subscribe: (handler: (message: unknown) => void) => void): void {
  let control: Int32Array | undefined;
  let parameters: Float64Array = new Float64Array(0);
  let error: Uint8Array = new Uint8Array(0);
  let index = 0;
  let seen = 0;
  const contexts = new Map<number, { kernel: ThreadKernel; state: unknown }>();

  const fail = (e: unknown) => {
    const c = control!;
    if (Atomics.compareExchange(c, FAILED, 0, index + 1) !== 0) return;
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const bytes = new TextEncoder().encode(text).subarray(0, error.length);
    error.set(bytes);
    c[ERROR_LENGTH] = bytes.length;
  };
  const acknowledge = () => {
    Atomics.add(control!, ACKS, 1);
    Atomics.notify(control!, ACKS);
  };
  // Blocks between jobs; returns to the event loop on RECEIVE (a message waits) or STOP.
  const serve = () => {
    const c = control!;
    for (;;) {
      Atomics.wait(c, SEQ, seen);
      seen = Atomics.load(c, SEQ);
      const command = c[COMMAND];
      if (command !== RUN) return;
      const context = contexts.get(c[CONTEXT]);
      try {
        if (context === undefined) throw new Error(`no context ${c[CONTEXT]} on this worker`);
        runChunks(c, context.kernel, context.state, parameters);
      } catch (e) {
        fail(e);
      }
      if (Atomics.sub(c, PENDING, 1) === 1) Atomics.notify(c, PENDING);
    }
  };

  subscribe((data) => {
    const message = data as TeamMessage;
    if (message.type === "init") {
      control = new Int32Array(message.buffers.control);
      parameters = new Float64Array(message.buffers.parameters);
      error = new Uint8Array(message.buffers.error);
      index = message.index;
      seen = Atomics.load(control, SEQ);
      try {
        selectFftEngine(message.engine);
      } catch (e) {
        fail(e);
      }
    } else if (message.type === "context") {
      try {
        const kernel = registeredThreadKernel(message.kernel);
        contexts.set(message.id, { kernel, state: kernel.prepare(message.setup) });
      } catch (e) {
        fail(e);
      }
    } else if (message.type === "release") {
      contexts.delete(message.id);
    }
    if (control === undefined) return;
    acknowledge();
    if (control[COMMAND] !== STOP) serve();
  });
}
