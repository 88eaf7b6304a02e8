import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';

/** A row inside the engine: ROWTIME plus positional values. */
export interface Row {
  rowtime: number;
  values: SqlValue[];
}

/**
 * Raised while evaluating one row (bad cast, division by zero...): the operator catches it and the
 * row goes to error_stream with `errorName` as ERROR_NAME; it never stops the application.
 */
export class RowError extends SqlError {
  constructor(readonly errorName: string, message: string) {
    super('KAV2_RUNTIME', message);
  }
}

/** Per-application evaluation environment. */
export interface EvalEnv {
  /** Wall clock for CURRENT_ROW_TIMESTAMP. */
  readonly now: () => number;
  /** Fixed query start time for CURRENT_TIMESTAMP / LOCALTIMESTAMP. */
  readonly startTime: number;
  /** Rows of the in-application reference tables, by table name. */
  readonly tables?: ReadonlyMap<string, readonly (readonly SqlValue[])[]>;
  /** Seed of the machine-learning functions' random choices (RANDOM_CUT_FOREST samples and cuts). */
  readonly randomSeed?: number;
}
