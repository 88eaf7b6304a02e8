import { type SourcePos } from '../errors';
import { type Column, type SqlType, type SqlValue } from './sql-type';
import { type BoundTableFunction } from './bound-table-function';
import { type BoundJoin } from './bound-join';
import { type BoundOrderBy } from './bound-order';
import { type BoundDistinct } from './bound-distinct';
import { type BoundSubquery } from './bound-subquery';

/**
 * A bound (resolved, typed) expression. Operators and functions are all `fn` nodes named by
 * operator ('+', '=', 'AND', 'CASE', 'CAST', ...) or function name; `agg` only exists while binding.
 */
export type BExpr =
  | { kind: 'const'; value: SqlValue; type: SqlType }
  | { kind: 'col'; index: number; name: string; type: SqlType; pos?: SourcePos }
  | { kind: 'rowtime'; type: SqlType }
  | { kind: 'fn'; name: string; args: readonly BExpr[]; type: SqlType; unit?: string }
  | { kind: 'agg'; index: number; type: SqlType; pos?: SourcePos }
  /**
   * `IN (SELECT ...)` / `EXISTS (SELECT ...)` over a reference table (a BOOLEAN; NOT IN is NOT of IN): `operands`
   * are the values IN tests, `params` the outer expressions the subquery reads; both are over the outer row.
   */
  | { kind: 'subquery'; test: 'IN' | 'EXISTS'; operands: readonly BExpr[]; params: readonly BExpr[]; query: BoundSubquery; type: SqlType };

/** Aggregate function names. */
export type AggName = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'VAR_POP' | 'VAR_SAMP' | 'STDDEV_POP' | 'STDDEV_SAMP';

/** One aggregate of a GROUP BY query, evaluated over input rows. */
export interface AggCall {
  readonly fn: AggName;
  readonly arg?: BExpr;
  readonly distinct: boolean;
  readonly type: SqlType;
}

/** Frame of a sliding window. */
export type BoundFrame = { kind: 'range'; ms: number } | { kind: 'rows'; count: number };

/** One analytic (OVER) call of a plain query; its value is appended to the input row. */
export interface AnalyticCall {
  readonly fn: AggName | 'LAG' | 'FIRST_VALUE' | 'LAST_VALUE' | 'NTH_VALUE' | 'EXP_AVG';
  readonly args: readonly BExpr[];
  readonly distinct: boolean;
  readonly partitionBy: readonly BExpr[];
  readonly frame: BoundFrame;
  readonly type: SqlType;
  /** LAG / FIRST_VALUE / LAST_VALUE / NTH_VALUE ... IGNORE NULLS: rows whose value is NULL are skipped. */
  readonly ignoreNulls?: boolean;
  /** NTH_VALUE ... FROM LAST: count back from the frame's last row (the current one). */
  readonly fromLast?: boolean;
  /** EXP_AVG(x, <time-interval>): the half-life of the weights, in milliseconds. */
  readonly halfLifeMs?: number;
}

/** An output column of a query: its expression is evaluated over the row the query's last stage produces. */
export interface BoundOutput {
  readonly name: string;
  readonly expr: BExpr;
  readonly type: SqlType;
}

/** Shape of the grouping stage. */
export type BoundGrouping =
  | { kind: 'none'; analytics: readonly AnalyticCall[] }
  /**
   * `monotonicKey`: the window key is a MONOTONIC(expr) of the row (not of ROWTIME); its groups close when
   * a row's value differs.
   */
  | { kind: 'tumbling'; keys: readonly BExpr[]; windowKey: number; aggs: readonly AggCall[]; monotonicKey?: true }
  | { kind: 'stagger'; keys: readonly BExpr[]; rangeMs: number; aggs: readonly AggCall[] };

/** A bound SELECT. */
export interface BoundQuery {
  readonly source:
    | { kind: 'stream'; name: string }
    | { kind: 'query'; query: BoundQuery }
    | { kind: 'tableFunction'; fn: BoundTableFunction }
    | { kind: 'join'; join: BoundJoin }
    /** UNION ALL: every branch's rows, as they come, with their ROWTIME; `inputColumns` are the union's columns. */
    | { kind: 'union'; branches: readonly BoundQuery[] };
  readonly inputColumns: readonly Column[];
  readonly where?: BExpr;
  readonly grouping: BoundGrouping;
  readonly having?: BExpr;
  readonly outputs: readonly BoundOutput[];
  /** Index into `outputs` of an item named ROWTIME, which sets the row's ROWTIME instead of a column. */
  readonly rowtimeOutput?: number;
  /** ORDER BY: sorts the rows the SELECT list reads (after HAVING), before the SELECT list. */
  readonly orderBy?: BoundOrderBy;
  /** SELECT STREAM DISTINCT: drops the SELECT list's duplicate rows (indexes into `outputs`). */
  readonly distinct?: BoundDistinct;
}

/** A bound pump: its query and where each target column's value comes from. */
export interface BoundPump {
  readonly name: string;
  readonly target: string;
  readonly query: BoundQuery;
  /** For each target column: index into the query's non-ROWTIME outputs, or -1 (NULL). */
  readonly columnMap: readonly number[];
  readonly targetColumns: readonly Column[];
}

/** A stream of the application. */
export interface StreamDef {
  readonly name: string;
  readonly columns: readonly Column[];
}

/** The bound application: streams in declaration order and pumps in topological order. */
export interface BoundApplication {
  readonly input: StreamDef;
  /** Every in-application input stream: `input`, then those of an InputParallelism above 1 (`_002` ...). */
  readonly inputs: readonly StreamDef[];
  readonly streams: readonly StreamDef[];
  readonly pumps: readonly BoundPump[];
  /** Constructs this engine runs that Kinesis Data Analytics itself refuses (warnings for `checkApplication`). */
  readonly portability: readonly PortabilityNote[];
}

/** Where an application leaves the SQL Kinesis Data Analytics accepts, and which page says so. */
export interface PortabilityNote {
  readonly message: string;
  readonly pos: SourcePos;
}
