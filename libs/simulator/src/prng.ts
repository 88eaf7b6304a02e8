/**
 * A small seeded PRNG (mulberry32): 32-bit state, fast, and identical on every platform, so one seed
 * always gives byte-identical simulations. Not cryptographic.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so nearby seeds (1, 2, 3) start far apart.
    let s = (seed >>> 0) ^ 0x6d2b79f5;
    s = Math.imul(s ^ (s >>> 15), s | 1);
    this.state = s >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential with the given mean (inter-arrival times of a Poisson process). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A new generator whose sequence is independent of this one's further use. */
  fork(salt: number): Prng {
    return new Prng((Math.floor(this.next() * 4294967296) ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
  }
}

/** Index drawn from cumulative weights (ascending, last = total). */
export const pickCumulative = (rng: Prng, cumulative: readonly number[]): number => {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const x = rng.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

/** Running sums of weights, for `pickCumulative`. */
export const cumulate = (weights: readonly number[]): number[] => {
  let sum = 0;
  return weights.map((w) => (sum += w));
};
