/**
 * The stable content hash of study tasks: FNV-1a 64 of the canonical JSON. Pure JS (BigInt), so
 * the same value comes out in Node and in every browser.
 */

/**
 * The canonical JSON text of a value: JSON.stringify with the keys of every object sorted
 * (UTF-16 code unit order), no whitespace, and what JSON drops dropped (undefined and function
 * fields; in lists they become null; non-finite numbers become null). Two values that are equal
 * as JSON give the same text. Cost O(size log keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined || typeof value === "function") return "null";
  if (typeof value !== "object") return JSON.stringify(value) ?? "null";
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === "function") return canonicalJson(withJson.toJSON());
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `[${Array.from(value as ArrayLike<unknown>, canonicalJson).join(",")}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== "function")
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
}

const FNV_OFFSET = BigInt("0xcbf29ce484222325");
const FNV_PRIME = BigInt("0x100000001b3");
const MASK_64 = BigInt("0xffffffffffffffff");

/** The UTF-8 bytes of a string (lone surrogates as U+FFFD, as TextEncoder does). */
function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else {
      bytes.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63),
      );
    }
  }
  return bytes;
}

/**
 * FNV-1a 64-bit hash of the UTF-8 bytes of `text` (Fowler, Noll, Vo: h = 0xcbf29ce484222325;
 * per byte h = (h xor byte) * 0x100000001b3 mod 2^64), as 16 lowercase hex digits. Not
 * cryptographic: an identifier of content. Cost O(length).
 */
export function fnv1a64(text: string): string {
  let h = FNV_OFFSET;
  for (const byte of utf8(text)) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  return h.toString(16).padStart(16, "0");
}

/** The content id of a JSON value: {@link fnv1a64} of its {@link canonicalJson}. Cost O(size). */
export function contentId(value: unknown): string {
  return fnv1a64(canonicalJson(value));
}
