/**
 * FNV-1a (32 bits) of a name, over its UTF-16 code units. The record parser computes the same
 * hash over the bytes of the ASCII names it reads (the same numbers), while it checks them, so
 * that the summary's counters need not read each IP and account again.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
/** The multiplier of FNV-1a (32 bits). */
export const FNV_PRIME = 0x01000193;

/** The hash of a string. */
export function hashText(text: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  }
  return hash;
}
