import { type BoundOutput } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { explainNode } from '../planner/explain';
import { isTimestampMs, MAX_TIMESTAMP_MS } from '../datetime/datetime';
import { generateEvaluator, generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { type Evaluator } from './compile-expr';
import { type Emit, type OnRowError, StatelessOperator } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

/** SELECT list: computes the output columns; an item named ROWTIME sets the row's ROWTIME instead. */
export class ProjectOperator extends StatelessOperator {
  private readonly evaluate: MultiEvaluator;
  private readonly width: number;
  private readonly rowtimeEval?: Evaluator;
  /**
   * The row handed on, refilled for every input row: no operator keeps a row once its push returns
   * (see Operator.push), so one row serves them all. A row that fails half way is never handed on,
   * and the next one overwrites every value.
   */
  private readonly out: Row;
  constructor(
    private readonly outputs: readonly BoundOutput[],
    private readonly rowtimeOutput: number | undefined,
    env: EvalEnv,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    super();
    const columns = outputs.filter((_, i) => i !== rowtimeOutput);
    this.width = columns.length;
    this.out = { rowtime: 0, values: new Array<SqlValue>(this.width).fill(null) };
    this.evaluate = generateMultiEvaluator(columns.map((o) => o.expr), env);
    if (rowtimeOutput !== undefined) this.rowtimeEval = generateEvaluator(outputs[rowtimeOutput]!.expr, env);
  }
  push(row: Row): void {
    const out = this.out;
    const values = out.values;
    let rowtime = row.rowtime;
    try {
      this.evaluate(row, values);
      if (this.rowtimeEval) {
        const t = this.rowtimeEval(row);
        if (typeof t !== 'number') throw new RowError('NULL_ROWTIME', 'the expression selected AS ROWTIME is NULL');
        if (!isTimestampMs(t)) throw new RowError('ROWTIME_FAILED', `the expression selected AS ROWTIME is out of the timestamp range (±${MAX_TIMESTAMP_MS} ms): ${t}`);
        rowtime = t;
      }
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    out.rowtime = rowtime;
    this.next(out);
  }
  explain(): string {
    return explainNode(this.rowtimeOutput === undefined ? { kind: 'project', outputs: this.outputs } : { kind: 'project', outputs: this.outputs, rowtimeOutput: this.rowtimeOutput });
  }
}
