import type { Alert } from '@surv/domain';

/** SNS's limit on one message, body plus message attributes. */
export const SNS_MAX_MESSAGE_BYTES = 256 * 1024;

/** Evidence keys added when evidence had to be cut to fit SNS; consumers find the full alert in `alerts/`. */
export const EVIDENCE_TRUNCATED_KEY = '_evidence_truncated';
export const EVIDENCE_ORIGINAL_BYTES_KEY = '_evidence_original_bytes';

/** An alert ready to publish: the JSON body and the attributes subscription filter policies match on. */
export interface SnsAlertMessage {
  readonly alert: Alert;
  readonly message: string;
  readonly attributes: Record<string, { DataType: 'String'; StringValue: string }>;
  /** Bytes SNS bills and limits: body plus attribute names, types and values. */
  readonly size: number;
  /** True when evidence was cut to fit. */
  readonly truncated: boolean;
}

const encoder = new TextEncoder();
const bytes = (s: string): number => encoder.encode(s).length;

const attributesOf = (alert: Alert): SnsAlertMessage['attributes'] => ({
  rule: { DataType: 'String', StringValue: alert.rule },
  severity: { DataType: 'String', StringValue: alert.severity },
});

const attributesSize = (attrs: SnsAlertMessage['attributes']): number =>
  Object.entries(attrs).reduce((n, [k, v]) => n + bytes(k) + bytes(v.DataType) + bytes(v.StringValue), 0);

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
const cutUtf8 = (s: string, maxBytes: number): string => {
  if (maxBytes <= 0) return '';
  const enc = encoder.encode(s);
  if (enc.length <= maxBytes) return s;
  let end = maxBytes;
  while (end > 0 && ((enc[end] as number) & 0xc0) === 0x80) end--; // back off to a character boundary
  return new TextDecoder().decode(enc.subarray(0, end));
};

/**
 * Builds the SNS message of an alert. An alert that does not fit `maxBytes` keeps every top-level field
 * and as much evidence as fits (long strings are cut, fields that do not fit are left out) and gains the
 * markers `_evidence_truncated: true` and `_evidence_original_bytes`. Returns `undefined` only when the
 * alert does not fit even with no evidence at all.
 */
export const buildSnsAlertMessage = (alert: Alert, maxBytes = SNS_MAX_MESSAGE_BYTES): SnsAlertMessage | undefined => {
  const attributes = attributesOf(alert);
  const attrBytes = attributesSize(attributes);
  const message = JSON.stringify(alert);
  const size = bytes(message) + attrBytes;
  if (size <= maxBytes) return { alert, message, attributes, size, truncated: false };

  const originalEvidenceBytes = bytes(JSON.stringify(alert.evidence));
  const markers = { [EVIDENCE_TRUNCATED_KEY]: true, [EVIDENCE_ORIGINAL_BYTES_KEY]: originalEvidenceBytes };
  const withEvidence = (evidence: Alert['evidence']): Alert => ({ ...alert, evidence });
  const skeleton = bytes(JSON.stringify(withEvidence(markers))) + attrBytes;
  if (skeleton > maxBytes) return undefined;

  let budget = maxBytes - skeleton;
  const entryBytes = (key: string, value: unknown): number => bytes(JSON.stringify({ [key]: value })) - 2 + 1; // `"k":v` plus a comma
  const entries = Object.entries(alert.evidence);
  const kept = new Map<string, Alert['evidence'][string]>();
  // Keep as many whole fields as possible (smallest first), then give what is left to cutting long strings.
  for (const [key, value] of [...entries].sort((a, b) => entryBytes(...a) - entryBytes(...b))) {
    const size = entryBytes(key, value);
    if (size <= budget) {
      kept.set(key, value);
      budget -= size;
    }
  }
  for (const [key, value] of entries) {
    if (kept.has(key) || typeof value !== 'string') continue;
    const overhead = entryBytes(key, '');
    // JSON escaping can grow a string up to 6x: cut by raw bytes, then shrink until the escaped form fits.
    let cut = cutUtf8(value, budget - overhead);
    while (cut.length > 0 && overhead + bytes(JSON.stringify(cut)) - 2 > budget) cut = cutUtf8(cut, bytes(cut) - Math.max(1, Math.ceil(bytes(cut) / 10)));
    if (cut.length > 0) {
      kept.set(key, cut);
      budget -= overhead + bytes(JSON.stringify(cut)) - 2;
    }
  }
  const evidence: Alert['evidence'] = {};
  for (const [key] of entries) if (kept.has(key)) evidence[key] = kept.get(key) as Alert['evidence'][string];
  const truncatedAlert = withEvidence({ ...evidence, ...markers });
  const truncatedMessage = JSON.stringify(truncatedAlert);
  return { alert: truncatedAlert, message: truncatedMessage, attributes, size: bytes(truncatedMessage) + attrBytes, truncated: true };
};
