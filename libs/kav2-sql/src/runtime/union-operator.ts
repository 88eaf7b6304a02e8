import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { type BranchPlan } from '../planner/logical-plan';
import { type Emit, type Operator } from './operator';
import { type Row } from './row';

/**
 * UNION ALL of streams (SQL Reference, Query, "Streaming set operators"): every branch's rows continue, each
 * with its own ROWTIME ("the rowtime of a row emitted from streaming UNION ALL is the same as the timestamp of
 * the input row"), and no row is dropped. KDA merges the branches by ROWTIME, waiting for the slower one; here
 * each input row runs through every pump before the next one (and a window closes before the row that closes
 * it), so rows reach the union in ROWTIME order whenever its branches keep pace with the input. A branch that
 * lags (a T-sort's output, a ROWTIME alias) is not waited for: its rows keep their arrival order, and a later
 * window sees an older one as it sees any late row.
 *
 * The branches' stages belong to this operator: it passes time to them, and at flush() gathers what they
 * release and hands it on in ROWTIME order, since branch after branch would not be.
 */
export class UnionOperator implements Operator {
  private branches: readonly (readonly Operator[])[] = [];
  /** Rows the branches release during flush(), to be merged. */
  private flushed: Row[] | undefined;

  constructor(private readonly node: { kind: 'union'; branches: readonly BranchPlan[] }, private readonly next: Emit) {}

  /** The stages of each branch, built after this operator (their last stage sends rows to `receive`). */
  attach(branches: readonly (readonly Operator[])[]): void {
    this.branches = branches;
  }

  /** Where the branches' last stages send their rows. */
  readonly receive: Emit = (row) => {
    if (this.flushed === undefined) this.next(row);
    else this.flushed.push({ rowtime: row.rowtime, values: row.values.slice() });
  };

  /** The branches' sources push their rows to the branches, never here. */
  push(row: Row): void {
    this.receive(row);
  }

  advance(rowtime: number): void {
    for (const ops of this.branches) for (const o of ops) o.advance(rowtime);
  }

  flush(): void {
    this.flushed = [];
    try {
      for (const ops of this.branches) for (const o of ops) o.flush();
    } finally {
      const rows = this.flushed;
      this.flushed = undefined;
      // Stable: rows of one ROWTIME keep branch order.
      rows.sort((a, b) => a.rowtime - b.rowtime);
      for (const r of rows) this.next(r);
    }
  }

  snapshot(): unknown {
    const states = this.branches.map((ops) => ops.map((o) => o.snapshot()));
    return states.every((ops) => ops.every((s) => s === null)) ? null : states;
  }

  restore(state: unknown): void {
    if (state === null || state === undefined) {
      for (const ops of this.branches) for (const o of ops) o.restore(null);
      return;
    }
    const ok = Array.isArray(state) && state.length === this.branches.length
      && state.every((ops, i) => Array.isArray(ops) && ops.length === this.branches[i]!.length);
    if (!ok) throw new SqlError('KAV2_INVALID_STATE', 'UNION ALL state does not match this application');
    this.branches.forEach((ops, i) => ops.forEach((o, k) => o.restore((state as unknown[][])[i]![k])));
  }

  explain(): string {
    return explainNode(this.node);
  }
}
