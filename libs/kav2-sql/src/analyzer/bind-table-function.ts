import { SqlError, unsupported } from '../errors';
import { type FromItem, type QueryExpr } from '../parser/ast';
import { type BoundQuery } from './bound';
import { bindGroupRank } from './bind-group-rank';
import { bindHotspots, bindRandomCutForest } from './bind-ml-table-function';
import { type BoundTableFunction, type TumblingTableFunctionName } from './bound-table-function';
import { t } from './sql-type';
import { integerLiteral, invalidArgument } from './table-function-args';

const TABLE_FUNCTIONS: Readonly<Record<TumblingTableFunctionName, { args: string[]; kMax?: number }>> = {
  TOP_K_ITEMS_TUMBLING: { args: ['columnName', 'K', 'windowSize'], kMax: 100_000 },
  COUNT_DISTINCT_ITEMS_TUMBLING: { args: ['columnName', 'windowSize'] },
};

/**
 * Binds `TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(...), 'column', k, seconds))` and
 * `TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(...), 'column', seconds))` (SQL Reference pages of
 * the same names): K from 1 to 100,000, a window from 1 to 3,600 seconds, the column named in quotes.
 * The machine-learning functions (RANDOM_CUT_FOREST[_WITH_EXPLANATION], HOTSPOTS) bind in
 * bind-ml-table-function.ts.
 */
export const bindTableFunction = (
  from: FromItem & { kind: 'tableFunction' },
  bindCursor: (q: QueryExpr) => BoundQuery,
): BoundTableFunction => {
  const fn = from.name;
  if (fn === 'RANDOM_CUT_FOREST' || fn === 'RANDOM_CUT_FOREST_WITH_EXPLANATION') return bindRandomCutForest(from, fn, bindCursor(from.cursor));
  if (fn === 'HOTSPOTS') return bindHotspots(from, bindCursor(from.cursor));
  if (fn === 'GROUP_RANK') return bindGroupRank(from, bindCursor(from.cursor));
  if (!(fn in TABLE_FUNCTIONS)) throw unsupported(`function ${fn}`, from.namePos);
  const name = fn as TumblingTableFunctionName;
  const sig = TABLE_FUNCTIONS[name];
  if (from.args.length !== sig.args.length) {
    throw new SqlError('KAV2_INVALID_ARGUMENT', `${fn} takes CURSOR(...) then ${sig.args.join(', ')}; got ${from.args.length} arguments after the cursor`, from.namePos);
  }
  const query = bindCursor(from.cursor);
  const columns = query.outputs.filter((_, i) => i !== query.rowtimeOutput);
  const colArg = from.args[0]!;
  if (colArg.kind !== 'literal' || typeof colArg.value !== 'string') throw invalidArgument(`the column name of ${fn} must be in single quotes, e.g. 'TICKER_SYMBOL'`, colArg);
  const wanted = colArg.value;
  // The quoted name is matched as written, then as an unquoted identifier would be (upper case).
  let column = columns.findIndex((c) => c.name === wanted);
  if (column < 0) column = columns.findIndex((c) => c.name === wanted.toUpperCase());
  if (column < 0) {
    throw new SqlError('KAV2_UNKNOWN_COLUMN', `${fn}: the cursor has no column '${wanted}' (columns: ${columns.map((c) => c.name).join(', ')})`, colArg.pos);
  }
  const k = name === 'TOP_K_ITEMS_TUMBLING' ? integerLiteral(fn, from.args[1]!, 'K', 1, sig.kMax!) : 1;
  const seconds = integerLiteral(fn, from.args[from.args.length - 1]!, 'the window size (seconds)', 1, 3600);
  const counted = columns[column]!;
  if (counted.type.name === 'ROW') throw new SqlError('KAV2_TYPE_MISMATCH', `${fn} cannot count ROW values of column ${counted.name}`, colArg.pos);
  return {
    name, query, column, k, windowMs: seconds * 1000,
    columns: name === 'TOP_K_ITEMS_TUMBLING'
      ? [{ name: 'ITEM', type: counted.type }, { name: 'ITEM_COUNT', type: t('BIGINT') }]
      : [{ name: 'NUMBER_OF_DISTINCT_ITEMS', type: t('BIGINT') }],
  };
};
