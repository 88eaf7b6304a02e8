import { readFileSync } from 'node:fs';
import { compileApplication, formatRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';

const dir = new URL('../fixtures/surveillance/', import.meta.url);
const sql = readFileSync(new URL('app.sql', dir), 'utf8');
const schema: unknown = JSON.parse(readFileSync(new URL('input-schema.json', dir), 'utf8'));

const ev = (s: number, event_type: string, account_id: string, side: string, quantity = 100) => ({
  event_type, symbol: 'ACME', account_id, side, price: 10, quantity,
  event_time: new Date(Date.UTC(2026, 0, 5, 14, 30, s)).toISOString(),
});

describe('a detection-shaped application replayed on event time', () => {
  it('aggregates with CASE inside SUM, chains a second pump and alerts only the one-sided canceller', () => {
    const app = compileApplication(sql, schema, { rowtime: { field: 'event_time' } });
    const alerts: Record<string, unknown>[] = [];
    const activity: Record<string, unknown>[] = [];
    app.on('ALERTS', (r) => alerts.push(formatRow(r, app.columns('ALERTS'))));
    app.on('ACTIVITY', (r) => activity.push(formatRow(r, app.columns('ACTIVITY'))));
    const events = [
      // Spoofer: places and cancels buys, sells for real.
      ev(1, 'ORDER_NEW', 'SPOOF', 'BUY'), ev(2, 'ORDER_NEW', 'SPOOF', 'BUY'), ev(3, 'ORDER_NEW', 'SPOOF', 'BUY'),
      ev(4, 'ORDER_CANCEL', 'SPOOF', 'BUY'), ev(5, 'ORDER_CANCEL', 'SPOOF', 'BUY'), ev(6, 'ORDER_CANCEL', 'SPOOF', 'BUY'),
      ev(7, 'TRADE', 'SPOOF', 'SELL', 300),
      // Market maker: cancels a lot but fills on both sides.
      ev(10, 'ORDER_NEW', 'MM', 'BUY'), ev(11, 'ORDER_NEW', 'MM', 'SELL'), ev(12, 'ORDER_NEW', 'MM', 'BUY'),
      ev(13, 'ORDER_CANCEL', 'MM', 'BUY'), ev(14, 'ORDER_CANCEL', 'MM', 'SELL'), ev(15, 'ORDER_CANCEL', 'MM', 'BUY'),
      ev(16, 'TRADE', 'MM', 'BUY', 50), ev(17, 'TRADE', 'MM', 'SELL', 50),
    ];
    for (const e of events) app.push(JSON.stringify(e));
    expect(alerts).toEqual([]); // the minute has not closed yet
    app.flush();
    expect(activity).toEqual([
      { SYMBOL: 'ACME', ACCOUNT_ID: 'SPOOF', WINDOW_START: '2026-01-05T14:30:00.000Z', ORDERS: 3, CANCELS: 3, BUY_QTY: 0, SELL_QTY: 300, CANCEL_RATIO: 1 },
      { SYMBOL: 'ACME', ACCOUNT_ID: 'MM', WINDOW_START: '2026-01-05T14:30:00.000Z', ORDERS: 3, CANCELS: 3, BUY_QTY: 50, SELL_QTY: 50, CANCEL_RATIO: 1 },
    ]);
    expect(alerts).toEqual([
      { RULE: 'SPOOFING', SYMBOL: 'ACME', ACCOUNT_ID: 'SPOOF', WINDOW_START: '2026-01-05T14:30:00.000Z', CANCEL_RATIO: 1 },
    ]);
  });
});
