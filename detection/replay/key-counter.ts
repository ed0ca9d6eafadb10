/** A name and how many events it had. */
export interface RankedKey {
  name: string;
  count: number;
}

import { hashText } from './name-hash';

/** Names held before they are counted together. */
const BATCH = 1 << 14;
/** Parts of the table a batch is counted in, one after another. */
const PARTS = 64;

/**
 * Exact counts per name for the first `maxKeys` distinct names; names after that are only
 * counted as `uncounted`. An open-addressing table of (hash, count) pairs in one typed array,
 * with the names beside it: a replay counts two names per event in tables of up to 100,000
 * keys, and a Map's lookup there (bucket, entry, key string: a cache miss each) cost more than
 * the detection. Names are held in batches and counted part of the table by part of the table,
 * so that the lookups of a batch stay within a few cache-sized regions instead of missing the
 * cache on nearly every name. `top` and `uncounted` are only right after `flush`.
 */
export class KeyCounter {
  /** Distinct names seen after the table was full (each time they were seen). */
  uncounted = 0;
  private size = 0;
  private readonly mask: number;
  /** Right shift from a slot to its part of the table. */
  private readonly partShift: number;
  /** Slot i holds the hash at 2i and the count at 2i+1; a count of 0 marks a free slot. */
  private readonly slots: Int32Array;
  private readonly names: (string | undefined)[];
  private readonly heldNames = new Array<string | undefined>(BATCH).fill(undefined);
  private readonly heldHashes = new Int32Array(BATCH);
  private held = 0;
  /** Held names by part of the table: `order[partStarts[p] .. partStarts[p + 1])`. */
  private readonly order = new Int32Array(BATCH);
  private readonly partStarts = new Int32Array(PARTS + 1);

  constructor(private readonly maxKeys: number) {
    // At most about 40% full: linear probing stays short.
    let capacity = 1024;
    while (capacity < maxKeys * 2.5) capacity *= 2;
    this.mask = capacity - 1;
    this.partShift = Math.log2(capacity / PARTS);
    this.slots = new Int32Array(capacity * 2);
    this.names = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** Counts one event of `name`; `hash` is `hashText(name)`, when the caller has it. */
  add(name: string, hash: number = hashText(name)): void {
    this.heldNames[this.held] = name;
    this.heldHashes[this.held] = hash;
    this.held += 1;
    if (this.held === BATCH) this.flush();
  }

  /** Counts the names held. */
  flush(): void {
    const held = this.held;
    this.held = 0;
    if (this.size < this.maxKeys && this.size + held > this.maxKeys) {
      // The table fills within this batch: count in the order seen, so that the names counted
      // are the first ones, as they would be one at a time.
      for (let index = 0; index < held; index++) this.countHeld(index);
    } else {
      // Whether a name is counted cannot depend on the order here: count part by part.
      this.sortHeld(held);
      for (let index = 0; index < held; index++) this.countHeld(this.order[index]);
    }
    this.heldNames.fill(undefined, 0, held);
  }

  private sortHeld(held: number): void {
    const starts = this.partStarts;
    starts.fill(0);
    for (let index = 0; index < held; index++) {
      starts[((this.heldHashes[index] & this.mask) >>> this.partShift) + 1] += 1;
    }
    for (let part = 0; part < PARTS; part++) starts[part + 1] += starts[part];
    for (let index = 0; index < held; index++) {
      const part = (this.heldHashes[index] & this.mask) >>> this.partShift;
      this.order[starts[part]] = index;
      starts[part] += 1;
    }
  }

  private countHeld(index: number): void {
    const name = this.heldNames[index] as string;
    const hash = this.heldHashes[index];
    const slots = this.slots;
    let slot = hash & this.mask;
    for (;;) {
      const count = slots[slot * 2 + 1];
      if (count === 0) break;
      if (slots[slot * 2] === hash && this.names[slot] === name) {
        slots[slot * 2 + 1] = count + 1;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.size >= this.maxKeys) {
      this.uncounted += 1;
      return;
    }
    this.size += 1;
    slots[slot * 2] = hash;
    slots[slot * 2 + 1] = 1;
    this.names[slot] = name;
  }

  /** The `count` names with the most events, most first; ties by name. */
  top(count: number): RankedKey[] {
    // One pass keeping the best few: sorting every name (most tie at one or two events, and
    // ties compare names) took as long as a tenth of the replay.
    const best: RankedKey[] = [];
    for (let slot = 0; slot <= this.mask; slot++) {
      const hits = this.slots[slot * 2 + 1];
      if (hits === 0) continue;
      if (
        best.length === count &&
        !ranksBefore(hits, this.names[slot] as string, best[count - 1])
      ) {
        continue;
      }
      const key = { name: this.names[slot] as string, count: hits };
      let index = best.length;
      while (index > 0 && ranksBefore(hits, key.name, best[index - 1])) index--;
      best.splice(index, 0, key);
      if (best.length > count) best.pop();
    }
    return best;
  }
}

/** Whether a name with `count` events ranks before `other`: more events, or as many and less. */
function ranksBefore(count: number, name: string, other: RankedKey): boolean {
  return count > other.count || (count === other.count && name < other.name);
}
