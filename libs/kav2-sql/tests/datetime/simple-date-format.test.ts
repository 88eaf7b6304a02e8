import { describe, expect, it } from 'vitest';
import { formatWithPattern, parseWithPattern } from '../../src/datetime/simple-date-format';

const at = (iso: string): number => Date.parse(`${iso}Z`);

// SQL Reference, Datetime Conversion Functions and Date and Time Patterns: the pattern letters of
// java.text.SimpleDateFormat, which KDA formats with in UTC and the US locale (weeks start on Sunday, and week 1
// of a year or month is the one that holds its first day). Expected texts are what SimpleDateFormat prints.
describe('formatWithPattern', () => {
  it('prints u as the day number of the week, 1 = Monday to 7 = Sunday, not as a year', () => {
    expect(formatWithPattern(at('2001-07-04T12:08:56.235'), 'u')).toBe('3');
    expect(formatWithPattern(at('2001-07-29T00:00:00'), 'u E')).toBe('7 Sun');
  });

  it('prints w (week in year) and Y (week year) by Sunday-based weeks, as in Java\'s 2001-W27-3 example', () => {
    expect(formatWithPattern(at('2001-07-04T12:08:56.235'), "YYYY-'W'ww-u")).toBe('2001-W27-3');
    expect(formatWithPattern(at('1996-07-09T00:30:55.978'), 'w D')).toBe('28 191');
    // The last days of December fall in week 1 of the next week year.
    expect(formatWithPattern(at('2008-12-31T00:00:00'), 'YYYY-ww yyyy')).toBe('2009-01 2008');
    expect(formatWithPattern(at('2005-01-01T00:00:00'), 'YYYY ww')).toBe('2005 01');
    expect(formatWithPattern(at('2010-01-03T12:00:00'), 'YY w')).toBe('10 2');
  });

  it('prints W (week in month) and F (day of week in month)', () => {
    expect(formatWithPattern(at('1996-07-09T00:30:55.978'), 'W F')).toBe('2 2');
    expect(formatWithPattern(at('2001-07-29T00:00:00'), 'W F')).toBe('5 5');
    expect(formatWithPattern(at('2010-01-03T12:00:00'), 'W F')).toBe('2 1');
  });

  it('prints the full name of the UTC zone for four or more z', () => {
    expect(formatWithPattern(at('1996-07-09T00:30:55.978'), 'z zzzz Z X XXX')).toBe('UTC Coordinated Universal Time +0000 Z Z');
  });

  it('reads u as a day number that leaves the date to the year, month and day fields', () => {
    expect(parseWithPattern('2001-07-04 5', 'yyyy-MM-dd u')).toBe(at('2001-07-04T00:00:00'));
  });
});
