/** Decade ticks of log axes, shared by every log-scaled plot spec. */
import * as Plot from "@observablehq/plot";

/** The decades 10^k enclosing [min, max] (at least one decade wide). Cost O(1). */
export function decadeDomain(min: number, max: number): [number, number] {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi <= lo) hi = lo + 1;
  return [10 ** lo, 10 ** hi];
}

/** 10^k for every integer k with 10^k in [lo, hi] (k rounded, so 10^-3 is exact). */
export function decadeTicks([lo, hi]: readonly [number, number]): number[] {
  const ticks: number[] = [];
  for (let k = Math.round(Math.log10(lo)); k <= Math.round(Math.log10(hi)); k++) {
    ticks.push(Number(`1e${k}`));
  }
  return ticks;
}

/** m 10^k for m = 2..9 inside [lo, hi]: the unlabelled minor ticks of a log axis. */
export function minorLogTicks([lo, hi]: readonly [number, number]): number[] {
  const ticks: number[] = [];
  for (let k = Math.round(Math.log10(lo)); k < Math.round(Math.log10(hi)); k++) {
    for (let m = 2; m <= 9; m++) ticks.push(Number(`${m}e${k}`));
  }
  return ticks;
}

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** "10⁻³" for 1e-3: the label of a decade tick. */
export function formatDecade(value: number): string {
  const k = String(Math.round(Math.log10(value)));
  return `10${[...k].map((c) => SUPERSCRIPT[c] ?? c).join("")}`;
}

/**
 * Axis marks of a log-log frame: grid lines and labelled ticks at the decades, short unlabelled
 * ticks at m 10^k, the frame. (Explicit axis marks replace Plot's implicit axes.)
 */
export function logAxes(
  xDomain: readonly [number, number] | null,
  yDomain: readonly [number, number] | null,
  xLabel: string,
  yLabel: string,
): Plot.Markish[] {
  const axis = { labelAnchor: "center", labelArrow: "none" } as const;
  const marks: Plot.Markish[] = [Plot.frame()];
  if (xDomain) {
    const ticks = decadeTicks(xDomain);
    marks.push(
      Plot.gridX(ticks),
      Plot.axisX(ticks, { ...axis, tickFormat: formatDecade, label: xLabel }),
      Plot.axisX(minorLogTicks(xDomain), { tickFormat: () => "", tickSize: 3, label: null }),
    );
  } else marks.push(Plot.gridX(), Plot.axisX({ ...axis, label: xLabel }));
  if (yDomain) {
    const ticks = decadeTicks(yDomain);
    marks.push(
      Plot.gridY(ticks),
      Plot.axisY(ticks, { ...axis, tickFormat: formatDecade, label: yLabel }),
      Plot.axisY(minorLogTicks(yDomain), { tickFormat: () => "", tickSize: 3, label: null }),
    );
  } else marks.push(Plot.gridY(), Plot.axisY({ ...axis, label: yLabel }));
  return marks;
}
