import { describe, expect, it } from 'vitest';
import { evalSql } from '../helpers';

describe('TSDIFF (SQL Reference, TSDIFF)', () => {
  it('takes its arguments as BIGINT milliseconds since 1970, as the page declares them', () => {
    expect(evalSql('TSDIFF(CAST(1500 AS BIGINT), CAST(500 AS BIGINT))', 'BIGINT')).toBe(1000);
  });

  it('takes TIMESTAMPs as the same instants', () => {
    expect(evalSql("TSDIFF(TIMESTAMP '2020-01-01 00:00:01', TIMESTAMP '2020-01-01 00:00:00')", 'BIGINT')).toBe(1000);
  });

  it('is NULL when an argument is', () => {
    expect(evalSql("TSDIFF(CAST(NULL AS TIMESTAMP), TIMESTAMP '2020-01-01 00:00:00')", 'BIGINT')).toBe(null);
  });
});
