// The demo page: reads the sliders, runs the study in a module Web Worker, and draws the rows,
// the error-versus-eps plot and the Wigner animation as the worker streams them.

import { theoremExponents } from "@semiclassical/metrics";
import { demoSettings, N_CHOICES, SMALLEST } from "./config.js";
import { drawErrorPlot, drawWignerGroup, type RatePlotData } from "./plots.js";
import type { DemoRate, DemoRow, DemoSettings, FromWorker, WignerFrame } from "./protocol.js";

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`demo: missing #${id}`);
  return found as T;
}

const inputs = {
  N: element<HTMLInputElement>("in-N"),
  alpha: element<HTMLInputElement>("in-alpha"),
  lambda: element<HTMLInputElement>("in-lambda"),
  temperature: element<HTMLInputElement>("in-temperature"),
  tFinal: element<HTMLInputElement>("in-tFinal"),
};
const status = element<HTMLOutputElement>("demo-status");
const progress = element<HTMLProgressElement>("demo-progress");
const runButton = element<HTMLButtonElement>("demo-run");
const stopButton = element<HTMLButtonElement>("demo-stop");
const smallestButton = element<HTMLButtonElement>("demo-smallest");
const errorPlot = element<HTMLDivElement>("error-plot");
const rateLine = element<HTMLParagraphElement>("rate-line");
const rowsBody = element<HTMLTableElement>("rows").tBodies[0];
const frameInput = element<HTMLInputElement>("in-frame");
const frameOutput = element<HTMLOutputElement>("out-frame");
const playButton = element<HTMLButtonElement>("play");
const wignerPanels = {
  quantum: element<HTMLDivElement>("wigner-quantum"),
  classical: element<HTMLDivElement>("wigner-classical"),
  difference: element<HTMLDivElement>("wigner-difference"),
  bar: element<HTMLDivElement>("wigner-bar"),
  differenceBar: element<HTMLDivElement>("wigner-difference-bar"),
};

function largestN(): number {
  return N_CHOICES[Number(inputs.N.value)];
}

function showValues(): void {
  element<HTMLOutputElement>("out-N").value = String(largestN());
  for (const key of ["alpha", "lambda", "temperature", "tFinal"] as const) {
    element<HTMLOutputElement>(`out-${key}`).value = inputs[key].value;
  }
}

/** The settings of the sliders (see demoSettings). */
function readSettings(smallest: boolean): DemoSettings {
  return demoSettings(
    {
      largestN: largestN(),
      alpha: Number(inputs.alpha.value),
      lambda: Number(inputs.lambda.value),
      temperature: Number(inputs.temperature.value),
      tFinal: Number(inputs.tFinal.value),
    },
    smallest,
  );
}

let smallestChosen = false;
let worker: Worker | null = null;
let rows: DemoRow[] = [];
let rate: DemoRate | null = null;
let frames: WignerFrame[] = [];
let alphaOfRun = 0.25;
let tFinalOfRun = 0.5;

function setStatus(state: "idle" | "running" | "done" | "error" | "stopped", text: string): void {
  status.dataset.state = state;
  status.value = text;
}

/** " ± s" when the fit has a standard error (it has none with two values of N). */
function plusMinus(stdError: number | null, digits: number): string {
  return typeof stdError === "number" && Number.isFinite(stdError)
    ? ` ± ${stdError.toFixed(digits)}`
    : "";
}

function drawErrors(): void {
  const points = rows
    .filter((r) => Math.abs(r.t - tFinalOfRun) < 1e-9)
    .map((r) => ({ N: r.N, epsilon: r.epsilon, value: r.traceNorm }));
  // The theorems for V = |x|^-alpha (THEORY.md section 1), from metrics' theoremExponents.
  const exponents = theoremExponents(alphaOfRun);
  const theorems = [
    ...(exponents.theorem1 !== undefined
      ? [{ name: "Theorem 1", exponent: exponents.theorem1 }]
      : []),
    ...(exponents.theorem2 !== undefined
      ? [{ name: "Theorem 2", exponent: exponents.theorem2 }]
      : []),
  ];
  const data: RatePlotData = {
    metric: "trace-norm",
    t: tFinalOfRun,
    points,
    fit: rate
      ? {
          slope: rate.slope,
          intercept: rate.intercept,
          slopeStdError: Number.isFinite(rate.slopeStdError) ? rate.slopeStdError : null,
        }
      : null,
    theorems,
  };
  drawErrorPlot(errorPlot, data);
}

function addRow(row: DemoRow): void {
  rows.push(row);
  const tr = document.createElement("tr");
  for (const value of [
    String(row.N),
    row.epsilon.toPrecision(3),
    row.t.toFixed(3),
    row.traceNorm.toExponential(3),
    Number.isFinite(row.densityL1) ? row.densityL1.toExponential(3) : "–",
  ]) {
    const td = document.createElement("td");
    td.textContent = value;
    tr.append(td);
  }
  rowsBody.append(tr);
  drawErrors();
}

function showFrame(index: number): void {
  const frame = frames[index];
  if (!frame) return;
  const difference = new Float64Array(frame.quantum.length);
  for (let i = 0; i < difference.length; i++) difference[i] = frame.quantum[i] - frame.classical[i];
  const base = { nx: frame.nx, nv: frame.nv, xRange: frame.xRange, vRange: frame.vRange };
  drawWignerGroup(
    [
      { container: wignerPanels.quantum, title: `Hartree W_t, N = ${frame.N}` },
      { container: wignerPanels.classical, title: "Vlasov W̃_t" },
    ],
    [
      { ...base, values: frame.quantum },
      { ...base, values: frame.classical },
    ],
    wignerPanels.bar,
    "W_t and W̃_t (one colour scale)",
  );
  drawWignerGroup(
    [{ container: wignerPanels.difference, title: "W_t − W̃_t" }],
    [{ ...base, values: difference }],
    wignerPanels.differenceBar,
    "W_t − W̃_t",
  );
  frameOutput.value = `t = ${frame.t.toFixed(3)}`;
}

function addFrame(frame: WignerFrame): void {
  // Keep the animation of the largest N finished so far.
  if (frames.length > 0 && frame.N > frames[0].N) frames = [];
  if (frames.length > 0 && frame.N < frames[0].N) return;
  frames.push(frame);
  frames.sort((a, b) => a.t - b.t);
  frameInput.max = String(frames.length - 1);
  frameInput.value = String(frames.length - 1);
  showFrame(frames.length - 1);
}

let playing: number | null = null;
function stopPlaying(): void {
  if (playing !== null) window.clearInterval(playing);
  playing = null;
  playButton.textContent = "Play";
}
playButton.addEventListener("click", () => {
  if (playing !== null || frames.length < 2) {
    stopPlaying();
    return;
  }
  playButton.textContent = "Pause";
  let index = 0;
  playing = window.setInterval(() => {
    frameInput.value = String(index);
    showFrame(index);
    index = (index + 1) % frames.length;
  }, 400);
});
frameInput.addEventListener("input", () => {
  stopPlaying();
  showFrame(Number(frameInput.value));
});

function finish(): void {
  worker?.terminate();
  worker = null;
  runButton.disabled = false;
  stopButton.disabled = true;
}

function run(): void {
  finish();
  stopPlaying();
  const settings = readSettings(smallestChosen);
  rows = [];
  rate = null;
  frames = [];
  alphaOfRun = settings.alpha;
  tFinalOfRun = settings.tFinal;
  rowsBody.replaceChildren();
  rateLine.textContent = "";
  drawErrors();
  setStatus("running", `Running N = ${settings.N.join(", ")} ...`);
  progress.value = 0;
  runButton.disabled = true;
  stopButton.disabled = false;
  worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  worker.addEventListener("message", (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    switch (message.type) {
      case "progress":
        progress.value = message.fraction;
        setStatus("running", message.message);
        break;
      case "row":
        addRow(message.row);
        break;
      case "frame":
        addFrame(message.frame);
        break;
      case "done":
        rate = message.rate;
        drawErrors();
        rateLine.textContent = rate
          ? `fitted rate at t = ${rate.t}: slope ${rate.slope.toFixed(3)}${plusMinus(rate.slopeStdError, 3)}` +
            (rate.theorem1 !== undefined ? `; Theorem 1: ${rate.theorem1.toFixed(3)}` : "") +
            "; Theorem 2: 1"
          : "";
        progress.value = 1;
        setStatus("done", `Done in ${message.seconds.toFixed(1)} s: ${rows.length} rows.`);
        finish();
        break;
      case "error":
        setStatus("error", `Error: ${message.message}`);
        finish();
        break;
    }
  });
  worker.addEventListener("error", (event) => {
    setStatus("error", `Worker error: ${event.message}`);
    finish();
  });
  worker.postMessage({ type: "run", settings });
}

for (const input of Object.values(inputs)) {
  input.addEventListener("input", () => {
    smallestChosen = false;
    showValues();
  });
}
smallestButton.addEventListener("click", () => {
  inputs.N.value = String(N_CHOICES.indexOf(SMALLEST.largestN));
  inputs.alpha.value = String(SMALLEST.alpha);
  inputs.lambda.value = String(SMALLEST.lambda);
  inputs.temperature.value = String(SMALLEST.temperature);
  inputs.tFinal.value = String(SMALLEST.tFinal);
  smallestChosen = true;
  showValues();
});
runButton.addEventListener("click", run);
stopButton.addEventListener("click", () => {
  finish();
  setStatus("stopped", `Stopped after ${rows.length} rows.`);
});
showValues();
drawErrors();
