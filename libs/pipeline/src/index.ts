/**
 * @surv/pipeline: the surv pipeline stages as library functions over small ports.
 */
export type {
  ObjectStore, ObjectInfo, PutObjectOptions, StreamRecord, RecordWriter, ConsumedRecord, AlertNotifier, QueryResult, QueryEngine,
} from './ports';
