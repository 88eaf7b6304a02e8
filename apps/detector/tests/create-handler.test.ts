import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { AlertSchema, isSurvError, type Alert } from '@surv/domain';
import { simulateMarket } from '@surv/simulator';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDetectorHandler } from '../src/create-handler';
import { parseEnv } from '../src/env';
import { decodeWindowState, encodeWindowState } from '../src/window-state';
import { kinesisEvent, type FixtureRecord } from '../../../tools/testing/kinesis-event';

const kinesis = mockClient(KinesisClient);
const logger = new Logger({ serviceName: 'detector', logLevel: 'SILENT' });
const metrics = new Metrics({ serviceName: 'detector', namespace: 'surv-test' });
const make = (stateMaxBytes = '900000') =>
  createDetectorHandler({ env: parseEnv({ ALERT_STREAM_NAME: 'surv-alerts', STATE_MAX_BYTES: stateMaxBytes }), awsEnv: { AWS_REGION: 'us-east-1' }, logger, metrics });

// Two minutes of a small market with one self-match wash trade and one spoofing burst.
const market = simulateMarket({
  seed: 7, startTime: '2026-11-25T07:00:00.000Z', durationMs: 120_000, eventsPerSecond: 3, symbols: 3, accounts: 20,
  manipulations: { spoofing: 1, layering: 0, washSelfMatch: 1, washCrossAccount: 0, benignMarketMaker: 0, benignArbitrage: 0, benignLargeCancel: 0 },
});
const records: FixtureRecord[] = market.events.map((e, i) => ({
  data: JSON.stringify(e), sequenceNumber: String(1000 + i), partitionKey: e.symbol, arrivalMs: Date.parse('2026-11-25T07:03:00Z'),
}));
const WINDOW = { start: '2026-11-25T07:00:00Z', end: '2026-11-25T07:05:00Z' };
const invoke = (recs: FixtureRecord[], state: Record<string, unknown>, final: boolean) =>
  kinesisEvent(recs, { window: WINDOW, state, shardId: 'shardId-000000000000', isFinalInvokeForWindow: final, isWindowTerminatedEarly: false });

const written = (): Alert[] =>
  kinesis.commandCalls(PutRecordsCommand).flatMap((c) => c.args[0].input.Records!.map((r) => AlertSchema.parse(JSON.parse(Buffer.from(r.Data!).toString()))));

describe('detector handler (tumbling window)', () => {
  beforeEach(() => {
    kinesis.reset();
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
      FailedRecordCount: 0, Records: input.Records!.map((_, i) => ({ SequenceNumber: String(i), ShardId: 'shardId-000000000000' })),
    }));
  });

  it('raises the injected manipulations when the whole window arrives in one final invocation', async () => {
    const res = await make()(invoke(records, {}, true));
    expect(res).toEqual({ state: {}, batchItemFailures: [] });
    const rules = new Set(written().map((a) => a.rule));
    expect(rules.has('WASH_TRADE')).toBe(true);
    expect(kinesis.commandCalls(PutRecordsCommand)[0]!.args[0].input.StreamName).toBe('surv-alerts');
  });

  it('gives the same alerts when the window is split over invocations carrying the state', async () => {
    await make()(invoke(records, {}, true));
    const whole = written().map((a) => a.alert_id).sort();
    kinesis.resetHistory();

    const detect = make();
    const third = Math.ceil(records.length / 3);
    let state: Record<string, unknown> = {};
    for (const [i, part] of [records.slice(0, third), records.slice(third, 2 * third), records.slice(2 * third)].entries()) {
      const res = await detect(invoke(part, state, false));
      state = res.state;
      if (i < 2) expect(decodeWindowState(state)).toBeDefined();
    }
    const final = await detect(invoke([], state, true));
    expect(final.state).toEqual({});
    expect(written().map((a) => a.alert_id).sort()).toEqual(whole);
    expect(whole.length).toBeGreaterThan(0);
  });

  it('flushes early instead of returning a state above the limit', async () => {
    const res = await make('1024')(invoke(records.slice(0, Math.ceil(records.length / 2)), {}, false));
    expect(res.state).toEqual({});
    for (const a of written()) expect(AlertSchema.safeParse(a).success).toBe(true);
  });

  it('keeps the carried state compact (gzip) and well under the Lambda cap', async () => {
    const res = await make()(invoke(records, {}, false));
    const bytes = Buffer.byteLength(JSON.stringify(res.state));
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(900_000);
  });

  it('fails the invocation when alerts cannot be written, so Lambda retries with the old state', async () => {
    kinesis.on(PutRecordsCommand).rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException', $fault: 'client' }));
    const err = await make()(invoke(records, {}, true)).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('PIPELINE_WRITE_FAILED');
  });

  it('refuses a state it did not write', async () => {
    const err = await make()(invoke(records.slice(0, 5), { v: 1, app: 'bm90IGd6aXA=' }, false)).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('DETECTOR_INVALID_STATE');
  });

  it('goes on without a state taken by another version of the application (a deploy mid-window) instead of failing forever', async () => {
    const detect = make();
    const first = await detect(invoke(records.slice(0, 50), {}, false));
    const snapshot = decodeWindowState(first.state)!;
    const foreign = encodeWindowState({ ...snapshot, fingerprint: '00000000' }).state;
    const res = await detect(invoke(records.slice(50), foreign, true));
    expect(res).toEqual({ state: {}, batchItemFailures: [] });
    expect(written().some((a) => a.rule === 'WASH_TRADE')).toBe(true);
  });

  it('accepts the empty final invocation Lambda sends when a window ends without records', async () => {
    expect(await make()(invoke([], {}, true))).toEqual({ state: {}, batchItemFailures: [] });
  });
});
