import { SqlError } from '../errors';

/** A sampler in a snapshot: per slot its point's sequence number, weight and tree leaf; the heap's order. */
export interface TimeDecaySamplerState {
  readonly seq: number[];
  readonly weight: number[];
  readonly leaf: number[];
  readonly heap: number[];
}

/**
 * The sample of one tree: at most `capacity` points of the stream, older ones more likely to be
 * replaced (SQL Reference, RANDOM_CUT_FOREST subSampleSize and timeDecay). Point number t gets the
 * weight -t/timeDecay + log(-log u) for a uniform u, and the sample keeps the `capacity` smallest weights
 * (a max-heap): exponential time decay over weighted reservoir sampling, as the AWS library samples. On
 * top of that a point `timeDecay` or more points old leaves the sample ("uses only the most recent
 * timeDecay records"), found in O(1) through a list of the slots in arrival order.
 *
 * Slots are what the caller indexes its tree leaves by (`leaf[slot]`, -1 when the slot is empty).
 */
export class TimeDecaySampler {
  readonly seq: Float64Array;
  readonly weight: Float64Array;
  readonly leaf: Int32Array;
  private readonly heap: Int32Array;
  private readonly heapPos: Int32Array;
  private heapSize = 0;
  /** Arrival-order list of the occupied slots (oldest at `head`). */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = -1;
  private tail = -1;
  private free: number[] = [];

  constructor(readonly capacity: number, private readonly timeDecay: number) {
    this.seq = new Float64Array(capacity);
    this.weight = new Float64Array(capacity);
    this.leaf = new Int32Array(capacity).fill(-1);
    this.heap = new Int32Array(capacity);
    this.heapPos = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    for (let i = capacity - 1; i >= 0; i--) this.free.push(i);
  }

  /** The weight of point number `seq` for a uniform draw u in (0, 1). */
  weightOf(seq: number, u: number): number {
    return -seq / this.timeDecay + Math.log(-Math.log(u));
  }

  /**
   * Takes the oldest point out if it is `timeDecay` or more points older than point `seq`; returns its
   * slot (whose leaf the caller deletes, then empties) or -1.
   */
  expire(seq: number): number {
    const s = this.head;
    if (s < 0 || seq - this.seq[s]! < this.timeDecay) return -1;
    this.unlink(s);
    this.heapRemove(s);
    this.free.push(s);
    return s;
  }

  /**
   * Offers point number `seq` with `weight`; returns the slot it takes, or -1 when it is not sampled. When
   * the sample is full the slot is that of the heaviest point, which the caller first deletes from its tree.
   */
  admit(seq: number, weight: number): number {
    let s: number;
    if (this.heapSize < this.capacity) {
      s = this.free.pop()!;
      this.heap[this.heapSize] = s;
      this.heapPos[s] = this.heapSize++;
      this.weight[s] = weight;
      this.siftUp(this.heapPos[s]!);
    } else {
      s = this.heap[0]!;
      if (weight >= this.weight[s]!) return -1;
      this.unlink(s);
      this.weight[s] = weight;
      this.siftDown(0);
    }
    this.seq[s] = seq;
    this.append(s);
    return s;
  }

  snapshot(): TimeDecaySamplerState {
    return {
      seq: Array.from(this.seq),
      weight: Array.from(this.weight),
      leaf: Array.from(this.leaf),
      heap: Array.from(this.heap.subarray(0, this.heapSize)),
    };
  }

  restore(state: unknown): void {
    const s = state as Partial<TimeDecaySamplerState> | null;
    const n = this.capacity;
    if (!s || ![s.seq, s.weight, s.leaf].every((a) => Array.isArray(a) && a.length === n) || !Array.isArray(s.heap) || s.heap.length > n) {
      throw new SqlError('KAV2_INVALID_STATE', 'RANDOM_CUT_FOREST: not a sampler state of this size');
    }
    this.seq.set(s.seq!);
    this.weight.set(s.weight!);
    this.leaf.set(s.leaf!);
    const inHeap = new Uint8Array(n);
    this.heapSize = s.heap.length;
    s.heap.forEach((slot, i) => {
      if (!Number.isInteger(slot) || slot < 0 || slot >= n || inHeap[slot] || this.leaf[slot]! < 0) {
        throw new SqlError('KAV2_INVALID_STATE', 'RANDOM_CUT_FOREST: the sampler heap names an empty or repeated slot');
      }
      inHeap[slot] = 1;
      this.heap[i] = slot;
      this.heapPos[slot] = i;
    });
    // The arrival-order list follows from the sequence numbers; the other slots are free.
    const occupied = s.heap.slice().sort((a, b) => this.seq[a]! - this.seq[b]!);
    this.head = -1;
    this.tail = -1;
    for (const slot of occupied) this.append(slot);
    this.free = [];
    for (let i = n - 1; i >= 0; i--) {
      if (!inHeap[i]) {
        this.leaf[i] = -1;
        this.free.push(i);
      }
    }
  }

  private append(s: number): void {
    this.prev[s] = this.tail;
    this.next[s] = -1;
    if (this.tail >= 0) this.next[this.tail] = s;
    else this.head = s;
    this.tail = s;
  }

  private unlink(s: number): void {
    const p = this.prev[s]!;
    const q = this.next[s]!;
    if (p >= 0) this.next[p] = q;
    else this.head = q;
    if (q >= 0) this.prev[q] = p;
    else this.tail = p;
  }

  private heapRemove(s: number): void {
    const i = this.heapPos[s]!;
    const last = this.heap[--this.heapSize]!;
    if (last === s) return;
    this.heap[i] = last;
    this.heapPos[last] = i;
    this.siftDown(i);
    this.siftUp(this.heapPos[last]!);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const s = h[i]!;
    const w = this.weight[s]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = h[parent]!;
      if (this.weight[ps]! >= w) break;
      h[i] = ps;
      this.heapPos[ps] = i;
      i = parent;
    }
    h[i] = s;
    this.heapPos[s] = i;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = this.heapSize;
    const s = h[i]!;
    const w = this.weight[s]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.weight[h[r]!]! > this.weight[h[l]!]!) c = r;
      if (this.weight[h[c]!]! <= w) break;
      h[i] = h[c]!;
      this.heapPos[h[i]!] = i;
      i = c;
    }
    h[i] = s;
    this.heapPos[s] = i;
  }
}
