/**
 * @surv/pipeline: the surv pipeline stages as library functions over small ports.
 */
export type {
  ObjectStore, ObjectInfo, PutObjectOptions, StreamRecord, RecordWriter, ConsumedRecord, AlertNotifier, QueryResult, QueryEngine,
  StreamingApp,
} from './ports';
export { PipelineError, type PipelineErrorCode } from './errors';
export { RecentIds } from './recent-ids';
export type { DuplicateCheck } from './duplicate-check';
export type { RecordOrigin, RecordOriginLookup } from './record-origin';
export {
  marketStreamRecords, periodIdPrefix, type ProducedLine, type ProducedRecord, type MarketStreamRecordsOptions,
} from './market-stream-records';
export { parseConsumedRecord, memoizedRecordParser, type RecordParser } from './record-parser';
export { CURATED_COLUMNS, type CuratedEvent, type CuratedColumnType } from './curated-event';
export { encodeCuratedParquet, type ParquetEncodeOptions } from './parquet-encoder';
export {
  enrichRecords, type EnrichDeps, type EnrichResult, type RecordOutcome, type RecordStatus, type CuratedEncoder,
} from './enricher';
export { RawArchiver, type RawArchiverOptions, type RawDelivery } from './raw-archiver';
export {
  Detector, selectForDetection, alertFromOutputRow, writeAlertRecords,
  type DetectorOptions, type DetectResult, type DetectionItem, type DetectionSelection,
} from './detector';
export { publishAlerts, decodeAlertRecords, type PublishDeps, type PublishResult } from './alert-publisher';
export { NAMED_QUERIES, NAMED_QUERY_NAMES, NAMED_QUERIES_DIR, loadNamedQueries, type NamedQuery, type NamedQueryName } from './named-queries';
export { toCsv } from './csv';
export { renderHtmlReport, barChartSvg, type HtmlReportInput, type ChartPoint } from './html-report';
export {
  generateReports, HTML_REPORT_NAME, type GenerateReportsOptions, type GenerateReportsResult, type ReportOutput,
} from './report-generator';
