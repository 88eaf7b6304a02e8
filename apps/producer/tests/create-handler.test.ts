import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { isSurvError, parseMarketEvent } from '@surv/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createProducerHandler } from '../src/create-handler';
import { parseEnv } from '../src/env';
import { intervalSimulation } from '../src/interval-simulation';

const kinesis = mockClient(KinesisClient);
const logger = new Logger({ serviceName: 'producer', logLevel: 'SILENT' });
const metrics = new Metrics({ serviceName: 'producer', namespace: 'surv-test' });
const env = parseEnv({ MARKET_STREAM_NAME: 'surv-market', EVENTS_PER_SECOND: '5', SYMBOLS: '4', BAD_RECORD_RATE: '0.05' });
const make = () => createProducerHandler({ env, awsEnv: { AWS_REGION: 'us-east-1' }, logger, metrics });
const at = (iso: string) => ({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: iso });

const sent = () => kinesis.commandCalls(PutRecordsCommand).flatMap((c) => c.args[0].input.Records!);

describe('producer handler', () => {
  beforeEach(() => {
    kinesis.reset();
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
      FailedRecordCount: 0, Records: input.Records!.map((_, i) => ({ SequenceNumber: String(i), ShardId: 'shardId-000000000000' })),
    }));
  });

  it('writes the interval that just ended, keyed by symbol, with bad records interleaved', async () => {
    const summary = await make()(at('2026-11-25T07:01:10Z'));
    expect(summary).toMatchObject({ intervalStart: '2026-11-25T07:00:00.000Z', intervalEnd: '2026-11-25T07:01:00.000Z' });
    const records = sent();
    expect(records).toHaveLength(summary.records);
    expect(summary.badRecords).toBeGreaterThan(0);
    let good = 0;
    for (const r of records) {
      const parsed = parseMarketEvent(r.Data!, { nowMs: Date.parse('2026-11-25T07:01:10Z') });
      if (!parsed.ok) continue;
      good += 1;
      expect(r.PartitionKey).toBe(parsed.event.symbol);
      expect(parsed.eventTimeMs).toBeGreaterThanOrEqual(Date.parse('2026-11-25T07:00:00Z'));
      expect(parsed.eventTimeMs).toBeLessThan(Date.parse('2026-11-25T07:01:00Z'));
      expect(parsed.event.event_id.startsWith('20261125T070000-')).toBe(true);
    }
    expect(good).toBe(summary.records - summary.badRecords);
    expect(kinesis.commandCalls(PutRecordsCommand)[0]!.args[0].input.StreamName).toBe('surv-market');
  });

  it('re-sends exactly the same records for the same interval and different ones for the next', async () => {
    await make()(at('2026-11-25T07:01:10Z'));
    const first = sent().map((r) => Buffer.from(r.Data!).toString());
    kinesis.resetHistory();
    await make()(at('2026-11-25T07:01:50Z'));
    expect(sent().map((r) => Buffer.from(r.Data!).toString())).toEqual(first);
    kinesis.resetHistory();
    await make()(at('2026-11-25T07:02:10Z'));
    const idOf = (line: string): string | undefined => {
      const parsed = parseMarketEvent(line, { nowMs: Date.parse('2026-11-25T08:00:00Z') });
      return parsed.ok ? parsed.event.event_id : undefined;
    };
    const ids = new Set(first.map(idOf).filter((id) => id !== undefined));
    const next = sent().map((r) => idOf(Buffer.from(r.Data!).toString())).filter((id) => id !== undefined);
    expect(next.length).toBeGreaterThan(0);
    expect(next.filter((id) => ids.has(id))).toEqual([]);
  });

  it('fails the invocation with the writer error when Kinesis keeps refusing records', async () => {
    kinesis.on(PutRecordsCommand).rejects(Object.assign(new Error('no such stream'), { name: 'ResourceNotFoundException', $fault: 'client' }));
    const err = await make()(at('2026-11-25T07:01:10Z')).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('KINESIS_PUT_INCOMPLETE');
  });

  it('refuses short intervals when manipulations are on', () => {
    expect(() => parseEnv({ MARKET_STREAM_NAME: 's', INTERVAL_MS: '10000' })).toThrow(/MANIPULATIONS=false/);
    expect(parseEnv({ MARKET_STREAM_NAME: 's', INTERVAL_MS: '10000', MANIPULATIONS: 'false' }).INTERVAL_MS).toBe(10_000);
  });

  it('derives different seeds for neighbouring intervals', () => {
    const a = intervalSimulation({ invokedAtMs: Date.parse('2026-11-25T07:01:00Z'), intervalMs: 60_000 });
    const b = intervalSimulation({ invokedAtMs: Date.parse('2026-11-25T07:02:00Z'), intervalMs: 60_000 });
    expect(a.seed).not.toBe(b.seed);
    expect(b.startMs - a.startMs).toBe(60_000);
  });
});
