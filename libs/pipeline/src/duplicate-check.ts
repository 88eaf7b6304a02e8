import type { ConsumedRecord } from './ports';

/**
 * Whether a record repeats an `event_id` that an earlier record brought (`true` = duplicate). A
 * runtime that feeds the same records to the enricher and the detector hands both one check, so a
 * record costs one id lookup instead of one per stage and both stages drop the same records. Asked
 * again about the same record, it must give the same answer.
 */
export type DuplicateCheck = (record: ConsumedRecord, eventId: string) => boolean;

