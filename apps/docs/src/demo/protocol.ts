// Messages between the demo page and its Web Worker (structured-cloned; typed arrays transfer).

/** The demo's knobs (the sliders). */
export interface DemoSettings {
  /** Particle numbers, ascending; eps = 1/N (d = 1). */
  readonly N: readonly number[];
  /** V = lambda / |x|^alpha. */
  readonly alpha: number;
  readonly lambda: number;
  /** Temperature of the initial thermal state in the trap x^2. */
  readonly temperature: number;
  /** Final time of both evolutions. */
  readonly tFinal: number;
  /** Time step (the same on both sides: matched Strang splitting). */
  readonly dt: number;
  /** Frames of the Wigner animation after t = 0 (times k tFinal / frames). */
  readonly frames: number;
}

/** One finished (N, t): the distances between omega_t and Weyl(W~_t). */
export interface DemoRow {
  readonly N: number;
  readonly epsilon: number;
  readonly t: number;
  /** (1/N) tr|omega_t - omega~_t|. */
  readonly traceNorm: number;
  /** ||rho_t - rho~_t||_L1 (NaN when the study did not compute it). */
  readonly densityL1: number;
}

/** W(x, v) of both sides at one time, on the same phase-space grid (index = ix * nv + iv). */
export interface WignerFrame {
  readonly N: number;
  readonly t: number;
  readonly nx: number;
  readonly nv: number;
  readonly xRange: readonly [number, number];
  readonly vRange: readonly [number, number];
  readonly quantum: Float64Array;
  readonly classical: Float64Array;
}

/** The least-squares rate of the trace-norm distance at the final time. */
export interface DemoRate {
  readonly t: number;
  readonly slope: number;
  /** NaN with two values of N (no residual degrees of freedom). */
  readonly slopeStdError: number;
  /** ln(error) = slope ln(eps) + intercept. */
  readonly intercept: number;
  readonly theorem1?: number;
  readonly theorem2?: number;
}

export type ToWorker =
  | { readonly type: "run"; readonly settings: DemoSettings }
  | { readonly type: "stop" };

export type FromWorker =
  | { readonly type: "progress"; readonly message: string; readonly fraction: number }
  | { readonly type: "row"; readonly row: DemoRow }
  | { readonly type: "frame"; readonly frame: WignerFrame }
  | { readonly type: "done"; readonly rate: DemoRate | null; readonly seconds: number }
  | { readonly type: "error"; readonly message: string };
