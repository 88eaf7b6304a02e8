/**
 * @surv/detection: the detection rules as one KDA SQL-1_0 application (wash trades, spoofing bursts),
 * its input/output schemas, the equivalent DuckDB batch queries, and the mapping of its rows to alerts.
 */
export {
  loadDetectionApplication, InputSchemaSchema, OutputSchemaSchema,
  type DetectionApplication, type InputSchema, type OutputSchema, type BatchQueries, type LoadDetectionApplicationOptions,
} from './detection-application';
export { alertFromRow, type AlertFromRowOptions, type DetectionRow } from './alert-from-row';
export { DETECTION_THRESHOLDS, parseDocumentedThresholds, type DetectionThresholds } from './detection-thresholds';
export { DetectionError, type DetectionErrorCode } from './errors';
