import { type BoundQuery } from './bound';
import { type Column } from './sql-type';

/** The tumbling table functions of the KDA SQL Reference. */
export type TumblingTableFunctionName = 'TOP_K_ITEMS_TUMBLING' | 'COUNT_DISTINCT_ITEMS_TUMBLING';
/** The anomaly-detection table functions of the KDA SQL Reference (HOTSPOTS is the third machine-learning one). */
export type RandomCutForestName = 'RANDOM_CUT_FOREST' | 'RANDOM_CUT_FOREST_WITH_EXPLANATION';

/**
 * `TABLE(fn(CURSOR(SELECT STREAM ...), 'column', [k,] windowSeconds))`: a tumbling window over the
 * cursor query's rows that emits, when the window closes, the top k values of `column` with their
 * counts, or the number of its distinct values.
 */
export interface BoundTumblingTableFunction {
  readonly name: TumblingTableFunctionName;
  /** The CURSOR query. */
  readonly query: BoundQuery;
  /** Index of the counted column among the cursor query's columns. */
  readonly column: number;
  /** TOP_K_ITEMS_TUMBLING's K (1 for COUNT_DISTINCT_ITEMS_TUMBLING). */
  readonly k: number;
  readonly windowMs: number;
  /** What the function returns: (ITEM, ITEM_COUNT) or (NUMBER_OF_DISTINCT_ITEMS). */
  readonly columns: readonly Column[];
}

/**
 * `TABLE(RANDOM_CUT_FOREST[_WITH_EXPLANATION](CURSOR(...), numberOfTrees, subSampleSize, timeDecay,
 * shingleSize[, withDirectionality]))`: every cursor row comes out at once with its anomaly score (and
 * explanation) after the cursor's columns.
 */
export interface BoundRandomCutForest {
  readonly name: RandomCutForestName;
  readonly query: BoundQuery;
  /** Indexes of the numeric cursor columns, the point's dimensions; the others pass through. */
  readonly numericColumns: readonly number[];
  readonly numberOfTrees: number;
  readonly subSampleSize: number;
  readonly timeDecay: number;
  readonly shingleSize: number;
  /** WITH_EXPLANATION: name the direction (HIGH / LOW) of each column's attribution. */
  readonly withDirectionality: boolean;
  /** The cursor's columns, then ANOMALY_SCORE (and ANOMALY_EXPLANATION). */
  readonly columns: readonly Column[];
}

/**
 * `TABLE(HOTSPOTS(CURSOR(...), windowSize, scanRadius, minimumNumberOfPointsInAHotspot))`: every cursor
 * row comes out at once with the hotspots of the last windowSize rows after the cursor's columns.
 */
export interface BoundHotspots {
  readonly name: 'HOTSPOTS';
  readonly query: BoundQuery;
  /** Indexes of the numeric cursor columns, the point's dimensions; the others pass through. */
  readonly numericColumns: readonly number[];
  readonly windowSize: number;
  readonly scanRadius: number;
  readonly minimumPoints: number;
  /** The cursor's columns, then HOTSPOTS_RESULT. */
  readonly columns: readonly Column[];
}

/**
 * `TABLE(GROUP_RANK(CURSOR(...), rankByColumnName, rankOutColumnName, sortOrder, outputOrder, maxIdle, outputMax))`
 * (SQL Reference, Group Rank): the cursor's rows of one ROWTIME, ranked by a column and appended their rank.
 */
export interface BoundGroupRank {
  readonly name: 'GROUP_RANK';
  readonly query: BoundQuery;
  /** Index of the ranked column among the cursor's columns. */
  readonly rankColumn: number;
  /** sortOrder 'desc': the largest value ranks 1. */
  readonly rankDescending: boolean;
  /** outputOrder 'desc': a group's rows leave from the last rank to the first. */
  readonly outputDescending: boolean;
  readonly maxIdleMs: number;
  /** At most this many rows of a group leave (0: all). */
  readonly outputMax: number;
  /** The cursor's columns, then the rank (named by rankOutColumnName, INTEGER). */
  readonly columns: readonly Column[];
}

/** A `TABLE(fn(CURSOR(...), ...))` in FROM. */
export type BoundTableFunction = BoundTumblingTableFunction | BoundRandomCutForest | BoundHotspots | BoundGroupRank;
