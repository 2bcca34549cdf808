// The study from code: the same config object as `semiclassical study config.json`, rows streamed
// as they finish (each with its phase and task: the main rows, the t = 0 transform floor, the
// V = 0 floor and one refinement per discretization), then the verdicts and the fitted rate next
// to the theorems' exponents. runStudy composes planStudy, studyTasks, runStudyTask and
// assembleStudyResult; a rate is fitted from resolved rows only.
import { runStudy, type StudyTaskRow } from "@semiclassical/study";

export const rows: StudyTaskRow[] = [];
export const result = await runStudy(
  {
    dimension: 1,
    N: [8, 16],
    state: { kind: "thermal", temperature: 0.5 },
    interaction: { kind: "power", lambda: 1, alpha: 0.25 },
    dynamics: { model: "hartree", trap: "keep", tFinal: 0.2, dt: 0.02, times: [0.2] },
    vlasov: { nx: 32, nv: 32 },
    metrics: ["trace-norm", "density-l1"],
    errorFloor: false,
  },
  {
    onRow: (row) => {
      if (row.phase !== "main" || row.t === 0) return;
      rows.push(row);
      console.log(
        `N = ${row.N}, t = ${row.t}: (1/N) tr|omega - omega~| = ${row.traceNorm?.toExponential(3)}, ` +
          `||rho - rho~||_1 = ${row.densityL1?.toExponential(3)}`,
      );
    },
  },
);
const verdicts = result.rows.map((r) => `N = ${r.N}, t = ${r.t}: ${r.resolution?.verdict}`);
const trace = result.fits.find((f) => f.metric === "trace-norm");
console.log(
  `${verdicts.join("; ")}\nrate: ${trace?.fit ? trace.fit.slope.toFixed(3) : `no rate (${trace?.noRate})`} ` +
    `(Theorem 1: ${result.theory.exponents.theorem1?.toFixed(3)}, Theorem 2: ${result.theory.exponents.theorem2})`,
);
