import { type SqlValue } from '../analyzer/sql-type';

type Level = Map<SqlValue, unknown>;

/**
 * A map keyed by a tuple of SQL values (GROUP BY or PARTITION BY values), as one Map per key
 * position. Looking up the raw values avoids building a joined string per row, which costs an
 * allocation, a copy and a fresh hash each time; short strings straight from JSON.parse are
 * interned by V8, so their hash is already known. Keys compare like Map keys (SameValueZero):
 * within one position all values have one SQL type, so that is SQL grouping equality (NULLs group
 * together). Empty inner maps are removed on delete, so memory follows the live keys only.
 */
export class CompositeKeyMap<V> {
  private readonly root: Level = new Map();
  private count = 0;
  private readonly last: number;

  /** `positions`: the indexes of the key array that make up the key, in order. */
  constructor(private readonly positions: readonly number[]) {
    this.last = positions.length - 1;
  }

  get size(): number {
    return this.count;
  }

  get(keys: readonly SqlValue[]): V | undefined {
    return this.findLeaf(keys)?.get(this.leafKey(keys)) as V | undefined;
  }

  set(keys: readonly SqlValue[], value: V): void {
    const level = this.leaf(keys);
    const k = this.leafKey(keys);
    if (!level.has(k)) this.count++;
    level.set(k, value);
  }

  delete(keys: readonly SqlValue[]): boolean {
    const level = this.findLeaf(keys);
    if (level === undefined || !level.delete(this.leafKey(keys))) return false;
    this.leafRemoved(level, keys);
    return true;
  }

  clear(): void {
    this.root.clear();
    this.count = 0;
  }

  /**
   * The innermost map for `keys` (created on the way); `leafKey` is the key within it. A caller that
   * keeps many short-lived entries looks them up, adds and removes them there, one level instead of
   * all. Whoever changes a leaf directly reports it: `leafAdded` after adding, `leafRemoved` after
   * removing.
   */
  leaf(keys: readonly SqlValue[]): Level {
    let level = this.root;
    const pos = this.positions;
    for (let i = 0; i < this.last; i++) {
      const k = keys[pos[i]!]!;
      let next = level.get(k) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(k, next);
      }
      level = next;
    }
    return level;
  }

  /** The key of `keys` within its leaf map. */
  leafKey(keys: readonly SqlValue[]): SqlValue {
    return this.last < 0 ? null : keys[this.positions[this.last]!]!;
  }

  leafAdded(): void {
    this.count++;
  }

  /** After removing an entry from `leaf`: drops the leaf (and emptied levels above) once it is empty. */
  leafRemoved(leaf: Level, keys: readonly SqlValue[]): void {
    this.count--;
    if (leaf.size > 0 || this.last <= 0) return;
    const path: Level[] = [this.root];
    const pos = this.positions;
    for (let i = 0; i < this.last; i++) {
      const next = path[i]!.get(keys[pos[i]!]!) as Level | undefined;
      if (next === undefined) return;
      path.push(next);
    }
    for (let i = this.last; i > 0 && path[i]!.size === 0; i--) path[i - 1]!.delete(keys[pos[i - 1]!]!);
  }

  /** The innermost map for `keys` if it exists (nothing is created). */
  private findLeaf(keys: readonly SqlValue[]): Level | undefined {
    let level = this.root;
    const pos = this.positions;
    for (let i = 0; i < this.last; i++) {
      const next = level.get(keys[pos[i]!]!) as Level | undefined;
      if (next === undefined) return undefined;
      level = next;
    }
    return level;
  }
}
