import { describe, expect, it } from 'vitest';
import { AlertSchema, alertId } from '@surv/domain';
import { alertFromRow } from '@surv/detection';

const start = Date.parse('2024-03-04T15:03:00Z');
const spoofRow = {
  RULE: 'SPOOFING', PATTERN: 'LAYERING', SEVERITY: 'HIGH', SYMBOL: 'ABC', ACCOUNT_ID: 'A1', BENEFICIAL_OWNER: 'O1',
  WINDOW_START: start, WINDOW_END: start + 60_000, TRADE_COUNT: null, SPOOF_SIDE: 'BUY', ORDERS_CANCELLED: 5n, CANCELLED_QTY: 12000, SIDE_ORDER_SHARE: 0.99,
};

describe('alertFromRow', () => {
  it('maps a spoofing row to a valid alert keyed by account, with the non-null aggregates as evidence', () => {
    const a = alertFromRow(spoofRow, { detectedAt: '2024-03-04T15:04:00.123Z' });
    expect(AlertSchema.parse(a)).toEqual(a);
    expect(a).toEqual({
      alert_id: alertId({ rule: 'SPOOFING', symbol: 'ABC', key: 'A1', windowStart: '2024-03-04T15:03:00.000Z', windowEnd: '2024-03-04T15:04:00.000Z' }),
      rule: 'SPOOFING', pattern: 'LAYERING', severity: 'HIGH', symbol: 'ABC', account_id: 'A1', beneficial_owner: 'O1',
      window_start: '2024-03-04T15:03:00.000Z', window_end: '2024-03-04T15:04:00.000Z',
      evidence: { spoof_side: 'BUY', orders_cancelled: 5, cancelled_qty: 12000, side_order_share: 0.99 },
      detected_at: '2024-03-04T15:04:00.123Z',
    });
  });

  it('keys wash-trade alerts by beneficial owner and gives the same id whenever detected', () => {
    const row = { RULE: 'WASH_TRADE', PATTERN: 'CROSS_ACCOUNT', SEVERITY: 'MEDIUM', SYMBOL: 'ABC', ACCOUNT_ID: null, BENEFICIAL_OWNER: 'O1', WINDOW_START: '2024-03-04 15:03:00', WINDOW_END: new Date(start + 60_000), SHARED_OWNER_TRADES: 1 };
    const a = alertFromRow(row, { detectedAt: 1 });
    const b = alertFromRow(row, { detectedAt: new Date(99_999) });
    expect(a.alert_id).toBe(b.alert_id);
    expect(a.alert_id).toBe(alertId({ rule: 'WASH_TRADE', symbol: 'ABC', key: 'O1', windowStart: '2024-03-04T15:03:00.000Z', windowEnd: '2024-03-04T15:04:00.000Z' }));
    expect(a.account_id).toBeUndefined();
    expect(a.evidence).toEqual({ shared_owner_trades: 1 });
  });

  it.each([
    [{ ...spoofRow, RULE: 'FRONT_RUNNING' }, /RULE/],
    [{ ...spoofRow, SEVERITY: 'SEVERE' }, /SEVERITY/],
    [{ ...spoofRow, SYMBOL: null }, /SYMBOL/],
    [{ ...spoofRow, ACCOUNT_ID: null, BENEFICIAL_OWNER: null }, /neither/],
    [{ ...spoofRow, WINDOW_START: 'soon' }, /WINDOW_START/],
    [{ ...spoofRow, ACCOUNT_ID: 42 }, /ACCOUNT_ID/],
  ])('refuses a row that is not an alert (%#)', (row, message) => {
    expect(() => alertFromRow(row, { detectedAt: 0 })).toThrow(message);
    expect(() => alertFromRow(row, { detectedAt: 0 })).toThrow(expect.objectContaining({ code: 'DETECTION_ROW_INVALID' }));
  });
});
