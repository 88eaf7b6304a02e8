import { describe, expect, it } from 'vitest';
import { VENUES, findVenue, isInRegularSession, registerVenue, venueCategory, VENUE_CATEGORIES } from '@surv/domain';

describe('venue reference data', () => {
  it('holds at least 30 distinct MICs across every category but UNKNOWN', () => {
    expect(new Set(VENUES.map((v) => v.mic)).size).toBe(VENUES.length);
    expect(VENUES.length).toBeGreaterThanOrEqual(30);
    for (const c of VENUE_CATEGORIES.filter((c) => c !== 'UNKNOWN')) expect(VENUES.some((v) => v.category === c)).toBe(true);
  });

  it('uses four-character upper-case MICs and valid IANA time zones', () => {
    for (const v of VENUES) {
      expect(v.mic).toMatch(/^[A-Z0-9]{4}$/);
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: v.timeZone })).not.toThrow();
    }
  });

  it('maps known MICs case-insensitively and unknown ones to UNKNOWN without throwing', () => {
    expect(venueCategory('XNYS')).toBe('LIT_EXCHANGE');
    expect(venueCategory('sgma')).toBe('DARK_POOL');
    expect(venueCategory('XCME')).toBe('FUTURES');
    expect(venueCategory('XOFF')).toBe('OTC');
    expect(venueCategory('ZZZZ')).toBe('UNKNOWN');
    expect(venueCategory('')).toBe('UNKNOWN');
  });

  it('lets a firm register its own venue', () => {
    registerVenue({ mic: 'ZXCE', name: 'Internal crossing', country: 'US', category: 'DARK_POOL', timeZone: 'America/New_York', sessions: [], tradingDays: [1, 2, 3, 4, 5] });
    expect(findVenue('ZXCE')?.name).toBe('Internal crossing');
  });
});

describe('isInRegularSession', () => {
  it('follows New York daylight saving: 09:30 local is 14:30Z in winter and 13:30Z in summer', () => {
    expect(isInRegularSession('XNYS', Date.parse('2024-01-10T14:29:59Z'))).toBe(false);
    expect(isInRegularSession('XNYS', Date.parse('2024-01-10T14:30:00Z'))).toBe(true);
    expect(isInRegularSession('XNYS', Date.parse('2024-07-10T13:30:00Z'))).toBe(true);
    expect(isInRegularSession('XNYS', Date.parse('2024-07-10T20:00:00Z'))).toBe(false);
  });

  it('treats weekends as closed', () => {
    expect(isInRegularSession('XLON', Date.parse('2024-03-09T10:00:00Z'))).toBe(false); // Saturday
  });

  it('honours lunch breaks in Tokyo', () => {
    expect(isInRegularSession('XTKS', Date.parse('2024-03-04T02:00:00Z'))).toBe(true); // 11:00 JST
    expect(isInRegularSession('XTKS', Date.parse('2024-03-04T02:45:00Z'))).toBe(false); // 11:45 JST
  });

  it('handles sessions that cross midnight (CME Globex opens Sunday 17:00 Chicago)', () => {
    expect(isInRegularSession('XCME', Date.parse('2024-03-10T23:30:00Z'))).toBe(true); // Sun 18:30 CDT
    expect(isInRegularSession('XCME', Date.parse('2024-03-08T21:30:00Z'))).toBe(true); // Fri 15:30 CST, Thursday's session
    expect(isInRegularSession('XCME', Date.parse('2024-03-08T22:30:00Z'))).toBe(false); // Fri 16:30 CST, weekend close
    expect(isInRegularSession('XCME', Date.parse('2024-03-07T22:30:00Z'))).toBe(false); // Thu 16:30 CST, daily break
    expect(isInRegularSession('XCME', Date.parse('2024-03-09T18:00:00Z'))).toBe(false); // Saturday
  });

  it('cannot say for 24/7 venues, off-exchange codes and unknown MICs', () => {
    expect(isInRegularSession('COIN', Date.parse('2024-03-09T03:00:00Z'))).toBeUndefined();
    expect(isInRegularSession('XOFF', Date.parse('2024-03-09T03:00:00Z'))).toBeUndefined();
    expect(isInRegularSession('NOPE', 0)).toBeUndefined();
  });
});
