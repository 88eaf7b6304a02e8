import { describe, expect, it } from 'vitest';
import { parseSeeds } from '../../src/commands/eval';
import { CliError } from '../../src/errors';
import { surv } from '../helpers/captured-io';

describe('surv eval', () => {
  it('scores detection over several seeds: recall per pattern, precision per rule, false alerts per look-alike', async () => {
    const r = await surv(['eval', '--seeds', '3,4', '--minutes', '2', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      seeds: number[];
      totals: { runs: number; unmatchedAlerts: number; patterns: Record<string, { scenarios: number; matched: number; recall: number }>; rules: Record<string, { precision: number }>; benign: Record<string, { scenarios: number; falseAlerts: number }> };
      perSeed: { seed: number; alerts: number }[];
    };
    expect(out.seeds).toEqual([3, 4]);
    expect(out.totals.runs).toBe(2);
    expect(Object.keys(out.totals.patterns).sort()).toEqual(['LAYERING', 'SPOOFING', 'WASH_CROSS_ACCOUNT', 'WASH_SELF_MATCH']);
    expect(Object.keys(out.totals.benign).sort()).toEqual(['BENIGN_ARBITRAGE', 'BENIGN_LARGE_CANCEL', 'BENIGN_MARKET_MAKER']);
    for (const p of Object.values(out.totals.patterns)) {
      expect(p.scenarios).toBeGreaterThan(0);
      expect(p.recall).toBeCloseTo(p.matched / p.scenarios);
    }
    // The goal, measured: every manipulation alerted, nothing else alerted.
    for (const [name, p] of Object.entries(out.totals.patterns)) expect(p.recall, name).toBe(1);
    for (const [name, r] of Object.entries(out.totals.rules)) expect(r.precision, name).toBe(1);
    for (const [name, b] of Object.entries(out.totals.benign)) expect(b.falseAlerts, name).toBe(0);
    expect(out.totals.unmatchedAlerts).toBe(0);
    // Summed over seeds, not averaged: each seed injects the same number of scenarios per kind.
    expect(out.totals.patterns['SPOOFING']!.scenarios % 2).toBe(0);
    expect(out.perSeed.map((s) => s.seed)).toEqual([3, 4]);
    expect(out.perSeed.every((s) => s.alerts > 0)).toBe(true);
  }, 60_000);

  it('prints the tables for people without --json', async () => {
    const r = await surv(['eval', '--seeds', '5', '--minutes', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^surv eval: seeds 5, 2 simulated minutes each$/m);
    expect(r.stdout).toMatch(/^ {2}manipulation pattern +injected +alerted +recall$/m);
    expect(r.stdout).toMatch(/^ {2}BENIGN_MARKET_MAKER +\d+ +\d+$/m);
  }, 60_000);

  it('parses seed lists and ranges, and refuses anything else as a usage error', () => {
    expect(parseSeeds(undefined)).toEqual([1, 2, 3]);
    expect(parseSeeds('7')).toEqual([7]);
    expect(parseSeeds('1-3,5,3')).toEqual([1, 2, 3, 5]);
    for (const bad of ['', 'a', '1,,2', '3-1', '-1', '1.5', '0-200']) {
      expect(() => parseSeeds(bad), bad).toThrow(CliError);
    }
  });
});
