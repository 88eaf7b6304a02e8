import { describe, expect, it } from 'vitest';
import { isSurvError } from '@surv/domain';
import { DEFAULT_SCENARIO_COUNTS, resolveSimulationOptions } from '@surv/simulator';

describe('resolveSimulationOptions', () => {
  it('applies the documented defaults', () => {
    const o = resolveSimulationOptions();
    expect(o).toMatchObject({ seed: 42, durationMs: 600_000, symbols: 20, accounts: 200, eventsPerSecond: 50, tradeReporting: 'both-sides', badRecordRate: 0 });
    expect(o.startMs).toBe(Date.parse('2024-03-04T15:00:00.000Z'));
    expect(o.scenarioCounts).toEqual(DEFAULT_SCENARIO_COUNTS);
  });

  it('turns scenarios off with manipulations: false and overrides single counts', () => {
    expect(Object.values(resolveSimulationOptions({ manipulations: false }).scenarioCounts).every((n) => n === 0)).toBe(true);
    expect(resolveSimulationOptions({ manipulations: { spoofing: 7 } }).scenarioCounts).toEqual({ ...DEFAULT_SCENARIO_COUNTS, spoofing: 7 });
  });

  it.each([
    [{ seed: -1 }, 'seed'],
    [{ eventsPerSecond: 0 }, 'eventsPerSecond'],
    [{ startTime: 'noon' }, 'startTime'],
    [{ durationMs: 30_000 }, 'durationMs'],
    [{ symbols: ['A', 'A'] }, 'symbols'],
    [{ badRecordRate: 2 }, 'badRecordRate'],
  ])('rejects %j with a typed error naming %s', (bad, field) => {
    try {
      resolveSimulationOptions(bad as never);
      expect.unreachable();
    } catch (e) {
      expect(isSurvError(e)).toBe(true);
      expect((e as { code: string }).code).toBe('SIMULATOR_OPTIONS_INVALID');
      expect((e as Error).message).toContain(field);
    }
  });
});
