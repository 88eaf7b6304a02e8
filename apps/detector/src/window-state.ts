import { gunzipSync, gzipSync } from 'node:zlib';
import type { ApplicationState } from '@surv/kav2-sql';
import { z } from 'zod';
import { DetectorError } from './errors';

/**
 * The `state` object the detector hands Lambda between invocations of one tumbling window: the
 * application snapshot as gzip + base64 (window accumulators compress well: repeated keys and symbols).
 */
export const WindowStateSchema = z.object({ v: z.literal(1), app: z.string().min(1) });
export type WindowState = z.infer<typeof WindowStateSchema>;

/** Encodes a snapshot; `bytes` is the size of the state as Lambda will see it (its JSON). */
export const encodeWindowState = (snapshot: ApplicationState): { state: WindowState; bytes: number; rawBytes: number } => {
  const json = JSON.stringify(snapshot);
  const state: WindowState = { v: 1, app: gzipSync(json).toString('base64') };
  return { state, bytes: Buffer.byteLength(JSON.stringify(state)), rawBytes: Buffer.byteLength(json) };
};

/** The snapshot in a state Lambda passed back, or `undefined` for the first invocation of a window (`{}`). */
export const decodeWindowState = (state: Record<string, unknown> | undefined): ApplicationState | undefined => {
  if (state === undefined || Object.keys(state).length === 0) return undefined;
  const parsed = WindowStateSchema.safeParse(state);
  if (!parsed.success) throw new DetectorError('DETECTOR_INVALID_STATE', `window state is not a detector state: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  try {
    return JSON.parse(gunzipSync(Buffer.from(parsed.data.app, 'base64')).toString('utf8')) as ApplicationState;
  } catch (cause) {
    throw new DetectorError('DETECTOR_INVALID_STATE', 'window state does not decode (gzip + JSON)', { cause });
  }
};
