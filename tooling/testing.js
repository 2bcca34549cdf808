// Test and bench helpers: the source of a Node worker serving a grid ThreadTeam with a package's
// kernels, and the relative difference the checks against serial or exact values compare.
import { existsSync, realpathSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The source (for `new Worker(source, { eval: true })`) of a worker that imports the built package
 * at `packageRoot` (its dist/index.js; Node 20 workers cannot load TypeScript, so `pnpm build`
 * first) and the @semiclassical/grid that package resolves (so the workers' kernel registry and team
 * protocol are one module instance), registers the package's exports named `kernels`
 * (grid's registerThreadKernels) and serves the team. Throws, naming the file, when the package is
 * not built.
 */
export function threadWorkerSource(packageRoot, kernels) {
  const dist = fileURLToPath(new URL("dist/index.js", packageRoot));
  if (!existsSync(dist))
    throw new Error(`${dist} is missing: run pnpm build in ${fileURLToPath(packageRoot)}`);
  const grid = realpathSync(
    fileURLToPath(new URL("node_modules/@semiclassical/grid", packageRoot)),
  );
  const gridDist = pathToFileURL(`${grid}/dist/index.js`).href;
  const registered = kernels.map((name) => `pkg[${JSON.stringify(name)}]`).join(", ");
  return `
const { parentPort } = require("node:worker_threads");
Promise.all([import(${JSON.stringify(gridDist)}), import(${JSON.stringify(pathToFileURL(dist).href)})]).then(
  ([grid, pkg]) => {
    grid.registerThreadKernels(${registered});
    grid.serveThreadTeam((handler) => parentPort.on("message", handler));
  },
);`;
}

/**
 * max_i |a_i - b_i| / max_i |b_i|: one number, so a failed check prints it rather than two arrays.
 * Throws when the lengths differ.
 */
export function relativeDifference(a, b) {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return difference / scale;
}
