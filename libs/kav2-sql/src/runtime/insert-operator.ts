import { type Column, type SqlType, type SqlValue } from '../analyzer/sql-type';
import { explainNode } from '../planner/explain';
import { castFn } from './cast';
import { type Emit, type OnRowError, StatelessOperator } from './operator';
import { type Row, RowError } from './row';

/** True when every value of type `from` already is a valid value of type `to` (no cast, no truncation). */
const fitsWithoutConversion = (from: SqlType, to: SqlType): boolean => {
  if (from.name !== to.name) return false;
  switch (to.name) {
    case 'VARCHAR': return to.length === undefined || (from.length !== undefined && from.length <= to.length);
    case 'DOUBLE': case 'REAL': case 'BOOLEAN': case 'TIMESTAMP': case 'DATE': case 'TIME':
      return true;
    // Integer arithmetic can leave the type's range; the cast on insert is where that is caught.
    default: return false;
  }
};

/** INSERT INTO: maps the query's columns onto the target stream's columns, converting to the declared types. */
export class InsertOperator extends StatelessOperator {
  private readonly convert: ((v: SqlValue) => SqlValue)[];
  /** The query's columns already are the target's, in order and type: rows pass through as they are. */
  private readonly passThrough: boolean;
  /**
   * Target positions that need a cast, when the query's columns are the target's in order and the
   * incoming value arrays belong to this pump alone (fresh from its SELECT list): those are
   * converted in place instead of copying the row.
   */
  private readonly inPlace: readonly number[] | undefined;
  private readonly scratch: SqlValue[];
  /** Hands a converted row on; it also refuses NULL in NOT NULL columns when the target declares any. */
  private readonly emit: Emit;
  constructor(
    private readonly target: string,
    private readonly columnMap: readonly number[],
    private readonly targetColumns: readonly Column[],
    sourceTypes: readonly Column['type'][],
    private readonly next: Emit,
    private readonly onError: OnRowError,
    ownsRows = false,
  ) {
    super();
    this.convert = targetColumns.map((c, i) => {
      const from = columnMap[i]! >= 0 ? sourceTypes[columnMap[i]!]! : c.type;
      return castFn(from, c.type);
    });
    const aligned = targetColumns.length === sourceTypes.length && targetColumns.every((_, i) => columnMap[i] === i);
    this.passThrough = aligned && targetColumns.every((c, i) => fitsWithoutConversion(sourceTypes[i]!, c.type));
    this.inPlace = ownsRows && aligned
      ? targetColumns.flatMap((c, i) => (fitsWithoutConversion(sourceTypes[i]!, c.type) ? [] : [i]))
      : undefined;
    this.scratch = new Array<SqlValue>(this.inPlace?.length ?? 0).fill(null);
    const notNull = targetColumns.flatMap((c, i) => (c.notNull ? [i] : []));
    this.emit = notNull.length === 0 ? next : (row) => {
      for (const i of notNull) {
        if (row.values[i] === null || row.values[i] === undefined) {
          return onError('NOT_NULL_VIOLATION', `insert into ${target}: column ${targetColumns[i]!.name} is declared NOT NULL, and the value is NULL`, row);
        }
      }
      next(row);
    };
  }
  push(row: Row): void {
    if (this.passThrough && row.values.length === this.targetColumns.length) return this.emit(row);
    const inPlace = this.inPlace;
    if (inPlace !== undefined && row.values.length === this.targetColumns.length) {
      const v = row.values;
      // Every cast runs before anything is written, so a failing row leaves its values as they were.
      const converted = this.scratch;
      try {
        for (let k = 0; k < inPlace.length; k++) converted[k] = this.convert[inPlace[k]!]!(v[inPlace[k]!] ?? null);
      } catch (e) {
        if (e instanceof RowError) return this.onError(e.errorName, `insert into ${this.target}: ${e.message}`, row);
        throw e;
      }
      for (let k = 0; k < inPlace.length; k++) v[inPlace[k]!] = converted[k]!;
      return this.emit(row);
    }
    const values: SqlValue[] = new Array<SqlValue>(this.targetColumns.length);
    try {
      for (let i = 0; i < values.length; i++) {
        const src = this.columnMap[i]!;
        values[i] = src < 0 ? null : this.convert[i]!(row.values[src] ?? null);
      }
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, `insert into ${this.target}: ${e.message}`, row);
      throw e;
    }
    this.emit({ rowtime: row.rowtime, values });
  }
  explain(): string {
    return explainNode({ kind: 'insert', target: this.target, columnMap: this.columnMap, targetColumns: this.targetColumns });
  }
}
