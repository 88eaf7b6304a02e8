import { describe, expect, it } from 'vitest';
import { evalSql } from '../helpers';

const TS = "TIMESTAMP '2018-05-09 12:50:41.520'";

describe('EXTRACT (SQL Reference, EXTRACT)', () => {
  it('returns SECOND as DECIMAL(5,3) with the milliseconds of a TIMESTAMP', () => {
    expect(evalSql(`EXTRACT(SECOND FROM ${TS})`, 'DECIMAL(5,3)')).toBe(41.52);
    expect(evalSql("EXTRACT(SECOND FROM TIMESTAMP '2018-05-09 12:50:07.001')", 'DECIMAL(5,3)')).toBe(7.001);
  });

  it('returns SECOND with the milliseconds of a TIME, and 0 for a DATE', () => {
    expect(evalSql(`EXTRACT(SECOND FROM CAST(${TS} AS TIME))`, 'DECIMAL(5,3)')).toBe(41.52);
    expect(evalSql(`EXTRACT(SECOND FROM CAST(${TS} AS DATE))`, 'DECIMAL(5,3)')).toBe(0);
  });

  it('types SECOND as DECIMAL(5,3) (its text has three decimals) and the other fields as BIGINT', () => {
    expect(evalSql(`CAST(EXTRACT(SECOND FROM ${TS}) AS VARCHAR(10))`, 'VARCHAR(10)')).toBe('41.520');
    expect(evalSql("CAST(EXTRACT(SECOND FROM TIMESTAMP '2018-05-09 12:50:41') AS VARCHAR(10))", 'VARCHAR(10)')).toBe('41.000');
    expect(evalSql(`CAST(EXTRACT(MINUTE FROM ${TS}) AS VARCHAR(10))`, 'VARCHAR(10)')).toBe('50');
  });

  it('rounds SECOND half away from zero when stored in an INTEGER column, as CAST of a DECIMAL does', () => {
    expect(evalSql(`EXTRACT(SECOND FROM ${TS})`, 'INTEGER')).toBe(42);
    expect(evalSql("EXTRACT(SECOND FROM TIMESTAMP '2018-05-09 12:50:41.337')", 'INTEGER')).toBe(41);
    expect(evalSql(`CAST(EXTRACT(SECOND FROM ${TS}) AS INTEGER)`, 'INTEGER')).toBe(42);
  });

  it('keeps whole seconds for FLOOR of the timestamp first', () => {
    expect(evalSql(`EXTRACT(SECOND FROM FLOOR(${TS} TO SECOND))`, 'DECIMAL(5,3)')).toBe(41);
  });
});
