import { type BoundOutput } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { explainNode } from '../planner/explain';
import { compileExpr, type Evaluator } from './compile-expr';
import { type Emit, type OnRowError, StatelessOperator } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

/** SELECT list: computes the output columns; an item named ROWTIME sets the row's ROWTIME instead. */
export class ProjectOperator extends StatelessOperator {
  private readonly evals: Evaluator[];
  private readonly rowtimeEval?: Evaluator;
  constructor(private readonly outputs: readonly BoundOutput[], private readonly rowtimeOutput: number | undefined, env: EvalEnv, private readonly next: Emit, private readonly onError: OnRowError) {
    super();
    this.evals = outputs.filter((_, i) => i !== rowtimeOutput).map((o) => compileExpr(o.expr, env));
    if (rowtimeOutput !== undefined) this.rowtimeEval = compileExpr(outputs[rowtimeOutput]!.expr, env);
  }
  push(row: Row): void {
    const values: SqlValue[] = new Array<SqlValue>(this.evals.length);
    let rowtime = row.rowtime;
    try {
      for (let i = 0; i < this.evals.length; i++) values[i] = this.evals[i]!(row);
      if (this.rowtimeEval) {
        const t = this.rowtimeEval(row);
        if (typeof t !== 'number') throw new RowError('NULL_ROWTIME', 'the expression selected AS ROWTIME is NULL');
        rowtime = t;
      }
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    this.next({ rowtime, values });
  }
  explain(): string {
    return explainNode(this.rowtimeOutput === undefined ? { kind: 'project', outputs: this.outputs } : { kind: 'project', outputs: this.outputs, rowtimeOutput: this.rowtimeOutput });
  }
}
