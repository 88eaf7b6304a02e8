import { type BExpr } from '../analyzer/bound';
import { explainNode } from '../planner/explain';
import { generateEvaluator } from './codegen';
import { type Evaluator } from './compile-expr';
import { type Emit, type OnRowError, StatelessOperator } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

/** WHERE / HAVING: passes rows whose predicate is TRUE (NULL and FALSE drop the row). */
export class FilterOperator extends StatelessOperator {
  private readonly predicate: Evaluator;
  constructor(private readonly clause: 'WHERE' | 'HAVING', private readonly expr: BExpr, env: EvalEnv, private readonly next: Emit, private readonly onError: OnRowError) {
    super();
    this.predicate = generateEvaluator(expr, env);
  }
  push(row: Row): void {
    let keep: unknown;
    try {
      keep = this.predicate(row);
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, `${this.clause}: ${e.message}`, row);
      throw e;
    }
    if (keep === true) this.next(row);
  }
  explain(): string {
    return explainNode({ kind: 'filter', clause: this.clause, predicate: this.expr });
  }
}
