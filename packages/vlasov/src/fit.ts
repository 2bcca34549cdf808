import { fitLine, type LineFit, ParameterError } from "@semiclassical/grid";

/** The peaks found by {@link fitPeaks} and the line through their logarithms. */
export interface PeakFit extends LineFit {
  /** Peak times (refined by a parabola through log values at the three samples around each). */
  readonly peakTimes: Float64Array;
  /** Peak values exp(refined log value). */
  readonly peakValues: Float64Array;
  /** (last peak time - first peak time) / (peaks - 1). */
  readonly meanSpacing: number;
}

/** Which samples {@link fitPeaks} and {@link fitExponentialRate} look at. */
export interface FitWindow {
  /** Only peaks/samples with from <= t (default -Infinity). */
  from?: number;
  /** Only peaks/samples with t <= to (default Infinity). */
  to?: number;
}

/**
 * Local maxima of a positive time series and the line through their logarithms: the standard way
 * to read a damping/growth rate and a frequency off a plasma diagnostic. For the electric energy
 * of a mode e^{gamma t} cos(omega t + phi) the energy is ~ e^{2 gamma t} cos^2(.), its peaks are
 * exactly pi/omega apart and exactly on a line of slope 2 gamma in log scale, so gamma = slope/2
 * and omega = pi / meanSpacing. Each peak is refined by the vertex of the parabola through the
 * log values at samples i-1, i, i+1 (times need not be uniform). Cost O(n).
 */
export function fitPeaks(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  window: FitWindow = {},
): PeakFit {
  const n = times.length;
  if (values.length !== n) {
    throw new ParameterError("values", `needs one value per time (${n}), got ${values.length}`);
  }
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const peakTimes: number[] = [];
  const peakLogs: number[] = [];
  for (let i = 1; i + 1 < n; i++) {
    if (!(values[i] > values[i - 1] && values[i] >= values[i + 1] && values[i] > 0)) continue;
    if (!(values[i - 1] > 0 && values[i + 1] > 0)) continue;
    const x0 = times[i - 1];
    const x1 = times[i];
    const x2 = times[i + 1];
    const y0 = Math.log(values[i - 1]);
    const y1 = Math.log(values[i]);
    const y2 = Math.log(values[i + 1]);
    // parabola y = y1 + b (x - x1) + c (x - x1)^2 through the three points
    const d0 = (y0 - y1) / (x0 - x1);
    const d2 = (y2 - y1) / (x2 - x1);
    const c = (d2 - d0) / (x2 - x0);
    const b = d0 - c * (x0 - x1);
    const shift = c < 0 ? -b / (2 * c) : 0;
    const t = x1 + shift;
    if (t < from || t > to) continue;
    peakTimes.push(t);
    peakLogs.push(y1 + b * shift + c * shift * shift);
  }
  if (peakTimes.length < 2) {
    throw new ParameterError(
      "window",
      `found ${peakTimes.length} peak(s) in [${from}, ${to}]; need >= 2 (widen the window or sample finer)`,
    );
  }
  const line = fitLine(peakTimes, peakLogs);
  const count = peakTimes.length;
  return {
    ...line,
    peakTimes: Float64Array.from(peakTimes),
    peakValues: Float64Array.from(peakLogs, Math.exp),
    meanSpacing: (peakTimes[count - 1] - peakTimes[0]) / (count - 1),
  };
}

/**
 * Exponential rate of a positive time series: the least-squares line through log(values) over
 * the samples with from <= t <= to (slope = growth rate of values). Cost O(n).
 */
export function fitExponentialRate(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  window: FitWindow = {},
): LineFit {
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < times.length; i++) {
    if (times[i] < from || times[i] > to) continue;
    if (!(values[i] > 0)) {
      throw new ParameterError(
        "values",
        `must be > 0 to take logarithms, got ${values[i]} at t = ${times[i]}`,
      );
    }
    x.push(times[i]);
    y.push(Math.log(values[i]));
  }
  return fitLine(x, y);
}
