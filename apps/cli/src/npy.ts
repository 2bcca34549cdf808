/**
 * NumPy .npy format, version 1.0 (numpy.lib.format): the magic "\x93NUMPY", version bytes 1 0, a
 * little-endian uint16 header length, then an ASCII Python dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (a, b), }` padded with spaces and a final
 * newline so that magic + length + header is a multiple of 64 bytes, then the raw data in C
 * (row-major) order. Only float64 arrays, which is all the CLI writes.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93 N U M P Y

/** The bytes of a .npy v1.0 file holding `data` (float64, little-endian) with the given C-order shape. */
export function encodeNpy(data: Float64Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new Error(
      `npy: shape (${shape.join(", ")}) holds ${count} values, data has ${data.length}`,
    );
  }
  const shapeText =
    shape.length === 1 ? `(${shape[0]},)` : `(${shape.map((n) => String(n)).join(", ")})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = MAGIC.length + 2 + 2;
  const total = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const header = `${dict.padEnd(total - preamble - 1, " ")}\n`;
  if (header.length > 0xffff) throw new Error("npy: header too long for format 1.0");
  const out = new Uint8Array(total + 8 * data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, total);
  for (let i = 0; i < data.length; i++) view.setFloat64(8 * i, data[i], true);
  return out;
}

/** Parsed .npy v1.0 float64 file (the inverse of {@link encodeNpy}; used by tests and --resume). */
export function decodeNpy(bytes: Uint8Array): { shape: number[]; data: Float64Array } {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new Error("npy: bad magic");
  }
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  if (!header.includes("'descr': '<f8'") || !header.includes("'fortran_order': False")) {
    throw new Error(`npy: unsupported header ${header}`);
  }
  const match = /'shape': \(([^)]*)\)/.exec(header);
  if (!match) throw new Error(`npy: no shape in header ${header}`);
  const shape = match[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const offset = 10 + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8 * count);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat64(8 * i, true);
  return { shape, data };
}
