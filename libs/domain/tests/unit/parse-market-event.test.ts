import { describe, expect, it } from 'vitest';
import { parseMarketEvent, MAX_RECORD_BYTES, type MarketEvent } from '@surv/domain';

const NOW = Date.parse('2024-03-01T12:00:00Z');
const valid: MarketEvent = {
  event_id: 'e-1',
  event_type: 'TRADE',
  event_time: '2024-03-01T10:15:30.123Z',
  symbol: 'ACME',
  venue: 'XNAS',
  account_id: 'A1',
  trader_id: 'T1',
  beneficial_owner: 'BO1',
  order_id: 'O1',
  side: 'BUY',
  price: 101.25,
  quantity: 300,
  counterparty_account_id: 'A2',
  counterparty_beneficial_owner: 'BO2',
  trade_id: 'X1',
};
const line = (patch: Record<string, unknown> = {}) => JSON.stringify({ ...valid, ...patch });
const parse = (input: string | Uint8Array) => parseMarketEvent(input, { nowMs: NOW });
const rejection = (input: string | Uint8Array) => {
  const r = parse(input);
  if (r.ok) throw new Error('expected a rejection');
  return r;
};

describe('parseMarketEvent', () => {
  it('reads an optional field written as null as absent, and still refuses an empty one or a null required field', () => {
    const r = parse(line({ counterparty_account_id: null, counterparty_beneficial_owner: null, trade_id: null }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.event).toEqual({ ...valid, counterparty_account_id: undefined, counterparty_beneficial_owner: undefined, trade_id: undefined });
    expect(Object.keys(r.event)).not.toContain('trade_id');
    // Another field wrong: the schema's reason names it, not the null optional one.
    expect(rejection(line({ trade_id: null, price: -1 })).reason).toBe('price: must be greater than 0');
    expect(rejection(line({ trade_id: '' })).reason).toBe('trade_id: must not be empty');
    expect(rejection(line({ order_id: null })).reason).toMatch(/^order_id: /);
  });

  it('accepts a contract-conforming trade and returns its event time in epoch ms', () => {
    const r = parse(line());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.event).toEqual(valid);
      expect(r.eventTimeMs).toBe(Date.parse('2024-03-01T10:15:30.123Z'));
    }
  });

  it('accepts bytes and microsecond timestamps, keeping the sub-millisecond fraction', () => {
    const r = parse(new TextEncoder().encode(line({ event_time: '2024-03-01T10:15:30.123456Z' })));
    expect(r.ok && r.eventTimeMs).toBeCloseTo(Date.parse('2024-03-01T10:15:30.123Z') + 0.456, 6);
  });

  it('rejects bytes that are not UTF-8 instead of reading them as U+FFFD (two owners would become one)', () => {
    const [head, tail] = line({ beneficial_owner: 'M?ller' }).split('?') as [string, string];
    const latin1 = new Uint8Array([...new TextEncoder().encode(head), 0xfc, ...new TextEncoder().encode(tail)]);
    const r = rejection(latin1);
    expect(r.code).toBe('INVALID_UTF8');
    expect(r.reason).toBe(`record is not UTF-8 text: byte 0xfc at offset ${head.length} (raw shows it as U+FFFD)`);
    expect(r.raw).toBe(`${head}\ufffd${tail}`);
    // Text whose bytes are UTF-8 is accepted, whatever its characters.
    expect(parse(new TextEncoder().encode(line({ beneficial_owner: 'Müller \ufffd 😀' }))).ok).toBe(true);
    expect(rejection(new Uint8Array([0x7b, 0xe2, 0x82])).reason).toMatch(/^record is not UTF-8 text: byte 0xe2 at offset 1 /);
    expect(rejection(new Uint8Array([0x7b, 0xc3, 0xa9, 0xed, 0xa0, 0x80, 0x7d])).reason).toMatch(/byte 0xed at offset 3 /); // a UTF-8 lone surrogate
    expect(rejection(new Uint8Array([0x7b, 0xe2, 0x41, 0x7d])).reason).toMatch(/byte 0xe2 at offset 1 /);
    expect(rejection(new Uint8Array([0x7b, 0x41, 0x80, 0x7d])).reason).toMatch(/byte 0x80 at offset 2 /);
  });

  it('accepts orders without the trade-only fields and drops unknown extra fields', () => {
    const { counterparty_account_id: _a, counterparty_beneficial_owner: _b, trade_id: _c, ...order } = valid;
    const r = parse(JSON.stringify({ ...order, event_type: 'ORDER_NEW', extra: 'x' }));
    expect(r.ok && r.event).toEqual({ ...order, event_type: 'ORDER_NEW' });
  });

  it('rejects invalid JSON with the parser message and keeps the original text', () => {
    const r = rejection('{"event_id": ');
    expect(r.code).toBe('INVALID_JSON');
    expect(r.raw).toBe('{"event_id": ');
  });

  it('rejects empty lines, arrays and scalars', () => {
    expect(rejection('   ').code).toBe('EMPTY_RECORD');
    expect(rejection('[1,2]').code).toBe('NOT_AN_OBJECT');
    expect(rejection('42').reason).toContain('number');
  });

  it('rejects a missing field naming it', () => {
    const { symbol: _s, ...rest } = valid;
    const r = rejection(JSON.stringify(rest));
    expect(r.code).toBe('SCHEMA_VIOLATION');
    expect(r.reason).toBe('symbol: required field is missing');
    const { price: _p, side: _side, ...fewer } = valid;
    expect(rejection(JSON.stringify({ ...fewer, order_id: null })).reason).toBe('order_id: Invalid input: expected string, received null; side: required field is missing; price: required field is missing');
  });

  it('rejects a mistyped field naming it', () => {
    const r = rejection(line({ price: '101.25' }));
    expect(r.code).toBe('SCHEMA_VIOLATION');
    expect(r.reason).toContain('price');
  });

  it('rejects an unknown event type listing the known ones', () => {
    const r = rejection(line({ event_type: 'ORDER_AMEND' }));
    expect(r.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(r.reason).toContain('ORDER_REPLACE');
  });

  it.each([0, -1])('rejects non-positive price %s and quantity %s', (v) => {
    expect(rejection(line({ price: v })).reason).toContain('price');
    expect(rejection(line({ quantity: v })).reason).toContain('quantity');
  });

  it('rejects non-finite numbers such as 1e999', () => {
    const r = rejection(line().replace('"price":101.25', '"price":1e999'));
    expect(r.code).toBe('NON_FINITE_NUMBER');
    expect(r.reason).toContain('price');
  });

  it('rejects absurd prices beyond the documented bound', () => {
    expect(rejection(line({ price: 5e9 })).reason).toContain('price');
  });

  it.each(['yesterday', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-03-01 25:00:00Z', ''])(
    'rejects the unparsable timestamp %j',
    (t) => {
      const code = rejection(line({ event_time: t })).code;
      expect(['INVALID_TIMESTAMP', 'SCHEMA_VIOLATION']).toContain(code);
    },
  );

  it('rejects timestamps before 1970 and more than a day in the future', () => {
    expect(rejection(line({ event_time: '1969-12-31T23:59:59Z' })).code).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(rejection(line({ event_time: '2024-03-02T12:00:01Z' })).code).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(parse(line({ event_time: '2024-03-02T11:59:59Z' })).ok).toBe(true);
  });

  it('honours explicit UTC offsets', () => {
    const r = parse(line({ event_time: '2024-03-01T11:15:30.123+01:00' }));
    expect(r.ok && r.eventTimeMs).toBe(Date.parse('2024-03-01T10:15:30.123Z'));
  });

  it('rejects records over 1 MiB before parsing them', () => {
    const big = line({ padding: 'x'.repeat(MAX_RECORD_BYTES) });
    expect(rejection(big).code).toBe('RECORD_TOO_LARGE');
  });

  it('counts bytes, not characters, against the size limit', () => {
    const multiByte = line({ padding: '€'.repeat(Math.ceil(MAX_RECORD_BYTES / 3)) });
    expect(multiByte.length).toBeLessThan(MAX_RECORD_BYTES);
    expect(rejection(multiByte).code).toBe('RECORD_TOO_LARGE');
  });
});
