import { SqlError } from '../errors';

/** A dense region of the window: how dense, and the box its records span (one value per dimension). */
export interface Hotspot {
  readonly density: number;
  readonly minValues: readonly number[];
  readonly maxValues: readonly number[];
}

/** Dimensions that key the grid: neighbours are looked up in 3^g cells, so g stays small. */
const GRID_DIMS = 2;

/**
 * The hotspots of the last `windowSize` records (SQL Reference, HOTSPOTS): DBSCAN over the window, with
 * `scanRadius` as its epsilon and `minimumPoints` as its minimum (a record with at least that many records,
 * itself included, within scanRadius is a core record; core records within scanRadius of each other form
 * one hotspot with the records they reach). Distances are Euclidean over the numeric columns.
 *
 * A hotspot's density is its number of records divided by its size, the volume of the box they span;
 * a side shorter than scanRadius counts as scanRadius, so records on a line or at one point do not give
 * an infinite density (the Reference defines density as records / size without saying how size is
 * measured). Hotspots are listed densest first.
 *
 * Records sit in a grid of scanRadius-wide cells over the first two dimensions, so a neighbour search reads
 * 3 x 3 cells, and each record's neighbour count is updated as records enter and leave: the clustering
 * after each record only walks the core records. State is the window itself (bounded by windowSize).
 */
export class HotspotDetector {
  /** The window, a ring of `windowSize` points. */
  private readonly points: Float64Array;
  private oldest = 0;
  private count = 0;
  /** Per ring slot: records of the window within scanRadius, not counting itself. */
  private readonly neighbours: Int32Array;
  private readonly grid = new Map<number, Map<number, number[]>>();
  private readonly gridDims: number;
  private readonly radius2: number;
  // Scratch of the clustering.
  private readonly cluster: Int32Array;
  private readonly queue: Int32Array;

  constructor(
    private readonly dim: number,
    private readonly windowSize: number,
    private readonly scanRadius: number,
    private readonly minimumPoints: number,
  ) {
    this.points = new Float64Array(windowSize * dim);
    this.neighbours = new Int32Array(windowSize);
    this.gridDims = Math.min(GRID_DIMS, dim);
    this.radius2 = scanRadius * scanRadius;
    this.cluster = new Int32Array(windowSize);
    this.queue = new Int32Array(windowSize);
  }

  /** Adds a record's values (finite numbers), dropping the oldest record when the window is full. */
  add(values: ArrayLike<number>): void {
    if (this.count === this.windowSize) this.evictOldest();
    const slot = (this.oldest + this.count) % this.windowSize;
    this.count++;
    const o = slot * this.dim;
    for (let i = 0; i < this.dim; i++) this.points[o + i] = values[i]!;
    let n = 0;
    this.forEachNeighbour(slot, (q) => {
      this.neighbours[q]!++;
      n++;
    });
    this.neighbours[slot] = n;
    this.cell(slot, true)!.push(slot);
  }

  /** The hotspots of the window as it is now, densest first. */
  hotspots(): Hotspot[] {
    const found: Hotspot[] = [];
    const cluster = this.cluster;
    const queue = this.queue;
    cluster.fill(-1);
    const minNeighbours = this.minimumPoints - 1;
    for (let k = 0; k < this.count; k++) {
      const seed = (this.oldest + k) % this.windowSize;
      if (cluster[seed] !== -1 || this.neighbours[seed]! < minNeighbours) continue;
      const id = found.length;
      const min = new Array<number>(this.dim).fill(Infinity);
      const max = new Array<number>(this.dim).fill(-Infinity);
      let members = 0;
      let head = 0;
      let tail = 0;
      const join = (q: number) => {
        cluster[q] = id;
        members++;
        const o = q * this.dim;
        for (let i = 0; i < this.dim; i++) {
          const v = this.points[o + i]!;
          if (v < min[i]!) min[i] = v;
          if (v > max[i]!) max[i] = v;
        }
        // Only core records reach further; a border record belongs to the first hotspot that reaches it.
        if (this.neighbours[q]! >= minNeighbours) queue[tail++] = q;
      };
      join(seed);
      while (head < tail) {
        this.forEachNeighbour(queue[head++]!, (q) => {
          if (cluster[q] === -1) join(q);
        });
      }
      let size = 1;
      for (let i = 0; i < this.dim; i++) size *= Math.max(max[i]! - min[i]!, this.scanRadius);
      found.push({ density: members / size, minValues: min, maxValues: max });
    }
    return found.sort((a, b) => b.density - a.density);
  }

  /** The window's records, oldest first. */
  snapshot(): number[][] {
    const rows: number[][] = [];
    for (let k = 0; k < this.count; k++) {
      const o = ((this.oldest + k) % this.windowSize) * this.dim;
      rows.push(Array.from(this.points.subarray(o, o + this.dim)));
    }
    return rows;
  }

  restore(state: unknown): void {
    if (!Array.isArray(state) || state.length > this.windowSize
      || !state.every((r) => Array.isArray(r) && r.length === this.dim && r.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
      throw new SqlError('KAV2_INVALID_STATE', `HOTSPOTS: not a window of at most ${this.windowSize} records of ${this.dim} numbers`);
    }
    this.grid.clear();
    this.oldest = 0;
    this.count = 0;
    for (const r of state as number[][]) this.add(r);
  }

  private evictOldest(): void {
    const slot = this.oldest;
    const cell = this.cell(slot, false)!;
    const at = cell.indexOf(slot);
    cell[at] = cell[cell.length - 1]!;
    cell.pop();
    this.forEachNeighbour(slot, (q) => {
      this.neighbours[q]!--;
    });
    this.oldest = (this.oldest + 1) % this.windowSize;
    this.count--;
  }

  private cellIndex(slot: number, i: number): number {
    return Math.floor(this.points[slot * this.dim + i]! / this.scanRadius);
  }

  /** The grid cell of a slot's point (created when `create`). */
  private cell(slot: number, create: boolean): number[] | undefined {
    const x = this.cellIndex(slot, 0);
    const y = this.gridDims > 1 ? this.cellIndex(slot, 1) : 0;
    let column = this.grid.get(x);
    if (!column) {
      if (!create) return undefined;
      column = new Map();
      this.grid.set(x, column);
    }
    let cell = column.get(y);
    if (!cell) {
      if (!create) return undefined;
      cell = [];
      column.set(y, cell);
    }
    return cell;
  }

  /** Calls `fn` for every other record of the window within scanRadius of the slot's point. */
  private forEachNeighbour(slot: number, fn: (q: number) => void): void {
    const d = this.dim;
    const o = slot * d;
    const x = this.cellIndex(slot, 0);
    const y = this.gridDims > 1 ? this.cellIndex(slot, 1) : 0;
    const ySpan = this.gridDims > 1 ? 1 : 0;
    // Offsets, not `cx <= x + 1`: past 2^53 a cell index plus one is the same number (a value of 1e20
    // looped forever), so each distinct neighbouring cell is visited once by comparing with the last.
    for (let dx = -1; dx <= 1; dx++) {
      const cx = x + dx;
      if (dx > -1 && cx === x + dx - 1) continue;
      const column = this.grid.get(cx);
      if (!column) continue;
      for (let dy = -ySpan; dy <= ySpan; dy++) {
        const cy = y + dy;
        if (dy > -ySpan && cy === y + dy - 1) continue;
        const cell = column.get(cy);
        if (!cell) continue;
        for (let k = 0; k < cell.length; k++) {
          const q = cell[k]!;
          if (q === slot) continue;
          const qo = q * d;
          let dist2 = 0;
          for (let i = 0; i < d && dist2 <= this.radius2; i++) {
            const diff = this.points[o + i]! - this.points[qo + i]!;
            dist2 += diff * diff;
          }
          if (dist2 <= this.radius2) fn(q);
        }
      }
    }
  }
}
