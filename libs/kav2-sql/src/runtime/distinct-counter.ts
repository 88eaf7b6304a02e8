import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';

/** Up to this many distinct values the count is exact (SQL Reference, COUNT_DISTINCT_ITEMS_TUMBLING). */
export const EXACT_DISTINCT_LIMIT = 10_000;

const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** MurmurHash3 (x86, 32-bit) of a value's text, tagged with its JS type so 1 and '1' differ. */
const hash = (v: SqlValue): number => {
  const s = `${typeof v === 'string' ? 's' : typeof v === 'number' ? 'n' : 'b'}${String(v)}`;
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    let k = s.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= s.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

interface DistinctState {
  readonly exact?: readonly SqlValue[];
  readonly registers?: string;
}

/**
 * The count behind COUNT_DISTINCT_ITEMS_TUMBLING: exact (a set) up to 10,000 distinct values, as
 * the SQL Reference states, then HyperLogLog (2^14 registers, about 0.8% standard error) in
 * bounded memory. NULLs are not counted.
 */
export class DistinctCounter {
  private exact: Set<SqlValue> | undefined = new Set();
  private registers: Uint8Array | undefined;

  add(v: SqlValue): void {
    if (v === null) return;
    if (this.exact) {
      this.exact.add(v);
      if (this.exact.size <= EXACT_DISTINCT_LIMIT) return;
      this.registers = new Uint8Array(M);
      for (const x of this.exact) this.addHashed(x);
      this.exact = undefined;
      return;
    }
    this.addHashed(v);
  }

  private addHashed(v: SqlValue): void {
    const h = hash(v);
    const j = h >>> (32 - P);
    const rank = Math.clz32((h << P) | (1 << (P - 1))) + 1;
    if (rank > this.registers![j]!) this.registers![j] = rank;
  }

  /** The estimate, HyperLogLog with the small- and large-range corrections of Flajolet et al. */
  count(): number {
    if (this.exact) return this.exact.size;
    const r = this.registers!;
    let sum = 0;
    let zeros = 0;
    for (let j = 0; j < M; j++) {
      sum += 2 ** -r[j]!;
      if (r[j] === 0) zeros++;
    }
    let e = (ALPHA * M * M) / sum;
    if (e <= 2.5 * M && zeros > 0) e = M * Math.log(M / zeros);
    else if (e > 2 ** 32 / 30) e = -(2 ** 32) * Math.log(1 - e / 2 ** 32);
    return Math.round(e);
  }

  results(): SqlValue[][] {
    return [[this.count()]];
  }

  snapshot(): DistinctState {
    return this.exact ? { exact: [...this.exact] } : { registers: Buffer.from(this.registers!).toString('base64') };
  }

  restore(state: unknown): void {
    const s = state as DistinctState | null;
    if (s && Array.isArray(s.exact)) {
      this.exact = new Set(s.exact);
      this.registers = undefined;
    } else if (s && typeof s.registers === 'string') {
      const bytes = Buffer.from(s.registers, 'base64');
      if (bytes.length !== M) throw new SqlError('KAV2_INVALID_STATE', 'COUNT_DISTINCT_ITEMS_TUMBLING: HyperLogLog state has the wrong size');
      this.exact = undefined;
      this.registers = new Uint8Array(bytes);
    } else throw new SqlError('KAV2_INVALID_STATE', 'COUNT_DISTINCT_ITEMS_TUMBLING: not a distinct-count state');
  }
}
