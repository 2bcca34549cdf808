import { requirePositive, requireFinite, ParameterError, meshCoordinates, noExternalPotential, LineShifter, PeriodicPoisson } from '@semiclassical/grid';

// src/complex.ts
function complex(re, im = 0) {
  return { re, im };
}
function add(a, b) {
  return { re: a.re + b.re, im: a.im + b.im };
}
function subtract(a, b) {
  return { re: a.re - b.re, im: a.im - b.im };
}
function multiply(a, b) {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}
function divide(a, b) {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}
function scale(a, s) {
  return { re: a.re * s, im: a.im * s };
}
function abs(a) {
  return Math.hypot(a.re, a.im);
}

// src/faddeeva.ts
var TERMS = 36;
var coefficients;
var scaleL = 0;
function weidemanCoefficients() {
  if (coefficients !== void 0) return coefficients;
  const n = TERMS;
  const m = 2 * n;
  scaleL = Math.sqrt(n / Math.SQRT2);
  const f = new Float64Array(2 * m - 1);
  for (let k = -m + 1; k <= m - 1; k++) {
    const t = scaleL * Math.tan(k * Math.PI / (2 * m));
    f[k + m - 1] = Math.exp(-t * t) * (scaleL * scaleL + t * t);
  }
  const a = new Float64Array(n);
  for (let j = 1; j <= n; j++) {
    let s = 0;
    for (let k = -m + 1; k <= m - 1; k++) s += f[k + m - 1] * Math.cos(Math.PI * k * j / m);
    a[j - 1] = s / (2 * m);
  }
  coefficients = a;
  return a;
}
function faddeevaUpper(re, im) {
  const a = weidemanCoefficients();
  const L = scaleL;
  const qRe = L + im;
  const qIm = -re;
  const pRe = L - im;
  const pIm = re;
  const d = qRe * qRe + qIm * qIm;
  const zRe = (pRe * qRe + pIm * qIm) / d;
  const zIm = (pIm * qRe - pRe * qIm) / d;
  let sRe = a[a.length - 1];
  let sIm = 0;
  for (let n = a.length - 2; n >= 0; n--) {
    const tRe = sRe * zRe - sIm * zIm + a[n];
    sIm = sRe * zIm + sIm * zRe;
    sRe = tRe;
  }
  const iqRe = qRe / d;
  const iqIm = -qIm / d;
  const iq2Re = iqRe * iqRe - iqIm * iqIm;
  const iq2Im = 2 * iqRe * iqIm;
  const invSqrtPi = 1 / Math.sqrt(Math.PI);
  return {
    re: 2 * (sRe * iq2Re - sIm * iq2Im) + invSqrtPi * iqRe,
    im: 2 * (sRe * iq2Im + sIm * iq2Re) + invSqrtPi * iqIm
  };
}
function faddeeva(z) {
  if (z.im >= 0) return faddeevaUpper(z.re, z.im);
  const w = faddeevaUpper(-z.re, -z.im);
  const m = Math.exp(-(z.re * z.re - z.im * z.im));
  const phase = -2 * z.re * z.im;
  return { re: 2 * m * Math.cos(phase) - w.re, im: 2 * m * Math.sin(phase) - w.im };
}
function plasmaDispersionFunction(zeta) {
  const w = faddeeva(zeta);
  const s = Math.sqrt(Math.PI);
  return { re: -s * w.im, im: s * w.re };
}

// src/dispersion.ts
function validateBeams(beams) {
  if (beams.length === 0) {
    throw new ParameterError("beams", "needs at least one Maxwellian beam, got none");
  }
  beams.forEach((b, s) => {
    requirePositive(`beams[${s}].density`, b.density);
    requireFinite(`beams[${s}].drift`, b.drift);
    requirePositive(`beams[${s}].thermalVelocity`, b.thermalVelocity);
  });
}
function dielectricFunction(k, omega, beams) {
  return dielectricAndDerivative(k, omega, beams).value;
}
function dielectricAndDerivative(k, omega, beams) {
  let value = complex(1);
  let derivative = complex(0);
  for (const b of beams) {
    const width = Math.SQRT2 * k * b.thermalVelocity;
    const zeta = scale(subtract(omega, complex(k * b.drift)), 1 / width);
    const z = plasmaDispersionFunction(zeta);
    const bracket = add(complex(1), multiply(zeta, z));
    const factor = b.density / (k * k * b.thermalVelocity * b.thermalVelocity);
    value = add(value, scale(bracket, factor));
    const dBracket = subtract(z, scale(multiply(zeta, bracket), 2));
    derivative = add(derivative, scale(dBracket, factor / width));
  }
  return { value, derivative };
}
function solveDispersionRelation(k, beams, guess, options = {}) {
  requirePositive("k", k);
  validateBeams(beams);
  requireFinite("guess.re", guess.re);
  requireFinite("guess.im", guess.im);
  const tolerance = options.tolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 100;
  let omega = guess;
  let previous = Number.POSITIVE_INFINITY;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const { value, derivative } = dielectricAndDerivative(k, omega, beams);
    const delta = divide(value, derivative);
    omega = subtract(omega, delta);
    if (!Number.isFinite(omega.re) || !Number.isFinite(omega.im)) break;
    const step = abs(delta);
    if (step <= tolerance * (1 + abs(omega))) return omega;
    if (step >= previous && step <= 1e-8 * (1 + abs(omega))) return omega;
    previous = step;
  }
  throw new ParameterError(
    "guess",
    `Newton's method for D(k = ${k}, omega) = 0 did not converge from ${guess.re} + ${guess.im}i; start closer to the mode you want`
  );
}

// src/errors.ts
var NonFiniteStateError = class extends Error {
  /** The step during which the non-finite values appeared. */
  step;
  /** The time t at which they were detected. */
  time;
  constructor(step, time, detail) {
    super(
      `W became non-finite (${detail}) in step ${step} at t = ${time}; reduce dt, refine the phase-space grid or check the initial data and the potentials`
    );
    this.name = "NonFiniteStateError";
    this.step = step;
    this.time = time;
  }
};
function fitLine(x, y) {
  const n = x.length;
  if (n < 2 || y.length !== n) {
    throw new ParameterError(
      "x",
      `needs >= 2 points and as many y as x, got ${n} x and ${y.length} y`
    );
  }
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (y[i] - intercept - slope * x[i]) ** 2;
  const slopeStdError = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : 0;
  return { slope, intercept, slopeStdError, count: n };
}
function fitPeaks(times, values, window = {}) {
  const n = times.length;
  if (values.length !== n) {
    throw new ParameterError("values", `needs one value per time (${n}), got ${values.length}`);
  }
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const peakTimes = [];
  const peakLogs = [];
  for (let i = 1; i + 1 < n; i++) {
    if (!(values[i] > values[i - 1] && values[i] >= values[i + 1] && values[i] > 0)) continue;
    if (!(values[i - 1] > 0 && values[i + 1] > 0)) continue;
    const x0 = times[i - 1];
    const x1 = times[i];
    const x2 = times[i + 1];
    const y0 = Math.log(values[i - 1]);
    const y1 = Math.log(values[i]);
    const y2 = Math.log(values[i + 1]);
    const d0 = (y0 - y1) / (x0 - x1);
    const d2 = (y2 - y1) / (x2 - x1);
    const c = (d2 - d0) / (x2 - x0);
    const b = d0 - c * (x0 - x1);
    const shift = c < 0 ? -b / (2 * c) : 0;
    const t = x1 + shift;
    if (t < from || t > to) continue;
    peakTimes.push(t);
    peakLogs.push(y1 + b * shift + c * shift * shift);
  }
  if (peakTimes.length < 2) {
    throw new ParameterError(
      "window",
      `found ${peakTimes.length} peak(s) in [${from}, ${to}]; need >= 2 (widen the window or sample finer)`
    );
  }
  const line = fitLine(peakTimes, peakLogs);
  const count = peakTimes.length;
  return {
    ...line,
    peakTimes: Float64Array.from(peakTimes),
    peakValues: Float64Array.from(peakLogs, Math.exp),
    meanSpacing: (peakTimes[count - 1] - peakTimes[0]) / (count - 1)
  };
}
function fitExponentialRate(times, values, window = {}) {
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const x = [];
  const y = [];
  for (let i = 0; i < times.length; i++) {
    if (times[i] < from || times[i] > to) continue;
    if (!(values[i] > 0)) {
      throw new ParameterError(
        "values",
        `must be > 0 to take logarithms, got ${values[i]} at t = ${times[i]}`
      );
    }
    x.push(times[i]);
    y.push(Math.log(values[i]));
  }
  return fitLine(x, y);
}
function samplePhaseSpace(grid, f) {
  const xs = meshCoordinates(grid.position);
  const vs = meshCoordinates(grid.velocity);
  const d = grid.position.dimension;
  const nv = grid.velocity.size;
  const x = new Array(d);
  const v = new Array(d);
  const out = new Float64Array(grid.size);
  for (let ix = 0, p = 0; ix < grid.position.size; ix++) {
    for (let a = 0; a < d; a++) x[a] = xs[a][ix];
    for (let iv = 0; iv < nv; iv++, p++) {
      for (let a = 0; a < d; a++) v[a] = vs[a][iv];
      out[p] = f(x, v);
    }
  }
  return out;
}
function plasmaInitialState(grid, options) {
  const d = grid.position.dimension;
  requireFinite("amplitude", options.amplitude);
  const k = typeof options.waveVector === "number" ? [options.waveVector] : [...options.waveVector];
  if (k.length !== d) {
    throw new ParameterError("waveVector", `needs ${d} entries (one per axis), got ${k.length}`);
  }
  k.forEach((value, a) => {
    requireFinite(`waveVector[${a}]`, value);
  });
  const beams = options.beams ?? [{ density: 1, drift: 0, thermalVelocity: 1 }];
  beams.forEach((b, s) => {
    requireFinite(`beams[${s}].density`, b.density);
    requireFinite(`beams[${s}].drift`, b.drift);
    if (!(b.thermalVelocity > 0)) {
      throw new ParameterError(
        `beams[${s}].thermalVelocity`,
        `must be > 0, got ${b.thermalVelocity}`
      );
    }
  });
  const alpha = options.amplitude;
  return samplePhaseSpace(grid, (x, v) => {
    let phase = 0;
    for (let a = 0; a < d; a++) phase += k[a] * x[a];
    let f = 0;
    for (const b of beams) {
      const s2 = b.thermalVelocity * b.thermalVelocity;
      let e = 0;
      for (let a = 0; a < d; a++) e += (v[a] - (a === 0 ? b.drift : 0)) ** 2;
      f += b.density * (2 * Math.PI * s2) ** (-d / 2) * Math.exp(-e / (2 * s2));
    }
    return (1 + alpha * Math.cos(phase)) * f;
  });
}
var yoshidaWeights = Object.freeze({
  w1: 1 / (2 - 2 ** (1 / 3)),
  w0: 1 - 2 / (2 - 2 ** (1 / 3))
});
function splittingSubsteps(splitting) {
  if (splitting === "strang") {
    return [
      { kind: "advect", weight: 0.5 },
      { kind: "kick", weight: 1, at: 0.5 },
      { kind: "advect", weight: 0.5 }
    ];
  }
  if (splitting === "order4") {
    const { w1, w0 } = yoshidaWeights;
    return [
      { kind: "advect", weight: w1 / 2 },
      { kind: "kick", weight: w1, at: w1 / 2 },
      { kind: "advect", weight: (w1 + w0) / 2 },
      { kind: "kick", weight: w0, at: w1 + w0 / 2 },
      { kind: "advect", weight: (w0 + w1) / 2 },
      { kind: "kick", weight: w1, at: w1 + w0 + w1 / 2 },
      { kind: "advect", weight: w1 / 2 }
    ];
  }
  throw new ParameterError(
    "splitting",
    `must be "strang" or "order4", got ${JSON.stringify(splitting)}`
  );
}

// src/solver.ts
var FUSED_STEPS = 8;
function sameGrid(a, b) {
  if (a.dimension !== b.dimension) return false;
  for (let axis = 0; axis < a.dimension; axis++) {
    if (a.shape[axis] !== b.shape[axis]) return false;
    if (Math.abs(a.spacing[axis] - b.spacing[axis]) > 1e-12 * Math.abs(a.spacing[axis]))
      return false;
  }
  return true;
}
var VlasovSolver = class {
  grid;
  dt;
  kappa;
  splitting;
  shiftMethod;
  meanField;
  externalPotential;
  dimension;
  substeps;
  positionShifters;
  velocityShifters;
  positionShifts;
  velocityShifts;
  /** Velocity coordinate a of velocity index iv: velocityCoordinates[a][iv]. */
  velocityCoordinates;
  /** |v|^2 per velocity index. */
  speedSquared;
  positionCoordinates;
  rho;
  force;
  meanFieldGradient;
  externalGradient;
  externalValues;
  meanFieldValues;
  point;
  gradientPoint;
  externalGradientTime = Number.NaN;
  externalValuesTime = Number.NaN;
  hasExternal;
  constructor(options) {
    const grid = options.grid;
    if (grid === void 0 || grid.position === void 0 || grid.velocity === void 0 || grid.position.dimension !== grid.velocity.dimension) {
      throw new ParameterError(
        "grid",
        "must be a PhaseSpaceGrid with position and velocity grids of one dimension (createPhaseSpaceGrid)"
      );
    }
    requirePositive("dt", options.dt);
    const kappa = options.kappa ?? 1;
    requirePositive("kappa", kappa);
    const splitting = options.splitting ?? "strang";
    this.substeps = splittingSubsteps(splitting);
    const shiftMethod = options.shiftMethod ?? "spectral";
    if (shiftMethod !== "spectral" && shiftMethod !== "cubic-spline" && shiftMethod !== "quintic-spline") {
      throw new ParameterError(
        "shiftMethod",
        `must be "spectral", "cubic-spline" or "quintic-spline", got ${JSON.stringify(shiftMethod)}`
      );
    }
    const position = grid.position;
    const velocity = grid.velocity;
    const d = position.dimension;
    if (options.meanField !== void 0 && !sameGrid(options.meanField.grid, position)) {
      throw new ParameterError(
        "meanField",
        `must live on the position grid (shape [${position.shape.join(", ")}], spacing [${position.spacing.join(", ")}]), got shape [${options.meanField.grid.shape.join(", ")}]; build it with grid.position`
      );
    }
    this.grid = grid;
    this.dt = options.dt;
    this.kappa = kappa;
    this.splitting = splitting;
    this.shiftMethod = shiftMethod;
    this.meanField = options.meanField;
    this.externalPotential = options.externalPotential ?? noExternalPotential;
    this.hasExternal = this.externalPotential !== noExternalPotential;
    this.dimension = d;
    const shape = [...position.shape, ...velocity.shape];
    this.positionShifters = [];
    this.velocityShifters = [];
    this.positionShifts = [];
    this.velocityShifts = [];
    for (let a = 0; a < d; a++) {
      this.positionShifters.push(new LineShifter(shape, a, position.spacing[a], shiftMethod));
      this.positionShifts.push(new Float64Array(grid.size / position.shape[a]));
      this.velocityShifters.push(new LineShifter(shape, d + a, velocity.spacing[a], shiftMethod));
      this.velocityShifts.push(new Float64Array(grid.size / velocity.shape[a]));
    }
    this.velocityCoordinates = meshCoordinates(velocity);
    this.speedSquared = new Float64Array(velocity.size);
    for (const coordinate of this.velocityCoordinates) {
      for (let iv = 0; iv < velocity.size; iv++) this.speedSquared[iv] += coordinate[iv] ** 2;
    }
    this.positionCoordinates = meshCoordinates(position);
    this.rho = new Float64Array(position.size);
    this.force = position.shape.map(() => new Float64Array(position.size));
    this.meanFieldGradient = position.shape.map(() => new Float64Array(position.size));
    this.externalGradient = position.shape.map(() => new Float64Array(position.size));
    this.externalValues = new Float64Array(position.size);
    this.meanFieldValues = new Float64Array(position.size);
    this.point = new Array(d).fill(0);
    this.gradientPoint = new Array(d).fill(0);
  }
  /** Throws a ParameterError unless W has grid.size entries. */
  requireState(W, name = "W") {
    if (!(W instanceof Float64Array) || W.length !== this.grid.size) {
      throw new ParameterError(
        name,
        `must be a Float64Array of grid.size = ${this.grid.size} values (index ix * ${this.grid.velocity.size} + iv), got length ${W?.length}`
      );
    }
  }
  /**
   * rho(x_i) = int W(x_i, v) dv (Riemann sum over the velocity grid), into `out`.
   * Cost O(size); allocates position.size doubles unless `out` is given.
   */
  density(W, out = new Float64Array(this.grid.position.size)) {
    this.requireState(W);
    this.computeDensity(W, out);
    return out;
  }
  computeDensity(W, out) {
    const nv = this.grid.velocity.size;
    const dv = this.grid.velocity.cellVolume;
    for (let ix = 0, p = 0; ix < out.length; ix++) {
      let s = 0;
      for (let iv = 0; iv < nv; iv++, p++) s += W[p];
      out[ix] = s * dv;
    }
  }
  sampleExternalGradient(t) {
    const timeDependent = this.externalPotential.timeDependent;
    if (!timeDependent && !Number.isNaN(this.externalGradientTime)) return;
    if (timeDependent && t === this.externalGradientTime) return;
    const d = this.dimension;
    const x = this.point;
    const g = this.gradientPoint;
    for (let ix = 0; ix < this.rho.length; ix++) {
      for (let a = 0; a < d; a++) x[a] = this.positionCoordinates[a][ix];
      this.externalPotential.gradient(x, t, g);
      for (let a = 0; a < d; a++) this.externalGradient[a][ix] = g[a];
    }
    this.externalGradientTime = t;
  }
  sampleExternalValues(t) {
    const timeDependent = this.externalPotential.timeDependent;
    if (!timeDependent && !Number.isNaN(this.externalValuesTime)) return;
    if (timeDependent && t === this.externalValuesTime) return;
    const d = this.dimension;
    const x = this.point;
    for (let ix = 0; ix < this.rho.length; ix++) {
      for (let a = 0; a < d; a++) x[a] = this.positionCoordinates[a][ix];
      this.externalValues[ix] = this.externalPotential.value(x, t);
    }
    this.externalValuesTime = t;
  }
  /** x-advection W(x, v) <- W(x - 2 kappa v tau, v) along every position axis. */
  advect(W, tau) {
    if (tau === 0) return;
    const nv = this.grid.velocity.size;
    const factor = 2 * this.kappa * tau;
    for (let a = 0; a < this.dimension; a++) {
      const shifts = this.positionShifts[a];
      const v = this.velocityCoordinates[a];
      for (let offset = 0; offset < shifts.length; offset += nv) {
        for (let iv = 0; iv < nv; iv++) shifts[offset + iv] = factor * v[iv];
      }
      this.positionShifters[a].apply(W, shifts);
    }
  }
  /**
   * Kick W(x, v) <- W(x, v + grad U(x) tau), U = V_ext(., tForce) + V * rho[W], along every
   * velocity axis. Throws NonFiniteStateError if rho (hence W) is not finite.
   */
  kick(W, tau, tForce, step, t) {
    const rho = this.rho;
    this.computeDensity(W, rho);
    for (let ix = 0; ix < rho.length; ix++) {
      if (!Number.isFinite(rho[ix])) {
        throw new NonFiniteStateError(step, t, `rho = ${rho[ix]} at position index ${ix}`);
      }
    }
    if (this.meanField === void 0 && !this.hasExternal) return;
    const d = this.dimension;
    const n = rho.length;
    for (let a = 0; a < d; a++) this.force[a].fill(0);
    if (this.meanField !== void 0) {
      const g = this.meanField.gradient(rho, this.meanFieldGradient);
      for (let a = 0; a < d; a++) {
        const f = this.force[a];
        const ga = g[a];
        for (let ix = 0; ix < n; ix++) f[ix] += ga[ix];
      }
    }
    if (this.hasExternal) {
      this.sampleExternalGradient(tForce);
      for (let a = 0; a < d; a++) {
        const f = this.force[a];
        const ga = this.externalGradient[a];
        for (let ix = 0; ix < n; ix++) f[ix] += ga[ix];
      }
    }
    const nv = this.grid.velocity.size;
    for (let b = 0; b < d; b++) {
      const shifts = this.velocityShifts[b];
      const perPoint = nv / this.grid.velocity.shape[b];
      const f = this.force[b];
      for (let ix = 0, l = 0; ix < n; ix++) {
        const s = -tau * f[ix];
        for (let j = 0; j < perPoint; j++, l++) shifts[l] = s;
      }
      this.velocityShifters[b].apply(W, shifts);
    }
  }
  /**
   * Runs `count` steps of length h from time t in place, fusing the last x-advection of a step
   * with the first of the next (exact for the commuting shifts). `firstStep` numbers the steps
   * in error messages. Returns the final time.
   */
  run(W, t, count, h, firstStep) {
    let pending = 0;
    for (let s = 0; s < count; s++) {
      const tStart = t + s * h;
      for (const sub of this.substeps) {
        if (sub.kind === "advect") {
          pending += sub.weight;
          continue;
        }
        this.advect(W, pending * h);
        pending = 0;
        this.kick(W, sub.weight * h, tStart + sub.at * h, firstStep + s, tStart + sub.at * h);
      }
    }
    this.advect(W, pending * h);
    const tEnd = t + count * h;
    this.checkFinite(W, firstStep + count - 1, tEnd);
    return tEnd;
  }
  checkFinite(W, step, t) {
    let s = 0;
    for (let i = 0; i < W.length; i++) s += W[i];
    if (!Number.isFinite(s)) {
      for (let i = 0; i < W.length; i++) {
        if (!Number.isFinite(W[i])) throw new NonFiniteStateError(step, t, `W[${i}] = ${W[i]}`);
      }
      throw new NonFiniteStateError(step, t, `sum of W overflowed to ${s}`);
    }
  }
  /**
   * One step of length h (default dt) from time t, in place: W <- S(h) W. Returns t + h.
   * Cost: see the class comment; no allocation.
   */
  step(W, t = 0, h = this.dt) {
    this.requireState(W);
    requireFinite("t", t);
    requirePositive("h", h);
    return this.run(W, t, 1, h, 1);
  }
  /**
   * `steps` steps of length h (default dt) from time t, in place, with adjacent half
   * x-advections fused (2d instead of 3d sweeps per Strang step). Returns t + steps h.
   */
  advance(W, t, steps, h = this.dt) {
    this.requireState(W);
    requireFinite("t", t);
    requirePositive("h", h);
    if (!Number.isInteger(steps) || steps < 0) {
      throw new ParameterError("steps", `must be an integer >= 0, got ${steps}`);
    }
    if (steps === 0) return t;
    return this.run(W, t, steps, h, 1);
  }
  /**
   * Diagnostics of W at time t ({@link VlasovDiagnostics}): mass, momentum, energies, L2 norm,
   * min W, electric energy. Cost O(d size) plus two mean-field evaluations; no allocation
   * beyond the result.
   */
  diagnostics(W, t = 0) {
    this.requireState(W);
    requireFinite("t", t);
    const d = this.dimension;
    const position = this.grid.position;
    const nv = this.grid.velocity.size;
    const cell = this.grid.cellVolume;
    const rho = this.rho;
    this.computeDensity(W, rho);
    const momentum = new Array(d).fill(0);
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
      const v = this.velocityCoordinates[a];
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
    if (this.meanField !== void 0) {
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
      electricEnergy
    };
  }
  /**
   * Evolves a copy of W0 from t0 to tFinal with steps dt (shortened to land on the requested
   * sample times and on tFinal), streaming diagnostics (`onStep`) and snapshots (`onSample`).
   * Without `onStep` the steps are fused in groups (see {@link advance}). Cost: steps x the
   * step cost, plus O(size) and two mean-field evaluations per diagnostic; allocates one copy
   * of W plus one per retained snapshot.
   */
  evolve(W0, options) {
    this.requireState(W0, "W0");
    const t0 = options.t0 ?? 0;
    requireFinite("t0", t0);
    requireFinite("tFinal", options.tFinal);
    const tFinal = options.tFinal;
    if (tFinal < t0) {
      throw new ParameterError("tFinal", `must be >= t0 = ${t0}, got ${tFinal}`);
    }
    const times = [...options.times ?? []];
    times.forEach((time, i) => {
      requireFinite(`times[${i}]`, time);
      if (time < t0 || time > tFinal) {
        throw new ParameterError(
          `times[${i}]`,
          `must lie in [t0, tFinal] = [${t0}, ${tFinal}], got ${time}`
        );
      }
    });
    times.sort((a, b) => a - b);
    const retain = options.retainSamples ?? true;
    const { onStep, onSample, signal } = options;
    signal?.throwIfAborted();
    const W = W0.slice();
    const samples = [];
    const tolerance = 1e-9 * this.dt;
    let t = t0;
    let steps = 0;
    const takeSample = () => {
      const sample = { t, W: W.slice(), diagnostics: this.diagnostics(W, t) };
      onSample?.(sample);
      if (retain) samples.push(sample);
    };
    onStep?.({ step: 0, t, W, diagnostics: this.diagnostics(W, t) });
    let next = 0;
    while (next < times.length && times[next] <= t + tolerance) {
      takeSample();
      next++;
    }
    const targets = [...times.slice(next), tFinal];
    for (const target of targets) {
      while (target - t > tolerance) {
        signal?.throwIfAborted();
        const full = Math.floor((target - t) / this.dt + 1e-9);
        if (full === 0 || onStep !== void 0) {
          const h = full === 0 ? target - t : this.dt;
          const tNext2 = this.run(W, t, 1, h, steps + 1);
          steps++;
          t = target - tNext2 <= tolerance ? target : tNext2;
          onStep?.({ step: steps, t, W, diagnostics: this.diagnostics(W, t) });
          continue;
        }
        const count = Math.min(full, FUSED_STEPS);
        const tNext = this.run(W, t, count, this.dt, steps + 1);
        steps += count;
        t = target - tNext <= tolerance ? target : tNext;
      }
      while (next < times.length && times[next] <= t + tolerance) {
        takeSample();
        next++;
      }
    }
    return { W, t, steps, samples };
  }
};
function vlasovPoissonSolver(grid, options) {
  return new VlasovSolver({
    grid,
    dt: options.dt,
    kappa: 0.5,
    meanField: new PeriodicPoisson(grid.position, 1),
    splitting: options.splitting,
    shiftMethod: options.shiftMethod
  });
}

export { NonFiniteStateError, VlasovSolver, complex, dielectricFunction, faddeeva, fitExponentialRate, fitLine, fitPeaks, plasmaDispersionFunction, plasmaInitialState, samplePhaseSpace, solveDispersionRelation, splittingSubsteps, vlasovPoissonSolver, yoshidaWeights };
//# sourceMappingURL=index.js.map
//# sourceMappingURL=index.js.map