import { SqlError } from '../errors';
import { type Expr, type FromItem } from '../parser/ast';
import { type BoundQuery } from './bound';
import { type BoundHotspots, type BoundRandomCutForest, type RandomCutForestName } from './bound-table-function';
import { type Column, type SqlTypeName, t } from './sql-type';
import { integerLiteral, invalidArgument } from './table-function-args';

type TableFunctionCall = FromItem & { kind: 'tableFunction' };

/** The types the machine-learning functions read ("DOUBLE, INTEGER, FLOAT, TINYINT, SMALLINT, REAL, and BIGINT"). */
const NUMERIC: ReadonlySet<SqlTypeName> = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'REAL', 'DOUBLE']);
/** "Your input stream can have up to 30 numeric columns" (RANDOM_CUT_FOREST). */
const MAX_RCF_COLUMNS = 30;

/** RANDOM_CUT_FOREST's parameters in order, with the Reference's defaults and limits. */
const RCF_PARAMETERS = [
  { name: 'numberOfTrees', default: 100, min: 1, max: 1000 },
  { name: 'subSampleSize', default: 256, min: 10, max: 1000 },
  { name: 'timeDecay', default: 100_000, min: 1, max: 2_147_483_647 },
  { name: 'shingleSize', default: 1, min: 1, max: 30 },
] as const;

const cursorColumns = (query: BoundQuery): Column[] =>
  query.outputs.filter((_, i) => i !== query.rowtimeOutput).map((o) => ({ name: o.name, type: o.type }));

/**
 * The numeric cursor columns, which the function reads; the others pass through. DECIMAL is refused
 * rather than skipped: the Reference says it "is not a supported type. Use DOUBLE instead".
 */
const numericColumns = (fn: string, columns: readonly Column[], call: TableFunctionCall, max: number): number[] => {
  const picked: number[] = [];
  columns.forEach((c, i) => {
    if (c.type.name === 'DECIMAL') {
      throw new SqlError('KAV2_TYPE_MISMATCH', `${fn} cannot read DECIMAL column ${c.name}: DECIMAL is not a supported type, use DOUBLE (e.g. CAST(${c.name} AS DOUBLE) in the cursor)`, call.cursor.pos);
    }
    if (NUMERIC.has(c.type.name)) picked.push(i);
  });
  if (picked.length === 0) {
    throw invalidArgument(`${fn} needs at least one numeric column (DOUBLE, INTEGER, FLOAT, TINYINT, SMALLINT, REAL or BIGINT) in its cursor; got (${columns.map((c) => c.name).join(', ')})`, call.cursor);
  }
  if (picked.length > max) throw invalidArgument(`${fn} takes up to ${max} numeric columns; the cursor has ${picked.length}`, call.cursor);
  return picked;
};

/** The cursor's columns followed by the function's own, which must not repeat a cursor column's name. */
const withResultColumns = (fn: string, columns: readonly Column[], added: readonly Column[], call: TableFunctionCall): Column[] => {
  for (const a of added) {
    if (columns.some((c) => c.name === a.name)) {
      throw new SqlError('KAV2_DUPLICATE_NAME', `${fn} adds column ${a.name}, which its cursor already has; rename the cursor's column`, call.cursor.pos);
    }
  }
  return [...columns, ...added];
};

const booleanLiteral = (fn: string, e: Expr, what: string): boolean => {
  if (e.kind !== 'literal' || e.literalType !== 'BOOLEAN' || typeof e.value !== 'boolean') throw invalidArgument(`${what} of ${fn} must be TRUE or FALSE`, e);
  return e.value;
};

/**
 * `TABLE(RANDOM_CUT_FOREST(CURSOR(...) [, numberOfTrees [, subSampleSize [, timeDecay [, shingleSize]]]]))` and
 * `RANDOM_CUT_FOREST_WITH_EXPLANATION(..., [shingleSize [, withDirectionality]])` (SQL Reference pages of the
 * same names): the cursor is the only required argument; the others default to 100, 256, 100,000, 1 and
 * FALSE, and must be literals within 1-1,000, 10-1,000, 1-2,147,483,647 and 1-30, with subSampleSize less
 * than timeDecay.
 */
export const bindRandomCutForest = (call: TableFunctionCall, name: RandomCutForestName, query: BoundQuery): BoundRandomCutForest => {
  const explained = name === 'RANDOM_CUT_FOREST_WITH_EXPLANATION';
  const names = [...RCF_PARAMETERS.map((p) => p.name), ...(explained ? ['withDirectionality'] : [])];
  if (call.args.length > names.length) {
    throw invalidArgument(`${name} takes CURSOR(...) then at most ${names.join(', ')}; got ${call.args.length} arguments after the cursor`, { pos: call.namePos });
  }
  const [numberOfTrees, subSampleSize, timeDecay, shingleSize] = RCF_PARAMETERS.map((p, i) => {
    const arg = call.args[i];
    return arg === undefined ? p.default : integerLiteral(name, arg, p.name, p.min, p.max);
  }) as [number, number, number, number];
  if (subSampleSize >= timeDecay) {
    throw invalidArgument(`subSampleSize of ${name} (${subSampleSize}) must be less than timeDecay (${timeDecay})`, call.args[2] ?? call.args[1]!);
  }
  const withDirectionality = explained && call.args[4] !== undefined ? booleanLiteral(name, call.args[4], 'withDirectionality') : false;
  const columns = cursorColumns(query);
  const added: Column[] = [{ name: 'ANOMALY_SCORE', type: t('DOUBLE') }];
  if (explained) added.push({ name: 'ANOMALY_EXPLANATION', type: t('VARCHAR') });
  return {
    name, query, numberOfTrees, subSampleSize, timeDecay, shingleSize, withDirectionality,
    numericColumns: numericColumns(name, columns, call, MAX_RCF_COLUMNS),
    columns: withResultColumns(name, columns, added, call),
  };
};

/**
 * `TABLE(HOTSPOTS(CURSOR(...), windowSize, scanRadius, minimumNumberOfPointsInAHotspot))` (SQL Reference,
 * HOTSPOTS): all three required; windowSize from 100 to 1,000, scanRadius a number greater than 0, and the
 * minimum from 2 to windowSize.
 */
export const bindHotspots = (call: TableFunctionCall, query: BoundQuery): BoundHotspots => {
  const fn = 'HOTSPOTS';
  if (call.args.length !== 3) {
    throw invalidArgument(`${fn} takes CURSOR(...) then windowSize, scanRadius, minimumNumberOfPointsInAHotspot; got ${call.args.length} arguments after the cursor`, { pos: call.namePos });
  }
  const windowSize = integerLiteral(fn, call.args[0]!, 'windowSize', 100, 1000);
  const r = call.args[1]!;
  if (r.kind !== 'literal' || typeof r.value !== 'number' || !['INTEGER', 'DECIMAL', 'DOUBLE'].includes(r.literalType) || !(r.value > 0) || !Number.isFinite(r.value)) {
    throw invalidArgument(`scanRadius of ${fn} must be a number greater than 0, got ${r.kind === 'literal' ? String(r.value) : 'an expression'}`, r);
  }
  const minimumPoints = integerLiteral(fn, call.args[2]!, 'minimumNumberOfPointsInAHotspot', 2, windowSize);
  const columns = cursorColumns(query);
  return {
    name: fn, query, windowSize, scanRadius: r.value, minimumPoints,
    numericColumns: numericColumns(fn, columns, call, columns.length),
    columns: withResultColumns(fn, columns, [{ name: 'HOTSPOTS_RESULT', type: t('VARCHAR') }], call),
  };
};
