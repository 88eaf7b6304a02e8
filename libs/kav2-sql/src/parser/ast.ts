import { type TemporalPredicate } from '../dialect/temporal-predicates';
import { type SourcePos } from '../errors';

/** Calendar/time units accepted by INTERVAL, FLOOR ... TO, EXTRACT and STEP. */
export type TimeUnit = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND' | 'MILLISECOND' | 'WEEK' | 'QUARTER';

/** A declared SQL type, e.g. VARCHAR(4) or DECIMAL(10,2). */
export interface TypeSpec {
  readonly name: string;
  readonly length?: number;
  readonly scale?: number;
  /** `INTERVAL start [TO end]` (a CAST target): the qualifier's fields. */
  readonly interval?: { readonly start: TimeUnit; readonly end?: TimeUnit };
  readonly pos: SourcePos;
}

/** Every expression node (union on `kind`). */
export type Expr =
  | {
      kind: 'literal'; value: string | number | boolean | null; literalType: 'VARCHAR' | 'INTEGER' | 'DECIMAL' | 'DOUBLE' | 'BOOLEAN' | 'NULL'; pos: SourcePos;
      /** A DECIMAL literal's digits as written: 5.0 is DECIMAL(2,1), 0.25 DECIMAL(2,2). */
      precision?: number; scale?: number;
    }
  | { kind: 'typedLiteral'; type: 'TIMESTAMP' | 'DATE' | 'TIME'; text: string; pos: SourcePos }
  | { kind: 'interval'; text: string; unit: TimeUnit; toUnit?: TimeUnit; negative: boolean; pos: SourcePos }
  | { kind: 'ident'; parts: readonly string[]; pos: SourcePos }
  | { kind: 'unary'; op: '-' | '+' | 'NOT'; operand: Expr; pos: SourcePos }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: SourcePos }
  | { kind: 'isNull'; operand: Expr; negated: boolean; pos: SourcePos }
  /** `IS [NOT] TRUE | FALSE | UNKNOWN` (value null: UNKNOWN, the null of a BOOLEAN). */
  | { kind: 'isBool'; operand: Expr; value: boolean | null; negated: boolean; pos: SourcePos }
  | { kind: 'like'; operand: Expr; pattern: Expr; escape?: Expr; negated: boolean; similar: boolean; pos: SourcePos }
  | { kind: 'in'; operand: Expr; list: readonly Expr[]; negated: boolean; pos: SourcePos }
  /**
   * `x [NOT] IN (SELECT c FROM t ...)`, `(a, b) [NOT] IN (SELECT x, y FROM t ...)` (SQL Reference, Streaming SQL
   * Operators, IN Operator): membership in a subquery's rows; `operands` holds one value per column of the subquery.
   */
  | { kind: 'inQuery'; operands: readonly Expr[]; query: QueryExpr; negated: boolean; pos: SourcePos }
  /** `EXISTS (SELECT ...)` (SQL Reference, Streaming SQL Operators, EXISTS Operator): whether the subquery has rows. */
  | { kind: 'exists'; query: QueryExpr; pos: SourcePos }
  | { kind: 'between'; operand: Expr; low: Expr; high: Expr; negated: boolean; pos: SourcePos }
  | { kind: 'case'; operand?: Expr; whens: readonly { when: Expr; then: Expr }[]; otherwise?: Expr; pos: SourcePos }
  | { kind: 'cast'; operand: Expr; type: TypeSpec; pos: SourcePos }
  /** `(ts1 - ts2) unit [TO toUnit]`: a datetime difference as an interval of that qualifier. */
  | { kind: 'intervalCast'; operand: Expr; unit: TimeUnit; toUnit?: TimeUnit; /** fractional seconds precision of SECOND(p, s) */ fraction?: number; pos: SourcePos }
  | {
      kind: 'call';
      name: string;
      args: readonly Expr[];
      /**
       * Unit of FLOOR/CEIL ... TO unit, EXTRACT(unit FROM ..), LEADING/TRAILING/BOTH of TRIM, or the form of a
       * SUBSTRING: `SIMILAR` for SUBSTRING(s SIMILAR p ESCAPE e), `,` for SUBSTRING(s, start [, length]).
       */
      unit?: string;
      distinct?: boolean;
      star?: boolean;
      over?: WindowSpec;
      /** `IGNORE NULLS` after LAG / FIRST_VALUE / LAST_VALUE / NTH_VALUE (RESPECT NULLS is the default). */
      ignoreNulls?: boolean;
      /** `NTH_VALUE(x, n) FROM LAST` (FROM FIRST is the default). */
      fromLast?: boolean;
      pos: SourcePos;
    }
  /** `(expr).FIELD`: a field of a ROW value (what the log-parse functions return). */
  | { kind: 'field'; operand: Expr; field: string; pos: SourcePos }
  /**
   * `[PERIOD] (s1, e1) predicate [PERIOD] (s2, e2)`: operands [s1, e1, s2, e2]; or `(s, e) [STRICTLY] CONTAINS t`:
   * operands [s, e, t] (SQL Reference, Temporal Predicates). `pos` is the predicate's first word.
   */
  | { kind: 'temporal'; predicate: TemporalPredicate; operands: readonly Expr[]; pos: SourcePos };

/** Frame of a window: a time range or a row count before the current row. */
export type WindowFrame =
  | { kind: 'range'; interval: Expr & { kind: 'interval' }; pos: SourcePos }
  | { kind: 'rows'; count: number; pos: SourcePos };

/** `OVER (...)`, `OVER w`, or a named `WINDOW w AS (...)`. */
export interface WindowSpec {
  readonly ref?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly Expr[];
  readonly frame?: WindowFrame;
  readonly pos: SourcePos;
}

/** One item of the SELECT list. */
export type SelectItem =
  | { kind: 'star'; qualifier?: string; pos: SourcePos }
  | { kind: 'expr'; expr: Expr; alias?: string; pos: SourcePos };

/** The FROM clause source. */
export type FromItem =
  /** `window`: `OVER (...)` on a joined stream (KDA JOIN clause). */
  | { kind: 'stream'; name: string; alias?: string; columnAliases?: readonly string[]; window?: WindowSpec; pos: SourcePos }
  | { kind: 'subquery'; query: QueryExpr; alias?: string; columnAliases?: readonly string[]; pos: SourcePos }
  /** `TABLE(fn(CURSOR(SELECT STREAM ...), args...))`: a table function over a stream. */
  | { kind: 'tableFunction'; name: string; namePos: SourcePos; cursor: QueryExpr; args: readonly Expr[]; alias?: string; pos: SourcePos };

/** Join types of the KDA JOIN clause. */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

/** `[INNER|LEFT|RIGHT|FULL [OUTER]|CROSS] JOIN item [ON condition]`. */
export interface JoinClause {
  readonly type: JoinType;
  readonly item: FromItem;
  readonly on?: Expr;
  /** `USING (c1, ...)`: the sides are equal on these columns, which `*` and unqualified names see once. */
  readonly using?: { readonly names: readonly string[]; readonly pos: SourcePos };
  /** `NATURAL ... JOIN`: USING every column name both sides have. */
  readonly natural?: boolean;
  /** `FROM a, b`: a CROSS JOIN whose rows the WHERE clause filters (FROM clause: `<table-reference> { , <table-reference> }`). */
  readonly comma?: boolean;
  readonly pos: SourcePos;
}

/** One key of ORDER BY: `expr [ASC | DESC] [NULLS FIRST | NULLS LAST]`. */
export interface SortItem {
  readonly expr: Expr;
  readonly desc: boolean;
  /** Where DESC was written (a T-sort refuses it there). */
  readonly descPos?: SourcePos;
  /** NULLS FIRST (true) / NULLS LAST (false) as written; absent, NULLs sort as the highest value. */
  readonly nullsFirst?: boolean;
  readonly pos: SourcePos;
}

/** `ORDER BY item, ...`, or the T-sort `ORDER BY <timestamp_expr> WITHIN <interval> [, item ...]`. */
export interface OrderBy {
  readonly items: readonly SortItem[];
  /** `WITHIN <interval_literal>` after the leading expression (SQL Reference, T-sorting Stream Input). */
  readonly within?: Expr & { kind: 'interval' };
  /** Where the ORDER keyword is. */
  readonly pos: SourcePos;
}

/** `SELECT STREAM ...`. */
export interface Query {
  readonly kind: 'select';
  readonly stream: boolean;
  readonly distinct: boolean;
  /** Where DISTINCT was written. */
  readonly distinctPos?: SourcePos;
  readonly items: readonly SelectItem[];
  readonly from: FromItem;
  /** `JOIN`s after the first FROM item, left to right. */
  readonly joins?: readonly JoinClause[];
  readonly stagger?: { partitionBy: readonly Expr[]; range: Expr & { kind: 'interval' }; pos: SourcePos };
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  /** Where the HAVING keyword is (for errors about the clause as a whole). */
  readonly havingPos?: SourcePos;
  readonly windows: readonly { name: string; spec: WindowSpec }[];
  readonly orderBy?: OrderBy;
  readonly pos: SourcePos;
}

/**
 * `q1 UNION ALL q2 [UNION ALL q3 ...] [ORDER BY ...]` (SQL Reference, Query: "UNION ALL is the only set operator
 * that can be applied to streams"). Chained UNION ALLs are one node; a parenthesized one is a branch.
 */
export interface UnionQuery {
  readonly kind: 'union';
  readonly branches: readonly QueryExpr[];
  /** Sorts the union's rows; names resolve against the first branch's columns. */
  readonly orderBy?: OrderBy;
  /** `unionPos[i]`: where the UNION before branch i + 1 is. */
  readonly unionPos: readonly SourcePos[];
  readonly pos: SourcePos;
}

/** What a pump, a FROM subquery or a CURSOR holds: a SELECT or a UNION ALL of them. */
export type QueryExpr = Query | UnionQuery;

/** A column of CREATE STREAM. */
export interface ColumnDef {
  readonly name: string;
  readonly type: TypeSpec;
  readonly pos: SourcePos;
  /** Declared NOT NULL: a NULL inserted into it is an error row. */
  readonly notNull?: boolean;
}

/** Top-level statements. */
/** A parameter of a user-defined function: its name and SQL type. */
export interface FunctionParam {
  readonly name: string;
  readonly type: TypeSpec;
  readonly pos: SourcePos;
}

export type Statement =
  | { kind: 'createStream'; name: string; namePos: SourcePos; orReplace: boolean; columns: readonly ColumnDef[]; pos: SourcePos }
  /**
   * `CREATE FUNCTION name (params) RETURNS type ... RETURN expr` (SQL Reference, CREATE FUNCTION): a scalar
   * user-defined function whose body is one RETURN expression over its parameters.
   */
  | {
      kind: 'createFunction';
      name: string;
      namePos: SourcePos;
      orReplace: boolean;
      params: readonly FunctionParam[];
      returns: TypeSpec;
      /** RETURNS NULL ON NULL INPUT (the default is CALLED ON NULL INPUT). */
      nullOnNullInput: boolean;
      body: Expr;
      pos: SourcePos;
    }
  | {
      kind: 'createPump';
      name: string;
      namePos: SourcePos;
      orReplace: boolean;
      target: string;
      targetPos: SourcePos;
      targetColumns?: readonly { name: string; pos: SourcePos }[];
      query: QueryExpr;
      pos: SourcePos;
    };
