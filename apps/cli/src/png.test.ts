import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodePng, readPngSize } from "./png.js";
import { Canvas, divergingColor } from "./raster.js";

/** Decodes our own PNGs (RGB, 8 bit, filter 0) back to pixels, to check the encoding. */
function decodeRgb(bytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const { width, height } = readPngSize(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let offset = 8;
  const idat: Uint8Array[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === "IDAT") idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + 3 * width)]).toBe(0);
    rgb.set(raw.subarray(y * (1 + 3 * width) + 1, (y + 1) * (1 + 3 * width)), 3 * width * y);
  }
  return { width, height, rgb };
}

describe("PNG encoder", () => {
  it("round-trips pixels through signature, IHDR and deflated IDAT", () => {
    const width = 7;
    const height = 5;
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
    const png = encodePng(width, height, rgb);
    expect(readPngSize(png)).toEqual({ width, height });
    const decoded = decodeRgb(png);
    expect([...decoded.rgb]).toEqual([...rgb]);
    // The last chunk is IEND with its fixed CRC ae 42 60 82.
    expect([...png.subarray(png.length - 8)]).toEqual([
      0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]);
  });

  it("readPngSize rejects a corrupted header", () => {
    const png = encodePng(2, 2, new Uint8Array(12));
    const bad = png.slice();
    bad[17] ^= 1;
    expect(() => readPngSize(bad)).toThrow(/CRC/);
    expect(() => readPngSize(new Uint8Array(40))).toThrow(/signature/);
  });

  it("canvas draws lines, text and the diverging colour map", () => {
    const canvas = new Canvas(40, 20);
    canvas.line(0, 10, 39, 10, [255, 0, 0]);
    canvas.text(1, 1, "N=8");
    const { rgb } = decodeRgb(canvas.png());
    const at = (x: number, y: number) => [...rgb.subarray(3 * (y * 40 + x), 3 * (y * 40 + x) + 3)];
    expect(at(20, 10)).toEqual([255, 0, 0]);
    // "N" has ink in its left column at the top row
    expect(at(1, 1)).toEqual([0, 0, 0]);
    expect(divergingColor(0)).toEqual([255, 255, 255]);
    expect(divergingColor(-1)[2]).toBeGreaterThan(divergingColor(-1)[0]);
    expect(divergingColor(1)[0]).toBeGreaterThan(divergingColor(1)[2]);
  });
});
