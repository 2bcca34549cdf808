import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { initialStateBudget } from "./budgets.js";
import { STUDY_PRESETS } from "./presets.js";
import { resolveStudyConfig, stateEnergyCutoff } from "./resolve-config.js";

/** Today's "auto" vlasov.vMax and box (before issue 12): from the energy cutoff E_c alone. */
function heuristic(config: ReturnType<typeof resolveStudyConfig>) {
  const cutoff = stateEnergyCutoff(config);
  const v = Math.sqrt(cutoff / config.kappa);
  const extent = Math.sqrt(cutoff / (config.state.trap as { strength: number }).strength);
  const flight =
    config.dynamics.trap === "remove" ? 2 * config.kappa * v * config.dynamics.tFinal : 0;
  return {
    vMax: Math.ceil(1.1 * v * 100) / 100,
    box: Math.ceil(2 * 1.1 * (extent + flight) * 2) / 2,
  };
}

describe("budgets from the initial state (issue 12 item 2)", () => {
  it("keeps today's boxes where they suffice: the default preset and the shipped presets", () => {
    for (const preset of STUDY_PRESETS) {
      const config = resolveStudyConfig(preset.config);
      // the heuristic is the harmonic trap's (a Coulomb trap's box follows its Thomas-Fermi length)
      if (config.state.trap.kind !== "harmonic") continue;
      const old = heuristic(config);
      // Never smaller than today's; equal (bitwise) for the default preset "smooth".
      expect(config.vlasov.vMax).toBeGreaterThanOrEqual(old.vMax);
      expect(config.grid.box).toBeGreaterThanOrEqual(old.box);
      if (preset.name === "smooth") {
        expect(config.vlasov.vMax).toBe(old.vMax);
        expect(config.grid.box).toBe(old.box);
      }
    }
  });

  it("1D power kernel alpha = 0.99: V * rho_0 ~ 2 rho_0 / (1 - alpha) sets the velocity budget", () => {
    const config = resolveStudyConfig({ interaction: { kind: "power", alpha: 0.99, lambda: 1 } });
    const e0 = stateEnergyCutoff({ ...config, interaction: { kind: "none" } });
    const budget = initialStateBudget({ ...config, cutoff: e0 });
    // rho_0(0) ~ 0.25 for the thermal state at T = 0.5 (width ~ 2), so V * rho_0(0) is of order
    // 2 * 0.25 / 0.01 = 50 up to the log of the width: far above the 2 lambda assumed before.
    expect(budget.meanField.max).toBeGreaterThan(25);
    // Energy conservation along U_0: kappa v^2 <= E_0 + max - min.
    expect(budget.velocity ** 2).toBeGreaterThanOrEqual(
      e0 + budget.meanField.max - budget.meanField.min - 1e-9,
    );
    expect(config.vlasov.vMax).toBeGreaterThan(1.1 * budget.velocity * 0.999);
    expect(config.vlasov.vMax).toBeGreaterThan(2 * heuristic(config).vMax);
  });

  it("attractive kernels: the well min V * rho_0 < 0 enters the budget; explicit values are kept", () => {
    const config = resolveStudyConfig({
      state: { kind: "ground" },
      interaction: { kind: "gaussian", lambda: -2, sigma: 0.5 },
    });
    const e0 = stateEnergyCutoff({ ...config, interaction: { kind: "none" } });
    const budget = initialStateBudget({ ...config, cutoff: e0 });
    expect(budget.meanField.min).toBeLessThan(0);
    expect(budget.velocity).toBeGreaterThan(Math.sqrt(e0 / config.kappa));
    const explicit = resolveStudyConfig({
      interaction: { kind: "power", alpha: 0.99, lambda: 1 },
      vlasov: { vMax: 4.4 },
      grid: { box: 3 },
    });
    expect(explicit.vlasov.vMax).toBe(4.4);
    expect(explicit.grid.box).toBe(3);
  });

  it("2D and 3D budgets exist and keep today's numbers for the Gaussian default", () => {
    for (const dimension of [2, 3] as const) {
      const config = resolveStudyConfig({ dimension, N: [8] });
      expect(config.vlasov.vMax).toBe(heuristic(config).vMax);
      expect(config.grid.box).toBe(heuristic(config).box);
    }
  });
});

describe("config fields of the trust issue (resolution, tolerance, budget, vlasov.grid)", () => {
  it("defaults and idempotence", () => {
    const config = resolveStudyConfig({});
    expect(config.resolution).toBe("verified");
    expect(config.tolerance).toBe(0.01);
    expect(config.budget).toEqual({ maxSeconds: 600, maxBytes: 2 ** 31 });
    expect(config.vlasov.grid).toBe("phase-space");
    expect(resolveStudyConfig(config)).toEqual(config);
    // T = 0 in 1D: the Wigner grid (LOW_TEMPERATURE_LEVELS); explicit choices are kept.
    expect(resolveStudyConfig({ state: { kind: "slater" } }).vlasov.grid).toBe("wigner");
    expect(
      resolveStudyConfig({ state: { kind: "slater" }, vlasov: { grid: "phase-space" } }).vlasov
        .grid,
    ).toBe("phase-space");
  });

  it.each([
    [{ resolution: "sometimes" }, "resolution"],
    [{ tolerance: 0 }, "tolerance"],
    [{ tolerance: 1.5 }, "tolerance"],
    [{ budget: { maxSeconds: -1 } }, "budget.maxSeconds"],
    [{ budget: { maxBytes: "lots" } }, "budget.maxBytes"],
    [{ budget: { memory: 1 } }, "budget.memory"],
    [{ vlasov: { grid: "fine" } }, "vlasov.grid"],
  ])("rejects %j naming %s", (input, parameter) => {
    try {
      resolveStudyConfig(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ParameterError);
      expect((error as ParameterError).parameter).toBe(parameter);
    }
  });
});
