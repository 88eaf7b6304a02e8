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

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // Sets iterate in insertion order: the first one is the oldest.
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
