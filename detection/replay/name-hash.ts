/**
 * FNV-1a (32 bits) of a name: over its UTF-16 code units, or over bytes, which gives the same
 * hash for ASCII text. The record parser hashes IPs and accounts while it checks their bytes,
 * so that the summary's counters need not read each name again.
 */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The hash of a string. */
export function hashText(text: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  }
  return hash;
}

/**
 * The hash of `bytes[start, end)`, or undefined when a byte may not stand as it is in a JSON
 * string of ASCII text (below 0x20, a backslash, above 0x7f): the test of the record parser.
 */
export function hashPlainBytes(bytes: Buffer, start: number, end: number): number | undefined {
  let hash = FNV_OFFSET;
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (byte < 0x20 || byte > 0x7f || byte === 92) return undefined;
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  }
  return hash;
}
