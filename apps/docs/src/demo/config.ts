// The study config behind the demo's sliders (shared by the worker and the tests).
import type { InteractionKernel } from "@semiclassical/grid";
import type { StudyConfigInput } from "@semiclassical/study";
import type { DemoSettings } from "./protocol.js";

/** V = lambda / |x|^alpha, or no interaction when lambda = 0. */
export function kernelOf(settings: DemoSettings): InteractionKernel | undefined {
  return settings.lambda === 0
    ? undefined
    : { kind: "power", lambda: settings.lambda, alpha: settings.alpha };
}

/** The study config of the sliders: d = 1, kappa = 1, thermal state in the trap x^2, Hartree. */
export function studyConfig(settings: DemoSettings): StudyConfigInput {
  const kernel = kernelOf(settings);
  const { tFinal, dt } = settings;
  return {
    name: "browser-demo",
    dimension: 1,
    kappa: 1,
    N: [...settings.N],
    state: {
      kind: settings.temperature > 0 ? "thermal" : "slater",
      temperature: settings.temperature,
      trap: { kind: "harmonic", strength: 1 },
    },
    interaction: kernel ?? { kind: "none" },
    dynamics: { model: "hartree", trap: "keep", tFinal, dt, splitting: "strang", times: [tFinal] },
    metrics: ["trace-norm", "density-l1"],
    errorFloor: false,
  };
}

/** The largest N of the animation (its cost grows like N^2 per frame). */
export const ANIMATION_MAX_N = 16;

/** The N of the Wigner animation: the largest N <= ANIMATION_MAX_N, else the smallest N. */
export function animatedN(settings: DemoSettings): number {
  return Math.max(...settings.N.filter((n) => n <= ANIMATION_MAX_N), Math.min(...settings.N));
}

/**
 * The animation's frame times k tFinal / frames, k = 0..frames, rounded to the dt lattice (the
 * study's snapshot times must be whole numbers of steps).
 */
export function frameTimes(settings: DemoSettings): number[] {
  const steps = Math.round(settings.tFinal / settings.dt);
  return Array.from(
    { length: settings.frames + 1 },
    (_, k) => Math.round((k * steps) / settings.frames) * settings.dt,
  );
}

/** The slider values. */
export interface SliderValues {
  readonly largestN: number;
  readonly alpha: number;
  readonly lambda: number;
  readonly temperature: number;
  readonly tFinal: number;
}

/** Largest-N choices of the N slider. */
export const N_CHOICES: readonly number[] = [16, 32, 64];

/** What the "Smallest setting" button sets: N = 8, 16 and a short run. */
export const SMALLEST: SliderValues = {
  largestN: 16,
  alpha: 0.25,
  lambda: 1,
  temperature: 0.5,
  tFinal: 0.2,
};

/**
 * The demo settings of the sliders: N = 8, 16, ..., up to the largest N (eps = 1/N). The smallest
 * setting uses a coarser dt and two animation frames, so it finishes in seconds.
 */
export function demoSettings(values: SliderValues, smallest: boolean): DemoSettings {
  const N: number[] = [];
  for (let n = 8; n <= values.largestN; n *= 2) N.push(n);
  return {
    N,
    alpha: values.alpha,
    lambda: values.lambda,
    temperature: values.temperature,
    tFinal: values.tFinal,
    dt: smallest ? 0.02 : 0.01,
    frames: smallest ? 2 : 8,
  };
}
