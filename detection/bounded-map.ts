/**
 * A Map with a fixed most number of keys that forgets the least recently used key when full,
 * and counts what it forgot. Every table the detector keeps is one of these, so an attacker who
 * sends a new IP, account or fingerprint on every request costs a bounded amount of memory.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  /**
   * Walks the keys from the least recently used. Every key it has passed was evicted (deleted)
   * or moved to the end by a later use, so its next key is always the least recently used one.
   * Kept across evictions: a fresh iterator would step over every hole that deletions left at
   * the front of the Map's table, on every eviction.
   */
  private oldest: Iterator<K> | undefined;
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
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserting moves the key to the end of Map's insertion order: the LRU order.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value of a key without changing its place. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets a key as the most recently used, forgetting the least recently used if full. */
  set(key: K, value: V): void {
    if (!this.entries.delete(key) && this.entries.size >= this.maxKeys) {
      this.entries.delete(this.leastRecentlyUsed());
      this.evictions += 1;
    }
    this.entries.set(key, value);
  }

  /** Forgets a key; not counted as an eviction. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  private leastRecentlyUsed(): K {
    let next = this.oldest?.next();
    if (next === undefined || next.done === true) {
      // A Map iterator that has finished stays finished, even after new keys arrive.
      this.oldest = this.entries.keys();
      next = this.oldest.next();
    }
    return next.value as K;
  }

  /** Entries from least to most recently used. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries[Symbol.iterator]();
  }
}
