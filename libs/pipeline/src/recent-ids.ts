/**
 * A bounded set of recently seen ids (insertion order eviction), so duplicates are dropped across
 * batches without growing without bound. Ids older than `capacity` insertions may be seen again;
 * the deterministic object names make such late replays overwrite rather than duplicate.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  /** @param capacity Most ids remembered. @default 1_000_000 */
  constructor(readonly capacity = 1_000_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Remembers `id`; returns false when it was already remembered (one lookup for "check, then add"). */
  add(id: string): boolean {
    const before = this.ids.size;
    this.ids.add(id);
    if (this.ids.size === before) return false;
    if (this.ids.size > this.capacity) {
      // Sets iterate in insertion order: the first one is the oldest.
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
