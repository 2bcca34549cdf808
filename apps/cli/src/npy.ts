/**
 * NumPy .npy format, version 1.0 (numpy.lib.format): the magic "\x93NUMPY", version bytes 1 0, a
 * little-endian uint16 header length, then an ASCII Python dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (a, b), }` padded with spaces and a final
 * newline so that magic + length + header is a multiple of 64 bytes, then the raw data in C
 * (row-major) order. Only float64 arrays, which is all the CLI writes.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93 N U M P Y

/** True where a Float64Array's bytes are already NPY's little-endian order. */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * The bytes of a .npy v1.0 file holding `data` (float64, little-endian) with the given C-order
 * shape, as two pieces: the header, and the data, which on a little-endian machine (every
 * platform Node ships for but a few) is a view of `data`'s own bytes, so a 17 MB snapshot is not
 * copied to be written. Cost O(1) there (else O(size)).
 */
export function npyPieces(data: Float64Array, shape: readonly number[]): [Uint8Array, Uint8Array] {
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
  const head = new Uint8Array(total);
  head.set(MAGIC, 0);
  head[6] = 1;
  head[7] = 0;
  head[8] = header.length & 0xff;
  head[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) head[10 + i] = header.charCodeAt(i);
  if (LITTLE_ENDIAN) return [head, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
  const body = new Uint8Array(8 * data.length);
  const view = new DataView(body.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat64(8 * i, data[i], true);
  return [head, body];
}

/** Parsed .npy v1.0 float64 file (the inverse of {@link npyPieces}; used by tests and --resume). */
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
