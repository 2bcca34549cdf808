import { describe, expect, it } from "vitest";
import { decodeNpy, npyPieces } from "./npy.js";

/** The file's bytes: the header and the data piece, joined as writeFileAtomic writes them. */
function encodeNpy(data: Float64Array, shape: number[]): Uint8Array {
  const [head, body] = npyPieces(data, shape);
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head, 0);
  bytes.set(body, head.length);
  return bytes;
}

describe("NPY v1.0 writer", () => {
  it("writes the magic, a 64-byte aligned header and little-endian float64 data", () => {
    const data = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i) * 10 ** (i - 6));
    const bytes = encodeNpy(data, [3, 4]);
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    // numpy requires magic + length + header to be a multiple of 64 and the header to end in \n
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header.endsWith("\n")).toBe(true);
    expect(header).toContain("'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }");
    expect(bytes.length).toBe(10 + headerLength + 8 * 12);
    const decoded = decodeNpy(bytes);
    expect(decoded.shape).toEqual([3, 4]);
    // bit-exact round trip: the bytes are the IEEE doubles themselves
    expect([...decoded.data]).toEqual([...data]);
  });

  it("gives the data as a view of the array's own bytes (no copy on a little-endian machine)", () => {
    const data = Float64Array.from({ length: 8 }, (_, i) => i - 3.5);
    const body = npyPieces(data, [8])[1];
    // little-endian: the 8-byte IEEE double 1.0 is 00 .. f0 3f
    if (new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f)
      expect(body.buffer).toBe(data.buffer);
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    expect(Float64Array.from(data, (_, i) => view.getFloat64(8 * i, true))).toEqual(data);
  });

  it("writes 1D shapes as a one-tuple and rejects a wrong shape", () => {
    const bytes = encodeNpy(new Float64Array(5), [5]);
    expect(new TextDecoder().decode(bytes.subarray(10, 80))).toContain("'shape': (5,)");
    expect(() => encodeNpy(new Float64Array(5), [2, 3])).toThrow(/holds 6 values/);
  });
});
