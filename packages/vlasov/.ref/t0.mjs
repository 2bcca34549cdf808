import * as oldm from "./old/index.js";
import * as newm from "../dist/index.js";
import { hash, setup, diagVec } from "./cases.mjs";
const { grid, W0, meanField, ext } = setup(newm);
for (const splitting of ["strang", "order4"]) {
  const opts = { grid, dt: 0.07, kappa: 1, meanField, externalPotential: ext, splitting };
  const a = new oldm.VlasovSolver(opts).evolve(W0, { t0: 0.3, tFinal: 2.9, times: [0.3, 0.41, 1.2, 2.0] });
  const b = await new newm.VlasovSolver(W0, { ...opts, time: 0.3 }).evolve({ tFinal: 2.9, times: [0.3, 0.41, 1.2, 2.0] });
  const h = (r) => hash(r.W) + r.steps + " " + r.t + " " + hash(r.samples.flatMap((x) => [x.t, ...x.W, ...diagVec(x.diagnostics)]));
  console.log(h(a) === h(b), h(a));
  // advance with t0: old advance(W, 0.3 + k*dt?) -- the study passes step*dt with t0 = 0; with t0, new time = t0 + steps*dt
  const Wold = W0.slice(); const so = new oldm.VlasovSolver(opts);
  for (let step = 0; step < 24; step += 8) so.advance(Wold, 0.3 + step * 0.07, 8);
  const sn = new newm.VlasovSolver(W0, { ...opts, time: 0.3 }); sn.advance(8); sn.advance(8); sn.advance(8);
  console.log("advance t0", hash(Wold) === hash(sn.state()));
}
