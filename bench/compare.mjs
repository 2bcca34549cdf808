// Side by side with NumPy (issue 14): the default physics (preset "smooth", N = 8, 16, 32, main
// rows only), batched FFT lines and dense Hermitian eigenvalues n = 1024, each timed here (the
// built packages, one thread) and by the straightforward NumPy/OpenBLAS scripts in bench/numpy/,
// then the ratios. Skips the NumPy side with a message when python3 or NumPy is missing.
//
//   pnpm bench:numpy            (after `pnpm build`; add -- --quick to skip the N = 32 physics,
//                                -- --fft for the FFT rows only)
//
// OpenBLAS runs with OPENBLAS_NUM_THREADS=1 (the project is single-threaded; with 2 threads on
// this shared 2-core machine OpenBLAS spin-waits and is 10x slower) and with OPENBLAS_CORETYPE /
// OPENBLAS_L2_SIZE unset for that command only (see the env notes); --blas-threads=K changes it.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const quick = process.argv.includes("--quick");
const fftOnly = process.argv.includes("--fft");
const threadsArg = process.argv.find((a) => a.startsWith("--blas-threads="));
const blasThreads = threadsArg ? threadsArg.split("=")[1] : "1";
const Ns = quick ? [8, 16] : [8, 16, 32];

const load = (pkg) => import(join(root, "packages", pkg, "dist", "index.js"));
const [{ fftAxis, fftPlan, realFftAxis }, { hermitianEigen }, study] = await Promise.all([
  load("grid"),
  fftOnly ? {} : load("quantum"),
  fftOnly ? {} : load("study"),
]);

function python(script, args) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: blasThreads };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const run = spawnSync("python3", [join(here, "numpy", script), ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop());
}

let numpy = true;
try {
  execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
} catch {
  numpy = false;
  console.log("python3 with NumPy not found: printing the project's timings only.");
}

const ratio = (ours, theirs) =>
  theirs === undefined
    ? "--"
    : ours < theirs
      ? `${(theirs / ours).toFixed(1)}x faster`
      : `${(ours / theirs).toFixed(1)}x slower`;
const rows = [];

// Dense Hermitian eigenvalues n = 1024 (the trace norm's kernel).
if (!fftOnly) {
  const n = 1024;
  const a = new Float64Array(2 * n * n);
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i)] = random();
    for (let j = 0; j < i; j++) {
      a[2 * (i * n + j)] = a[2 * (j * n + i)] = random();
      a[2 * (i * n + j) + 1] = random();
      a[2 * (j * n + i) + 1] = -a[2 * (i * n + j) + 1];
    }
  }
  hermitianEigen(64, a.subarray(0, 2 * 64 * 64));
  let best = Infinity;
  for (let r = 0; r < 2; r++) {
    const t = performance.now();
    hermitianEigen(n, a);
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  const theirs = numpy ? python("eigh.py", ["--json", "--n", "1024"])["eigvalsh 1024"] : undefined;
  rows.push([
    "dense Hermitian eigenvalues n = 1024",
    `${best.toFixed(3)} s`,
    theirs === undefined ? "--" : `${theirs.toFixed(3)} s`,
    ratio(best, theirs),
  ]);
}

// Batched FFT lines: the shapes of bench/numpy/fft.py, best of 15 on both sides (the figures of a
// shared machine scatter by 2x at 1024 x 1024; the minimum is the stable statistic).
{
  const theirs = numpy ? python("fft.py", ["--json"]) : {};
  const best = (fn) => {
    fn();
    let m = Infinity;
    for (let r = 0; r < 15; r++) {
      const t = performance.now();
      fn();
      m = Math.min(m, (performance.now() - t) * 1000);
    }
    return m;
  };
  // Warm-up, not timed: V8 runs WebAssembly with its baseline compiler first and moves hot
  // functions to the optimizing one on a background thread, which a loaded machine delays by
  // 100s of ms (the first shape's batches then ran 1.5-2x slower); half a second of the same
  // calls first.
  {
    const z = new Float64Array(2 * 1024 * 1024).map(() => Math.random() - 0.5);
    const half = new Float64Array(1024 * 1026);
    const until = performance.now() + 500;
    while (performance.now() < until) {
      for (const axis of [0, 1]) {
        fftAxis(z, [1024, 1024], axis, "forward");
        fftAxis(z, [1024, 1024], axis, "inverse");
      }
      fftPlan(1024).forwardRealRows(z.subarray(0, 1024 * 1024), half, 1024);
      realFftAxis(z.subarray(0, 1024 * 1024), [1024, 1024], 0, half);
      fftPlan(1024).inverseRealRows(half, z.subarray(0, 1024 * 1024), 1024);
    }
  }
  for (const [lines, n] of [
    [1024, 1024],
    [256, 256],
    [128, 128],
    [64, 4096],
  ]) {
    const z = new Float64Array(2 * lines * n).map(() => Math.random() - 0.5);
    const work = z.slice();
    const us = {
      [`complex rows ${lines}x${n}`]: best(() => {
        work.set(z);
        fftAxis(work, [lines, n], 1, "forward");
      }),
      [`complex columns ${n}x${lines}`]: best(() => {
        work.set(z);
        fftAxis(work, [n, lines], 0, "forward");
      }),
    };
    // Real transforms with half-spectrum output, as numpy.fft.rfft / irfft: rows in one batched
    // call (FftPlan.forwardRealRows / inverseRealRows), columns through realFftAxis on axis 0.
    const plan = fftPlan(n);
    const real = new Float64Array(lines * n).map(() => Math.random() - 0.5);
    const half = new Float64Array(lines * (n + 2));
    const back = new Float64Array(lines * n);
    us[`real rows ${lines}x${n}`] = best(() => plan.forwardRealRows(real, half, lines));
    us[`real columns ${n}x${lines}`] = best(() => realFftAxis(real, [n, lines], 0, half));
    us[`real inverse rows ${lines}x${n}`] = best(() => plan.inverseRealRows(half, back, lines));
    for (const [key, value] of Object.entries(us)) {
      rows.push([
        `FFT ${key}`,
        `${value.toFixed(0)} us`,
        theirs[key] === undefined ? "--" : `${theirs[key].toFixed(0)} us`,
        ratio(value, theirs[key]),
      ]);
    }
  }
}

// The default physics, main rows only (no error floor, no verification: what the NumPy script
// computes), one N per run.
if (!fftOnly) {
  const config = {
    ...study.studyPreset("smooth"),
    N: Ns,
    errorFloor: false,
    resolution: "off",
  };
  const plan = study.planStudy(config);
  const { dt, times } = plan.config.dynamics;
  const entries = plan.entries.map((e) => ({
    N: e.N,
    epsilon: e.epsilon,
    steps: e.steps,
    dt,
    times,
    grid: { n: e.grid.shape[0], origin: e.grid.origin[0], spacing: e.grid.spacing[0] },
    vlasov: {
      nx: e.vlasov.position.shape[0],
      x0: e.vlasov.position.origin[0],
      dx: e.vlasov.position.spacing[0],
      nv: e.vlasov.velocity.shape[0],
      v0: e.vlasov.velocity.origin[0],
      dv: e.vlasov.velocity.spacing[0],
    },
  }));
  const planFile = join(tmpdir(), `semiclassical-plan-${process.pid}.json`);
  writeFileSync(planFile, JSON.stringify(entries));
  const theirs = numpy
    ? python("default_physics.py", ["--json", "--plan", planFile, "--N", ...Ns.map(String)])
    : undefined;
  if (theirs)
    console.log(`NumPy ${theirs.numpy}, BLAS: ${theirs.blas}, OPENBLAS_NUM_THREADS=${blasThreads}`);
  let oursTotal = 0;
  for (const N of Ns) {
    const t = performance.now();
    const result = await study.runStudy({ ...config, N: [N] });
    const seconds = (performance.now() - t) / 1000;
    oursTotal += seconds;
    const np = theirs?.cases.find((c) => c.N === N);
    const norms = result.rows
      .filter((r) => r.N === N)
      .map((r) => `${r.t}: ${r.traceNorm?.toExponential(3)}`);
    console.log(`N = ${N} (1/N) tr|omega - omega~|, project: ${norms.join(", ")}`);
    if (np)
      console.log(
        `N = ${N} (1/N) tr|omega - omega~|, numpy:   ${np.rows.map(([tt, v]) => `${tt}: ${v.toExponential(3)}`).join(", ")}`,
      );
    rows.push([
      `default physics N = ${N}`,
      `${seconds.toFixed(2)} s`,
      np ? `${np.seconds.toFixed(2)} s` : "--",
      ratio(seconds, np?.seconds),
    ]);
  }
  rows.push([
    `default physics N = ${Ns.join(", ")}`,
    `${oursTotal.toFixed(2)} s`,
    theirs ? `${theirs.total.toFixed(2)} s` : "--",
    ratio(oursTotal, theirs?.total),
  ]);
}

console.log("\n| workload | project | NumPy/OpenBLAS | ratio |\n| --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
