import type { Alert } from '@surv/domain';
import type { AlertNotifier } from '@surv/pipeline';

/** One readable line per alert: `[HIGH] WASH_TRADE ACME owner=BO-1 10:00:00-10:01:00 trades=4 (wash-trade-…)`. */
export const formatAlertLine = (a: Alert): string => {
  const who = [a.account_id ? `account=${a.account_id}` : '', a.beneficial_owner ? `owner=${a.beneficial_owner}` : ''].filter(Boolean).join(' ');
  const evidence = Object.entries(a.evidence).slice(0, 6).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : String(v)}`).join(' ');
  const window = `${a.window_start.replace('T', ' ').replace(/\.000Z$|Z$/, '')} → ${a.window_end.slice(11).replace(/\.000Z$|Z$/, '')}`;
  return `[${a.severity}] ${a.rule}${a.pattern ? `/${a.pattern}` : ''} ${a.symbol} ${who} ${window} ${evidence} (${a.alert_id})`.replace(/\s+/g, ' ').trim();
};

/** Prints each alert as one readable line (default: to stdout). */
export class ConsoleNotifier implements AlertNotifier {
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  async notify(alerts: readonly Alert[]): Promise<void> {
    for (const a of alerts) this.write(formatAlertLine(a));
  }
}
