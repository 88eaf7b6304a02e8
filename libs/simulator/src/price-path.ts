import { Prng } from './prng';
import type { SymbolSpec } from './universe';

const STEP_MS = 60_000;

/**
 * The fair price of every symbol over time: a random walk with one step per minute (per-minute volatility
 * from the symbol), interpolated linearly inside the minute. Background quotes wander around it and
 * scenarios read it, so manipulations happen at the prices the market trades at. Each symbol has its own
 * generator and its path grows lazily, so the result does not depend on the order of the questions.
 */
export class PricePath {
  private readonly paths: number[][];
  private readonly rngs: Prng[];

  constructor(seed: number, private readonly symbols: readonly SymbolSpec[], private readonly startMs: number) {
    this.paths = symbols.map((s) => [s.startPrice]);
    this.rngs = symbols.map((_, i) => new Prng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0));
  }

  /** Fair price of symbol `index` at `timeMs`. */
  midAt(index: number, timeMs: number): number {
    const s = this.symbols[index] as SymbolSpec;
    const path = this.paths[index] as number[];
    const rng = this.rngs[index] as Prng;
    const x = Math.max(0, (timeMs - this.startMs) / STEP_MS);
    const k = Math.floor(x);
    while (path.length < k + 2) {
      const last = path[path.length - 1] as number;
      path.push(Math.max(s.tick * 20, last * Math.exp(rng.normal() * s.minuteVolatility)));
    }
    const a = path[k] as number;
    const b = path[k + 1] as number;
    return a + (b - a) * (x - k);
  }
}
