/** One key of a `BoundedMap`, linked to its neighbours in the order of use. */
interface Entry<K, V> {
  key: K;
  value: V;
  /** The entry used just before this one, or undefined for the least recently used. */
  older: Entry<K, V> | undefined;
  /** The entry used just after this one, or undefined for the most recently used. */
  newer: Entry<K, V> | undefined;
}

/**
 * A Map with a fixed most number of keys that forgets the least recently used key when full,
 * and counts what it forgot. Every table the detector keeps is one of these, so an attacker who
 * sends a new IP, account or fingerprint on every request costs a bounded amount of memory.
 *
 * The order of use is a list linked through the entries, so a use moves two links and costs one
 * Map lookup. (Deleting and re-inserting the key, to move it to the end of the Map's insertion
 * order, cost three lookups and left a hole in the Map's table on every use, which made the Map
 * copy its table over and over: most of the garbage of a replay.)
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private oldest: Entry<K, V> | undefined;
  private newest: Entry<K, V> | undefined;
  /**
   * The key `get` last found absent, until the next `set`: still absent, because only `set`
   * adds keys.
   */
  private missed: K | undefined;
  private hasMissed = false;
  /** Keys forgotten to stay within `maxKeys`. */
  evictions = 0;

  constructor(readonly maxKeys: number) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(`maxKeys must be a positive integer, got ${maxKeys}`);
    }
  }

  /** Number of keys held. */
  get size(): number {
    return this.entries.size;
  }

  /** The value of a key, marking it as the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.missed = key;
      this.hasMissed = true;
      return undefined;
    }
    if (entry.value === undefined) return undefined;
    this.touch(entry);
    return entry.value;
  }

  /** The value of a key without changing its place. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Sets a key as the most recently used, forgetting the least recently used if full. */
  set(key: K, value: V): void {
    // A rule sets the key it just failed to get: no need to look for it again.
    const entry = this.hasMissed && key === this.missed ? undefined : this.entries.get(key);
    this.missed = undefined;
    this.hasMissed = false;
    if (entry !== undefined) {
      entry.value = value;
      this.touch(entry);
      return;
    }
    if (this.entries.size >= this.maxKeys && this.oldest !== undefined) {
      const oldest = this.oldest;
      this.entries.delete(oldest.key);
      this.unlink(oldest);
      this.evictions += 1;
    }
    const added: Entry<K, V> = { key, value, older: this.newest, newer: undefined };
    if (this.newest === undefined) this.oldest = added;
    else this.newest.newer = added;
    this.newest = added;
    this.entries.set(key, added);
  }

  /** Forgets a key; not counted as an eviction. */
  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.unlink(entry);
    return true;
  }

  /** Entries from least to most recently used, as they are now (later changes not seen). */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    const entries: [K, V][] = [];
    for (let entry = this.oldest; entry !== undefined; entry = entry.newer) {
      entries.push([entry.key, entry.value]);
    }
    return entries[Symbol.iterator]();
  }

  private touch(entry: Entry<K, V>): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest === undefined) this.oldest = entry;
    else this.newest.newer = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older === undefined) this.oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }
}
