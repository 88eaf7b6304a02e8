import { SqlError } from '../errors';
import { type SeededRandom } from './seeded-random';

/*
 * One tree of a Random Cut Forest (Guha, Mishra, Roy, Schrijvers, "Robust Random Cut Forest Based Anomaly
 * Detection on Streams", ICML 2016), kept up to date as its sample changes: a point is inserted by the
 * paper's streaming rule (at each node draw a cut on the node's box grown to hold the point; if the cut
 * separates the point from the box, the point becomes a new sibling there, else descend), and deleted by
 * splicing its sibling into its parent's place. Either way the tree has the distribution of a tree built
 * afresh on the sample.
 *
 * Scores follow the formulation of the open-source AWS library (random-cut-forest-by-aws, whose scores the
 * KDA functions report, e.g. ~0.7 for ordinary records and 3.9 for the Developer Guide's high blood
 * pressure): from the leaf where the point would land up to the root, the score is the probability that
 * a random cut would have separated the point at that depth, weighted by 1 / (depth + 1); a point already
 * in the sample scores 1 / (depth + log2(mass + 1)), damped by how much of the tree it is; the sum is
 * normalised by log2(tree mass + 1). Attribution splits the same sum per dimension and direction.
 *
 * Nodes live in typed arrays indexed by id (no object per node). A child reference is an internal node id
 * (>= 0) or `~leafId` (< 0). Equal points share a leaf whose mass counts them.
 */

const EMPTY = 0x7fffffff;

/** The state of a tree in a snapshot: its cuts, links and leaves; boxes, masses and parents are derived. */
export interface RandomCutTreeState {
  readonly root: number;
  readonly cutDim: number[];
  readonly cutValue: number[];
  readonly left: number[];
  readonly right: number[];
  readonly leafMass: number[];
  readonly leafPoint: number[];
}

/** Score of a point the tree does not hold, separated at `depth`. */
const scoreUnseen = (depth: number): number => 1 / (depth + 1);
/** Score of a point the tree holds `mass` times at `depth`. */
const scoreSeen = (depth: number, mass: number): number => 1 / (depth + Math.log2(mass + 1));
/** A duplicate that is a large part of the tree is less surprising still. */
const damp = (leafMass: number, treeMass: number): number => 1 - leafMass / (2 * treeMass);

export class RandomCutTree {
  private readonly cutDim: Int32Array;
  private readonly cutValue: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly parent: Int32Array;
  private readonly mass: Int32Array;
  private readonly boxMin: Float64Array;
  private readonly boxMax: Float64Array;
  private readonly leafPoint: Float64Array;
  private readonly leafMass: Int32Array;
  private readonly leafParent: Int32Array;
  private freeNodes: number[] = [];
  private freeLeaves: number[] = [];
  private root = EMPTY;
  /** Internal nodes from the root to the current point's leaf (scoring). */
  private readonly path: Int32Array;

  /** `capacity`: the most distinct points the tree holds (the sample size); `dim`: their dimensions. */
  constructor(readonly capacity: number, readonly dim: number) {
    this.cutDim = new Int32Array(capacity);
    this.cutValue = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.mass = new Int32Array(capacity);
    this.boxMin = new Float64Array(capacity * dim);
    this.boxMax = new Float64Array(capacity * dim);
    this.leafPoint = new Float64Array(capacity * dim);
    this.leafMass = new Int32Array(capacity);
    this.leafParent = new Int32Array(capacity);
    this.path = new Int32Array(capacity);
    this.resetFreeLists();
  }

  /** Number of points held (with repeats). */
  get size(): number {
    const r = this.root;
    return r === EMPTY ? 0 : r < 0 ? this.leafMass[~r]! : this.mass[r]!;
  }

  /** Adds a point; returns its leaf, which `delete` takes back. */
  insert(p: Float64Array, rng: SeededRandom): number {
    if (this.root === EMPTY) {
      const l = this.newLeaf(p);
      this.leafParent[l] = -1;
      this.root = ~l;
      return l;
    }
    const d = this.dim;
    let ref = this.root;
    let parentId = -1;
    let goLeft = false;
    for (;;) {
      // The box of `ref`: a node's box, or a leaf's point.
      const isLeaf = ref < 0;
      const box = isLeaf ? ~ref : ref;
      const lo = isLeaf ? this.leafPoint : this.boxMin;
      const hi = isLeaf ? this.leafPoint : this.boxMax;
      const o = box * d;
      if (isLeaf && this.samePoint(o, p)) {
        this.leafMass[box]!++;
        return box;
      }
      // A cut on the box grown to hold p, each dimension chosen in proportion to its range.
      let total = 0;
      for (let i = 0; i < d; i++) total += Math.max(hi[o + i]!, p[i]!) - Math.min(lo[o + i]!, p[i]!);
      let r = rng.next() * total;
      let dimension = -1;
      let cut = 0;
      let lastRanged = 0;
      for (let i = 0; i < d; i++) {
        const min = Math.min(lo[o + i]!, p[i]!);
        const range = Math.max(hi[o + i]!, p[i]!) - min;
        if (range <= 0) continue;
        lastRanged = i;
        if (r < range) {
          dimension = i;
          cut = min + r;
          break;
        }
        r -= range;
      }
      if (dimension < 0) {
        // Rounding left r at the very end of the ranges.
        dimension = lastRanged;
        cut = Math.min(lo[o + dimension]!, p[dimension]!);
      }
      const maxD = Math.max(hi[o + dimension]!, p[dimension]!);
      if (cut >= maxD) cut = Math.min(lo[o + dimension]!, p[dimension]!);
      const v = p[dimension]!;
      const separates = (v < lo[o + dimension]! && cut < lo[o + dimension]!) || (v > hi[o + dimension]! && cut >= hi[o + dimension]!);
      if (separates) return this.splitAbove(ref, parentId, goLeft, dimension, cut, p, lo, hi, o);
      // Any cut between two distinct points separates them; only a non-finite coordinate gets here.
      if (isLeaf) throw new SqlError('KAV2_RUNTIME', `RANDOM_CUT_FOREST: cannot place point [${Array.from(p).join(', ')}]`);
      // Not cut off here: p joins this node's subtree, whose box and mass grow now.
      const n = ref;
      this.mass[n]!++;
      for (let i = 0; i < d; i++) {
        if (p[i]! < this.boxMin[o + i]!) this.boxMin[o + i] = p[i]!;
        if (p[i]! > this.boxMax[o + i]!) this.boxMax[o + i] = p[i]!;
      }
      parentId = n;
      goLeft = p[this.cutDim[n]!]! <= this.cutValue[n]!;
      ref = goLeft ? this.left[n]! : this.right[n]!;
    }
  }

  /** Removes one occurrence of the point at leaf `l`. */
  delete(l: number): void {
    if (this.leafMass[l]! > 1) {
      this.leafMass[l]!--;
      for (let n = this.leafParent[l]!; n !== -1; n = this.parent[n]!) this.mass[n]!--;
      return;
    }
    this.leafMass[l] = 0;
    this.freeLeaves.push(l);
    const p = this.leafParent[l]!;
    if (p === -1) {
      this.root = EMPTY;
      return;
    }
    const sibling = this.left[p] === ~l ? this.right[p]! : this.left[p]!;
    const g = this.parent[p]!;
    this.setParent(sibling, g);
    if (g === -1) this.root = sibling;
    else if (this.left[g] === p) this.left[g] = sibling;
    else this.right[g] = sibling;
    this.freeNodes.push(p);
    // Ancestors lose one point; their boxes shrink until one is unchanged (those above are unions of it).
    let boxes = true;
    for (let n = g; n !== -1; n = this.parent[n]!) {
      this.mass[n]!--;
      if (boxes) boxes = this.refitBox(n);
    }
  }

  /** Anomaly score of `p` in this tree (normalised; 0 for an empty tree). */
  score(p: Float64Array): number {
    if (this.root === EMPTY) return 0;
    const treeMass = this.size;
    const d = this.dim;
    const leaf = this.descend(p);
    const depth = this.depth;
    if (this.samePoint(leaf * d, p)) {
      const m = this.leafMass[leaf]!;
      return damp(m, treeMass) * scoreSeen(depth, m) * Math.log2(treeMass + 1);
    }
    let score = scoreUnseen(depth);
    for (let k = depth - 1; k >= 0; k--) {
      const o = this.path[k]! * d;
      const gap = this.gapToBox(o, p);
      const range = this.grownRange;
      // Inside this box, so inside every box above it: nothing above can separate p earlier.
      if (gap <= 0) break;
      const sep = gap / range;
      score = sep * scoreUnseen(k) + (1 - sep) * score;
    }
    return score * Math.log2(treeMass + 1);
  }

  /** Nodes on the path `descend` took, root first (in `path`). */
  private depth = 0;

  /** Follows the cuts from the root to the leaf `p` falls in, recording the nodes in `path`; returns the leaf. */
  private descend(p: Float64Array): number {
    let depth = 0;
    let ref = this.root;
    while (ref >= 0) {
      this.path[depth++] = ref;
      ref = p[this.cutDim[ref]!]! <= this.cutValue[ref]! ? this.left[ref]! : this.right[ref]!;
    }
    this.depth = depth;
    return ~ref;
  }

  /** Sum over dimensions of the range of box `o` (at boxMin/boxMax[o]) grown to take in `p`, set by gapToBox. */
  private grownRange = 0;

  /** How far `p` lies outside box `o`, summed over dimensions (0 inside); sets `grownRange`. */
  private gapToBox(o: number, p: Float64Array): number {
    let gap = 0;
    let range = 0;
    for (let i = 0; i < this.dim; i++) {
      const v = p[i]!;
      const lo = this.boxMin[o + i]!;
      const hi = this.boxMax[o + i]!;
      if (v > hi) {
        gap += v - hi;
        range += v - lo;
      } else if (v < lo) {
        gap += lo - v;
        range += hi - v;
      } else range += hi - lo;
    }
    this.grownRange = range;
    return gap;
  }

  /**
   * The score of `p` split per dimension and direction: adds to `high[i]` the part due to p lying above
   * the sample in dimension i, to `low[i]` the part below. Over all i, high + low is `score(p)`.
   */
  attribute(p: Float64Array, high: Float64Array, low: Float64Array, scratchHigh: Float64Array, scratchLow: Float64Array): void {
    if (this.root === EMPTY) return;
    const treeMass = this.size;
    const d = this.dim;
    const leaf = this.descend(p);
    const depth = this.depth;
    const norm = Math.log2(treeMass + 1);
    const lo0 = leaf * d;
    if (this.samePoint(lo0, p)) {
      // A point of the sample: no direction stands out, so the score is shared evenly.
      const m = this.leafMass[leaf]!;
      const share = (damp(m, treeMass) * scoreSeen(depth, m) * norm) / (2 * d);
      for (let i = 0; i < d; i++) {
        high[i]! += share;
        low[i]! += share;
      }
      return;
    }
    const h = scratchHigh;
    const l = scratchLow;
    const leafScore = scoreUnseen(depth);
    let spread = 0;
    for (let i = 0; i < d; i++) spread += Math.abs(p[i]! - this.leafPoint[lo0 + i]!);
    for (let i = 0; i < d; i++) {
      const diff = p[i]! - this.leafPoint[lo0 + i]!;
      h[i] = diff > 0 ? (leafScore * diff) / spread : 0;
      l[i] = diff < 0 ? (leafScore * -diff) / spread : 0;
    }
    for (let k = depth - 1; k >= 0; k--) {
      const o = this.path[k]! * d;
      const gap = this.gapToBox(o, p);
      const range = this.grownRange;
      if (gap <= 0) break;
      const sep = gap / range;
      const s = scoreUnseen(k) / range;
      for (let i = 0; i < d; i++) {
        const v = p[i]!;
        const lo = this.boxMin[o + i]!;
        const hi = this.boxMax[o + i]!;
        h[i] = (v > hi ? (v - hi) * s : 0) + (1 - sep) * h[i]!;
        l[i] = (v < lo ? (lo - v) * s : 0) + (1 - sep) * l[i]!;
      }
    }
    for (let i = 0; i < d; i++) {
      high[i]! += h[i]! * norm;
      low[i]! += l[i]! * norm;
    }
  }

  snapshot(): RandomCutTreeState {
    return {
      root: this.root,
      cutDim: Array.from(this.cutDim),
      cutValue: Array.from(this.cutValue),
      left: Array.from(this.left),
      right: Array.from(this.right),
      leafMass: Array.from(this.leafMass),
      leafPoint: Array.from(this.leafPoint),
    };
  }

  restore(state: unknown): void {
    const s = state as Partial<RandomCutTreeState> | null;
    const n = this.capacity;
    const arrays = s && [s.cutDim, s.cutValue, s.left, s.right, s.leafMass];
    if (!s || typeof s.root !== 'number' || !arrays!.every((a) => Array.isArray(a) && a.length === n)
      || !Array.isArray(s.leafPoint) || s.leafPoint.length !== n * this.dim) {
      throw new SqlError('KAV2_INVALID_STATE', 'RANDOM_CUT_FOREST: not a tree state of this size');
    }
    this.cutDim.set(s.cutDim!);
    this.cutValue.set(s.cutValue!);
    this.left.set(s.left!);
    this.right.set(s.right!);
    this.leafMass.set(s.leafMass!);
    this.leafPoint.set(s.leafPoint);
    this.root = s.root;
    // Parents, masses and boxes follow from the links and leaves; ids nothing reaches are free.
    const usedNodes = new Uint8Array(n);
    const usedLeaves = new Uint8Array(n);
    if (this.root !== EMPTY) {
      this.setParent(this.root, -1);
      this.rebuild(this.root, usedNodes, usedLeaves);
    }
    this.freeNodes = [];
    this.freeLeaves = [];
    for (let i = n - 1; i >= 0; i--) {
      if (!usedNodes[i]) this.freeNodes.push(i);
      if (!usedLeaves[i]) {
        this.leafMass[i] = 0;
        this.freeLeaves.push(i);
      }
    }
  }

  private rebuild(ref: number, usedNodes: Uint8Array, usedLeaves: Uint8Array): void {
    const n = this.capacity;
    // Iterative post-order: children's boxes before their parent's.
    const stack: number[] = [ref];
    const order: number[] = [];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (r < 0) {
        const l = ~r;
        if (l >= n || usedLeaves[l] || this.leafMass[l]! < 1) throw this.corrupt();
        usedLeaves[l] = 1;
        continue;
      }
      if (r >= n || usedNodes[r]) throw this.corrupt();
      usedNodes[r] = 1;
      order.push(r);
      const c = this.cutDim[r]!;
      if (c < 0 || c >= this.dim) throw this.corrupt();
      for (const child of [this.left[r]!, this.right[r]!]) {
        this.setParent(child, r);
        stack.push(child);
      }
    }
    for (let k = order.length - 1; k >= 0; k--) {
      const id = order[k]!;
      this.mass[id] = this.massOf(this.left[id]!) + this.massOf(this.right[id]!);
      this.refitBox(id);
    }
  }

  private corrupt(): SqlError {
    return new SqlError('KAV2_INVALID_STATE', 'RANDOM_CUT_FOREST: the tree state does not form a tree');
  }

  private resetFreeLists(): void {
    this.freeNodes = [];
    this.freeLeaves = [];
    for (let i = this.capacity - 1; i >= 0; i--) {
      this.freeNodes.push(i);
      this.freeLeaves.push(i);
    }
  }

  private samePoint(o: number, p: Float64Array): boolean {
    for (let i = 0; i < this.dim; i++) if (this.leafPoint[o + i] !== p[i]) return false;
    return true;
  }

  private newLeaf(p: Float64Array): number {
    const l = this.freeLeaves.pop();
    if (l === undefined) throw new SqlError('KAV2_RUNTIME', 'RANDOM_CUT_FOREST: a tree holds more points than its sample size');
    this.leafPoint.set(p, l * this.dim);
    this.leafMass[l] = 1;
    return l;
  }

  private massOf(ref: number): number {
    return ref < 0 ? this.leafMass[~ref]! : this.mass[ref]!;
  }

  private setParent(ref: number, parentId: number): void {
    if (ref < 0) this.leafParent[~ref] = parentId;
    else this.parent[ref] = parentId;
  }

  /** A new node cutting `ref` (whose box is lo/hi at o) from p, in ref's place; returns p's new leaf. */
  private splitAbove(
    ref: number, parentId: number, wasLeft: boolean, dimension: number, cut: number,
    p: Float64Array, lo: Float64Array, hi: Float64Array, o: number,
  ): number {
    const id = this.freeNodes.pop();
    if (id === undefined) throw new SqlError('KAV2_RUNTIME', 'RANDOM_CUT_FOREST: a tree holds more points than its sample size');
    const leaf = this.newLeaf(p);
    const d = this.dim;
    const b = id * d;
    for (let i = 0; i < d; i++) {
      this.boxMin[b + i] = Math.min(lo[o + i]!, p[i]!);
      this.boxMax[b + i] = Math.max(hi[o + i]!, p[i]!);
    }
    this.cutDim[id] = dimension;
    this.cutValue[id] = cut;
    if (p[dimension]! <= cut) {
      this.left[id] = ~leaf;
      this.right[id] = ref;
    } else {
      this.left[id] = ref;
      this.right[id] = ~leaf;
    }
    this.mass[id] = this.massOf(ref) + 1;
    this.parent[id] = parentId;
    this.setParent(ref, id);
    this.leafParent[leaf] = id;
    if (parentId === -1) this.root = id;
    else if (wasLeft) this.left[parentId] = id;
    else this.right[parentId] = id;
    return leaf;
  }

  /** Recomputes node n's box from its children; false when it did not change. */
  private refitBox(n: number): boolean {
    const d = this.dim;
    const o = n * d;
    const a = this.left[n]!;
    const b = this.right[n]!;
    const aLo = a < 0 ? this.leafPoint : this.boxMin;
    const aHi = a < 0 ? this.leafPoint : this.boxMax;
    const bLo = b < 0 ? this.leafPoint : this.boxMin;
    const bHi = b < 0 ? this.leafPoint : this.boxMax;
    const ao = (a < 0 ? ~a : a) * d;
    const bo = (b < 0 ? ~b : b) * d;
    let changed = false;
    for (let i = 0; i < d; i++) {
      const min = Math.min(aLo[ao + i]!, bLo[bo + i]!);
      const max = Math.max(aHi[ao + i]!, bHi[bo + i]!);
      if (min !== this.boxMin[o + i] || max !== this.boxMax[o + i]) changed = true;
      this.boxMin[o + i] = min;
      this.boxMax[o + i] = max;
    }
    return changed;
  }
}
