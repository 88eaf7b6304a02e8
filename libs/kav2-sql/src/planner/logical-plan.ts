import {
  type AggCall, type AnalyticCall, type BExpr, type BoundOutput, type StreamDef,
} from '../analyzer/bound';
import { type RandomCutForestName, type TumblingTableFunctionName } from '../analyzer/bound-table-function';
import { type BoundJoin } from '../analyzer/bound-join';
import { type BoundSortKey, type SortClose } from '../analyzer/bound-order';
import { type Column } from '../analyzer/sql-type';

/** One input of a UNION ALL: the stages that bring `source`'s rows to the union. */
export interface BranchPlan {
  readonly source: string;
  readonly nodes: readonly PlanNode[];
}

/** One stage of a pump's linear pipeline (union on `kind`); a `join` or a `union` is always the first. */
export type PlanNode =
  | { kind: 'join'; join: BoundJoin }
  /** UNION ALL: each branch runs its own stages; their rows continue here, as they come. */
  | { kind: 'union'; branches: readonly BranchPlan[] }
  | { kind: 'filter'; clause: 'WHERE' | 'HAVING'; predicate: BExpr }
  | { kind: 'project'; outputs: readonly BoundOutput[]; rowtimeOutput?: number }
  /** `monotonicKey`: groups close when the MONOTONIC(expr) key's value moves on, not when ROWTIME does. */
  | { kind: 'tumble'; keys: readonly BExpr[]; windowKey: number; aggs: readonly AggCall[]; monotonicKey?: true }
  | { kind: 'stagger'; keys: readonly BExpr[]; rangeMs: number; aggs: readonly AggCall[] }
  | { kind: 'sliding'; inputWidth: number; analytics: readonly AnalyticCall[] }
  | { kind: 'tableFunction'; name: TumblingTableFunctionName; column: number; k: number; windowMs: number }
  /**
   * RANDOM_CUT_FOREST[_WITH_EXPLANATION]: each row gets its anomaly score (and explanation) appended;
   * `numericColumns` index the row's values, `columnNames` name them in the explanation.
   */
  | {
    kind: 'randomCutForest'; name: RandomCutForestName; numericColumns: readonly number[]; columnNames: readonly string[];
    numberOfTrees: number; subSampleSize: number; timeDecay: number; shingleSize: number; withDirectionality: boolean;
  }
  /** HOTSPOTS: each row gets the hotspots of the last windowSize rows appended (JSON text). */
  | { kind: 'hotspots'; numericColumns: readonly number[]; windowSize: number; scanRadius: number; minimumPoints: number }
  /** GROUP_RANK: the rows of one ROWTIME, held until ROWTIME moves on, leave ranked by a column with their rank appended. */
  | { kind: 'groupRank'; rankColumn: number; rankDescending: boolean; outputDescending: boolean; maxIdleMs: number; outputMax: number }
  /** Streaming ORDER BY: gathers rows while the leading key keeps its value, then emits them sorted. */
  | { kind: 'sort'; keys: readonly BoundSortKey[]; close: SortClose }
  /** T-sort: ORDER BY <timestamp_expr> WITHIN <interval>. */
  | { kind: 'tsort'; keys: readonly BoundSortKey[]; withinMs: number }
  /**
   * SELECT STREAM DISTINCT, after the SELECT list: drops a row equal on the `key` columns to one already passed
   * with the same value of the `epoch` column (-1: ROWTIME), a TIMESTAMP when `timestamp`.
   */
  | { kind: 'distinct'; epoch: number; key: readonly number[]; timestamp: boolean }
  | { kind: 'insert'; target: string; columnMap: readonly number[]; targetColumns: readonly Column[] };

/** A pump: rows of `source` (a union's first branch's) flow through `nodes`; the last node is always `insert`. */
export interface PumpPlan {
  readonly name: string;
  readonly source: string;
  readonly nodes: readonly PlanNode[];
}

/** The whole application's plan: pumps in topological order. */
export interface LogicalPlan {
  readonly input: StreamDef;
  /** Every in-application input stream (see BoundApplication.inputs). */
  readonly inputs: readonly StreamDef[];
  readonly streams: readonly StreamDef[];
  readonly pumps: readonly PumpPlan[];
}
