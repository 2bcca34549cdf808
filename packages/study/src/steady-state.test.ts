import { describe, expect, it } from "vitest";
import { assembleStudyResult } from "./assemble.js";
import { planStudy } from "./plan.js";
import { studyPreset } from "./presets.js";
import { runStudyTask } from "./run-task.js";
import { steadyStateReport, vlasovSteadyInitialState } from "./steady-state.js";
import { studyTasks } from "./tasks.js";

describe('state.kind "vlasov-steady"', () => {
  // the "steady" preset (V = 1/|x|^0.75, T = 0.3, trap kept) at its smallest N
  const config = { ...studyPreset("steady"), N: [8] };

  it("prepares omega_0 = Weyl(f) of a self-consistent f, fermionic, with its report", () => {
    const entry = planStudy(config).entries[0];
    const { state, report } = vlasovSteadyInitialState(
      config,
      entry.grid,
      entry.epsilon,
      8,
      entry.vlasov,
    );
    // the check: self-consistency residual below 1e-10 (the solver stops at 1e-12)
    expect(report.residual).toBeLessThan(1e-10);
    expect(report.iterations).toBeGreaterThan(0);
    // classical Pauli bound f <= (2 pi)^-1 (phi <= 1)
    expect(report.maxValue).toBeLessThanOrEqual(report.pauliBound);
    // tr Weyl(f) = N int int f = N up to the Riemann sum of f (Weyl is exact on the trace) and
    // clipping changes the trace by at most the clipped weight
    expect(Math.abs(report.traceBefore - 8)).toBeLessThan(1e-6);
    expect(Math.abs(report.traceAfter - report.traceBefore)).toBeLessThanOrEqual(
      report.clippedWeight + 1e-12,
    );
    // W_0 = Wigner(Weyl(f)) differs from f by the clipping and the eps-scale Moyal structure
    // (a few per cent at eps = 1/8, T = 0.3), not O(1)
    expect(report.relativeWignerDistance).toBeLessThan(0.1);
    expect(steadyStateReport(state)).toBe(report);
  });

  it("is steady: W~ moves by its floor and a splitting error that halving dt lowers", async () => {
    const plan = planStudy({
      ...config,
      dynamics: { ...config.dynamics, tFinal: 0.5, times: [0.5] },
    });
    const tasks = studyTasks(plan).filter((t) => t.kind === "main" || t.refine === "dt");
    const rows = [];
    for (const task of tasks) rows.push(...(await runStudyTask(task)));
    const main = rows.filter((r) => r.phase === "main");
    expect(main.map((r) => r.t)).toEqual([0, 0.5]);
    expect(main[0].steadyDrift).toBe(0);
    expect(main[0].steadyState?.residual).toBeLessThan(1e-10);
    const halved = rows.find((r) => r.refine === "dt")?.steadyDrift as number;
    const drift = main[1].steadyDrift as number;
    // Strang keeps a modified steady state O(dt^2) away: halving dt lowers the drift (measured
    // 5.1e-5 -> 3.0e-5 at N = 8), and its dt -> 0 extrapolation (4 d' - d) / 3 stays within
    // 2 ||W_0 - f|| / ||f|| (the clipping and resampling of W_0 = Wigner(Weyl(f)), 2 x 2.1e-5):
    // the rest is the splitting error, not a motion of the state
    expect(halved).toBeLessThan(drift);
    const deviation = main[0].steadyState?.relativeWignerDistance as number;
    expect((4 * halved - drift) / 3).toBeLessThanOrEqual(2 * deviation);
    const result = assembleStudyResult(plan, rows);
    expect(result.rows[1].research?.steadyDrift?.verdict).toBe("steady");
  });
});
