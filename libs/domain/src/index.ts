/**
 * @surv/domain: the contracts every surv package shares (ARCHITECTURE §2, §4, §5).
 */
export { SurvError, isSurvError, DomainError, assertNever, type DomainErrorCode } from './surv-error';
export { parseIsoTimestamp, toIsoUtc, utcDate, utcHour } from './timestamps';
export {
  MarketEventSchema, EventTypeSchema, SideSchema, EVENT_TYPES, SIDES, MARKET_EVENT_FIELDS,
  MAX_PRICE, MAX_QUANTITY, MAX_RECORD_BYTES, type MarketEvent, type EventType, type Side,
} from './market-event';
export {
  parseMarketEvent, validateMarketEvent, type ParseResult, type AcceptedEvent, type RejectedRecord,
  type RejectionCode, type ParseOptions,
} from './parse-market-event';
export {
  AlertSchema, AlertRuleSchema, SeveritySchema, ALERT_RULES, SEVERITIES, alertId,
  type Alert, type AlertRule, type Severity, type AlertIdentity,
} from './alert';
export {
  VENUES, VENUE_CATEGORIES, findVenue, venueCategory, registerVenue, isInRegularSession,
  type Venue, type VenueCategory, type SessionInterval,
} from './venues';
export { utcLocalClock, type LocalClock } from './local-clock';
export {
  LAKE_PREFIXES, rawPartition, rawObjectKey, curatedPartition, curatedObjectKey, spanName, alertObjectKey,
  reportObjectKey, quarantineObjectKey, hivePartitions, type LakeLayer, type StreamSpan,
} from './lake-keys';
export { QuarantineRecordSchema, type QuarantineRecord } from './quarantine-record';
export { STACK_OUTPUTS, type StackOutput } from './stack-outputs';
export { SILENT_LOGGER, type Logger } from './logger';
