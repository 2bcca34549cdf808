import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "./npy.js";

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

  it("writes 1D shapes as a one-tuple and rejects a wrong shape", () => {
    const bytes = encodeNpy(new Float64Array(5), [5]);
    expect(new TextDecoder().decode(bytes.subarray(10, 80))).toContain("'shape': (5,)");
    expect(() => encodeNpy(new Float64Array(5), [2, 3])).toThrow(/holds 6 values/);
  });
});
