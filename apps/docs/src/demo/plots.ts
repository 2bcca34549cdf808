// Plain-canvas plots for the demos: log-log error against eps and phase-space heat maps.
// No chart library: a few axes, ticks and paths are all the demos need.

/** One finished run: the distance at (N, t). */
export interface ErrorPoint {
  readonly N: number;
  readonly epsilon: number;
  readonly error: number;
}

/** A straight line log10(error) = slope log10(eps) + intercept (natural-log fits convert exactly). */
export interface LogLine {
  readonly slope: number;
  readonly intercept: number;
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
}

interface Frame {
  readonly context: CanvasRenderingContext2D;
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

const INK = "#1d232b";
const MUTED = "#5b6472";
const GRID = "#e5e9ef";

function frame(
  canvas: HTMLCanvasElement,
  margins = { left: 62, right: 14, top: 14, bottom: 42 },
): Frame {
  const scale = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("canvas 2d context unavailable");
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = "12px system-ui, sans-serif";
  return {
    context,
    width,
    height,
    left: margins.left,
    right: width - margins.right,
    top: margins.top,
    bottom: height - margins.bottom,
  };
}

function niceDecades(min: number, max: number): [number, number] {
  let lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi - lo < 1) {
    lo -= 0.5;
    hi += 0.5;
  }
  return [lo, hi];
}

function superscript(exponent: number): string {
  return `1e${exponent}`;
}

/**
 * Error against eps on log-log axes: one dot per finished run, the least-squares line and the
 * theorem's slope. Sets `data-points` on the canvas to the number of dots drawn (the browser test
 * reads it). Cost O(points).
 */
export function drawErrorPlot(
  canvas: HTMLCanvasElement,
  points: readonly ErrorPoint[],
  lines: readonly LogLine[] = [],
): void {
  const f = frame(canvas);
  const { context: g } = f;
  const usable = points.filter((p) => p.epsilon > 0 && p.error > 0 && Number.isFinite(p.error));
  canvas.dataset.points = String(usable.length);
  const epsValues = usable.map((p) => p.epsilon);
  const errValues = usable.map((p) => p.error);
  const [x0, x1] = usable.length
    ? niceDecades(Math.min(...epsValues), Math.max(...epsValues))
    : [-2, 0];
  const [y0, y1] = usable.length
    ? niceDecades(Math.min(...errValues), Math.max(...errValues))
    : [-4, 0];
  const px = (eps: number) => f.left + ((Math.log10(eps) - x0) / (x1 - x0)) * (f.right - f.left);
  const py = (err: number) => f.bottom - ((Math.log10(err) - y0) / (y1 - y0)) * (f.bottom - f.top);

  g.strokeStyle = GRID;
  g.fillStyle = MUTED;
  g.lineWidth = 1;
  g.textAlign = "center";
  for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
    const x = px(10 ** e);
    g.beginPath();
    g.moveTo(x, f.top);
    g.lineTo(x, f.bottom);
    g.stroke();
    g.fillText(superscript(e), x, f.bottom + 16);
  }
  g.textAlign = "right";
  for (let e = Math.ceil(y0); e <= Math.floor(y1); e++) {
    const y = py(10 ** e);
    g.beginPath();
    g.moveTo(f.left, y);
    g.lineTo(f.right, y);
    g.stroke();
    g.fillText(superscript(e), f.left - 6, y + 4);
  }
  g.strokeStyle = INK;
  g.strokeRect(f.left, f.top, f.right - f.left, f.bottom - f.top);
  g.fillStyle = INK;
  g.textAlign = "center";
  g.fillText("ε = 1/N", (f.left + f.right) / 2, f.height - 8);
  g.save();
  g.translate(14, (f.top + f.bottom) / 2);
  g.rotate(-Math.PI / 2);
  g.fillText("(1/N) tr|ω − ω̃|", 0, 0);
  g.restore();

  g.save();
  g.beginPath();
  g.rect(f.left, f.top, f.right - f.left, f.bottom - f.top);
  g.clip();
  lines.forEach((line, index) => {
    g.strokeStyle = line.color;
    g.lineWidth = 1.5;
    g.setLineDash(line.dashed ? [6, 4] : []);
    g.beginPath();
    g.moveTo(px(10 ** x0), py(10 ** (line.slope * x0 + line.intercept)));
    g.lineTo(px(10 ** x1), py(10 ** (line.slope * x1 + line.intercept)));
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = line.color;
    g.textAlign = "left";
    g.fillText(line.label, f.left + 8, f.top + 16 + 16 * index);
  });
  g.fillStyle = "#c2410c";
  for (const p of usable) {
    g.beginPath();
    g.arc(px(p.epsilon), py(p.error), 4, 0, 2 * Math.PI);
    g.fill();
  }
  g.restore();
}

/** Diverging colour for s in [-1, 1]: blue (negative), white (0), red (positive). */
function diverging(s: number): [number, number, number] {
  const t = Math.max(-1, Math.min(1, s));
  if (t >= 0) return [255, Math.round(255 * (1 - 0.85 * t)), Math.round(255 * (1 - t))];
  const u = -t;
  return [Math.round(255 * (1 - u)), Math.round(255 * (1 - 0.6 * u)), 255];
}

/** A phase-space function W(x_i, v_j), row-major with v fastest (index = i * nv + j). */
export interface PhaseSpaceImage {
  readonly values: Float64Array;
  readonly nx: number;
  readonly nv: number;
  readonly xRange: readonly [number, number];
  readonly vRange: readonly [number, number];
}

/**
 * Heat map of W(x, v) with x to the right and v upwards, colours scaled to [-scale, scale]
 * (so negative Wigner values show in blue). Cost O(nx nv).
 */
export function drawPhaseSpace(
  canvas: HTMLCanvasElement,
  image: PhaseSpaceImage,
  scale: number,
  title: string,
): void {
  const f = frame(canvas, { left: 40, right: 8, top: 22, bottom: 30 });
  const { context: g } = f;
  const { nx, nv, values } = image;
  const pixels = new ImageData(nx, nv);
  const s = scale > 0 ? scale : 1;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < nv; j++) {
      const [r, gr, b] = diverging(values[i * nv + j] / s);
      const k = 4 * ((nv - 1 - j) * nx + i);
      pixels.data[k] = r;
      pixels.data[k + 1] = gr;
      pixels.data[k + 2] = b;
      pixels.data[k + 3] = 255;
    }
  }
  const tile = document.createElement("canvas");
  tile.width = nx;
  tile.height = nv;
  tile.getContext("2d")?.putImageData(pixels, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(tile, f.left, f.top, f.right - f.left, f.bottom - f.top);
  g.strokeStyle = INK;
  g.strokeRect(f.left, f.top, f.right - f.left, f.bottom - f.top);
  g.fillStyle = INK;
  g.textAlign = "left";
  g.fillText(title, f.left, 15);
  g.fillStyle = MUTED;
  g.textAlign = "center";
  g.fillText(
    `x ∈ [${image.xRange[0].toFixed(1)}, ${image.xRange[1].toFixed(1)}]`,
    (f.left + f.right) / 2,
    f.height - 10,
  );
  g.save();
  g.translate(14, (f.top + f.bottom) / 2);
  g.rotate(-Math.PI / 2);
  g.fillText(`v ∈ [${image.vRange[0].toFixed(1)}, ${image.vRange[1].toFixed(1)}]`, 0, 0);
  g.restore();
}
