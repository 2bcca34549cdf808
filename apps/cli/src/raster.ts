import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from "./font.js";
import { encodePng } from "./png.js";

/** An RGB colour, 0..255 per channel. */
export type Color = readonly [number, number, number];

export const BLACK: Color = [0, 0, 0];
export const WHITE: Color = [255, 255, 255];
export const GRAY: Color = [200, 200, 200];
/** Distinguishable line colours (a colour-blind-safe palette). */
export const PALETTE: readonly Color[] = [
  [0, 114, 178],
  [213, 94, 0],
  [0, 158, 115],
  [204, 121, 167],
  [230, 159, 0],
  [86, 180, 233],
  [0, 0, 0],
];

/** A white RGB raster with integer-pixel drawing primitives; `png()` encodes it. */
export class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }

  /** Sets one pixel (ignored outside the canvas). */
  set(x: number, y: number, color: Color): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = 3 * (y * this.width + x);
    this.pixels[i] = color[0];
    this.pixels[i + 1] = color[1];
    this.pixels[i + 2] = color[2];
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color): void {
    for (let j = Math.round(y); j < Math.round(y + h); j++) {
      for (let i = Math.round(x); i < Math.round(x + w); i++) this.set(i, j, color);
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, color: Color): void {
    this.line(x, y, x + w, y, color);
    this.line(x + w, y, x + w, y + h, color);
    this.line(x + w, y + h, x, y + h, color);
    this.line(x, y + h, x, y, color);
  }

  /** A line of the given width (pixels); `dash` = [on, off] lengths for a dashed line. */
  line(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    color: Color,
    width = 1,
    dash?: readonly [number, number],
  ): void {
    if (![x0, y0, x1, y1].every(Number.isFinite)) return;
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length * 2));
    const half = (width - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const along = (s / steps) * length;
      if (dash && along % (dash[0] + dash[1]) > dash[0]) continue;
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      if (width <= 1) this.set(x, y, color);
      else this.fillRect(x - half, y - half, width, width, color);
    }
  }

  /** A filled disc marker of radius r. */
  disc(cx: number, cy: number, r: number, color: Color): void {
    for (let dy = -Math.ceil(r); dy <= Math.ceil(r); dy++) {
      for (let dx = -Math.ceil(r); dx <= Math.ceil(r); dx++) {
        if (dx * dx + dy * dy <= r * r + 0.5) this.set(cx + dx, cy + dy, color);
      }
    }
  }

  /**
   * Text with the top-left corner at (x, y), or anchored by `align` ("left" | "center" | "right").
   * `vertical` draws it rotated 90 degrees counter-clockwise (reading upwards), (x, y) its
   * bottom-left... centre per `align` along the vertical axis.
   */
  text(
    x: number,
    y: number,
    text: string,
    color: Color = BLACK,
    options: { scale?: number; align?: "left" | "center" | "right"; vertical?: boolean } = {},
  ): void {
    const scale = options.scale ?? 1;
    const width = textWidth(text, scale);
    const shift = options.align === "center" ? width / 2 : options.align === "right" ? width : 0;
    let pen = 0;
    for (const character of text) {
      const bits = glyph(character);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (!bits[row * GLYPH_WIDTH + col]) continue;
          const u = pen + col * scale;
          const v = row * scale;
          if (options.vertical) {
            this.fillRect(x + v, y + shift - u - scale, scale, scale, color);
          } else {
            this.fillRect(x - shift + u, y + v, scale, scale, color);
          }
        }
      }
      pen += (GLYPH_WIDTH + 1) * scale;
    }
  }

  png(): Uint8Array {
    return encodePng(this.width, this.height, this.pixels);
  }
}

/**
 * Diverging colour map for signed data: blue (t = -1) through white (0) to red (t = +1); t is
 * clamped to [-1, 1].
 */
export function divergingColor(t: number): Color {
  const s = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const blue: Color = [33, 102, 172];
  const red: Color = [178, 24, 43];
  const end = s < 0 ? blue : red;
  const a = Math.abs(s);
  return [
    Math.round(255 + (end[0] - 255) * a),
    Math.round(255 + (end[1] - 255) * a),
    Math.round(255 + (end[2] - 255) * a),
  ];
}
