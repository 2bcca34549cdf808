import {
  createGrid,
  type Dimension,
  FreeSpaceConvolution,
  type Grid,
  type InteractionKernel,
} from "@semiclassical/grid";
import { DEFAULT_OCCUPATION_CUTOFF } from "@semiclassical/quantum";
import type { InteractionConfig, StateConfig } from "./config-types.js";
import { STUDY_GUARD_THRESHOLDS } from "./guards.js";
import { coulombExtent } from "./trap.js";

/** What {@link initialStateBudget} returns: the phase-space box the initial state needs. */
export interface InitialStateBudget {
  /** Largest classical speed |v| the state reaches under U_0 = V_ext + V * rho_0. */
  readonly velocity: number;
  /** Largest classical |x| the state reaches under U_0 (trap kept). */
  readonly extent: number;
  /** max and min of V * rho_0 (0 without interaction), on the budget grid. */
  readonly meanField: { readonly max: number; readonly min: number };
}

/** Points per axis of the budget grid by dimension (rho_0 is smooth on the scale of the trap). */
const BUDGET_POINTS: Readonly<Record<Dimension, number>> = { 1: 256, 2: 32, 3: 16 };

/** Mass fraction beyond the bulk (the soft edge-mass threshold of the guards). */
const BULK_FRACTION = STUDY_GUARD_THRESHOLDS.edgeMass.soft;

const cache = new Map<string, InitialStateBudget>();

/**
 * The phase-space budget of the initial state from its classical density (issue 12 item 2):
 * rho_0(x) ∝ int f(kappa |p|^2 + U(x) - mu) dp with f the Fermi-Dirac function at the state's
 * temperature (T = 0: the indicator, Thomas-Fermi), U = s|x|^2 for "thermal", "slater" and
 * "coherent" (prepared without the interaction) and U = s|x|^2 + V * rho_0 self-consistently for
 * "ground" and "vlasov-steady" (15 damped fixed-point steps), mu fixed by int int f dx dp =
 * (2 pi)^d (N orbitals per (2 pi eps)^d); then U_0 = V_ext + V * rho_0 by the grid package's free-space convolution on a
 * coarse grid (256, 32^2, 16^3 points) over the trap's extent sqrt(E_0/s) (E_0 = `cutoff` with
 * the interaction off). A particle of the state starts with kappa |p|^2 + s|x|^2 <= E_0, so
 * kappa |p|^2 + U_0 <= E_0 + max V * rho_0 =: E_max, and since U_0 >= s|x|^2 + min V * rho_0 it
 * stays within kappa |v|^2 <= E_max - min V * rho_0 and s|x|^2 <= the same: `velocity` and
 * `extent`, for repulsive (max > 0) and attractive (min < 0) kernels alike; and the bulk of the
 * state (energies below E_F + T ln 1e6, all but ~1e-6 of the mass) stays out of the guards' edge
 * bands (1/16 of each box per side: its bound is divided by 1 - 1/8). For V = 0 they are
 * sqrt(E_0/kappa) and sqrt(E_0/s). The mean field of the later dynamics differs from U_0; the run
 * time guards (STUDY_GUARD_THRESHOLDS) catch what this estimate misses. Memoized per input.
 * Cost O(M log M) per convolution, M = 256, 32^2 or 16^3 points, after the kernel precomputation
 * (~10 ms in 1D, ~0.3 s in 2D/3D; 15 convolutions for "ground").
 */
export function initialStateBudget(input: {
  dimension: Dimension;
  kappa: number;
  state: StateConfig;
  interaction: InteractionConfig;
  /** E_c of the state with the interaction off (`stateEnergyCutoff`). */
  cutoff: number;
}): InitialStateBudget {
  const key = JSON.stringify(input);
  const known = cache.get(key);
  if (known) return known;
  const budget = computeBudget(input);
  if (cache.size > 64) cache.clear();
  cache.set(key, budget);
  return budget;
}

function computeBudget(input: {
  dimension: Dimension;
  kappa: number;
  state: StateConfig;
  interaction: InteractionConfig;
  cutoff: number;
}): InitialStateBudget {
  const { dimension: d, kappa, state, interaction, cutoff } = input;
  if (state.trap.kind === "coulomb") {
    // The softened nucleus binds the state within its depth Z/a (the cutoff: kappa |v|^2 <=
    // E_c) and over a few Thomas-Fermi lengths (trap.ts); the (1/N) repulsion only shallows the
    // well. The run-time guards catch what this misses (the neutral atom's r^-6 tail).
    return {
      velocity: Math.sqrt(cutoff / kappa),
      extent: coulombExtent(kappa, state.trap.charge),
      meanField: { max: 0, min: 0 },
    };
  }
  const s = state.trap.strength;
  const noField = {
    velocity: Math.sqrt(cutoff / kappa),
    extent: Math.sqrt(cutoff / s),
    meanField: { max: 0, min: 0 },
  };
  if (interaction.kind === "none") return noField;
  const extent0 = Math.sqrt(cutoff / s);
  const grid = createGrid({ dimension: d, points: BUDGET_POINTS[d], box: 2.2 * extent0 });
  const r2 = squaredRadii(grid);
  const field = new FreeSpaceConvolution(grid, interaction as InteractionKernel);
  const T = state.temperature;
  const trap = r2.map((x) => s * x);
  let rho = classicalDensity(trap, grid, kappa, T, d);
  let U = field.potential(rho);
  if (state.kind === "ground" || state.kind === "vlasov-steady") {
    for (let iteration = 0; iteration < 15; iteration++) {
      const total = trap.map((x, i) => x + U[i]);
      const next = classicalDensity(total, grid, kappa, T, d);
      for (let i = 0; i < rho.length; i++) rho[i] = 0.5 * rho[i] + 0.5 * next[i];
      U = field.potential(rho);
    }
    rho = rho.slice();
  }
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < U.length; i++) {
    min = Math.min(min, U[i]);
    if (s * r2[i] <= cutoff) max = Math.max(max, U[i]);
  }
  const range = Math.max(0, cutoff + max - min);
  // The bulk (all but a fraction ~ the soft guard threshold 1e-6 of the mass: occupations above
  // 1e-6, energies up to E_F + T ln(1e6), E_F = (E_0 - T ln(1/c)) / 1.5 from stateEnergyCutoff)
  // must stay out of the guards' edge bands (1/16 of the box per side): its bound / (1 - 1/8).
  const fermi = (cutoff - T * Math.log(1 / DEFAULT_OCCUPATION_CUTOFF)) / 1.5;
  const bulk = Math.max(0, fermi + T * Math.log(1 / BULK_FRACTION) + max - min);
  const band = 1 - 2 * STUDY_GUARD_THRESHOLDS.edgeMargin;
  return {
    velocity: Math.max(Math.sqrt(range / kappa), Math.sqrt(bulk / kappa) / band),
    extent: Math.max(Math.sqrt(range / s), Math.sqrt(bulk / s) / band),
    meanField: { max, min },
  };
}

function squaredRadii(grid: Grid): Float64Array {
  const out = new Float64Array(grid.size);
  for (let i = 0; i < grid.size; i++) {
    let r2 = 0;
    for (let a = 0; a < grid.dimension; a++) {
      const k = Math.floor(i / grid.strides[a]) % grid.shape[a];
      r2 += (grid.origin[a] + k * grid.spacing[a]) ** 2;
    }
    out[i] = r2;
  }
  return out;
}

/** Fermi-Dirac occupation 1/(1 + e^(x/T)) (T = 0: the indicator of x < 0), overflow-safe. */
function occupation(x: number, T: number): number {
  if (T === 0) return x < 0 ? 1 : 0;
  const e = Math.exp(-Math.abs(x) / T);
  return x > 0 ? e / (1 + e) : 1 / (1 + e);
}

/**
 * rho(x) ∝ int f(kappa |p|^2 + U(x) - mu) dp on the grid, normalized to int rho = 1, mu by
 * bisection on int int f dx dp = (2 pi)^d. The momentum integral is radial:
 * |S^(d-1)| int_0^inf f(kappa p^2 + U - mu) p^(d-1) dp, by the midpoint rule on 48 points up to the occupation
 * cutoff.
 */
function classicalDensity(
  U: Float64Array,
  grid: Grid,
  kappa: number,
  T: number,
  d: Dimension,
): Float64Array {
  const sphere = d === 1 ? 2 : d === 2 ? 2 * Math.PI : 4 * Math.PI;
  const tail = T * Math.log(1 / DEFAULT_OCCUPATION_CUTOFF);
  const local = new Float64Array(U.length);
  const fill = (mu: number) => {
    let total = 0;
    for (let i = 0; i < U.length; i++) {
      const top = mu + tail - U[i];
      if (top <= 0) {
        local[i] = 0;
        continue;
      }
      const pMax = Math.sqrt(top / kappa);
      const m = 48;
      const dp = pMax / m;
      let sum = 0;
      for (let k = 0; k < m; k++) {
        const p = (k + 0.5) * dp;
        sum += occupation(kappa * p * p + U[i] - mu, T) * p ** (d - 1);
      }
      local[i] = sphere * sum * dp;
      total += local[i];
    }
    return total * grid.cellVolume;
  };
  const target = (2 * Math.PI) ** d;
  let minU = Number.POSITIVE_INFINITY;
  for (const u of U) minU = Math.min(minU, u);
  let low = minU - tail - 1;
  let high = minU + 1;
  while (fill(high) < target && high < 1e12) high = minU + 2 * (high - minU);
  for (let k = 0; k < 36; k++) {
    const middle = 0.5 * (low + high);
    if (fill(middle) < target) low = middle;
    else high = middle;
  }
  const total = fill(high);
  const rho = new Float64Array(U.length);
  for (let i = 0; i < rho.length; i++) rho[i] = local[i] / total;
  return rho;
}
