import { type SqlValue } from '../analyzer/sql-type';
import { explainNode } from '../planner/explain';
import { type PlanNode } from '../planner/logical-plan';
import { HotspotDetector } from './hotspot-detector';
import { type Emit, type Operator } from './operator';
import { RandomCutForest } from './random-cut-forest';
import { type Row } from './row';

type RandomCutForestNode = PlanNode & { kind: 'randomCutForest' };
type HotspotsNode = PlanNode & { kind: 'hotspots' };

/**
 * Reads a row's numeric columns into `point`. False when one is NULL (or not finite, e.g. a DOUBLE that
 * overflowed): such a row has no place in the space, so it passes through with a NULL result and the
 * model does not learn from it (the Reference does not say; this is our choice).
 */
const readPoint = (values: readonly SqlValue[], columns: readonly number[], point: Float64Array): boolean => {
  for (let i = 0; i < columns.length; i++) {
    const v = values[columns[i]!];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    point[i] = v;
  }
  return true;
};

/**
 * RANDOM_CUT_FOREST / RANDOM_CUT_FOREST_WITH_EXPLANATION: every cursor row comes out at once, with its
 * ROWTIME, its values and ANOMALY_SCORE (and ANOMALY_EXPLANATION). The explanation is the JSON text the
 * Developer Guide shows, one entry per numeric column:
 * `{"Systolic":{"DIRECTION":"HIGH","STRENGTH":"0.8567","ATTRIBUTION_SCORE":"1.7447"},...}`.
 * ATTRIBUTION_SCORE is the column's share of the score (the shares add up to it); DIRECTION is HIGH when
 * more of that share comes from the value lying above the sample than below, else LOW (also in the
 * learning phase, as documented); STRENGTH is how much more, |high - low|, 0 in the learning phase. The
 * Reference describes STRENGTH only as a nonnegative confidence, so its scale is ours. Without
 * withDirectionality, DIRECTION is "" and STRENGTH 0 (the Reference does not show that case; the shape
 * stays the same for consumers).
 */
export class RandomCutForestOperator implements Operator {
  private readonly forest: RandomCutForest;
  private readonly point: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly explained: boolean;
  /** `"name":` of each numeric column, the explanation's keys. */
  private readonly keys: readonly string[];

  constructor(private readonly node: RandomCutForestNode, seed: number, private readonly next: Emit) {
    const d = node.numericColumns.length;
    this.forest = new RandomCutForest({
      dimensions: d, numberOfTrees: node.numberOfTrees, subSampleSize: node.subSampleSize,
      timeDecay: node.timeDecay, shingleSize: node.shingleSize, seed,
    });
    this.point = new Float64Array(d);
    this.high = new Float64Array(d);
    this.low = new Float64Array(d);
    this.explained = node.name === 'RANDOM_CUT_FOREST_WITH_EXPLANATION';
    this.keys = node.columnNames.map((n) => `${JSON.stringify(n)}:`);
  }

  push(row: Row): void {
    const values = row.values.slice();
    if (!readPoint(row.values, this.node.numericColumns, this.point)) {
      values.push(null);
      if (this.explained) values.push(null);
    } else if (!this.explained) {
      values.push(this.forest.process(this.point));
    } else {
      values.push(this.forest.processExplained(this.point, this.high, this.low), this.explanation());
    }
    this.next({ rowtime: row.rowtime, values });
  }

  private explanation(): string {
    const directed = this.node.withDirectionality;
    let text = '{';
    for (let c = 0; c < this.keys.length; c++) {
      const h = this.high[c]!;
      const l = this.low[c]!;
      const direction = !directed ? '' : h > l ? 'HIGH' : 'LOW';
      const strength = directed ? Math.abs(h - l) : 0;
      text += `${c > 0 ? ',' : ''}${this.keys[c]!}{"DIRECTION":"${direction}","STRENGTH":"${strength.toFixed(4)}","ATTRIBUTION_SCORE":"${(h + l).toFixed(4)}"}`;
    }
    return `${text}}`;
  }

  // Rows come out as they arrive: time moving on closes nothing.
  advance(): void {}
  flush(): void {}

  snapshot(): unknown {
    return this.forest.snapshot();
  }

  restore(state: unknown): void {
    this.forest.restore(state);
  }

  explain(): string {
    return explainNode(this.node);
  }
}

/**
 * HOTSPOTS: every cursor row comes out at once, with its ROWTIME, its values and HOTSPOTS_RESULT, the
 * hotspots of the window that ends with it as the JSON text the Developer Guide's viewer reads:
 * `{"hotspots":[{"density":..,"minValues":[..],"maxValues":[..]}]}`, one value per numeric column.
 */
export class HotspotsOperator implements Operator {
  private readonly detector: HotspotDetector;
  private readonly point: Float64Array;

  constructor(private readonly node: HotspotsNode, private readonly next: Emit) {
    this.point = new Float64Array(node.numericColumns.length);
    this.detector = new HotspotDetector(node.numericColumns.length, node.windowSize, node.scanRadius, node.minimumPoints);
  }

  push(row: Row): void {
    const values = row.values.slice();
    if (!readPoint(row.values, this.node.numericColumns, this.point)) {
      values.push(null);
    } else {
      this.detector.add(this.point);
      values.push(JSON.stringify({ hotspots: this.detector.hotspots() }));
    }
    this.next({ rowtime: row.rowtime, values });
  }

  // The window counts rows, not time.
  advance(): void {}
  flush(): void {}

  snapshot(): unknown {
    return this.detector.snapshot();
  }

  restore(state: unknown): void {
    this.detector.restore(state);
  }

  explain(): string {
    return explainNode(this.node);
  }
}
