import { type Alert, AlertSchema, type AlertRule, ALERT_RULES, alertId, SEVERITIES, type Severity, toIsoUtc, parseIsoTimestamp } from '@surv/domain';
import { DetectionError } from './errors';

/** One row of DESTINATION_SQL_STREAM (or of a batch query), keyed by upper-case column name. */
export type DetectionRow = Readonly<Record<string, unknown>>;

export interface AlertFromRowOptions {
  /** When the alert was detected: epoch ms, Date or ISO-8601 string. */
  readonly detectedAt: number | Date | string;
}

const IDENTITY_COLUMNS = new Set(['RULE', 'PATTERN', 'SEVERITY', 'SYMBOL', 'ACCOUNT_ID', 'BENEFICIAL_OWNER', 'WINDOW_START', 'WINDOW_END']);

const fail = (message: string): never => {
  throw new DetectionError('DETECTION_ROW_INVALID', message);
};

/** Epoch ms from what engines return for a TIMESTAMP: epoch ms, bigint, Date, ISO text, or DuckDB's `{ micros }`. */
const toEpochMs = (value: unknown, column: string): number => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.getTime();
  if (typeof value === 'string') {
    const ms = parseIsoTimestamp(value);
    if (ms !== undefined) return ms;
  }
  if (typeof value === 'object' && value !== null && typeof (value as { micros?: unknown }).micros === 'bigint') {
    return Number((value as { micros: bigint }).micros / 1000n);
  }
  return fail(`column ${column}: expected a timestamp, got ${JSON.stringify(String(value))}`);
};

const optionalText = (row: DetectionRow, column: string): string | undefined => {
  const v = row[column];
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v !== 'string') return fail(`column ${column}: expected text, got ${typeof v}`);
  return v;
};

const requiredText = (row: DetectionRow, column: string): string =>
  optionalText(row, column) ?? fail(`column ${column} is missing`);

const evidenceValue = (v: unknown): number | string | boolean | null | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
};

/**
 * Maps one output row of the detection application to the `Alert` contract: deterministic `alert_id`
 * from rule, symbol, key (account for SPOOFING, beneficial owner for WASH_TRADE) and window; every
 * non-null column besides the identity ones becomes evidence under its lower-case name.
 * Throws `DetectionError('DETECTION_ROW_INVALID')` when the row is not an alert.
 */
export const alertFromRow = (row: DetectionRow, options: AlertFromRowOptions): Alert => {
  const rule = requiredText(row, 'RULE');
  if (!(ALERT_RULES as readonly string[]).includes(rule)) fail(`column RULE: unknown rule '${rule}'`);
  const severity = requiredText(row, 'SEVERITY');
  if (!(SEVERITIES as readonly string[]).includes(severity)) fail(`column SEVERITY: unknown severity '${severity}'`);
  const symbol = requiredText(row, 'SYMBOL');
  const account = optionalText(row, 'ACCOUNT_ID');
  const owner = optionalText(row, 'BENEFICIAL_OWNER');
  const key = rule === 'SPOOFING' ? (account ?? owner) : (owner ?? account);
  if (key === undefined) fail('a row names neither ACCOUNT_ID nor BENEFICIAL_OWNER');
  const windowStart = toIsoUtc(toEpochMs(row['WINDOW_START'], 'WINDOW_START'));
  const windowEnd = toIsoUtc(toEpochMs(row['WINDOW_END'], 'WINDOW_END'));
  const detectedAt = toIsoUtc(toEpochMs(options.detectedAt, 'detectedAt'));

  const evidence: Record<string, number | string | boolean | null> = {};
  for (const [column, raw] of Object.entries(row)) {
    if (IDENTITY_COLUMNS.has(column.toUpperCase())) continue;
    const v = evidenceValue(raw);
    if (v !== undefined) evidence[column.toLowerCase()] = v;
  }
  const pattern = optionalText(row, 'PATTERN');
  const alert = {
    alert_id: alertId({ rule: rule as AlertRule, symbol, key: key as string, windowStart, windowEnd }),
    rule: rule as AlertRule,
    ...(pattern !== undefined ? { pattern } : {}),
    severity: severity as Severity,
    symbol,
    ...(account !== undefined ? { account_id: account } : {}),
    ...(owner !== undefined ? { beneficial_owner: owner } : {}),
    window_start: windowStart,
    window_end: windowEnd,
    evidence,
    detected_at: detectedAt,
  };
  const parsed = AlertSchema.safeParse(alert);
  if (!parsed.success) fail(`row does not give a valid alert: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return alert;
};
