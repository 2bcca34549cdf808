// The default study end to end (issue 14: within 20 s wall on 2 cores, peak memory within 300 MB):
// `semiclassical study` on preset "smooth" with its verification (error floor, refinements of the
// quantum grid, the Vlasov grid and dt), as a user runs it, timed from outside: wall time, peak
// resident memory of the whole process (main thread and every worker thread: they share it),
// CPU time, and the per-task seconds of results.json, with the machine's load beside them.
//
//   pnpm bench:study            (after `pnpm build`; -- --jobs=K passes --jobs K to the CLI,
//                                -- --keep keeps the output directory and prints its path)
//
// Peak memory is GNU time's maximum resident set size of the CLI process: it includes the worker
// threads' heaps and their WebAssembly memories (without /usr/bin/time it is not measured).
// Timings on a loaded machine are not comparable: read the load.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const main = join(root, "apps", "cli", "dist", "main.js");
const jobsArg = process.argv.find((a) => a.startsWith("--jobs="));
const keep = process.argv.includes("--keep");
const out = join(mkdtempSync(join(tmpdir(), "semiclassical-bench-")), "study");
const args = [
  main,
  "study",
  "--out",
  out,
  "--quiet",
  ...(jobsArg ? ["--jobs", jobsArg.split("=")[1]] : []),
];

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const loadBefore = load();
const started = performance.now();
// GNU time (-v) when present: the child's maximum resident set size and CPU time.
const gnuTime = spawnSync("/usr/bin/time", ["-v", "true"], { encoding: "utf8" }).status === 0;
const run = gnuTime
  ? spawnSync("/usr/bin/time", ["-v", process.execPath, ...args], { encoding: "utf8" })
  : spawnSync(process.execPath, args, { encoding: "utf8" });
const wall = (performance.now() - started) / 1000;
if (run.status !== 0 && run.status !== 3) {
  process.stderr.write(run.stderr);
  throw new Error(`semiclassical study exited with ${run.status}`);
}
let peakMiB;
let cpu;
if (gnuTime) {
  const field = (name) => Number(new RegExp(`${name}: ([0-9.]+)`).exec(run.stderr)?.[1]);
  peakMiB = field("Maximum resident set size \\(kbytes\\)") / 1024;
  cpu = field("User time \\(seconds\\)") + field("System time \\(seconds\\)");
}
const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
const tasks = Object.entries(results.timings?.tasks ?? {}).sort((a, b) => b[1] - a[1]);
const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: root,
      encoding: "utf8",
    }).trim();
  } catch {
    return "?";
  }
})();
console.log(`semiclassical study (preset smooth, verified) at ${commit}, exit ${run.status}`);
console.log(`  load average before: ${loadBefore}; after: ${load()}`);
console.log(
  `  wall ${wall.toFixed(1)} s (target 20 s), peak RSS ${peakMiB === undefined ? "not measured (no /usr/bin/time)" : `${peakMiB.toFixed(0)} MiB`} (target 300 MB)` +
    (cpu !== undefined
      ? `, CPU ${cpu.toFixed(1)} s (${((100 * cpu) / wall).toFixed(0)}% of one core)`
      : ""),
);
// The plan's estimate of each task (validate's "seconds", one core): the main task's for the
// study and its V = 0 floor (same grids), the refinements' from plan[].memory.tasks.
const estimateOf = (task) => {
  const [n, ...rest] = task.split(" ");
  const entry = results.plan?.find((e) => `N=${e.N}` === n);
  const kind = rest.join(" ");
  if (!entry) return undefined;
  if (kind === "study" || kind === "floor V=0") return entry.memory.seconds.total;
  const names = {
    "refined quantum-grid": "quantum-grid refinement",
    "refined vlasov-grid": "Vlasov-grid refinement",
    "refined dt": "dt refinement",
  };
  return entry.memory.tasks?.find((t) => t.task === names[kind])?.memory.seconds.total;
};
console.log("  measured   estimated (one core)  task");
for (const [task, seconds] of tasks) {
  const estimate = estimateOf(task);
  const shown = estimate === undefined ? "?" : `${estimate.toFixed(1)} s`;
  console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${shown.padStart(9)}            ${task}`);
}
if (keep) console.log(`  output kept in ${out}`);
else rmSync(dirname(out), { recursive: true, force: true });
