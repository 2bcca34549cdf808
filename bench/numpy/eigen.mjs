// Dense eigenvalues side by side with NumPy/LAPACK (issue 14): quantum's hermitianEigen (the
// trace norm) and symmetricEigen (the thermal state), values only, n = 256, 512, 1024, against
// numpy.linalg.eigvalsh (zheevd / dsyevd) with OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = 1 and 2.
// Best of 3 on both sides; prints the load (timings on a busy machine are not trustworthy).
//
//   pnpm build && node bench/numpy/eigen.mjs [--n 256 512 1024]
//
// Skips the NumPy side with a message when python3 or NumPy is missing.
import { execFileSync, spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const { hermitianEigen, symmetricEigen } = await import(
  join(root, "packages", "quantum", "dist", "index.js")
);
const sizes = process.argv.includes("--n")
  ? process.argv.slice(process.argv.indexOf("--n") + 1).map(Number)
  : [256, 512, 1024];

let numpy = true;
try {
  execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
} catch {
  numpy = false;
  console.log("python3 with NumPy not found: printing the project's timings only.");
}

function lapack(threads) {
  if (!numpy) return {};
  const env = { ...process.env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const run = spawnSync("python3", [join(here, "eigh.py"), "--json", "--n", ...sizes.map(String)], {
    env,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`eigh.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop());
}

// Steady state after 3 warm-up calls (the JIT tiers the JavaScript and WebAssembly code up over
// the first calls; the first call's time is printed separately).
const first = {};
function bestOf(key, f, repeats = 3) {
  const t0 = performance.now();
  f();
  first[key] = (performance.now() - t0) / 1000;
  f();
  f();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    f();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
const ours = {};
for (const n of sizes) {
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i)] = random();
    for (let j = 0; j < i; j++) {
      a[2 * (i * n + j)] = a[2 * (j * n + i)] = random();
      a[2 * (i * n + j) + 1] = random();
      a[2 * (j * n + i) + 1] = -a[2 * (i * n + j) + 1];
    }
  }
  const real = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) real[i] = a[2 * i];
  ours[`eigvalsh ${n}`] = bestOf(`eigvalsh ${n}`, () => hermitianEigen(n, a));
  ours[`eigvalsh real ${n}`] = bestOf(`eigvalsh real ${n}`, () => symmetricEigen(n, real));
}
const one = lapack("1");
const two = lapack("2");
const ratio = (x, y) => (y === undefined ? "--" : `${(x / y).toFixed(2)}x`);
const s = (x) => (x === undefined ? "--" : `${x.toFixed(4)} s`);
console.log(
  "\n| workload | project | (first call) | LAPACK 1 thread | LAPACK 2 threads | project / LAPACK (1, 2) |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [key, t] of Object.entries(ours)) {
  const label = key.includes("real") ? "real symmetric" : "complex Hermitian";
  console.log(
    `| ${label} eigenvalues n = ${key.split(" ").pop()} | ${s(t)} | ${s(first[key])} | ${s(one[key])} | ${s(two[key])} | ${ratio(t, one[key])}, ${ratio(t, two[key])} |`,
  );
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
