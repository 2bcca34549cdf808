// The demo's Web Worker. It runs, with no server, the study itself: `runStudy` from
// @semiclassical/study (planStudy, studyTasks, runStudyTask and assembleStudyResult composed),
// Hartree from the thermal state omega_0 and Vlasov from W~_0 = Wigner(omega_0) on the Wigner
// phase-space grid itself (no interpolation anywhere), for every N. It streams each finished
// (N, t) row, the animation frames of one N (the study's own snapshots W_t = Wigner(omega_t) and
// W~_t, side by side; nothing is evolved twice), and finally the study's fitted rate and the
// theorems' exponents. Everything else here is display (cropping frames, progress text).
import {
  runStudy,
  type StudyProgress,
  type StudyRow,
  type StudySnapshot,
  ThreadTeam,
} from "@semiclassical/study";
import { animatedN, frameTimes, studyConfig } from "./config.js";
import type { DemoRate, DemoSettings, FromWorker, ToWorker, WignerFrame } from "./protocol.js";

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);

/** Displayed phase-space images are at most this many pixels per axis. */
const IMAGE_MAX = 160;

/** Index range [from, to) of an axis holding the values above `threshold`, padded by 20%. */
function support(mask: (i: number) => boolean, n: number): [number, number] {
  let from = n;
  let to = 0;
  for (let i = 0; i < n; i++) {
    if (mask(i)) {
      from = Math.min(from, i);
      to = Math.max(to, i + 1);
    }
  }
  if (from >= to) return [0, n];
  const pad = Math.ceil(0.2 * (to - from));
  return [Math.max(0, from - pad), Math.min(n, to + pad)];
}

/** Crops W (nx x nv, v fastest) to [x0, x1) x [v0, v1) and subsamples to <= IMAGE_MAX per axis. */
function cropImage(values: Float64Array, nv: number, xs: [number, number], vs: [number, number]) {
  const sx = Math.max(1, Math.ceil((xs[1] - xs[0]) / IMAGE_MAX));
  const sv = Math.max(1, Math.ceil((vs[1] - vs[0]) / IMAGE_MAX));
  const mx = Math.floor((xs[1] - xs[0]) / sx);
  const mv = Math.floor((vs[1] - vs[0]) / sv);
  const out = new Float64Array(mx * mv);
  for (let i = 0; i < mx; i++) {
    for (let j = 0; j < mv; j++) out[i * mv + j] = values[(xs[0] + i * sx) * nv + vs[0] + j * sv];
  }
  return { out, mx, mv, sx, sv };
}

/**
 * Turns the study's snapshots of one N into animation frames, cropped to the support of W~_0
 * (the first snapshot, t = 0) and posts them.
 */
function framePoster(settings: DemoSettings): (snapshot: StudySnapshot) => void {
  let crop: { xs: [number, number]; vs: [number, number] } | undefined;
  let posted = 0;
  return (snapshot) => {
    const { wignerHartreeFock, wignerVlasov } = snapshot;
    const phaseSpace = wignerVlasov.grid;
    const nx = phaseSpace.position.shape[0];
    const nv = phaseSpace.velocity.shape[0];
    if (!crop) {
      const W = wignerVlasov.values;
      let peak = 0;
      for (const w of W) peak = Math.max(peak, Math.abs(w));
      const big = (ix: number, iv: number) => Math.abs(W[ix * nv + iv]) > 1e-3 * peak;
      const xs = support((ix) => {
        for (let iv = 0; iv < nv; iv++) if (big(ix, iv)) return true;
        return false;
      }, nx);
      const vs = support((iv) => {
        for (let ix = 0; ix < nx; ix++) if (big(ix, iv)) return true;
        return false;
      }, nv);
      crop = { xs, vs };
    }
    const { xs, vs } = crop;
    // vlasovGrid "wigner": both sides live on the Wigner grid of omega_0.
    const quantum = cropImage(wignerHartreeFock.values, nv, xs, vs);
    const classical = cropImage(wignerVlasov.values, nv, xs, vs);
    const x0 = phaseSpace.position.origin[0];
    const dx = phaseSpace.position.spacing[0];
    const v0 = phaseSpace.velocity.origin[0];
    const dv = phaseSpace.velocity.spacing[0];
    const frame: WignerFrame = {
      N: snapshot.N,
      t: snapshot.t,
      nx: quantum.mx,
      nv: quantum.mv,
      xRange: [x0 + xs[0] * dx, x0 + (xs[0] + quantum.mx * quantum.sx) * dx],
      vRange: [v0 + vs[0] * dv, v0 + (vs[0] + quantum.mv * quantum.sv) * dv],
      quantum: quantum.out,
      classical: classical.out,
    };
    posted++;
    post({ type: "frame", frame }, [quantum.out.buffer, classical.out.buffer]);
    post({
      type: "progress",
      message: `N = ${snapshot.N}: Wigner frame ${posted} of ${settings.frames + 1}`,
      fraction: Math.min(
        1,
        (settings.N.indexOf(snapshot.N) + snapshot.t / settings.tFinal) / settings.N.length,
      ),
    });
  };
}

/**
 * Threads inside each N (`runStudy`'s `threads`: the Vlasov line sweeps split over nested
 * workers, same numbers) where the page is cross-origin isolated (SharedArrayBuffer needs it);
 * elsewhere none.
 */
async function threadTeam(): Promise<ThreadTeam | undefined> {
  const cores = Math.min(4, navigator.hardwareConcurrency ?? 1);
  if (!globalThis.crossOriginIsolated || cores < 2) return undefined;
  // Written inline: the pattern Vite bundles as a (nested) module worker.
  return ThreadTeam.start(
    cores,
    () => new Worker(new URL("./thread-worker.ts", import.meta.url), { type: "module" }),
  );
}

function toDemoRow(row: StudyRow) {
  return {
    N: row.N,
    epsilon: row.epsilon,
    t: row.t,
    traceNorm: row.traceNorm ?? Number.NaN,
    densityL1: row.densityL1 ?? Number.NaN,
  };
}

async function study(settings: DemoSettings): Promise<DemoRate | null> {
  const count = settings.N.length;
  const onProgress = (p: StudyProgress) => {
    const index = settings.N.indexOf(p.N);
    const within = p.steps > 0 ? p.step / p.steps : 0;
    post({
      type: "progress",
      message: `study, N = ${p.N}: ${p.stage} (step ${p.step} of ${p.steps})`,
      fraction: (Math.max(0, index) + within) / count,
    });
  };
  const threads = await threadTeam();
  const result = await runStudy(studyConfig(settings), {
    threads,
    // Vlasov on the Wigner grid of omega_0: no interpolation anywhere, so the distance measures
    // the dynamics, not the resampling of W_0 onto a coarse grid.
    vlasovGrid: "wigner",
    onProgress,
    onRow: (row) => {
      if (row.phase === "main") post({ type: "row", row: toDemoRow(row) });
    },
    // The animation: the same run's W_t and W~_t of one N at the frame times.
    onSnapshot: framePoster(settings),
    snapshotN: [animatedN(settings)],
    snapshotTimes: frameTimes(settings),
  }).finally(() => threads?.close());
  const last = result.fits.find(
    (f) => f.metric === "trace-norm" && Math.abs(f.t - settings.tFinal) < 1e-9,
  );
  if (!last?.fit) return null;
  return {
    t: last.t,
    slope: last.fit.slope,
    slopeStdError: last.fit.slopeStdError,
    intercept: last.fit.intercept,
    theorem1: result.theory.exponents.theorem1,
    theorem2: result.theory.exponents.theorem2,
  };
}

scope.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type !== "run") return;
  const started = performance.now();
  try {
    const rate = await study(message.settings);
    post({ type: "done", rate, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
});
