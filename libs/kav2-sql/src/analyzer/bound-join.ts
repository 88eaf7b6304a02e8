import { type JoinType } from '../parser/ast';
import { type BExpr } from './bound';
import { type Column } from './sql-type';

/**
 * Which rows of a joined stream take part in the join at a given time (KDA JOIN clause): the rows
 * of a RANGE before the current time (a row exactly RANGE older is outside), the last n + 1 rows
 * (ROWS n PRECEDING), or, without OVER, only the stream's current row.
 */
export type JoinWindow = { kind: 'range'; ms: number } | { kind: 'rows'; count: number } | { kind: 'current' };

/**
 * One input of a join. The joined row holds the left side's values then the right side's, from
 * `offset`; a stream side adds one hidden column after its own, its ROWTIME (`o.ROWTIME`).
 */
export type BoundJoinSide =
  | { kind: 'stream'; name: string; columns: readonly Column[]; offset: number; window: JoinWindow }
  | { kind: 'table'; name: string; columns: readonly Column[]; offset: number };

/** Values a side contributes to the joined row (its columns, plus ROWTIME for a stream). */
export const sideWidth = (s: BoundJoinSide): number => s.columns.length + (s.kind === 'stream' ? 1 : 0);

/** A bound JOIN: its condition and the equality conjuncts that can key a lookup (left = right). */
export interface BoundJoin {
  readonly type: JoinType;
  readonly left: BoundJoinSide;
  readonly right: BoundJoinSide;
  /** Over the joined row; absent for CROSS JOIN. */
  readonly condition?: BExpr;
  /** `l = r` conjuncts of the condition with `l` reading only the left side and `r` only the right. */
  readonly keys: readonly { readonly left: BExpr; readonly right: BExpr }[];
}
