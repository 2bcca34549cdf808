import * as mod from "../dist/index.js";
import { hash, setup, diagVec } from "./cases.mjs";
const { grid, W0, meanField, ext, pgrid, P0 } = setup(mod);
const out = {};
for (const splitting of ["strang", "order4"]) {
  const dt = 0.05;
  const opts = { grid, dt, kappa: 0.8, meanField, externalPotential: ext, splitting };
  const s = new mod.VlasovSolver(W0, opts);
  let step = 0; const diags = [];
  for (const target of [5, 13, 30]) { while (step < target) { const c = Math.min(8, target - step); s.advance(c); step += c; } diags.push(...diagVec(s.diagnostics())); diags.push(...s.density()); }
  out[`advance-${splitting}`] = hash(s.state()); out[`advance-diag-${splitting}`] = hash(diags);
  const s1 = new mod.VlasovSolver(W0, opts); s1.step(); s1.step(); out[`step-${splitting}`] = hash(s1.state());
  for (const withOnStep of [false, true]) {
    const stepDiags = [];
    const r = await new mod.VlasovSolver(W0, opts).evolve({ tFinal: 1.03, times: [0, 0.1, 0.37, 0.37, 0.5, 1.03], onStep: withOnStep ? (i) => stepDiags.push(...diagVec(i.diagnostics)) : undefined });
    out[`evolve-${splitting}-${withOnStep}`] = hash(r.W) + " " + r.steps + " " + r.t;
    out[`evolve-samples-${splitting}-${withOnStep}`] = hash(r.samples.flatMap((x) => [x.t, ...x.W, ...diagVec(x.diagnostics)]));
    out[`evolve-steps-${splitting}-${withOnStep}`] = hash(stepDiags);
  }
  const p = mod.vlasovPoissonSolver(P0, { grid: pgrid, dt: 0.1, splitting });
  const r = await p.evolve({ tFinal: 4, times: [1, 2.05] });
  out[`vp-${splitting}`] = hash(r.W) + " " + r.steps;
  out[`vp-samples-${splitting}`] = hash(r.samples.flatMap((x) => [x.t, ...x.W, ...diagVec(x.diagnostics)]));
}
const t = Array.from({ length: 200 }, (_, i) => 0.1 * i);
const e = t.map((x) => Math.exp(-0.3 * x) * Math.cos(1.4 * x + 0.3) ** 2 + 1e-9);
const pf = mod.fitPeaks(t, e, { from: 1, to: 18 });
out.fitPeaks = [pf.slope, pf.intercept, pf.slopeStdError, pf.meanSpacing, hash(pf.peakTimes), hash(pf.peakValues)].join(" ");
const fe = mod.fitExponentialRate(t, e.map((x, i) => Math.exp(0.3 * t[i]) * (1 + 0.01 * Math.sin(i))), { from: 2, to: 15 });
out.fitExp = [fe.slope, fe.intercept, fe.slopeStdError].join(" ");
console.log(JSON.stringify(out, null, 1));
