/**
 * @surv/infra: the surv CDK app (ARCHITECTURE §7). `SurvStack` is the whole deployment; the constructs are
 * exported for reuse and tests.
 */
export { SurvStack, DETECTOR_WINDOW } from './surv-stack';
export {
  DETECTOR_RUNTIMES, FUNCTION_NAMES, LAMBDA_ASSET_EXCLUDES, DEFAULT_SURV_STACK, resolveSurvStackOptions, parseDetectorRuntime, functionCode,
  type DetectorRuntime, type FunctionName, type FunctionCode, type SurvStackProps, type ResolvedSurvStackOptions,
} from './surv-stack-props';
export { InfraError, type InfraErrorCode } from './errors';
export { DataKey } from './data-key';
export { LakeBucket, secureBucketProps, type LakeBucketProps } from './lake-bucket';
export { EventStreams, type EventStreamsProps } from './event-streams';
export { RawArchive, RAW_DATA_PREFIX, RAW_ERROR_PREFIX, type RawArchiveProps } from './raw-archive';
export { SurvFunction, type SurvFunctionProps } from './surv-function';
export { Kav2Detector, KAV2_INPUT_PREFIX, type Kav2DetectorProps } from './kav2-detector';
export { LakeCatalog, GLUE_DATABASE, type LakeCatalogProps } from './lake-catalog';
export { ReportAnalytics, type ReportAnalyticsProps } from './report-analytics';
export { DeliveryPipeline, BUILD_SPEC, DEPLOY_SPEC, type DeliveryPipelineProps } from './delivery-pipeline';
export { createSurvApp, type CreateSurvAppOptions } from './create-surv-app';
