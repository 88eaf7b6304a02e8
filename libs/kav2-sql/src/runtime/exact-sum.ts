/**
 * The exact sum of a multiset of doubles that values can be added to and removed from, as Shewchuk's
 * non-overlapping partials (the algorithm of Python's math.fsum). A sliding SUM that subtracts evicted
 * values from a plain running double drifts; these partials hold the frame's sum without any rounding, so
 * `value()` is the correctly rounded sum of exactly the values still in the frame, whatever was added and
 * removed before. That is what a left-to-right scan gives whenever the scan itself does not round (integers,
 * and fractions whose partial sums fit in 53 bits), and the nearer of the two to the true sum otherwise.
 *
 * Finite values only, below 2^970 in magnitude, so no partial can overflow (the caller scans otherwise).
 */
export class ExactSum {
  /** Non-zero, non-overlapping, increasing in magnitude. */
  private readonly partials: number[] = [];

  add(v: number): void {
    const p = this.partials;
    let x = v;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      // Two-sum: hi + lo is exactly x + y.
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    if (x !== 0) p.push(x);
  }

  remove(v: number): void {
    this.add(-v);
  }

  /** The exact sum rounded to the nearest double (ties to even); 0 when empty. */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    // Sum from the top while it stays exact.
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half-even across partials: a lower partial of lo's sign breaks a tie upward.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  clear(): void {
    this.partials.length = 0;
  }
}
