// Bucket arrays of the engine's flat hash tables (SlotIndex, DistinctTable): an Int32Array of
// power-of-two length holding id + 1 per used bucket (0 when free), linear probing from each id's
// home bucket `hashes[id] & (length - 1)`.

export const EMPTY = 0;

/** Takes `id` out of `buckets`, pulling later entries of its probe run back into the hole (no tombstones). */
export const removeFromBuckets = (buckets: Int32Array, hashes: Int32Array, id: number): void => {
  const mask = buckets.length - 1;
  let hole = hashes[id]! & mask;
  while (buckets[hole] !== id + 1) hole = (hole + 1) & mask;
  for (let j = (hole + 1) & mask; buckets[j] !== EMPTY; j = (j + 1) & mask) {
    const home = hashes[buckets[j]! - 1]! & mask;
    // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      buckets[hole] = buckets[j]!;
      hole = j;
    }
  }
  buckets[hole] = EMPTY;
};

/** The same entries in new buckets of `capacity` (a power of two). */
export const rehashBuckets = (buckets: Int32Array, hashes: Int32Array, capacity: number): Int32Array<ArrayBuffer> => {
  const out = new Int32Array(capacity);
  const mask = capacity - 1;
  for (let b = 0; b < buckets.length; b++) {
    const e = buckets[b]!;
    if (e === EMPTY) continue;
    let j = hashes[e - 1]! & mask;
    while (out[j] !== EMPTY) j = (j + 1) & mask;
    out[j] = e;
  }
  return out;
};

/** A copy of `a` with room for at least `atLeast` entries (doubling). */
export const grownInt32 = (a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> => {
  const out = new Int32Array(Math.max(a.length * 2, atLeast));
  out.set(a);
  return out;
};
