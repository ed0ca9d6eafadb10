/** Buckets of a `SharedValues` table, of two values each. */
const BUCKETS = 32;
/** Longest value a `SharedValues` table keeps; longer ones are made afresh each time. */
const MAX_BYTES = 1024;
/** Up to this length a loop compares bytes faster than `Buffer#compare`'s call. */
const LOOP_COMPARE_BYTES = 24;

/**
 * A small table from the bytes of a value to the value made from them, so that a value that
 * recurs on most lines (a header-key list, a User-Agent, an event name) is made once. Two
 * values per bucket of a hash the caller chooses (two values that share a bucket, as two
 * common User-Agents may, both stay), checked byte for byte; at most `2 * BUCKETS` values of
 * `MAX_BYTES`: bounded.
 */
export class SharedValues<Value> {
  private readonly bytes = new Array<Buffer | undefined>(BUCKETS * 2).fill(undefined);
  private readonly values = new Array<Value | undefined>(BUCKETS * 2).fill(undefined);
  /** Per bucket, which of its two values was found or kept last (0 or 1). */
  private readonly lastUsed = new Uint8Array(BUCKETS);

  /** The value kept for exactly the bytes `source[start, end)`, if any. */
  find(source: Buffer, start: number, end: number, hash: number): Value | undefined {
    const bucket = hash & (BUCKETS - 1);
    for (let way = 0; way < 2; way++) {
      const slot = bucket * 2 + way;
      if (sameBytes(this.bytes[slot], source, start, end)) {
        this.lastUsed[bucket] = way;
        return this.values[slot];
      }
    }
    return undefined;
  }

  /**
   * Keeps a value for the bytes `source[start, end)`, in place of the one of its bucket used
   * least recently, unless the bytes are too long; returns the value.
   */
  keep(source: Buffer, start: number, end: number, hash: number, value: Value): Value {
    if (end - start > MAX_BYTES) return value;
    const bucket = hash & (BUCKETS - 1);
    const way = this.bytes[bucket * 2] === undefined ? 0 : 1 - this.lastUsed[bucket];
    this.bytes[bucket * 2 + way] = Buffer.from(source.subarray(start, end));
    this.values[bucket * 2 + way] = value;
    this.lastUsed[bucket] = way;
    return value;
  }
}

function sameBytes(kept: Buffer | undefined, source: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (kept === undefined || kept.length !== length) return false;
  if (length > LOOP_COMPARE_BYTES) return source.compare(kept, 0, length, start, end) === 0;
  for (let index = 0; index < length; index++) {
    if (kept[index] !== source[start + index]) return false;
  }
  return true;
}
