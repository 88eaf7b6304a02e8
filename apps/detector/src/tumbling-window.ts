import { SILENT_LOGGER, type Alert, type Logger } from '@surv/domain';
import type { DetectionApplication } from '@surv/detection';
import { SqlError } from '@surv/kav2-sql';
import { Detector, type ConsumedRecord, type RecordWriter } from '@surv/pipeline';
import { createDetectionRuntime } from './detection-runtime';
import { decodeWindowState, encodeWindowState, type WindowState } from './window-state';

/** One invocation of a Kinesis tumbling window, as the event source mapping describes it. */
export interface WindowInvocation {
  readonly records: readonly ConsumedRecord[];
  /** The `state` Lambda passed in (`{}` on the first invocation of a window). */
  readonly state?: Record<string, unknown>;
  readonly isFinalInvokeForWindow: boolean;
}

export interface WindowInvocationDeps {
  readonly application: DetectionApplication;
  readonly alertWriter: RecordWriter;
  /** Largest encoded state carried over; above it the invocation flushes early. */
  readonly stateMaxBytes: number;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
}

/** Why the application was flushed in this invocation, if it was. */
export type FlushReason = 'final' | 'state-limit';

export interface WindowInvocationResult {
  /** What to return to Lambda as `state`: `{}` after a flush. */
  readonly state: WindowState | Record<string, never>;
  /** Alerts written to the alerts stream by this invocation. */
  readonly alerts: readonly Alert[];
  readonly pushed: number;
  readonly skipped: number;
  /** The carried state came from another version of the application and was not used. */
  readonly stateDiscarded?: boolean;
  readonly flushed?: FlushReason;
  /** Size of the state that was (or, after an early flush, would have been) carried over. */
  readonly stateBytes: number;
  /** The same state as uncompressed JSON. */
  readonly rawStateBytes: number;
}

/**
 * Runs one tumbling-window invocation: restores the detection application from the carried state, feeds
 * the batch (windows that close on event time emit and are written at once), then either flushes on the
 * final invocation or snapshots back into the state. When the encoded state would exceed `stateMaxBytes`
 * (Lambda caps it at 1 MiB per shard) it flushes early instead: open windows emit what they hold now, and
 * the next invocation starts from an empty state.
 */
export const runWindowInvocation = async (invocation: WindowInvocation, deps: WindowInvocationDeps): Promise<WindowInvocationResult> => {
  const logger = deps.logger ?? SILENT_LOGGER;
  const runtime = createDetectionRuntime(deps.application);
  const restored = decodeWindowState(invocation.state);
  let stateDiscarded = false;
  if (restored !== undefined) {
    try {
      runtime.compiled.restore(restored);
    } catch (e) {
      // A deploy in the middle of a window hands the new code the old code's state. Its layout or
      // rules may differ, so it cannot be carried over: the window goes on from this batch.
      if (!(e instanceof SqlError && e.code === 'KAV2_INVALID_STATE')) throw e;
      logger.warn('window state belongs to another version of the detection application; the window continues without it', { reason: e.message });
      stateDiscarded = true;
    }
  }
  const detector = new Detector({ app: runtime.app, toAlert: runtime.toAlert, alertWriter: deps.alertWriter, logger });
  const batch = await detector.process(invocation.records);
  const base = { pushed: batch.pushed, skipped: batch.skipped, ...(stateDiscarded ? { stateDiscarded } : {}) };

  if (invocation.isFinalInvokeForWindow) {
    const late = await detector.flush();
    return { ...base, state: {}, alerts: [...batch.alerts, ...late], flushed: 'final', stateBytes: 0, rawStateBytes: 0 };
  }
  const encoded = encodeWindowState(runtime.compiled.snapshot());
  if (encoded.bytes > deps.stateMaxBytes) {
    logger.warn('window state over limit, flushing early', { stateBytes: encoded.bytes, limit: deps.stateMaxBytes });
    const early = await detector.flush();
    return { ...base, state: {}, alerts: [...batch.alerts, ...early], flushed: 'state-limit', stateBytes: encoded.bytes, rawStateBytes: encoded.rawBytes };
  }
  return { ...base, state: encoded.state, alerts: batch.alerts, stateBytes: encoded.bytes, rawStateBytes: encoded.rawBytes };
};
