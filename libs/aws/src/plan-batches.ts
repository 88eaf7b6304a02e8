/** Limits a batch planner honours; may be set below the service limits, never above. */
export interface BatchLimits {
  readonly maxRecordsPerCall: number;
  readonly maxBytesPerCall: number;
}

/**
 * Splits items (given by their sizes, in order) into consecutive batches that each stay within the count
 * and byte limits. Every size must already be <= `maxBytesPerCall`. Returns the item indices of each batch.
 */
export const planBatches = (sizes: readonly number[], limits: BatchLimits): number[][] => {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, index) => {
    if (current.length > 0 && (current.length >= limits.maxRecordsPerCall || bytes + size > limits.maxBytesPerCall)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
};
