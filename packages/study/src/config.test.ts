import { harmonicTrap, ParameterError } from "@semiclassical/grid";
import { DEFAULT_METRICS, METRIC_NAMES } from "@semiclassical/metrics";
import { DEFAULT_OCCUPATION_CUTOFF, thermalState } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { planStudy } from "./plan.js";
import { resolveStudyConfig, stateEnergyCutoff } from "./resolve-config.js";

/** Runs `f`, expects a ParameterError on `parameter` whose message matches `pattern`. */
function expectParameterError(f: () => unknown, parameter: string, pattern: RegExp) {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ParameterError);
  expect((caught as ParameterError).parameter).toBe(parameter);
  expect((caught as ParameterError).message).toMatch(pattern);
}

describe("resolveStudyConfig defaults", () => {
  it("fills the documented defaults: the issue's smooth example", () => {
    const c = resolveStudyConfig({});
    expect(c.dimension).toBe(1);
    expect(c.kappa).toBe(1);
    expect(c.N).toEqual([8, 16, 32]);
    expect(c.state).toEqual({
      kind: "thermal",
      temperature: 0.5,
      trap: { kind: "harmonic", strength: 1 },
      occupationCutoff: DEFAULT_OCCUPATION_CUTOFF,
    });
    expect(c.schattenP).toEqual([1, 2, "inf"]);
    expect(c.traceNorm).toEqual({ method: "auto", target: 1e-3, maxDimension: 400 });
    expect(c.maxMemory).toBe(2 ** 34);
    expect(c.interaction).toEqual({ kind: "gaussian", lambda: 1, sigma: 1 });
    expect(c.dynamics.model).toBe("hartree");
    expect(c.dynamics.trap).toBe("keep");
    expect(c.dynamics.tFinal).toBe(1);
    expect(c.dynamics.dt).toBe(0.01);
    expect(c.dynamics.splitting).toBe("strang");
    expect(c.dynamics.times).toEqual([0.25, 0.5, 0.75, 1]);
    expect(c.metrics).toEqual([...DEFAULT_METRICS]);
    expect(c.errorFloor).toBe(true);
    expect(c.vlasov.nx).toBe(128);
    expect(c.vlasov.nv).toBe(128);
    expect(c.grid.maxPoints).toBe(4096);
  });

  it("resolves the automatic box and momentum bounds from the energy cutoff", () => {
    const c = resolveStudyConfig({});
    const cutoff = stateEnergyCutoff(c);
    const vc = Math.sqrt(cutoff / c.kappa);
    // The Vlasov velocity box covers v_c; the quantum grid resolves its edge vMax + dv/2.
    expect(c.vlasov.vMax).toBeGreaterThanOrEqual(1.1 * vc);
    expect(c.vlasov.vMax).toBeLessThan(1.1 * vc + 0.01);
    expect(c.grid.vMax).toBeGreaterThan(c.vlasov.vMax * (1 + 1 / c.vlasov.nv));
    // The box holds the classical extent sqrt(E_c / s) on both sides with 10% margin (rounded up).
    const extent = Math.sqrt(cutoff / (c.state.trap as { strength: number }).strength);
    expect(c.grid.box).toBeGreaterThanOrEqual(2 * 1.1 * extent);
    expect(c.grid.box).toBeLessThan(2 * 1.1 * extent + 0.5);
    // Removing the trap adds the free flight 2 kappa v_c tFinal to the extent.
    const free = resolveStudyConfig({ dynamics: { trap: "remove" } });
    expect(free.grid.box).toBeGreaterThanOrEqual(2 * 1.1 * (extent + 2 * vc));
  });

  it("Fermi energy in the cutoff counts N harmonic-oscillator levels (d = 1, T = 0, V = 0)", () => {
    // h_0 = -kappa eps^2 d_xx + s x^2 has levels eps sqrt(kappa s) (2j + 1); E_c = 1.5 E_F.
    for (const [kappa, s, N] of [
      [1, 1, 8],
      [0.5, 2, 32],
      [1, 3, 100],
    ]) {
      const c = resolveStudyConfig({
        kappa,
        N: [N],
        state: { kind: "slater", trap: { strength: s } },
        interaction: { kind: "none" },
      });
      const fermi = stateEnergyCutoff(c) / 1.5;
      const eps = 1 / N;
      let count = 0;
      while (eps * Math.sqrt(kappa * s) * (2 * count + 1) <= fermi) count++;
      expect(count).toBe(N);
    }
  });

  it("defaults tFinal to the last requested time and keeps times sorted", () => {
    const c = resolveStudyConfig({ dynamics: { times: [0.5, 0.1, 0.3], dt: 0.05 } });
    expect(c.dynamics.tFinal).toBe(0.5);
    expect(c.dynamics.times).toEqual([0.1, 0.3, 0.5]);
  });

  it("temperature defaults by state kind", () => {
    expect(resolveStudyConfig({ state: { kind: "slater" } }).state.temperature).toBe(0);
    expect(resolveStudyConfig({ state: { kind: "ground" } }).state.temperature).toBe(0);
    expect(resolveStudyConfig({ state: { kind: "coherent" } }).state.temperature).toBe(0.5);
    expect(resolveStudyConfig({ state: { kind: "vlasov-steady" } }).state.temperature).toBe(0.5);
    const cold = resolveStudyConfig({ state: { kind: "vlasov-steady", temperature: 0 } });
    expect(cold.state.temperature).toBe(0);
  });

  it('Schatten exponents: a single value is a list; sorted, "inf" last', () => {
    expect(resolveStudyConfig({ schattenP: 2 }).schattenP).toEqual([2]);
    expect(resolveStudyConfig({ schattenP: "inf" }).schattenP).toEqual(["inf"]);
    expect(resolveStudyConfig({ schattenP: ["inf", 4, 1.5] }).schattenP).toEqual([1.5, 4, "inf"]);
  });

  it("trace norm method and target, occupation cutoff", () => {
    const c = resolveStudyConfig({ traceNorm: { method: "certified" } });
    expect(c.traceNorm).toEqual({ method: "certified", target: 1e-3, maxDimension: 400 });
    expect(resolveStudyConfig({ traceNorm: { target: 0.01 } }).traceNorm.target).toBe(0.01);
    expect(resolveStudyConfig({ traceNorm: { maxDimension: 800 } }).traceNorm.maxDimension).toBe(
      800,
    );
    const cut = resolveStudyConfig({ state: { occupationCutoff: 1e-8 } });
    expect(cut.state.occupationCutoff).toBe(1e-8);
    // E_c = 1.5 E_F + T ln(1/c) + |lambda| V_0: only the T ln(1/c) term changes with c.
    const base = resolveStudyConfig({});
    expect(stateEnergyCutoff(base) - stateEnergyCutoff(cut)).toBeCloseTo(
      0.5 * Math.log(1e-8 / 1e-12),
      12,
    );
  });

  it('maxMemory: a number, or "auto" = the availableMemory option, else 2^34 bytes', () => {
    expect(resolveStudyConfig({ maxMemory: 2 ** 30 }).maxMemory).toBe(2 ** 30);
    expect(resolveStudyConfig({ maxMemory: "auto" }).maxMemory).toBe(2 ** 34);
    expect(resolveStudyConfig({}, { availableMemory: 8e9 }).maxMemory).toBe(8e9);
    // An explicit number wins over the option; the resolved number resolves to itself.
    expect(resolveStudyConfig({ maxMemory: 1e9 }, { availableMemory: 8e9 }).maxMemory).toBe(1e9);
    const resolved = resolveStudyConfig({}, { availableMemory: 8e9 });
    expect(resolveStudyConfig(JSON.parse(JSON.stringify(resolved)))).toEqual(resolved);
  });

  it("kernel defaults per kind, and a single N is accepted", () => {
    const power = resolveStudyConfig({ N: 12, interaction: { kind: "power" } });
    expect(power.N).toEqual([12]);
    expect(power.interaction).toEqual({ kind: "power", lambda: 1, alpha: 0.25 });
    const soft = resolveStudyConfig({ interaction: { kind: "soft-power", alpha: 0.5 } });
    expect(soft.interaction).toEqual({
      kind: "soft-power",
      lambda: 1,
      alpha: 0.5,
      softening: 0.1,
    });
    const coulomb = resolveStudyConfig({ dimension: 3, N: [8], interaction: { kind: "coulomb" } });
    expect(coulomb.interaction).toEqual({ kind: "coulomb", lambda: 1 });
  });

  it("is idempotent: a resolved config resolves to itself (results.json round trip)", () => {
    const inputs = [
      {},
      {
        dimension: 2,
        N: [4, 9],
        interaction: { kind: "power", alpha: 1.5 },
        grid: { dxOverEps: 1 },
      },
      { state: { kind: "coherent" }, dynamics: { trap: "remove", tFinal: 0.5 } },
      {
        state: { kind: "vlasov-steady", temperature: 0.2, occupationCutoff: 1e-9 },
        schattenP: [3, "inf", 1],
        traceNorm: { method: "dense", target: 0.01 },
        maxMemory: 2 ** 32,
      },
    ];
    for (const input of inputs) {
      const once = resolveStudyConfig(input);
      const twice = resolveStudyConfig(JSON.parse(JSON.stringify(once)));
      expect(twice).toEqual(once);
    }
  });
});

describe("resolveStudyConfig errors name the field and what is allowed", () => {
  it("unknown fields, at every level", () => {
    expectParameterError(() => resolveStudyConfig({ foo: 1 }), "foo", /unknown field.*dimension/);
    expectParameterError(
      () => resolveStudyConfig({ state: { temp: 1 } }),
      "state.temp",
      /unknown field; allowed here: kind, temperature, trap, occupationCutoff/,
    );
    expectParameterError(
      () => resolveStudyConfig({ interaction: { kind: "power", sigma: 1 } }),
      "interaction.sigma",
      /does not apply to interaction.kind "power"/,
    );
    expectParameterError(
      () => resolveStudyConfig({ vlasov: { nz: 8 } }),
      "vlasov.nz",
      /unknown field/,
    );
  });

  it("wrong types", () => {
    expectParameterError(() => resolveStudyConfig([]), "config", /must be an object/);
    expectParameterError(
      () => resolveStudyConfig({ kappa: "1" }),
      "kappa",
      /finite number, got "1"/,
    );
    expectParameterError(
      () => resolveStudyConfig({ state: "thermal" }),
      "state",
      /must be an object, got "thermal"/,
    );
    expectParameterError(
      () => resolveStudyConfig({ interaction: { kind: "yukawa" } }),
      "interaction.kind",
      /one of "none", "gaussian", "soft-power", "power", "coulomb"/,
    );
    expectParameterError(
      () => resolveStudyConfig({ metrics: ["trace-norm", "energy"] }),
      "metrics[1]",
      new RegExp(METRIC_NAMES.map((m) => `"${m}"`).join(", ")),
    );
    expectParameterError(
      () => resolveStudyConfig({ errorFloor: "yes" }),
      "errorFloor",
      /true or false/,
    );
    expectParameterError(() => resolveStudyConfig({ dimension: 4 }), "dimension", /1, 2 or 3/);
  });

  it("alpha outside (0, d)", () => {
    expectParameterError(
      () => resolveStudyConfig({ interaction: { kind: "power", alpha: 1 } }),
      "interaction.alpha",
      /in \(0, d\) = \(0, 1\) for dimension 1, got 1/,
    );
    expectParameterError(
      () => resolveStudyConfig({ interaction: { kind: "soft-power", alpha: -0.5 } }),
      "interaction.alpha",
      /\(0, 1\)/,
    );
    expect(
      resolveStudyConfig({ dimension: 3, N: [8], interaction: { kind: "power", alpha: 2.5 } })
        .interaction,
    ).toEqual({ kind: "power", lambda: 1, alpha: 2.5 });
    expectParameterError(
      () => resolveStudyConfig({ interaction: { kind: "coulomb" } }),
      "interaction.kind",
      /needs dimension 3/,
    );
  });

  it("N < 1, non-integer, empty or repeated", () => {
    expectParameterError(() => resolveStudyConfig({ N: [8, 0] }), "N[1]", /integer >= 1, got 0/);
    expectParameterError(() => resolveStudyConfig({ N: [2.5] }), "N[0]", /integer >= 1/);
    expectParameterError(() => resolveStudyConfig({ N: [] }), "N", /non-empty list/);
    expectParameterError(() => resolveStudyConfig({ N: [4, 4] }), "N", /distinct/);
  });

  it("an interaction strength that overflows the auto budgets names interaction.lambda", () => {
    // lambda = 1e308: V * rho_0 is infinite, and the auto box came out NaN, blamed on grid.box
    expectParameterError(
      () => resolveStudyConfig({ interaction: { kind: "gaussian", lambda: 1e308, sigma: 1 } }),
      "interaction.lambda",
      /= 1e\+308: the initial state's mean field V \* rho_0 overflows.*lower \|interaction.lambda\|/,
    );
  });

  it("a Slater state of an open shell of the harmonic trap is refused before any work", () => {
    // 3D shells hold 1, 3, 6, 10 states (closing at 1, 4, 10, 20): N = 8 leaves 4 particles for
    // the 6 states of the shell n = 2, whose determinant is the eigensolver's pick.
    expectParameterError(
      () => resolveStudyConfig({ dimension: 3, N: [4, 8], state: { kind: "slater" } }),
      "N[1]",
      /N = 8 is an open shell of the 3D harmonic trap \(shells close at 1, 4, 10, 20, \.\.\.\): 4 particle\(s\) for the 6 degenerate states.*closed-shell N \(4 or 10\) or state.kind "thermal"/,
    );
    expectParameterError(
      () => resolveStudyConfig({ dimension: 2, N: 2, state: { kind: "thermal", temperature: 0 } }),
      "N",
      /N = 2 is an open shell of the 2D harmonic trap \(shells close at 1, 3, 6, \.\.\.\).*\(1 or 3\)/,
    );
    expectParameterError(
      () =>
        resolveStudyConfig({ dimension: 2, N: [3, 4], state: { kind: "ground", temperature: 0 } }),
      "N[1]",
      /N = 4 is an open shell .*the T = 0 ground state, filled from those levels, is not unique; use a closed-shell N \(3 or 6\) or state.temperature > 0/,
    );
    // closed shells, a thermal state, and 1D (simple levels) are accepted
    expect(
      resolveStudyConfig({ dimension: 3, N: [4, 10, 20], state: { kind: "slater" } }).N,
    ).toEqual([4, 10, 20]);
    expect(
      resolveStudyConfig({ dimension: 2, N: [4], state: { kind: "thermal", temperature: 0.1 } }).N,
    ).toEqual([4]);
    expect(resolveStudyConfig({ N: [5, 7], state: { kind: "slater" } }).N).toEqual([5, 7]);
  });

  it("time step and sampling times", () => {
    expectParameterError(
      () => resolveStudyConfig({ dynamics: { dt: 0 } }),
      "dynamics.dt",
      /> 0, got 0/,
    );
    expectParameterError(
      () => resolveStudyConfig({ dynamics: { dt: 0.03 } }),
      "dynamics.dt",
      /whole number of steps/,
    );
    expectParameterError(
      () => resolveStudyConfig({ dynamics: { tFinal: 1, times: [0.5, 1.5] } }),
      "dynamics.times[1]",
      /\[0, tFinal\] = \[0, 1\], got 1.5/,
    );
    expectParameterError(
      () => resolveStudyConfig({ dynamics: { times: [-0.1] } }),
      "dynamics.times[0]",
      /must be in \[0, tFinal\], got -0.1/,
    );
    expectParameterError(
      () => resolveStudyConfig({ dynamics: { tFinal: 1, times: [0.555] } }),
      "dynamics.times[0]",
      /whole number of steps dt = 0.01/,
    );
    expectParameterError(
      () => resolveStudyConfig({ dynamics: { tFinal: 1, times: [0.5, 0.5] } }),
      "dynamics.times",
      /distinct/,
    );
    // A typo in tFinal (1e7 for 1): 1e9 steps are refused before the run, not attempted.
    expectParameterError(
      () => resolveStudyConfig({ dynamics: { tFinal: 1e7, dt: 0.01 } }),
      "dynamics.tFinal",
      /1\.00e\+9 steps, more than the 1e\+7 .*lower dynamics.tFinal or raise dynamics.dt/,
    );
    expect(resolveStudyConfig({ dynamics: { tFinal: 1e5, dt: 0.01 } }).dynamics.tFinal).toBe(1e5);
  });

  it("new fields: Schatten exponents, trace norm, memory, occupation cutoff", () => {
    expectParameterError(
      () => resolveStudyConfig({ schattenP: [1, 0.5] }),
      "schattenP[1]",
      /number >= 1 or "inf".*got 0.5/,
    );
    expectParameterError(
      () => resolveStudyConfig({ schattenP: ["infinity"] }),
      "schattenP[0]",
      /number >= 1 or "inf"/,
    );
    expectParameterError(() => resolveStudyConfig({ schattenP: [] }), "schattenP", /non-empty/);
    expectParameterError(
      () => resolveStudyConfig({ traceNorm: { method: "exact" } }),
      "traceNorm.method",
      /one of "auto", "dense", "certified", got "exact"/,
    );
    expectParameterError(
      () => resolveStudyConfig({ traceNorm: { target: 1 } }),
      "traceNorm.target",
      /in \(0, 1\), got 1/,
    );
    expectParameterError(
      () => resolveStudyConfig({ traceNorm: { tol: 1 } }),
      "traceNorm.tol",
      /unknown field; allowed here: method, target/,
    );
    expectParameterError(
      () => resolveStudyConfig({ maxMemory: 0 }),
      "maxMemory",
      /number > 0 or "auto", got 0/,
    );
    expectParameterError(
      () => resolveStudyConfig({ state: { occupationCutoff: 0.1 } }),
      "state.occupationCutoff",
      /in \(0, 0.01\), got 0.1/,
    );
    expectParameterError(
      () => resolveStudyConfig({ state: { kind: "vlasov" } }),
      "state.kind",
      /"ground", "vlasov-steady", got "vlasov"/,
    );
  });

  it("state and Vlasov sizes", () => {
    expectParameterError(
      () => resolveStudyConfig({ state: { kind: "slater", temperature: 0.1 } }),
      "state.temperature",
      /must be 0 .* "slater"/,
    );
    expectParameterError(
      () => resolveStudyConfig({ state: { temperature: -1 } }),
      "state.temperature",
      />= 0/,
    );
    expectParameterError(
      () => resolveStudyConfig({ state: { trap: { strength: 0 } } }),
      "state.trap.strength",
      /> 0/,
    );
    expectParameterError(
      () => resolveStudyConfig({ vlasov: { nx: 100 } }),
      "vlasov.nx",
      /power of two >= 8.*got 100; use 128/,
    );
    expectParameterError(
      () => resolveStudyConfig({ vlasov: { nv: 4 } }),
      "vlasov.nv",
      /power of two >= 8/,
    );
    expectParameterError(
      () => resolveStudyConfig({ vlasov: { vMax: 0.5 } }),
      "vlasov.vMax",
      /does not cover the state's momentum support/,
    );
    expectParameterError(
      () => resolveStudyConfig({ grid: { box: "big" } }),
      "grid.box",
      /number > 0 or "auto"/,
    );
  });
});

describe("planStudy", () => {
  it("picks the coarsest power-of-two grid resolving each eps = N^(-1/d)", () => {
    const plan = planStudy({ N: [8, 16, 32] });
    const { grid } = plan.config;
    expect(plan.entries.map((e) => e.N)).toEqual([8, 16, 32]);
    for (const entry of plan.entries) {
      expect(entry.epsilon).toBeCloseTo(1 / entry.N, 15);
      const dx = entry.grid.spacing[0];
      const dxMax = (Math.PI * entry.epsilon) / (2 * grid.vMax);
      // resolves: dx <= pi eps / (2 vMax); coarsest: half the points would not.
      expect(dx).toBeLessThanOrEqual(dxMax);
      expect(2 * dx).toBeGreaterThan(dxMax);
      expect(entry.grid.box[0]).toBe(grid.box);
      expect(entry.resolvedVelocity).toBeGreaterThanOrEqual(grid.vMax);
      expect(entry.steps).toBe(100);
      expect(entry.denseMatrixBytes).toBe(16 * entry.grid.size ** 2);
      expect(entry.vlasov.position.shape).toEqual([128]);
      expect(entry.vlasov.velocity.box[0]).toBeCloseTo(2 * plan.config.vlasov.vMax, 12);
    }
    // eps halves, so the number of points doubles.
    expect(plan.entries[1].grid.size).toBe(2 * plan.entries[0].grid.size);
  });

  it("the automatic grids pass quantum's thermalState resolution check (occupation cutoff 1e-12)", () => {
    // stateEnergyCutoff lies above every orbital thermalState keeps (occupation >= 1e-12), so the
    // check dx <= pi eps / (2 sqrt(E_max / kappa)) passes on planStudy's grids.
    for (const [temperature, N] of [
      [0.5, [8, 16]],
      [1, [8]],
    ] as const) {
      const plan = planStudy({ N, state: { kind: "thermal", temperature } });
      for (const entry of plan.entries) {
        const state = thermalState(entry.grid, {
          epsilon: entry.epsilon,
          potential: harmonicTrap(1),
          particles: entry.N,
          temperature,
        });
        expect(state.energies[state.energies.length - 1]).toBeLessThan(plan.energyCutoff);
      }
    }
    expectParameterError(
      () => resolveStudyConfig({ grid: { vMax: 3 } }),
      "grid.vMax",
      /does not resolve the state's momentum support/,
    );
  });

  it("rejects a grid that cannot resolve eps, naming the N", () => {
    expectParameterError(
      () => planStudy({ N: [8, 4096], grid: { maxPoints: 2048 } }),
      "N[1]",
      /N = 4096 cannot be resolved.*maxPoints/,
    );
  });
});
