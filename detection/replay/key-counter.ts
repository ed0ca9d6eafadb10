import { hashText } from './name-hash';

/** A name and how many events it had. */
export interface RankedKey {
  name: string;
  count: number;
}

/**
 * Exact counts per name for the first `maxKeys` distinct names; names after that are only
 * counted as `uncounted`. An open-addressing table of (hash, count) pairs in one typed array,
 * with the names beside it: a replay counts two names per event in tables of up to 100,000
 * keys, and a Map's lookup there (bucket, entry, key string: a cache miss each) cost more than
 * the detection. Here a name not in the table costs a probe of the pair array; the names are
 * read only when the hashes agree.
 */
export class KeyCounter {
  /** Distinct names seen after the table was full (each time they were seen). */
  uncounted = 0;
  private size = 0;
  private readonly mask: number;
  /** Slot i holds the hash at 2i and the count at 2i+1; a count of 0 marks a free slot. */
  private readonly slots: Int32Array;
  private readonly names: (string | undefined)[];

  constructor(private readonly maxKeys: number) {
    // At most about 40% full: linear probing stays short.
    let capacity = 16;
    while (capacity < maxKeys * 2.5) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity * 2);
    this.names = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** Counts one event of `name`; `hash` is `hashText(name)`, when the caller has it. */
  add(name: string, hash: number = hashText(name)): void {
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
    // ties compare names) took about a tenth of a second per million events.
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
