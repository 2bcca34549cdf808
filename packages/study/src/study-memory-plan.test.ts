/**
 * The memory plan counts every task a study runs for an N (issue 13 item 5): the refinements on
 * their own grids and W~ on the Wigner grid, so a study whose main task fits but whose
 * refinement does not is refused before any work, while a task's own plan (runStudyTask) is not.
 */
import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import type { StudyConfigInput } from "./config-types.js";
import { largestTask, type MemoryPlanEntry } from "./memory-plan.js";
import { planStudy } from "./plan.js";
import { runStudy } from "./run.js";

/** The bytes of a named component of a plan. */
function bytesOf(memory: MemoryPlanEntry, name: string): number {
  const component = memory.components.find((c) => c.name === name);
  if (!component) throw new Error(`no component ${name}`);
  return component.bytes;
}

/** The plan of a named task of an N. */
function taskOf(memory: MemoryPlanEntry, task: string): MemoryPlanEntry {
  const found = memory.tasks?.find((t) => t.task === task);
  if (!found) throw new Error(`no task ${task} in ${memory.tasks?.map((t) => t.task)}`);
  return found.memory;
}

// 2D, N = 15 (a closed shell of the trap), Gaussian V: the orbital path on 64^2 points, W~ on
// 16^2 x 16^2.
const config: StudyConfigInput = {
  dimension: 2,
  N: [15],
  state: { kind: "slater" },
  interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
  vlasov: { nx: 16, nv: 16 },
  maxMemory: 3e7,
};

describe("memory plan: every task of the study", () => {
  it("plans each refinement on its own grids", () => {
    const entry = planStudy(config, { checkMemory: false }).entries[0];
    expect(entry.path).toBe("orbital");
    expect(entry.grid.shape).toEqual([64, 64]);
    const main = entry.memory;
    expect(main.tasks?.map((t) => t.task)).toEqual([
      "quantum-grid refinement",
      "Vlasov-grid refinement",
      "dt refinement",
    ]);
    // The quantum-grid refinement holds the K = 15 orbitals on 128^2 points: 4 x the bytes, once
    // (the solver adopts omega_0 and the rows read its state in place; Hartree: no exchange flow).
    const quantum = taskOf(main, "quantum-grid refinement");
    expect(bytesOf(quantum, "orbitals")).toBe(4 * bytesOf(main, "orbitals"));
    expect(bytesOf(quantum, "orbitals")).toBe(16 * 15 * 128 ** 2);
    // The Vlasov-grid refinement: W~ on 32^2 x 32^2, 2^(2d) = 16 x the phase space.
    const vlasov = taskOf(main, "Vlasov-grid refinement");
    expect(bytesOf(vlasov, "Vlasov phase space")).toBe(16 * bytesOf(main, "Vlasov phase space"));
    expect(bytesOf(vlasov, "orbitals")).toBe(bytesOf(main, "orbitals"));
    // dt / 2: the main task's memory with twice its steps (the time model is linear in them; the
    // main task's steps also carry W_0's sampling once, the same in both).
    const dt = taskOf(main, "dt refinement");
    expect(dt.totalBytes).toBe(main.totalBytes);
    const initial = 2 * main.seconds.steps - dt.seconds.steps;
    expect(initial).toBeGreaterThan(0);
    expect(dt.seconds.steps).toBeGreaterThan(1.5 * main.seconds.steps);
    expect(largestTask(main)).toEqual({
      task: "quantum-grid refinement",
      totalBytes: quantum.totalBytes,
    });
  });

  it("Hartree-Fock adds the exchange flow's five orbital buffers (ACE) to the state", () => {
    const hartree = planStudy(config, { checkMemory: false }).entries[0].memory;
    const hf = planStudy({ ...config, dynamics: { model: "hartree-fock" } }, { checkMemory: false })
      .entries[0].memory;
    // hartree-fock's OrbitalExchangeFlow allocates 5 K M complex buffers with method "ace"
    expect(bytesOf(hf, "orbitals")).toBe(6 * bytesOf(hartree, "orbitals"));
  });

  it("a study whose main task fits but whose quantum-grid refinement does not is refused before any work", async () => {
    const entry = planStudy(config, { checkMemory: false }).entries[0];
    const quantum = taskOf(entry.memory, "quantum-grid refinement");
    // The main task's 17 MB fit 30 MB; the refinement's 36 MB do not.
    expect(entry.memory.totalBytes).toBeLessThan(3e7);
    expect(quantum.totalBytes).toBeGreaterThan(3e7);
    // The task's own plan (what runStudyTask checks) accepts it...
    expect(() => planStudy(config)).not.toThrow();
    // ... the study's does not, naming the task, its component and the fixes.
    expect(() => planStudy(config, { checkMemory: "study" })).toThrow(
      /^maxMemory: N = 15: the main task fits \(17 MB\), but the quantum-grid refinement needs 36 MB: its certified trace norm \(band 1x1 of Weyl\(W~\) on 128x128 \(narrowed to fit\), subspace up to \d+\) needs \d+ MB, more than maxMemory 30 MB: lower N or vlasov\.nx, or raise maxMemory; or resolution "off"/,
    );
    let progressed = false;
    await expect(
      runStudy(config, {
        onProgress: () => {
          progressed = true;
        },
      }),
    ).rejects.toThrow(ParameterError);
    expect(progressed).toBe(false);
    // Without refinements only the main task runs: it fits.
    expect(() =>
      planStudy({ ...config, resolution: "off", errorFloor: false }, { checkMemory: "study" }),
    ).not.toThrow();
  });

  it("V = 0: the main task's W~ on the Wigner grid (2n)^d x n^d is planned", () => {
    const entry = planStudy(
      { ...config, interaction: { kind: "none" }, maxMemory: 2 ** 40 },
      { checkMemory: false },
    ).entries[0];
    const wigner = taskOf(entry.memory, "main task (W~ on the Wigner grid)");
    // one copy of (2n)^2 x n^2 doubles (n^2 = 32^2 here: V = 0 needs a smaller box).
    const M = entry.grid.size;
    expect(bytesOf(wigner, "Vlasov phase space")).toBe(8 * 4 * M * M);
    expect(bytesOf(wigner, "Vlasov phase space")).toBeGreaterThan(
      bytesOf(entry.memory, "Vlasov phase space"),
    );
  });
});
