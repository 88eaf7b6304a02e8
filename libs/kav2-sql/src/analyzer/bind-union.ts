import { SqlError, type SourcePos } from '../errors';
import { type BoundOutput, type BoundQuery } from './bound';
import { type Column, type SqlType, INTEGER_DIGITS, NUMERIC_TYPES, STRING_TYPES, formatType, t, widenNumeric } from './sql-type';

const isApproximate = (ty: SqlType): boolean => ty.name === 'REAL' || ty.name === 'DOUBLE';

/**
 * The type of a UNION ALL column whose branches have types `a` and `b` (SQL:2008 "result of data type
 * combinations"), or undefined when they do not combine: numbers widen (an exact DECIMAL keeps enough digits
 * on both sides of the point), character strings take the longest length (VARCHAR unless both are CHAR),
 * other types must be the same.
 */
export const unionType = (a: SqlType, b: SqlType): SqlType | undefined => {
  if (a.name === 'NULL') return b;
  if (b.name === 'NULL') return a;
  if (a.name === 'ROW' || b.name === 'ROW') return undefined;
  if (NUMERIC_TYPES.has(a.name) && NUMERIC_TYPES.has(b.name)) {
    if (isApproximate(a) || isApproximate(b) || (a.name !== 'DECIMAL' && b.name !== 'DECIMAL')) return widenNumeric(a, b);
    const digits = (x: SqlType): [number, number] =>
      (x.name === 'DECIMAL' ? [(x.length ?? 19) - (x.scale ?? 0), x.scale ?? 0] : [INTEGER_DIGITS[x.name] ?? 19, 0]);
    const [ia, sa] = digits(a);
    const [ib, sb] = digits(b);
    const scale = Math.max(sa, sb);
    return t('DECIMAL', Math.max(ia, ib) + scale, scale);
  }
  if (STRING_TYPES.has(a.name) && STRING_TYPES.has(b.name)) {
    const name = a.name === 'CHAR' && b.name === 'CHAR' ? 'CHAR' : 'VARCHAR';
    return a.length === undefined || b.length === undefined ? t(name) : t(name, Math.max(a.length, b.length));
  }
  return a.name === b.name ? a : undefined;
};

/** The non-ROWTIME outputs of a query: its columns. */
export const queryColumns = (q: BoundQuery): BoundOutput[] => q.outputs.filter((_, i) => i !== q.rowtimeOutput);

/**
 * Binds `q1 UNION ALL q2 ...` over already bound branches (SQL Reference, Query: "the two sets must have the
 * same number of columns, and the column types must be assignment-compatible. The column names of the
 * resulting relation are the names of the columns of the first query"). A branch column of a narrower type
 * takes the union's type (its values already are values of it; a shorter CHAR is padded by a CAST), so every
 * row of the union has the union's types. `unionPos[i]` is the UNION before branch i + 1; `itemPos` finds where a branch's column was written.
 */
export const bindUnion = (
  branches: readonly BoundQuery[],
  unionPos: readonly SourcePos[],
  itemPos: (branch: BoundQuery, column: BoundOutput) => SourcePos | undefined,
): BoundQuery => {
  const columnsOf = branches.map(queryColumns);
  const first = columnsOf[0]!;
  columnsOf.forEach((cols, i) => {
    if (cols.length !== first.length) {
      throw new SqlError('KAV2_TYPE_MISMATCH', `UNION ALL: the first query selects ${first.length} columns but query ${i + 1} selects ${cols.length} (every query of a UNION ALL selects the same number of columns)`, unionPos[i - 1]!);
    }
  });
  const columns: Column[] = first.map((c, j) => {
    let ty = c.type;
    columnsOf.forEach((cols, i) => {
      const other = cols[j]!;
      const next = unionType(ty, other.type);
      if (!next) {
        throw new SqlError('KAV2_TYPE_MISMATCH', `UNION ALL: column ${j + 1} (${c.name}) is ${formatType(ty)} in the queries before query ${i + 1} and ${formatType(other.type)} in query ${i + 1}; they do not combine`, itemPos(branches[i]!, other) ?? unionPos[i - 1]!);
      }
      ty = next;
    });
    return { name: c.name, type: ty };
  });
  const converted = branches.map((b) => {
    let changed = false;
    let k = 0;
    const outputs = b.outputs.map((o, i) => {
      if (i === b.rowtimeOutput) return o;
      const target = columns[k++]!.type;
      if (formatType(o.type) === formatType(target)) return o;
      changed = true;
      // Every value of a narrower number or string already is one of the union's type; only CHAR pads.
      if (target.name !== 'CHAR') return { ...o, type: target };
      return { ...o, type: target, expr: { kind: 'fn' as const, name: 'CAST', args: [o.expr], type: target, unit: o.type.name } };
    });
    return changed ? { ...b, outputs } : b;
  });
  return {
    source: { kind: 'union', branches: converted },
    inputColumns: columns,
    grouping: { kind: 'none', analytics: [] },
    outputs: columns.map((c, i) => ({ name: c.name, type: c.type, expr: { kind: 'col', index: i, name: c.name, type: c.type } })),
  };
};
