import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { type PlanNode } from '../planner/logical-plan';
import { type Emit, type Operator } from './operator';
import { type Row } from './row';

type GroupRankNode = PlanNode & { kind: 'groupRank' };

interface GroupRankState {
  readonly rowtime: number;
  readonly rows: readonly SqlValue[][];
}

/** Orders two rank values ascending; a NULL comes after every value (the page does not say; our choice). */
const compareRanked = (a: SqlValue, b: SqlValue): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * GROUP_RANK (SQL Reference, Group Rank): "Rows are buffered from the input cursor for each group (that is, rows
 * with the same rowtimes). Ranking of the rows is done ... after the arrival of a row with a different rowtime";
 * here also when time moves on (advanceTo) and at flush(). Ranks are RANK()'s: rows with equal values share the
 * rank of the first of them and the next rank skips (1, 2, 2, 4); a NULL ranks after every value. The group leaves
 * in outputOrder of its ranks (rows of one rank in arrival order), at most outputMax rows of it when outputMax is
 * not 0, each with its ROWTIME and its rank appended. maxIdle, a wait measured by the wall clock, has no part here:
 * the engine has no clock of its own, and a held group is released by the next ROWTIME, advanceTo or flush().
 */
export class GroupRankOperator implements Operator {
  private rowtime: number | undefined;
  private rows: SqlValue[][] = [];

  constructor(private readonly node: GroupRankNode, private readonly next: Emit) {}

  push(row: Row): void {
    if (this.rowtime !== undefined && row.rowtime !== this.rowtime) this.release();
    this.rowtime = row.rowtime;
    this.rows.push(row.values.slice());
  }

  advance(rowtime: number): void {
    if (this.rowtime !== undefined && rowtime > this.rowtime) this.release();
  }

  flush(): void {
    if (this.rowtime !== undefined) this.release();
  }

  private release(): void {
    const { rankColumn, rankDescending, outputDescending, outputMax } = this.node;
    const rowtime = this.rowtime!;
    const sign = rankDescending ? -1 : 1;
    // Nulls stay last in either order; Array.prototype.sort is stable, so ties keep their arrival order.
    const byValue = (a: SqlValue[], b: SqlValue[]): number => {
      const x = a[rankColumn] ?? null;
      const y = b[rankColumn] ?? null;
      return x === null || y === null ? compareRanked(x, y) : sign * compareRanked(x, y);
    };
    const sorted = this.rows.sort(byValue);
    const ranks: number[] = [];
    sorted.forEach((r, i) => ranks.push(i > 0 && byValue(sorted[i - 1]!, r) === 0 ? ranks[i - 1]! : i + 1));
    let order = sorted.map((values, i) => ({ values, rank: ranks[i]! }));
    if (outputDescending) order = order.sort((a, b) => b.rank - a.rank);
    if (outputMax > 0) order = order.slice(0, outputMax);
    this.rowtime = undefined;
    this.rows = [];
    for (const r of order) this.next({ rowtime, values: [...r.values, r.rank] });
  }

  snapshot(): unknown {
    if (this.rowtime === undefined) return null;
    const state: GroupRankState = { rowtime: this.rowtime, rows: this.rows };
    return state;
  }

  restore(state: unknown): void {
    this.rowtime = undefined;
    this.rows = [];
    if (state === null || state === undefined) return;
    const s = state as Partial<GroupRankState>;
    if (typeof s.rowtime !== 'number' || !Array.isArray(s.rows)) throw new SqlError('KAV2_INVALID_STATE', 'GROUP_RANK: state has no rowtime or rows');
    this.rowtime = s.rowtime;
    this.rows = s.rows.map((r) => [...r]);
  }

  explain(): string {
    return explainNode(this.node);
  }
}
