import 'aws-sdk-client-mock-vitest/extend';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { AlertSchema, alertId, type Alert } from '@surv/domain';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AwsAdapterError, EVIDENCE_ORIGINAL_BYTES_KEY, EVIDENCE_TRUNCATED_KEY, SNS_MAX_MESSAGE_BYTES, SnsAlertNotifier, buildSnsAlertMessage,
} from '@surv/aws';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:surv-alerts';
const alert = (n: number, evidence: Alert['evidence'] = { ratio: 0.5 }, symbol = 'AAPL'): Alert => ({
  alert_id: alertId({ rule: 'SPOOFING', symbol, key: `ACC-${n}`, windowStart: '2024-01-02T03:00:00.000Z', windowEnd: '2024-01-02T03:01:00.000Z' }),
  rule: 'SPOOFING', severity: 'HIGH', symbol, account_id: `ACC-${n}`,
  window_start: '2024-01-02T03:00:00.000Z', window_end: '2024-01-02T03:01:00.000Z', evidence, detected_at: '2024-01-02T03:01:05.000Z',
});
const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('buildSnsAlertMessage', () => {
  it('sends a small alert verbatim with rule and severity attributes', () => {
    const m = buildSnsAlertMessage(alert(1));
    expect(m?.truncated).toBe(false);
    expect(JSON.parse(m?.message as string)).toEqual(alert(1));
    expect(m?.attributes).toEqual({ rule: { DataType: 'String', StringValue: 'SPOOFING' }, severity: { DataType: 'String', StringValue: 'HIGH' } });
  });

  it('always fits the limit, keeps every top-level field, marks truncation, and stays a valid alert', () => {
    const value = fc.oneof(fc.string({ maxLength: 4000, unit: 'binary' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), value, { maxKeys: 30 }), fc.integer({ min: 1024, max: 20_000 }), (evidence, max) => {
      const a = alert(2, evidence);
      const m = buildSnsAlertMessage(a, max);
      if (m === undefined) return;
      expect(m.size).toBeLessThanOrEqual(max);
      expect(utf8(m.message) + utf8('ruleStringSPOOFINGseverityStringHIGH')).toBe(m.size);
      const parsed = JSON.parse(m.message) as Alert;
      expect({ ...parsed, evidence: undefined }).toEqual({ ...a, evidence: undefined });
      expect(AlertSchema.safeParse(parsed).success).toBe(true);
      if (m.truncated) expect(parsed.evidence[EVIDENCE_TRUNCATED_KEY]).toBe(true);
      else expect(parsed).toEqual(JSON.parse(JSON.stringify(a))); // JSON has no -0
    }), { numRuns: 150 });
  });

  it('keeps the small evidence fields whole and cuts the long string when an alert exceeds 256 KiB', () => {
    const big = alert(3, { order_ids: 'é'.repeat(200_000), cancel_ratio: 0.97, layers: 4 });
    const m = buildSnsAlertMessage(big);
    const parsed = JSON.parse(m?.message as string) as Alert;
    expect(m?.size).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(m?.size).toBeGreaterThan(SNS_MAX_MESSAGE_BYTES - 64); // cut close to the limit, not wastefully
    expect(parsed.evidence).toMatchObject({ cancel_ratio: 0.97, layers: 4, [EVIDENCE_TRUNCATED_KEY]: true, [EVIDENCE_ORIGINAL_BYTES_KEY]: utf8(JSON.stringify(big.evidence)) });
    expect(String(parsed.evidence.order_ids)).toMatch(/^é+$/);
  });

  it('gives up only when the alert cannot fit even without evidence', () => {
    expect(buildSnsAlertMessage(alert(4, {}, 'S'.repeat(300_000)))).toBeUndefined();
  });
});

describe('SnsAlertNotifier (mocked SNS)', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: { Id: string }[] }) => ({
      Successful: input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })), Failed: [],
    }));
  });
  const notifier = (topicArn = TOPIC) => new SnsAlertNotifier({ client: new SNSClient({ region: 'us-east-1' }), topicArn, retry: { sleep: async () => {} } });

  it('keeps every PublishBatch call within 10 entries and 256 KiB in total', async () => {
    const alerts = Array.from({ length: 45 }, (_, n) => alert(n, { detail: 'd'.repeat(n % 5 === 0 ? 90_000 : 500) }));
    await notifier().notify(alerts);
    const calls = sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input.PublishBatchRequestEntries ?? []);
    for (const entries of calls) {
      expect(entries.length).toBeLessThanOrEqual(10);
      const total = entries.reduce((n, e) => n + utf8(e.Message as string) + utf8('ruleStringSPOOFINGseverityStringHIGH'), 0);
      expect(total).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    }
    expect(calls.flat().map((e) => (JSON.parse(e.Message as string) as Alert).alert_id)).toEqual(alerts.map((a) => a.alert_id));
  });

  it('publishes the others and names an alert too large to send in any form', async () => {
    const huge = alert(9, {}, 'S'.repeat(300_000));
    const error = (await notifier().notify([alert(1), huge, alert(2)]).catch((e: unknown) => e)) as AwsAdapterError;
    expect(error.code).toBe('SNS_PUBLISH_INCOMPLETE');
    expect(error.details.failedAlerts).toEqual([expect.objectContaining({ alertId: huge.alert_id, errorCode: 'AlertTooLarge' })]);
    expect(sns.commandCalls(PublishBatchCommand).flatMap((c) => c.args[0].input.PublishBatchRequestEntries ?? [])).toHaveLength(2);
  });

  it('sets group and deduplication ids on a FIFO topic so a redelivered alert is dropped by SNS', async () => {
    await notifier(`${TOPIC}.fifo`).notify([alert(1)]);
    expect(sns).toHaveReceivedCommandWith(PublishBatchCommand, {
      PublishBatchRequestEntries: [expect.objectContaining({ MessageGroupId: 'AAPL', MessageDeduplicationId: alert(1).alert_id })],
    });
  });

  it('refuses a malformed topic ARN at construction', () => {
    expect(() => notifier('surv-alerts')).toThrow(AwsAdapterError);
  });
});
