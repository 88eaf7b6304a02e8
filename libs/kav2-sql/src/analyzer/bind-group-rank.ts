import { SqlError } from '../errors';
import { type Expr, type FromItem } from '../parser/ast';
import { type BoundQuery } from './bound';
import { type BoundGroupRank } from './bound-table-function';
import { formatType, INTEGER_TYPES, STRING_TYPES, t } from './sql-type';
import { integerLiteral, invalidArgument } from './table-function-args';

const ARGS = ['rankByColumnName', 'rankOutColumnName', 'sortOrder', 'outputOrder', 'maxIdle', 'outputMax'];

const quoted = (e: Expr, what: string): string => {
  if (e.kind !== 'literal' || typeof e.value !== 'string') throw invalidArgument(`${what} of GROUP_RANK must be in single quotes`, e);
  return e.value;
};

/** sortOrder / outputOrder: 'asc' or 'desc'; true for 'desc'. */
const order = (e: Expr, what: string): boolean => {
  const v = quoted(e, what).toLowerCase();
  if (v !== 'asc' && v !== 'desc') throw invalidArgument(`${what} of GROUP_RANK must be 'asc' or 'desc', got '${quoted(e, what)}'`, e);
  return v === 'desc';
};

/**
 * Binds `TABLE(GROUP_RANK(CURSOR(...), 'rankBy', 'rankOut', 'asc' | 'desc', 'asc' | 'desc', maxIdle, outputMax))`
 * (SQL Reference, Sorting Functions, Group Rank): the rank-by column is named as the other table functions name
 * theirs and must be "a basic SQL data type of INTEGER, CHAR, VARCHAR"; the output is the cursor's columns
 * ("c.*") then an INTEGER column named by rankOutColumnName; maxIdle (ms) and outputMax are integers from 0.
 */
export const bindGroupRank = (from: FromItem & { kind: 'tableFunction' }, query: BoundQuery): BoundGroupRank => {
  if (from.args.length !== ARGS.length) {
    throw new SqlError('KAV2_INVALID_ARGUMENT', `GROUP_RANK takes CURSOR(...) then ${ARGS.join(', ')}; got ${from.args.length} arguments after the cursor`, from.namePos);
  }
  const [byArg, outArg, sortArg, outputArg, idleArg, maxArg] = from.args as [Expr, Expr, Expr, Expr, Expr, Expr];
  const columns = query.outputs.filter((_, i) => i !== query.rowtimeOutput);
  const by = quoted(byArg, 'rankByColumnName');
  let rankColumn = columns.findIndex((c) => c.name === by);
  if (rankColumn < 0) rankColumn = columns.findIndex((c) => c.name === by.toUpperCase());
  if (rankColumn < 0) {
    throw new SqlError('KAV2_UNKNOWN_COLUMN', `GROUP_RANK: the cursor has no column '${by}' (columns: ${columns.map((c) => c.name).join(', ')})`, byArg.pos);
  }
  const ranked = columns[rankColumn]!;
  if (!INTEGER_TYPES.has(ranked.type.name) && !STRING_TYPES.has(ranked.type.name)) {
    throw new SqlError('KAV2_TYPE_MISMATCH', `GROUP_RANK ranks by an INTEGER, CHAR or VARCHAR column; ${ranked.name} is ${formatType(ranked.type)}`, byArg.pos);
  }
  const out = quoted(outArg, 'rankOutColumnName');
  if (out === '') throw invalidArgument('rankOutColumnName of GROUP_RANK must not be empty', outArg);
  if (columns.some((c) => c.name === out)) throw new SqlError('KAV2_DUPLICATE_NAME', `GROUP_RANK: the cursor already has a column ${out}`, outArg.pos);
  return {
    name: 'GROUP_RANK',
    query,
    rankColumn,
    rankDescending: order(sortArg, 'sortOrder'),
    outputDescending: order(outputArg, 'outputOrder'),
    maxIdleMs: integerLiteral('GROUP_RANK', idleArg, 'maxIdle', 0, 2_147_483_647),
    outputMax: integerLiteral('GROUP_RANK', maxArg, 'outputMax', 0, 2_147_483_647),
    columns: [...columns.map((c) => ({ name: c.name, type: c.type })), { name: out, type: t('INTEGER') }],
  };
};
