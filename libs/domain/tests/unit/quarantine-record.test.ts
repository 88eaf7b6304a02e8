import { describe, expect, it } from 'vitest';
import { QuarantineRecordSchema } from '@surv/domain';

describe('QuarantineRecordSchema', () => {
  const base = { code: 'INVALID_JSON', reason: 'Unexpected end of JSON input', raw: '{', source: 'shardId-000000000000/00000000000000000007', quarantined_at: '2024-03-04T14:30:00.000Z' };

  it('reads a record that names only its stream position, as the Lambda enricher writes it', () => {
    expect(QuarantineRecordSchema.parse(base)).toEqual(base);
  });

  it('reads a record that also names the file and line it was read from', () => {
    expect(QuarantineRecordSchema.parse({ ...base, file: 'events/day-1.jsonl.gz', line: 12 })).toMatchObject({ file: 'events/day-1.jsonl.gz', line: 12 });
  });

  it('refuses a line number that is not a positive integer', () => {
    expect(QuarantineRecordSchema.safeParse({ ...base, file: 'a.jsonl', line: 0 }).success).toBe(false);
    expect(QuarantineRecordSchema.safeParse({ ...base, file: 'a.jsonl', line: 1.5 }).success).toBe(false);
  });
});
