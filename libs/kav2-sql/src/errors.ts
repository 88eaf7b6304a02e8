import { SurvError } from '@surv/domain';

/** Error codes raised by `@surv/kav2-sql`. */
export type SqlErrorCode =
  | 'KAV2_LEX_INVALID'
  | 'KAV2_PARSE_UNEXPECTED'
  | 'KAV2_UNSUPPORTED'
  | 'KAV2_UNKNOWN_STREAM'
  | 'KAV2_UNKNOWN_COLUMN'
  | 'KAV2_UNKNOWN_FUNCTION'
  | 'KAV2_AMBIGUOUS_COLUMN'
  | 'KAV2_TYPE_MISMATCH'
  | 'KAV2_INVALID_ARGUMENT'
  | 'KAV2_DUPLICATE_NAME'
  | 'KAV2_INVALID_SCHEMA'
  | 'KAV2_INVALID_STATE'
  | 'KAV2_INVALID_REFERENCE_DATA'
  | 'KAV2_RUNTIME';

/** Where in the SQL text a fault was found (1-based). */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/** A SQL compile-time or runtime error; carries the source position when it is known. */
export class SqlError extends SurvError<SqlErrorCode> {
  readonly line: number;
  readonly column: number;

  constructor(code: SqlErrorCode, message: string, pos?: SourcePos, options?: { cause?: unknown }) {
    super(code, pos ? `${message} (line ${pos.line}, column ${pos.column})` : message, options);
    this.line = pos?.line ?? 0;
    this.column = pos?.column ?? 0;
  }
}

/** Shorthand for the error raised by a construct this engine does not implement. */
export const unsupported = (what: string, pos?: SourcePos): SqlError =>
  new SqlError('KAV2_UNSUPPORTED', `${what} is not supported`, pos);
