import { describe, expect, it } from 'vitest';
import { type Alert } from '@surv/domain';
import { formatAlertLine } from '../../../src/output/alert-line';

describe('formatAlertLine', () => {
  it('shows severity, rule and pattern, symbol, who, the window and the first non-null evidence', () => {
    const alert: Alert = {
      alert_id: 'spoofing-1', rule: 'SPOOFING', pattern: 'LAYERING', severity: 'HIGH', symbol: 'AAPL', account_id: 'ACC-7',
      window_start: '2024-03-01T10:04:00.000Z', window_end: '2024-03-01T10:05:00.000Z',
      evidence: { cancel_ratio: 0.95666, trade_count: null, orders: 42, levels: 3, side: 'BUY', extra: 1 }, detected_at: '2024-03-01T10:05:00.000Z',
    };
    const line = formatAlertLine(alert);
    expect(line).toMatch(/^HIGH +SPOOFING\/LAYERING +AAPL +account ACC-7 +10:04:00-10:05:00 +cancel_ratio=0\.957 orders=42 levels=3 side=BUY$/);
  });
});
