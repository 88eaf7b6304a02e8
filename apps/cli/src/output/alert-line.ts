import { type Alert } from '@surv/domain';

const time = (iso: string) => iso.slice(11, 19);
const num = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toFixed(3))) : String(v));

/**
 * One readable line per alert for people watching a run:
 * `HIGH  SPOOFING/LAYERING  AAPL  account ACC-7  10:04:00-10:05:00  cancel_ratio=0.96 orders=42`.
 */
export const formatAlertLine = (alert: Alert, maxEvidence = 4): string => {
  const rule = alert.pattern ? `${alert.rule}/${alert.pattern}` : alert.rule;
  const who = [alert.account_id ? `account ${alert.account_id}` : '', alert.beneficial_owner ? `owner ${alert.beneficial_owner}` : '']
    .filter(Boolean)
    .join(' ');
  // Evidence rows carry every rule's columns; the other rule's are null and say nothing.
  const evidence = Object.entries(alert.evidence)
    .filter(([, v]) => v !== null)
    .slice(0, maxEvidence)
    .map(([k, v]) => `${k}=${num(v)}`)
    .join(' ');
  return [alert.severity.padEnd(8), rule.padEnd(24), alert.symbol.padEnd(8), who, `${time(alert.window_start)}-${time(alert.window_end)}`, evidence]
    .filter(Boolean)
    .join('  ');
};
