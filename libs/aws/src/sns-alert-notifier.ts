import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { SILENT_LOGGER, type Alert, type Logger } from '@surv/domain';
import type { AlertNotifier } from '@surv/pipeline';
import { AwsAdapterError, describeError, type FailedAlert } from './errors';
import { planBatches } from './plan-batches';
import { backoffDelay, isRetryableError, resolveRetry, type ResolvedRetry, type RetryOptions } from './retry-policy';
import { buildSnsAlertMessage, SNS_MAX_MESSAGE_BYTES, type SnsAlertMessage } from './sns-alert-message';

/** PublishBatch limits: entries per call and total bytes per call. */
const SNS_BATCH_ENTRIES = 10;

export interface SnsAlertNotifierOptions {
  /** The part of an SNS client used; an `SNSClient` fits. */
  readonly client: Pick<SNSClient, 'send'>;
  /** The alerts topic. A FIFO topic (`.fifo`) gets group id = symbol and dedup id = alert id. */
  readonly topicArn: string;
  /** Retries of failed entries and throttled calls. @default DEFAULT_RETRY */
  readonly retry?: RetryOptions;
  /** Largest message, body plus attributes; also the batch total. @default 262_144 (256 KiB) */
  readonly maxMessageBytes?: number;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
}

/**
 * `AlertNotifier` on SNS. Each alert is one message (its JSON) with `rule` and `severity` String attributes
 * for subscription filter policies, sent by PublishBatch (10 entries, 256 KiB per call). Failed entries
 * and throttled calls are retried with backoff; an alert over 256 KiB has its evidence truncated with a
 * marker. Whatever cannot be published is named in an `SNS_PUBLISH_INCOMPLETE` error, never dropped.
 */
export class SnsAlertNotifier implements AlertNotifier {
  private readonly client: Pick<SNSClient, 'send'>;
  private readonly topicArn: string;
  private readonly fifo: boolean;
  private readonly retry: ResolvedRetry;
  private readonly maxMessageBytes: number;
  private readonly logger: Logger;

  constructor(options: SnsAlertNotifierOptions) {
    if (!/^arn:aws[a-z-]*:sns:[^:]*:[^:]*:[A-Za-z0-9_.-]+$/.test(options.topicArn)) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `'${options.topicArn}' is not an SNS topic ARN`);
    }
    this.client = options.client;
    this.topicArn = options.topicArn;
    this.fifo = options.topicArn.endsWith('.fifo');
    this.retry = resolveRetry(options.retry, 'SnsAlertNotifier.retry');
    this.maxMessageBytes = options.maxMessageBytes ?? SNS_MAX_MESSAGE_BYTES;
    if (!Number.isInteger(this.maxMessageBytes) || this.maxMessageBytes < 1024 || this.maxMessageBytes > SNS_MAX_MESSAGE_BYTES) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `maxMessageBytes must be 1024..262144, got ${this.maxMessageBytes}`);
    }
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  async notify(alerts: readonly Alert[]): Promise<void> {
    const failed = new Map<number, FailedAlert>();
    const messages: (SnsAlertMessage | undefined)[] = alerts.map((alert, i) => {
      const m = buildSnsAlertMessage(alert, this.maxMessageBytes);
      if (m === undefined) {
        failed.set(i, { alertId: alert.alert_id, errorCode: 'AlertTooLarge', errorMessage: `alert does not fit ${this.maxMessageBytes} bytes even without evidence` });
      } else if (m.truncated) {
        this.logger.warn('alert evidence truncated for sns', { alertId: alert.alert_id, bytes: m.size });
      }
      return m;
    });
    let pending = messages.flatMap((m, i) => (m === undefined ? [] : [i]));
    for (let attempt = 1; pending.length > 0 && attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) await this.retry.sleep(backoffDelay(attempt - 1, this.retry));
      const retryNext: number[] = [];
      const batches = planBatches(pending.map((i) => (messages[i] as SnsAlertMessage).size), {
        maxRecordsPerCall: SNS_BATCH_ENTRIES, maxBytesPerCall: this.maxMessageBytes,
      });
      for (const batch of batches) {
        await this.publish(batch.map((b) => pending[b] as number), messages, failed, retryNext);
      }
      pending = retryNext.sort((a, b) => a - b);
    }
    if (failed.size > 0) {
      const failedAlerts = [...failed.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
      throw new AwsAdapterError(
        'SNS_PUBLISH_INCOMPLETE',
        `${failedAlerts.length} of ${alerts.length} alerts were not published to ${this.topicArn} (${[...new Set(failedAlerts.map((f) => f.errorCode))].join(', ')})`,
        { details: { failedAlerts } },
      );
    }
  }

  private async publish(
    indices: readonly number[], messages: readonly (SnsAlertMessage | undefined)[], failed: Map<number, FailedAlert>, retryNext: number[],
  ): Promise<void> {
    // Entry ids only need to be unique within the call: the alert's position does that and maps back.
    const entries: PublishBatchRequestEntry[] = indices.map((i) => {
      const m = messages[i] as SnsAlertMessage;
      return {
        Id: `a${i}`,
        Message: m.message,
        MessageAttributes: m.attributes,
        ...(this.fifo ? { MessageGroupId: m.alert.symbol.slice(0, 128), MessageDeduplicationId: m.alert.alert_id.slice(0, 128) } : {}),
      };
    });
    const alertIdOf = (i: number) => (messages[i] as SnsAlertMessage).alert.alert_id;
    let response;
    try {
      response = await this.client.send(new PublishBatchCommand({ TopicArn: this.topicArn, PublishBatchRequestEntries: entries }));
    } catch (e) {
      const { errorCode, errorMessage } = describeError(e);
      const retryable = isRetryableError(e);
      this.logger.warn('sns publish call failed', { errorCode, alerts: indices.length, retryable });
      for (const i of indices) {
        failed.set(i, { alertId: alertIdOf(i), errorCode, errorMessage });
        if (retryable) retryNext.push(i);
      }
      return;
    }
    const failedById = new Map((response.Failed ?? []).map((f) => [f.Id, f]));
    const okIds = new Set((response.Successful ?? []).map((s) => s.Id));
    for (const i of indices) {
      const f = failedById.get(`a${i}`);
      if (f !== undefined) {
        failed.set(i, { alertId: alertIdOf(i), errorCode: f.Code ?? 'Unknown', errorMessage: f.Message ?? '' });
        // SenderFault means the entry itself is wrong: sending it again cannot help.
        if (f.SenderFault !== true) retryNext.push(i);
      } else if (okIds.has(`a${i}`)) {
        failed.delete(i);
      } else {
        failed.set(i, { alertId: alertIdOf(i), errorCode: 'MissingResult', errorMessage: 'PublishBatch reported neither success nor failure' });
        retryNext.push(i);
      }
    }
  }
}
