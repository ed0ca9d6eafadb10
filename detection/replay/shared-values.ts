/** Slots of a `SharedValues` table. */
const SLOTS = 64;
/** Longest value a `SharedValues` table keeps; longer ones are made afresh each time. */
const MAX_BYTES = 1024;
/** Up to this length a loop compares bytes faster than `Buffer.compare`'s call. */
const LOOP_COMPARE_BYTES = 24;

/**
 * A small table from the bytes of a value to the value made from them, so that a value that
 * recurs on most lines (a header-key list, an event name) is made once. Direct-mapped on a hash
 * the caller chooses, checked byte for byte; at most `SLOTS` values of `MAX_BYTES`: bounded.
 */
export class SharedValues<Value> {
  private readonly bytes: (Buffer | undefined)[] = new Array<Buffer | undefined>(SLOTS).fill(
    undefined,
  );
  private readonly values: (Value | undefined)[] = new Array<Value | undefined>(SLOTS).fill(
    undefined,
  );

  /** The value kept for exactly the bytes `source[start, end)`, if any. */
  find(source: Buffer, start: number, end: number, hash: number): Value | undefined {
    const slot = hash & (SLOTS - 1);
    const kept = this.bytes[slot];
    const length = end - start;
    if (kept === undefined || kept.length !== length) return undefined;
    if (length > LOOP_COMPARE_BYTES) {
      return source.compare(kept, 0, length, start, end) === 0 ? this.values[slot] : undefined;
    }
    for (let index = 0; index < length; index++) {
      if (kept[index] !== source[start + index]) return undefined;
    }
    return this.values[slot];
  }

  /** Keeps a value for the bytes `source[start, end)`, unless they are too long; returns it. */
  keep(source: Buffer, start: number, end: number, hash: number, value: Value): Value {
    if (end - start > MAX_BYTES) return value;
    const slot = hash & (SLOTS - 1);
    this.bytes[slot] = Buffer.from(source.subarray(start, end));
    this.values[slot] = value;
    return value;
  }
}
