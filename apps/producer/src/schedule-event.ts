import { z } from 'zod';
import { ProducerError } from './errors';

/** The EventBridge scheduled event; only `time` matters (it picks the interval). */
export const ScheduleEventSchema = z.looseObject({ time: z.iso.datetime({ offset: true }).optional() });

/** The invocation time of a scheduled event: its `time`, else `now`. */
export const invokedAtOf = (event: unknown, now: () => number): number => {
  const parsed = ScheduleEventSchema.safeParse(event ?? {});
  if (!parsed.success) {
    throw new ProducerError('PRODUCER_INVALID_EVENT', `not a scheduled event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data.time !== undefined ? Date.parse(parsed.data.time) : now();
};
