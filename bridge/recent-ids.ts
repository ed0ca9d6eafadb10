/**
 * The most recently seen ids, at most `capacity` of them; the least recently seen is forgotten
 * first. A Map keeps insertion order, so re-inserting an id marks it as the newest.
 */
export class RecentIds {
  private readonly ids = new Map<string, true>();

  constructor(private readonly capacity: number) {}

  /** Whether the id was seen and not yet forgotten; a hit counts as a fresh sighting. */
  has(id: string): boolean {
    if (!this.ids.has(id)) return false;
    this.ids.delete(id);
    this.ids.set(id, true);
    return true;
  }

  /** Remembers the id, forgetting the oldest one when full. */
  add(id: string): void {
    this.ids.delete(id);
    this.ids.set(id, true);
    if (this.ids.size <= this.capacity) return;
    const oldest = this.ids.keys().next();
    if (oldest.done !== true) this.ids.delete(oldest.value);
  }

  /** How many ids are remembered. */
  get size(): number {
    return this.ids.size;
  }
}
