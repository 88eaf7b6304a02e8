/** One benchmark result: a line for people, then a JSON line for CI (CONVENTIONS §10). */
export interface BenchFigures {
  readonly [metric: string]: number | string | boolean;
}

const human = (v: number | string | boolean): string =>
  typeof v !== 'number' ? String(v) : Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : Math.abs(v) >= 1e4 ? `${(v / 1e3).toFixed(0)}k` : Number.isInteger(v) ? String(v) : v.toFixed(2);

export const report = (name: string, scenario: string, figures: BenchFigures): void => {
  const line = Object.entries(figures).map(([k, v]) => `${k}=${human(v)}`).join(' ');
  console.log(`${name} ${scenario} ${line}`);
  console.log(JSON.stringify({ bench: name, scenario, ...figures }));
};

/** One timed run of a KDA SQL application: a warm-up run first, then the figures of the second. */
export const reportAppRun = (scenario: string, records: number, run: () => { seconds: number; out: number; stateBytes: number }): void => {
  run();
  const r = run();
  report('kav2-sql', scenario, {
    records,
    throughput_rps: Math.round(records / r.seconds),
    output_rows: r.out,
    state_bytes: r.stateBytes,
    heap_mb: heapMb(),
  });
};

/** Heap in MB after a GC when `--expose-gc` is on (run-all passes it). */
export const heapMb = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
};

/** Deterministic PRNG (mulberry32) so every run measures the same inputs. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
