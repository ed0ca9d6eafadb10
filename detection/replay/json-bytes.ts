/**
 * Byte-level helpers of the record parser: reading JSON strings of plain ASCII text (no escape,
 * no control character) straight from the bytes of a line.
 */
import { FNV_OFFSET, FNV_PRIME } from './name-hash';

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * The index of the quote that ends a string whose first byte is at `from`, or -1 when a byte
 * before it may not stand as it is (a control character; a backslash, which starts an escape
 * JSON.parse decides; above 0x7f, where Latin-1 decoding would differ) or it does not end
 * before `end`.
 */
export function plainStringEnd(bytes: Buffer, from: number, end: number): number {
  for (let index = from; index < end; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) return index;
    if (byte < 0x20 || byte > 0x7f || byte === BACKSLASH) return -1;
  }
  return -1;
}

/** FNV-1a (as `hashText`) of the bytes of the string `plainStringEndHashed` read last. */
let scannedHash = 0;

/** FNV-1a of the bytes of the string `plainStringEndHashed` read last. */
export function lastScannedHash(): number {
  return scannedHash;
}

/** `plainStringEnd` that also leaves the hash of the string's bytes in `scannedHash`. */
export function plainStringEndHashed(bytes: Buffer, from: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let index = from; index < end; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      scannedHash = hash;
      return index;
    }
    if (byte < 0x20 || byte > 0x7f || byte === BACKSLASH) return -1;
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  }
  return -1;
}

/** A hash of the length and a few bytes of `bytes[start, end)`: picks a `SharedValues` slot. */
export function sampleHash(bytes: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  const middle = bytes[start + (length >> 1)];
  const quarter = bytes[start + (length >> 2)];
  return Math.imul(length, 0x9e3779b1) ^ (middle * 31 + quarter * 961 + bytes[end - 1]);
}

type Latin1Buffer = Buffer & { latin1Slice?(start: number, end: number): string };

/**
 * `bytes.toString('latin1', start, end)`. Node's own `latin1Slice`, which `toString` calls after
 * checking its arguments, saves about a fifth of the cost of each string; `toString` stands in
 * where it is missing.
 */
export const latin1: (bytes: Buffer, start: number, end: number) => string =
  typeof (Buffer.prototype as Latin1Buffer).latin1Slice === 'function'
    ? (bytes, start, end) =>
        (bytes as Latin1Buffer & { latin1Slice(s: number, e: number): string }).latin1Slice(
          start,
          end,
        )
    : (bytes, start, end) => bytes.toString('latin1', start, end);

/** Whether `bytes` from `start` (and before `end`) begin with `expected`. */
export function matches(bytes: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (end - start < expected.length) return false;
  for (let index = 0; index < expected.length; index++) {
    if (bytes[start + index] !== expected[index]) return false;
  }
  return true;
}
