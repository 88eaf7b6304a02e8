import { CreateTopicCommand, PublishBatchCommand, SNSClient, SubscribeCommand, ThrottledException } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { alertId, isSurvError, type Alert, type AlertRule, type Severity } from '@surv/domain';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AwsAdapterError, EVIDENCE_TRUNCATED_KEY, SnsAlertNotifier, awsClientConfig } from '@surv/aws';
import { TEST_CREDENTIALS } from '../../../../tools/testing/aws-local-servers';

const makeAlert = (n: number, rule: AlertRule, severity: Severity, evidence: Alert['evidence'] = { cancel_ratio: 0.9, orders: n }): Alert => {
  const windowStart = `2024-01-02T03:${String(n % 60).padStart(2, '0')}:00.000Z`;
  const windowEnd = `2024-01-02T03:${String(n % 60).padStart(2, '0')}:30.000Z`;
  return {
    alert_id: alertId({ rule, symbol: 'AAPL', key: `ACC-${n}`, windowStart, windowEnd }),
    rule, severity, symbol: 'AAPL', account_id: `ACC-${n}`, beneficial_owner: `BO-${n}`,
    window_start: windowStart, window_end: windowEnd, evidence, detected_at: '2024-01-02T03:06:00.000Z',
  };
};

const mixedAlerts = (count: number, from = 0): Alert[] =>
  Array.from({ length: count }, (_, i) => makeAlert(from + i, i % 3 === 0 ? 'WASH_TRADE' : 'SPOOFING', i % 4 === 0 ? 'HIGH' : 'MEDIUM'));

describe('SnsAlertNotifier against fauxqs (SNS + SQS)', () => {
  let server: FauxqsServer;
  let sns: SNSClient;
  let sqs: SQSClient;
  let topics = 0;

  /** A topic with three queue subscriptions: rule = WASH_TRADE (raw), rule = SPOOFING (raw), and everything (enveloped). */
  const topology = async () => {
    const name = `surv-alerts-${++topics}`;
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    const queue = async (suffix: string, filter?: object, raw = true) => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-${suffix}` }));
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await sns.send(new SubscribeCommand({
        TopicArn, Protocol: 'sqs', Endpoint: attrs.Attributes?.QueueArn,
        Attributes: { RawMessageDelivery: String(raw), ...(filter ? { FilterPolicy: JSON.stringify(filter) } : {}) },
      }));
      return QueueUrl as string;
    };
    return {
      topicArn: TopicArn as string,
      wash: await queue('wash', { rule: ['WASH_TRADE'] }),
      spoof: await queue('spoof', { rule: ['SPOOFING'] }),
      all: await queue('all', undefined, false),
    };
  };

  /** Drains a queue; returns the message bodies. */
  const drain = async (queueUrl: string): Promise<string[]> => {
    const bodies: string[] = [];
    for (let empty = 0; empty < 2; ) {
      const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
      const messages = res.Messages ?? [];
      if (messages.length === 0) {
        empty++;
        continue;
      }
      bodies.push(...messages.map((m) => m.Body as string));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    }
    return bodies;
  };
  const idsOf = (bodies: string[]) => bodies.map((b) => (JSON.parse(b) as Alert).alert_id).sort();

  beforeAll(async () => {
    server = await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' });
    sns = new SNSClient({ ...awsClientConfig({ service: 'sns', env: { AWS_ENDPOINT_URL: server.address } }), credentials: TEST_CREDENTIALS });
    sqs = new SQSClient({ ...awsClientConfig({ service: 'sqs', env: { AWS_ENDPOINT_URL: server.address } }), credentials: TEST_CREDENTIALS });
  });
  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await server?.stop();
  });
  let t: Awaited<ReturnType<typeof topology>>;
  beforeEach(async () => {
    t = await topology();
  });

  it('delivers each alert once, to the subscriptions whose filter policy matches its rule attribute', async () => {
    const alerts = mixedAlerts(25);
    await new SnsAlertNotifier({ client: sns, topicArn: t.topicArn }).notify(alerts);
    const wash = idsOf(await drain(t.wash));
    const spoof = idsOf(await drain(t.spoof));
    expect(wash).toEqual(alerts.filter((a) => a.rule === 'WASH_TRADE').map((a) => a.alert_id).sort());
    expect(spoof).toEqual(alerts.filter((a) => a.rule === 'SPOOFING').map((a) => a.alert_id).sort());
    const envelopes = (await drain(t.all)).map((b) => JSON.parse(b) as { Message: string; MessageAttributes: Record<string, { Value: string }> });
    expect(envelopes).toHaveLength(25);
    const first = envelopes.find((e) => (JSON.parse(e.Message) as Alert).alert_id === alerts[0]?.alert_id);
    expect(JSON.parse(first?.Message as string)).toEqual(alerts[0]);
    expect(first?.MessageAttributes.rule?.Value).toBe('WASH_TRADE');
    expect(first?.MessageAttributes.severity?.Value).toBe('HIGH');
  });

  it('publishes an alert over 256 KiB with its evidence truncated and marked, never dropping it', async () => {
    const big = makeAlert(7, 'SPOOFING', 'CRITICAL', { order_ids: 'O-12345,'.repeat(40_000), cancel_ratio: 0.97 });
    const small = mixedAlerts(3, 100);
    await new SnsAlertNotifier({ client: sns, topicArn: t.topicArn }).notify([small[0]!, big, small[1]!, small[2]!]);
    const spoof = (await drain(t.spoof)).map((b) => JSON.parse(b) as Alert);
    const delivered = spoof.find((a) => a.alert_id === big.alert_id);
    expect(delivered?.evidence[EVIDENCE_TRUNCATED_KEY]).toBe(true);
    expect(delivered?.evidence.cancel_ratio).toBe(0.97);
    expect(String(delivered?.evidence.order_ids).length).toBeLessThan(String(big.evidence.order_ids).length);
    expect(idsOf(await drain(t.all).then((bs) => bs.map((b) => (JSON.parse(b) as { Message: string }).Message)))).toEqual(
      [big, ...small].map((a) => a.alert_id).sort(),
    );
  });

  it('retries throttled calls and failed entries until every alert is delivered exactly once', async () => {
    const alerts = mixedAlerts(37, 200);
    let calls = 0;
    const failedOnce = new Set<string>();
    const flaky = {
      send: async (command: PublishBatchCommand) => {
        calls++;
        if (calls === 2) throw new ThrottledException({ message: 'Rate exceeded (injected)', $metadata: { httpStatusCode: 400 } });
        const entries = command.input.PublishBatchRequestEntries ?? [];
        // Fail every 4th entry the first time it is seen, without sending it.
        const toFail = entries.filter((e, i) => i % 4 === 1 && !failedOnce.has(e.Id as string));
        toFail.forEach((e) => failedOnce.add(e.Id as string));
        const forwarded = entries.filter((e) => !toFail.includes(e));
        const real = forwarded.length > 0
          ? await sns.send(new PublishBatchCommand({ ...command.input, PublishBatchRequestEntries: forwarded }))
          : { Successful: [], Failed: [] };
        return { ...real, Failed: [...(real.Failed ?? []), ...toFail.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false, Message: 'injected' }))] };
      },
    } as unknown as SNSClient;
    await new SnsAlertNotifier({ client: flaky, topicArn: t.topicArn, retry: { sleep: async () => {} } }).notify(alerts);
    expect(failedOnce.size).toBeGreaterThan(3);
    const all = (await drain(t.all)).map((b) => (JSON.parse(JSON.parse(b).Message) as Alert).alert_id);
    expect(all.sort()).toEqual(alerts.map((a) => a.alert_id).sort());
  });

  it('names the alerts SNS refuses as sender faults instead of retrying them forever', async () => {
    const alerts = mixedAlerts(12, 300);
    const refused = alerts[5]!.alert_id;
    const picky = {
      send: async (command: PublishBatchCommand) => {
        const entries = command.input.PublishBatchRequestEntries ?? [];
        const bad = entries.filter((e) => (JSON.parse(e.Message as string) as Alert).alert_id === refused);
        const real = await sns.send(new PublishBatchCommand({ ...command.input, PublishBatchRequestEntries: entries.filter((e) => !bad.includes(e)) }));
        return { ...real, Failed: bad.map((e) => ({ Id: e.Id, Code: 'InvalidParameter', SenderFault: true, Message: 'injected' })) };
      },
    } as unknown as SNSClient;
    const error = await new SnsAlertNotifier({ client: picky, topicArn: t.topicArn, retry: { sleep: async () => {} } }).notify(alerts).catch((e: unknown) => e);
    expect(isSurvError(error)).toBe(true);
    expect((error as AwsAdapterError).code).toBe('SNS_PUBLISH_INCOMPLETE');
    expect((error as AwsAdapterError).details.failedAlerts).toEqual([{ alertId: refused, errorCode: 'InvalidParameter', errorMessage: 'injected' }]);
    expect((await drain(t.all)).length).toBe(11);
  });
});
