import type { ExternalPotential, MeanFieldPotential, PhaseSpaceGrid } from "@semiclassical/grid";
import { noExternalPotential } from "@semiclassical/grid";
import { velocityIntegral } from "./density.js";
import type { ResolvedVlasovOptions } from "./options.js";
import type { PhaseSpaceCoordinates } from "./split-step.js";

/**
 * Diagnostics of a Vlasov state W at time t (THEORY.md section 1). Integrals are Riemann sums on
 * the phase-space grid (spectrally accurate for smooth W vanishing at the velocity edges).
 */
export interface VlasovDiagnostics {
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
 * Evaluates {@link VlasovDiagnostics} of states on one grid with one Hamiltonian
 * H = kappa |v|^2 + V_ext + V * rho. Buffers (|v|^2 table, density, potentials) are allocated
 * once; V_ext is re-sampled only when t changes and V_ext depends on time.
 */
export class DiagnosticsEvaluator {
  private readonly grid: PhaseSpaceGrid;
  private readonly kappa: number;
  private readonly meanField: MeanFieldPotential | undefined;
  private readonly externalPotential: ExternalPotential;
  private readonly hasExternal: boolean;
  private readonly coordinates: PhaseSpaceCoordinates;
  /** |v|^2 per velocity index. */
  private readonly speedSquared: Float64Array;
  private readonly rho: Float64Array;
  private readonly externalValues: Float64Array;
  private readonly meanFieldValues: Float64Array;
  private readonly meanFieldGradient: Float64Array[];
  private readonly point: number[];
  private externalValuesTime = Number.NaN;

  constructor(options: ResolvedVlasovOptions, coordinates: PhaseSpaceCoordinates) {
    const { grid } = options;
    const { position, velocity } = grid;
    this.grid = grid;
    this.kappa = options.kappa;
    this.meanField = options.meanField;
    this.externalPotential = options.externalPotential;
    this.hasExternal = this.externalPotential !== noExternalPotential;
    this.coordinates = coordinates;
    this.speedSquared = new Float64Array(velocity.size);
    for (const coordinate of coordinates.velocity) {
      for (let iv = 0; iv < velocity.size; iv++) this.speedSquared[iv] += coordinate[iv] ** 2;
    }
    this.rho = new Float64Array(position.size);
    this.externalValues = new Float64Array(position.size);
    this.meanFieldValues = new Float64Array(position.size);
    this.meanFieldGradient = position.shape.map(() => new Float64Array(position.size));
    this.point = new Array<number>(position.dimension).fill(0);
  }

  private sampleExternalValues(t: number): void {
    const timeDependent = this.externalPotential.timeDependent;
    if (!timeDependent && !Number.isNaN(this.externalValuesTime)) return;
    if (timeDependent && t === this.externalValuesTime) return;
    const d = this.grid.position.dimension;
    const x = this.point;
    const positions = this.coordinates.position;
    for (let ix = 0; ix < this.rho.length; ix++) {
      for (let a = 0; a < d; a++) x[a] = positions[a][ix];
      this.externalValues[ix] = this.externalPotential.value(x, t);
    }
    this.externalValuesTime = t;
  }

  /**
   * Diagnostics of W at time t: mass, momentum, energies, L2 norm, min W, electric energy.
   * Cost O(d size) plus two mean-field evaluations; no allocation beyond the result.
   */
  evaluate(W: Float64Array, t: number): VlasovDiagnostics {
    const d = this.grid.position.dimension;
    const position = this.grid.position;
    const nv = this.grid.velocity.size;
    const cell = this.grid.cellVolume;
    const rho = this.rho;
    velocityIntegral(W, this.grid, rho);
    const momentum = new Array<number>(d).fill(0);
    let kinetic = 0;
    let squares = 0;
    let minW = Number.POSITIVE_INFINITY;
    let mass = 0;
    const v2 = this.speedSquared;
    for (let ix = 0, p = 0; ix < position.size; ix++) {
      for (let iv = 0; iv < nv; iv++, p++) {
        const w = W[p];
        kinetic += v2[iv] * w;
        squares += w * w;
        mass += w;
        if (w < minW) minW = w;
      }
    }
    for (let a = 0; a < d; a++) {
      const v = this.coordinates.velocity[a];
      let m = 0;
      for (let ix = 0, p = 0; ix < position.size; ix++) {
        for (let iv = 0; iv < nv; iv++, p++) m += v[iv] * W[p];
      }
      momentum[a] = m * cell;
    }
    const dx = position.cellVolume;
    let externalEnergy = 0;
    if (this.hasExternal) {
      this.sampleExternalValues(t);
      for (let ix = 0; ix < rho.length; ix++) externalEnergy += this.externalValues[ix] * rho[ix];
      externalEnergy *= dx;
    }
    let interactionEnergy = 0;
    let electricEnergy = 0;
    if (this.meanField !== undefined) {
      const u = this.meanField.potential(rho, this.meanFieldValues);
      for (let ix = 0; ix < rho.length; ix++) interactionEnergy += u[ix] * rho[ix];
      interactionEnergy *= 0.5 * dx;
      const g = this.meanField.gradient(rho, this.meanFieldGradient);
      for (let a = 0; a < d; a++) {
        for (let ix = 0; ix < rho.length; ix++) electricEnergy += g[a][ix] ** 2;
      }
      electricEnergy *= 0.5 * dx;
    }
    const kineticEnergy = this.kappa * kinetic * cell;
    return {
      t,
      mass: mass * cell,
      momentum,
      kineticEnergy,
      externalEnergy,
      interactionEnergy,
      energy: kineticEnergy + externalEnergy + interactionEnergy,
      l2Norm: Math.sqrt(squares * cell),
      minW,
      electricEnergy,
    };
  }
}
