import { describe, expect, it } from 'vitest';
import { evalSql } from '../helpers';

describe('TSDIFF (SQL Reference, TSDIFF and Temporal Predicates)', () => {
  it('is endTime - startTime: TSDIFF(s, e) means CAST((e - s) SECOND(10, 3) * 1000 AS BIGINT)', () => {
    expect(evalSql("TSDIFF(TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01 00:00:01.250')", 'BIGINT')).toBe(1250);
    expect(evalSql("TSDIFF(TIMESTAMP '2020-01-01 00:00:01.250', TIMESTAMP '2020-01-01 00:00:00')", 'BIGINT')).toBe(-1250);
  });

  it('equals the page\'s rewrite CAST((e - s) SECOND(10, 3) * 1000 AS BIGINT) on the same arguments', () => {
    const s = "TIMESTAMP '2020-01-01 00:00:00'";
    const e = "TIMESTAMP '2020-01-01 00:02:03.456'";
    expect(evalSql(`TSDIFF(${s}, ${e})`, 'BIGINT')).toBe(evalSql(`CAST((${e} - ${s}) SECOND(10, 3) * 1000 AS BIGINT)`, 'BIGINT'));
  });

  it('takes its arguments as BIGINT milliseconds since 1970, as the page declares them', () => {
    expect(evalSql('TSDIFF(CAST(500 AS BIGINT), CAST(1500 AS BIGINT))', 'BIGINT')).toBe(1000);
  });

  it('is NULL when an argument is', () => {
    expect(evalSql("TSDIFF(CAST(NULL AS TIMESTAMP), TIMESTAMP '2020-01-01 00:00:00')", 'BIGINT')).toBe(null);
  });
});
