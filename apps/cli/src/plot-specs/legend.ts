/**
 * A legend drawn inside a plot's frame as a render-function mark of Observable Plot: one line
 * sample (solid or dashed, with or without a dot) and a label per entry, on a white box. Plot's
 * own swatch legends are HTML, which neither an SVG file nor a PNG renderer can hold.
 */
import type * as Plot from "@observablehq/plot";

/** One legend entry: the colour, dash pattern and marker of a mark, and its label. */
export interface LegendEntry {
  readonly label: string;
  readonly stroke: string;
  readonly dashed?: boolean;
  readonly marker?: boolean;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Where the legend box sits inside the frame. */
export type LegendCorner = "top-left" | "top-right" | "bottom-left" | "bottom-right";

/**
 * The legend mark (aria-label "legend"); text width is estimated at 0.6 em per character (the
 * font is only known to the renderer). Cost O(entries).
 */
export function legendMark(
  entries: readonly LegendEntry[],
  corner: LegendCorner = "top-left",
): Plot.RenderFunction {
  return (_index, _scales, _values, dimensions, context) => {
    const document = context.document;
    const make = (name: string, attributes: Record<string, string | number>) => {
      const node = document.createElementNS(SVG_NS, name);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
      return node;
    };
    const fontSize = 11;
    const rowHeight = 16;
    const sample = 26;
    const textWidth = Math.max(...entries.map((e) => e.label.length)) * fontSize * 0.6;
    const width = sample + 10 + textWidth + 8;
    const height = entries.length * rowHeight + 8;
    const { marginLeft, marginTop, marginRight, marginBottom } = dimensions;
    const left = corner.endsWith("left")
      ? marginLeft + 8
      : dimensions.width - marginRight - 8 - width;
    const top = corner.startsWith("top")
      ? marginTop + 8
      : dimensions.height - marginBottom - 8 - height;
    const g = make("g", { "aria-label": "legend", transform: `translate(${left},${top})` });
    g.append(
      make("rect", {
        width,
        height,
        fill: "white",
        "fill-opacity": 0.9,
        stroke: "#999",
        "stroke-width": 0.5,
      }),
    );
    entries.forEach((entry, k) => {
      const y = 4 + rowHeight * k + rowHeight / 2;
      const row = make("g", { "aria-label": "legend-entry" });
      row.append(
        make("line", {
          x1: 6,
          x2: 6 + sample,
          y1: y,
          y2: y,
          stroke: entry.stroke,
          "stroke-width": 1.5,
          ...(entry.dashed ? { "stroke-dasharray": "5,3" } : {}),
        }),
      );
      if (entry.marker) {
        row.append(make("circle", { cx: 6 + sample / 2, cy: y, r: 3, fill: entry.stroke }));
      }
      const text = make("text", {
        x: 6 + sample + 6,
        y,
        dy: "0.35em",
        "text-anchor": "start",
        "font-size": fontSize,
        fill: "currentColor",
      });
      text.textContent = entry.label;
      row.append(text);
      g.append(row);
    });
    return g as SVGElement;
  };
}
