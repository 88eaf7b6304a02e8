import { z } from 'zod';
import { ReportGeneratorError } from './errors';

/**
 * The EventBridge Scheduler / scheduled-rule event. Only `time` matters: it names the run (and its
 * `dt=` partition), so a retried invocation rewrites the same report instead of adding one.
 */
export const ScheduleEventSchema = z.looseObject({ time: z.iso.datetime({ offset: true }).optional() });

/** The run time of a scheduled invocation: the event's `time`, else `now`. */
export const runTimeOf = (event: unknown, now: () => Date): Date => {
  const parsed = ScheduleEventSchema.safeParse(event ?? {});
  if (!parsed.success) {
    throw new ReportGeneratorError('REPORT_GENERATOR_INVALID_EVENT', `not a scheduled event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data.time !== undefined ? new Date(parsed.data.time) : now();
};
