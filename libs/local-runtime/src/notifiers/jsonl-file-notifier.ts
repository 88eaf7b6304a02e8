import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Alert } from '@surv/domain';
import type { AlertNotifier } from '@surv/pipeline';
import { LocalRuntimeError } from '../errors';
import { makeDirectory } from '../make-directory';

/** Appends each alert as one JSON line to a file (the `surv scan --alerts` format). */
export class JsonlFileNotifier implements AlertNotifier {
  constructor(readonly path: string) {}

  async notify(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    try {
      await makeDirectory(dirname(this.path));
      // One append per batch: a batch lands whole or not at all in practice (single write call).
      await appendFile(this.path, alerts.map((a) => JSON.stringify(a)).join('\n') + '\n');
    } catch (cause) {
      throw new LocalRuntimeError('LOCAL_NOTIFY_FAILED', `appending ${alerts.length} alerts to ${this.path} failed`, { cause });
    }
  }
}
