import { createHash } from 'node:crypto';
import { z } from 'zod';

export const ALERT_RULES = ['WASH_TRADE', 'SPOOFING'] as const;
export const AlertRuleSchema = z.enum(ALERT_RULES);
export type AlertRule = z.infer<typeof AlertRuleSchema>;

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

const isoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'must be ISO-8601 UTC ending in Z');

/** One alert (ARCHITECTURE §4): identical in the alerts stream, SNS, `alerts/` and `surv scan --alerts`. */
export const AlertSchema = z
  .object({
    alert_id: z.string().min(1),
    rule: AlertRuleSchema,
    /** Sub-pattern, e.g. LAYERING for spoofing over several price levels, SELF_MATCH / CROSS_ACCOUNT for wash trades. */
    pattern: z.string().min(1).optional(),
    severity: SeveritySchema,
    symbol: z.string().min(1),
    account_id: z.string().min(1).optional(),
    beneficial_owner: z.string().min(1).optional(),
    window_start: isoUtc,
    window_end: isoUtc,
    /** The aggregates that crossed the thresholds, by name. */
    evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    detected_at: isoUtc,
  })
  .refine((a) => a.account_id !== undefined || a.beneficial_owner !== undefined, {
    message: 'an alert names an account_id, a beneficial_owner, or both',
  });
export type Alert = z.infer<typeof AlertSchema>;

/** What identifies an alert: the same rule, key and window always give the same id. */
export interface AlertIdentity {
  readonly rule: AlertRule;
  readonly symbol: string;
  /** The grouping key besides the symbol: the account (spoofing) or beneficial owner (wash trade). */
  readonly key: string;
  readonly windowStart: string;
  readonly windowEnd: string;
}

/**
 * Deterministic alert id, so a redelivered or recomputed alert never counts twice:
 * `<rule>-<first 32 hex of sha256(rule|symbol|key|start|end)>`.
 */
export const alertId = (id: AlertIdentity): string => {
  const digest = createHash('sha256')
    .update([id.rule, id.symbol, id.key, id.windowStart, id.windowEnd].join('\u001f'))
    .digest('hex');
  return `${id.rule.toLowerCase().replace('_', '-')}-${digest.slice(0, 32)}`;
};
