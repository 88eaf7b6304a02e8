import { describe, expect, it } from 'vitest';
import { evalSql } from '../helpers';

const parsed = (template: string, input: string): string =>
  new Date(evalSql(`CHAR_TO_TIMESTAMP('${template}', '${input}')`, 'TIMESTAMP') as number).toISOString();

describe('CHAR_TO_TIMESTAMP reads its template as java.text.SimpleDateFormat does', () => {
  it('ignores input after the last template element', () => {
    expect(parsed('MM-dd-yyyy', '06-23-2011 10:11:12')).toBe('2011-06-23T00:00:00.000Z');
  });

  it('reads all the digits of a number field followed by a literal', () => {
    expect(parsed('yyyy-mm', '2011-02-08 07:23:19')).toBe('2011-01-01T00:02:00.000Z');
    expect(parsed('M-d', '12-31')).toBe('1970-12-31T00:00:00.000Z');
  });

  it('reads exactly the letter count of number fields that abut', () => {
    expect(parsed('yyyyMMddHHmmss', '20110623101112')).toBe('2011-06-23T10:11:12.000Z');
  });

  it('skips spaces before a field', () => {
    expect(parsed('MMM dd,y', 'March 7, 2010')).toBe('2010-03-07T00:00:00.000Z');
  });

  it('matches month names in full or in three letters, in any case', () => {
    expect(parsed('MMM dd yyyy', 'SEPTEMBER 3 2010')).toBe('2010-09-03T00:00:00.000Z');
    expect(parsed('MMM dd yyyy', 'sep 3 2010')).toBe('2010-09-03T00:00:00.000Z');
  });

  it('keeps a one-letter year as written (March 7, 10 is the year 10)', () => {
    expect(parsed('MMM dd,y', 'March 7, 10')).toBe('0010-03-07T00:00:00.000Z');
  });

  it('reads a two-digit yy year in the century around now', () => {
    expect(parsed('dd-MM-yy', '23-06-11')).toBe('2011-06-23T00:00:00.000Z');
    expect(parsed('dd-MM-yy', '23-06-95')).toBe('1995-06-23T00:00:00.000Z');
  });

  it('reads 12 as midnight with hh unless PM follows', () => {
    expect(parsed('yyyy-MM-dd hh:mm a', '2011-06-23 12:05 AM')).toBe('2011-06-23T00:05:00.000Z');
    expect(parsed('yyyy-MM-dd hh:mm a', '2011-06-23 12:05 PM')).toBe('2011-06-23T12:05:00.000Z');
  });

  it.each([
    ['M-d', '2011-2-8', 'a month of 2011'],
    ['MMM dd, yyyy', 'March 7 2010', 'a missing literal comma'],
    ['yyyy-MM-dd', '2011-02-30', 'February 30'],
  ])("gives no result for %s on '%s' (%s)", (template, input) => {
    expect(() => evalSql(`CHAR_TO_TIMESTAMP('${template}', '${input}')`, 'TIMESTAMP')).toThrow(/PARSE_FAILED/);
  });
});
