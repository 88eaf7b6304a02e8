import {
  type AggCall, type AnalyticCall, type BExpr, type BoundOutput, type StreamDef,
} from '../analyzer/bound';
import { type RandomCutForestName, type TumblingTableFunctionName } from '../analyzer/bound-table-function';
import { type BoundJoin } from '../analyzer/bound-join';
import { type Column } from '../analyzer/sql-type';

/** One stage of a pump's linear pipeline (union on `kind`); a `join` is always the first. */
export type PlanNode =
  | { kind: 'join'; join: BoundJoin }
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
  | { kind: 'insert'; target: string; columnMap: readonly number[]; targetColumns: readonly Column[] };

/** A pump: rows of `source` flow through `nodes`; the last node is always `insert`. */
export interface PumpPlan {
  readonly name: string;
  readonly source: string;
  readonly nodes: readonly PlanNode[];
}

/** The whole application's plan: pumps in topological order. */
export interface LogicalPlan {
  readonly input: StreamDef;
  readonly streams: readonly StreamDef[];
  readonly pumps: readonly PumpPlan[];
}
