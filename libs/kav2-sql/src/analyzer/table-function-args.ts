import { SqlError } from '../errors';
import { type Expr } from '../parser/ast';

/** An invalid table-function argument, at the argument. */
export const invalidArgument = (msg: string, e: { pos: { line: number; column: number } }): SqlError => new SqlError('KAV2_INVALID_ARGUMENT', msg, e.pos);

/** A table function's integer parameter: an integer literal from `min` to `max`, named in the error. */
export const integerLiteral = (fn: string, e: Expr, what: string, min: number, max: number): number => {
  if (e.kind !== 'literal' || e.literalType !== 'INTEGER' || typeof e.value !== 'number') throw invalidArgument(`${what} of ${fn} must be an integer literal`, e);
  if (e.value < min || e.value > max) throw invalidArgument(`${what} of ${fn} must be between ${min} and ${max}, got ${e.value}`, e);
  return e.value;
};
