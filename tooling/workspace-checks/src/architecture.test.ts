import { describe, expect, it } from "vitest";
import { importedPackages, shown, sourceFiles, workspacePackages } from "./workspace.js";

/**
 * The dependency arrows of the monorepo (DEVELOPERS guide, issue 11): grid <- quantum <-
 * hartree-fock, grid <- vlasov, grid + quantum <- metrics, grid + quantum <- many-body, all of
 * them <- study <- apps. Each entry lists every internal package the package may depend on;
 * anything else is an arrow pointing the wrong way or skipping the layer in between.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  "@semiclassical/grid": [],
  "@semiclassical/quantum": ["@semiclassical/grid"],
  "@semiclassical/vlasov": ["@semiclassical/grid"],
  "@semiclassical/hartree-fock": ["@semiclassical/grid", "@semiclassical/quantum"],
  "@semiclassical/metrics": ["@semiclassical/grid", "@semiclassical/quantum"],
  "@semiclassical/many-body": ["@semiclassical/grid", "@semiclassical/quantum"],
  "@semiclassical/study": [
    "@semiclassical/grid",
    "@semiclassical/quantum",
    "@semiclassical/hartree-fock",
    "@semiclassical/vlasov",
    "@semiclassical/metrics",
    "@semiclassical/many-body",
  ],
  // The CLI composes the study and nothing below it: grids, solvers and metrics reach it only
  // through @semiclassical/study (ParameterError and the types it needs are re-exported there).
  "@semiclassical/cli": ["@semiclassical/study"],
  // The documentation teaches every package, so its snippets and demos import each of them.
  "@semiclassical/docs": [
    "@semiclassical/grid",
    "@semiclassical/quantum",
    "@semiclassical/hartree-fock",
    "@semiclassical/vlasov",
    "@semiclassical/metrics",
    "@semiclassical/many-body",
    "@semiclassical/study",
  ],
};

/** The shared build and test presets (a devDependency of every package, never an arrow). */
const TOOLING = "@semiclassical/tooling";

const packages = workspacePackages();

describe("dependency arrows", () => {
  it("knows every workspace package", () => {
    expect(packages.map((p) => p.name).filter((name) => !(name in ALLOWED))).toEqual([]);
  });

  for (const pkg of packages) {
    it(`${pkg.name} depends only on the layers below it`, () => {
      const allowed = ALLOWED[pkg.name] ?? [];
      expect(pkg.internal.filter((dep) => !allowed.includes(dep))).toEqual([]);
    });

    it(`${pkg.name} imports only packages it declares`, () => {
      const wrong: string[] = [];
      for (const file of sourceFiles(pkg.dir)) {
        for (const dep of importedPackages(file)) {
          const declared = dep === pkg.name || dep === TOOLING || pkg.internal.includes(dep);
          if (!declared) wrong.push(`${shown(file)}: ${dep}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
