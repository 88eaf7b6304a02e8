import { type Row } from './row';

/** Sends a row to the next stage. */
export type Emit = (row: Row) => void;
/** Reports a row that could not be processed; it goes to error_stream with the reason. */
export type OnRowError = (name: string, message: string, row: Row) => void;

/** A runtime stage of a pump. Every operator can describe itself and save/restore its state. */
export interface Operator {
  /**
   * Processes one row. The row belongs to the caller: an operator copies whatever it keeps, because
   * the caller may refill the same row object for its next row once this returns.
   */
  push(row: Row): void;
  /** Time moved to `rowtime` (a later row arrived or advanceTo was called): close what is due. */
  advance(rowtime: number): void;
  /** End of input: close every open window. */
  flush(): void;
  /** JSON-serialisable state, compact (accumulators, not raw rows, where possible). */
  snapshot(): unknown;
  restore(state: unknown): void;
  explain(): string;
}

/** Base for stateless operators. */
export abstract class StatelessOperator implements Operator {
  abstract push(row: Row): void;
  abstract explain(): string;
  advance(): void {}
  flush(): void {}
  snapshot(): unknown {
    return null;
  }
  restore(): void {}
}
