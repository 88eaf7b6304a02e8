import { SqlError } from '../errors';

/** Seed of the machine-learning functions when the application gives none, so runs are reproducible. */
export const DEFAULT_RANDOM_SEED = 20160620;

/** Mixes a 32-bit value (splitmix32 finaliser): nearby seeds give unrelated streams. */
const mix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};

/**
 * A seed for one operator: the application's seed mixed with a label (pump name and stage), so two
 * forests of one application draw different cuts, and the same application always draws the same.
 */
export const deriveSeed = (seed: number, label: string): number => {
  let h = mix32(seed >>> 0);
  for (let i = 0; i < label.length; i++) h = mix32(h ^ label.charCodeAt(i));
  return h;
};

/**
 * xoshiro128** (Blackman and Vigna): 128 bits of state, period 2^128 - 1, a few integer operations
 * per draw. Its four words are the whole state, so a snapshot continues the same sequence.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    this.s0 = mix32(seed);
    this.s1 = mix32(this.s0);
    this.s2 = mix32(this.s1);
    this.s3 = mix32(this.s2);
    // An all-zero state would only ever give zeros.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in (0, 1): never 0 or 1, so log(-log(u)) is finite. */
  nextOpen(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  snapshot(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  restore(state: unknown): void {
    if (!Array.isArray(state) || state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new SqlError('KAV2_INVALID_STATE', 'not a random generator state (four 32-bit words)');
    }
    [this.s0, this.s1, this.s2, this.s3] = (state as number[]).map((w) => w | 0) as [number, number, number, number];
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
