// The demo's plots: the CLI's plot specs (apps/cli/src/plot-specs, imported by a relative path:
// the CLI may depend only on @semiclassical/study, so the specs live in its source and the docs,
// which may import anything, reach them there) rendered by Observable Plot into the page's DOM.
// The same rate plot, decade ticks, colour map and colour bar as `semiclassical study --out`.

import * as Plot from "@observablehq/plot";
import {
  colourBarSpec,
  type RatePlotData,
  ratePlotSpec,
  type WignerImage,
  wignerPanelSpec,
  wignerScale,
} from "../../../cli/src/plot-specs/index.js";

export type { RatePlotData, WignerImage };

/** The width of a container for a plot (its laid-out width, or `fallback` before layout). */
function widthOf(container: HTMLElement, fallback: number): number {
  return Math.round(container.clientWidth || fallback);
}

/**
 * Error against eps on log-log axes (the CLI's `ratePlotSpec`): one dot per finished run, the
 * least-squares line, the theorems' slopes. Sets `data-points` on the container to the number of
 * dots drawn (the browser test reads it). Cost O(points).
 */
export function drawErrorPlot(container: HTMLElement, data: RatePlotData): void {
  const width = widthOf(container, 640);
  const svg = Plot.plot(ratePlotSpec({ ...data, width, height: Math.round(width * 0.62) }));
  container.replaceChildren(svg);
  container.dataset.points = String(
    svg.querySelectorAll('g[aria-description="data"] circle').length,
  );
}

/**
 * Wigner panels on ONE symmetric colour scale with its ticked colour bar (the CLI's
 * `wignerPanelSpec`, `colourBarSpec`). Each group of panels shares a scale. Cost O(nx nv) per
 * panel.
 */
export function drawWignerGroup(
  panels: readonly { readonly container: HTMLElement; readonly title: string }[],
  images: readonly WignerImage[],
  bar: HTMLElement,
  barLabel: string,
): void {
  const scale = wignerScale(images);
  panels.forEach((panel, k) => {
    const size = widthOf(panel.container, 300);
    panel.container.replaceChildren(
      Plot.plot(
        wignerPanelSpec(images[k], scale, { title: panel.title, width: size, height: size }),
      ),
    );
  });
  bar.replaceChildren(Plot.plot(colourBarSpec(scale, barLabel, widthOf(bar, 600))));
}
