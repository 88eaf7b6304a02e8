/**
 * @surv/local-runtime: the surv pipeline on a laptop: an in-process sharded stream, the lake on
 * disk, DuckDB for queries and a crawler, console/file/webhook notifiers, and the orchestrator.
 */
export { LocalRuntimeError, type LocalRuntimeErrorCode } from './errors';
export {
  InProcessStream, evenShardRanges, partitionHashKey, shardIdOf, type InProcessStreamOptions, type ShardInfo,
} from './in-process-stream';
export { FileObjectStore } from './file-object-store';
export { makeDirectory } from './make-directory';
export { DuckDbQueryEngine, plainDuckValue, type DuckDbQueryEngineOptions } from './duckdb-query-engine';
export { DuckDbParquetEncoder } from './duckdb-parquet-encoder';
export { CATALOG_FILE, type Catalog, type CatalogTable, type CatalogColumn, type CatalogLayer } from './catalog';
export { crawlLake } from './crawler';
export { openLakeQueryEngine, type LakeQueryEngine } from './open-lake-query-engine';
export { ConsoleNotifier, formatAlertLine } from './notifiers/console-notifier';
export { JsonlFileNotifier } from './notifiers/jsonl-file-notifier';
export { WebhookNotifier, type WebhookNotifierOptions } from './notifiers/webhook-notifier';
export { type DetectionFactory, type DetectionRuntime } from './detection-factory';
export { defaultDetection } from './default-detection';
export {
  runLocalPipeline, type InputLine, type LocalPipelineOptions, type PipelineSummary, type SourcedLines,
} from './run-local-pipeline';
export { runReports, type LocalReportsResult } from './run-reports';
