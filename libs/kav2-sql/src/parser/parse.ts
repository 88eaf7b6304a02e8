import { SqlError, unsupported, type SourcePos } from '../errors';
import { assertTreeDepth, countNodes } from './tree-depth';
import { FUNCTION_ALIASES } from '../dialect/functions';
import { RESERVED, RESERVED_NAMES, TIME_UNITS, TYPE_NAMES } from '../dialect/keywords';
import { INSTANT_TESTS, type Qualifier, startsTemporalPredicate, TEMPORAL_WORDS, type TemporalPredicate } from '../dialect/temporal-predicates';
import { type Token } from '../lexer/token';
import {
  type ColumnDef, type Expr, type FromItem, type FunctionParam, type JoinClause, type JoinType, type OrderBy, type Query, type QueryExpr, type SelectItem,
  type SortItem, type Statement, type TimeUnit, type TypeSpec, type WindowFrame, type WindowSpec,
} from './ast';

type IntervalExpr = Expr & { kind: 'interval' };

/** How many syntax nodes a row value IN a list of rows may copy into its rows, all rows together (see rowList). */
const MAX_ROW_LIST_COPIES = 20_000;

/** `[PERIOD] (start, end)`, a period of the temporal predicates; `pos` is where it begins. */
interface Period {
  readonly start: Expr;
  readonly end: Expr;
  readonly pos: SourcePos;
  /** Written with the PERIOD keyword (which the page makes optional). */
  readonly keyword: boolean;
}

/** Niladic functions KDA allows without parentheses. */
const NILADIC = new Set([
  'CURRENT_ROW_TIMESTAMP', 'CURRENT_TIMESTAMP', 'LOCALTIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME',
]);

/**
 * Deepest nesting of expressions and queries (parentheses, calls, CASE, subqueries) the parser accepts: far
 * beyond any real application, and well inside the call stack the later stages need to walk the tree.
 */
export const MAX_NESTING = 200;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** Runs `parse` one nesting level deeper; past MAX_NESTING a positioned error instead of a stack overflow. */
  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `expressions and queries nest more than ${MAX_NESTING} levels deep here; split them into smaller expressions or in-application streams`, this.pos());
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private pos(t: Token = this.peek()): SourcePos {
    return { line: t.line, column: t.column };
  }
  private isKw(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.value === word;
  }
  private isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.value === op;
  }
  private acceptKw(word: string): boolean {
    if (this.isKw(word)) {
      this.i++;
      return true;
    }
    return false;
  }
  private acceptOp(op: string): boolean {
    if (this.isOp(op)) {
      this.i++;
      return true;
    }
    return false;
  }
  private fail(expected: string): never {
    const t = this.peek();
    const got = t.kind === 'eof' ? 'end of input' : t.kind === 'string' ? `'${t.value}'` : `'${t.value}'`;
    throw new SqlError('KAV2_PARSE_UNEXPECTED', `expected ${expected} but found ${got}`, this.pos(t));
  }
  private expectKw(word: string): Token {
    if (!this.isKw(word)) this.fail(word);
    return this.next();
  }
  private expectOp(op: string): Token {
    if (!this.isOp(op)) this.fail(`'${op}'`);
    return this.next();
  }
  /**
   * A name: unquoted (upper-cased by the lexer) or quoted (kept as written). A reserved word is a name only quoted
   * (SQL Reference, Identifiers; Reserved Words and Keywords).
   */
  private name(what: string): { name: string; pos: SourcePos } {
    const t = this.peek();
    if (t.kind === 'qident' || (t.kind === 'ident' && !RESERVED.has(t.value) && !RESERVED_NAMES.has(t.value))) {
      this.next();
      return { name: t.value, pos: this.pos(t) };
    }
    if (t.kind === 'ident' && (RESERVED_NAMES.has(t.value) || (RESERVED.has(t.value) && /^[A-Z_]/.test(t.value)))) {
      throw new SqlError('KAV2_PARSE_UNEXPECTED', `expected ${what} but found '${t.value}', a reserved word: write it quoted ("${t.value}") to use it as a name`, this.pos(t));
    }
    return this.fail(what);
  }

  expectEnd(): void {
    if (this.peek().kind !== 'eof') this.fail('end of input');
  }

  parseScript(): Statement[] {
    const out: Statement[] = [];
    while (this.peek().kind !== 'eof') {
      if (this.acceptOp(';')) continue;
      out.push(this.statement());
      if (this.peek().kind !== 'eof') this.expectOp(';');
    }
    return out;
  }

  private statement(): Statement {
    const start = this.peek();
    if (this.isKw('SELECT') || this.isKw('INSERT') || this.isKw('VALUES')) {
      throw unsupported(`a top-level ${start.value} statement (KDA runs queries only inside a PUMP)`, this.pos(start));
    }
    this.expectKw('CREATE');
    let orReplace = false;
    if (this.acceptKw('OR')) {
      this.expectKw('REPLACE');
      orReplace = true;
    }
    if (this.acceptKw('STREAM')) return this.createStream(orReplace, start);
    if (this.acceptKw('PUMP')) return this.createPump(orReplace, start);
    if (this.acceptKw('FUNCTION')) return this.createFunction(orReplace, start);
    const t = this.peek();
    if (t.kind === 'ident' && ['TABLE', 'VIEW', 'SCHEMA'].includes(t.value)) {
      throw unsupported(`CREATE ${t.value}`, this.pos(t));
    }
    return this.fail('STREAM or PUMP');
  }

  private createStream(orReplace: boolean, start: Token): Statement {
    const { name, pos: namePos } = this.name('a stream name');
    this.expectOp('(');
    const columns: ColumnDef[] = [];
    do {
      const col = this.name('a column name');
      const type = this.typeSpec();
      let notNull = false;
      if (this.acceptKw('NOT')) {
        this.expectKw('NULL');
        notNull = true;
      } else this.acceptKw('NULL');
      columns.push(notNull ? { name: col.name, type, pos: col.pos, notNull } : { name: col.name, type, pos: col.pos });
    } while (this.acceptOp(','));
    this.expectOp(')');
    if (this.acceptKw('DESCRIPTION')) {
      if (this.peek().kind !== 'string') this.fail('a description string');
      this.next();
    }
    return { kind: 'createStream', name, namePos, orReplace, columns, pos: this.pos(start) };
  }

  private createPump(orReplace: boolean, start: Token): Statement {
    const { name, pos: namePos } = this.name('a pump name');
    // SQLstream's pump states; pages copied from its docs (Temporal Predicates) still show `STOPPED`.
    if (this.isKw('STOPPED') || this.isKw('STARTED')) {
      const state = this.peek().value;
      throw new SqlError('KAV2_UNSUPPORTED', `a pump state (${state}) is not supported: Kinesis Data Analytics starts every pump with the application; remove ${state}`, this.pos());
    }
    this.expectKw('AS');
    this.expectKw('INSERT');
    this.expectKw('INTO');
    const { name: target, pos: targetPos } = this.name('a stream name');
    let targetColumns: { name: string; pos: SourcePos }[] | undefined;
    if (this.isOp('(') && !this.isKw('SELECT', 1)) {
      this.next();
      targetColumns = [];
      do targetColumns.push(this.name('a column name'));
      while (this.acceptOp(','));
      this.expectOp(')');
    }
    const query = this.queryExpr();
    return { kind: 'createPump', name, namePos, orReplace, target, targetPos, targetColumns, query, pos: this.pos(start) };
  }

  /**
   * `CREATE FUNCTION name ( [param type {, param type}] ) RETURNS type [LANGUAGE SQL] [SPECIFIC name |
   * [NOT] DETERMINISTIC] [CONTAINS SQL] [READS SQL DATA] [MODIFIES SQL DATA] [RETURNS NULL ON NULL INPUT |
   * CALLED ON NULL INPUT] RETURN expr` (SQL Reference, CREATE FUNCTION; its example leaves out LANGUAGE SQL).
   */
  private createFunction(orReplace: boolean, start: Token): Statement {
    const { name, pos: namePos } = this.name('a function name');
    this.expectOp('(');
    const params: FunctionParam[] = [];
    if (!this.isOp(')')) {
      do {
        const p = this.name('a parameter name');
        params.push({ name: p.name, type: this.typeSpec(), pos: p.pos });
      } while (this.acceptOp(','));
    }
    this.expectOp(')');
    this.expectKw('RETURNS');
    const returns = this.typeSpec();
    let nullOnNullInput = false;
    for (;;) {
      const t = this.peek();
      if (this.acceptKw('LANGUAGE')) {
        const lang = this.peek();
        if (lang.kind !== 'ident') this.fail('a language');
        if (lang.value !== 'SQL') throw unsupported(`LANGUAGE ${lang.value} (Kinesis Data Analytics supports user-defined functions defined in SQL only)`, this.pos(lang));
        this.next();
      } else if (this.acceptKw('SPECIFIC')) this.name('a specific function name');
      else if (this.acceptKw('DETERMINISTIC')) continue;
      else if (this.isKw('NOT') && this.isKw('DETERMINISTIC', 1)) {
        this.next();
        this.next();
      }
      else if (this.acceptKw('CONTAINS')) this.expectKw('SQL');
      else if (this.acceptKw('READS') || this.acceptKw('MODIFIES')) {
        this.expectKw('SQL');
        this.expectKw('DATA');
      } else if (this.isKw('RETURNS') && this.isKw('NULL', 1)) {
        this.next();
        this.next();
        this.expectKw('ON');
        this.expectKw('NULL');
        this.expectKw('INPUT');
        nullOnNullInput = true;
      } else if (this.acceptKw('CALLED')) {
        this.expectKw('ON');
        this.expectKw('NULL');
        this.expectKw('INPUT');
        nullOnNullInput = false;
      } else if (t.kind === 'ident' && t.value === 'RETURN') break;
      else this.fail('RETURN <expression>');
    }
    this.expectKw('RETURN');
    const body = this.expr();
    return { kind: 'createFunction', name, namePos, orReplace, params, returns, nullOnNullInput, body, pos: this.pos(start) };
  }

  typeSpec(): TypeSpec {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail('a SQL type');
    if (t.value === 'INTERVAL') {
      this.next();
      const start = this.timeUnit();
      const end = this.acceptKw('TO') ? this.timeUnit() : undefined;
      return { name: 'INTERVAL', interval: end ? { start, end } : { start }, pos: this.pos(t) };
    }
    const canonical = TYPE_NAMES[t.value];
    if (!canonical) throw new SqlError('KAV2_PARSE_UNEXPECTED', `unknown SQL type '${t.value}'`, this.pos(t));
    // BINARY, "binary (non character) data" (SQL Reference, Data Types): named as written.
    if (canonical === 'VARBINARY') throw unsupported(`type ${t.value} (binary, non-character data)`, this.pos(t));
    this.next();
    if (canonical === 'DOUBLE') this.acceptKw('PRECISION');
    if (canonical === 'CHAR' && this.acceptKw('VARYING')) return this.typeArgs('VARCHAR', t);
    return this.typeArgs(canonical, t);
  }
  private typeArgs(name: string, t: Token): TypeSpec {
    if (!this.acceptOp('(')) return { name, pos: this.pos(t) };
    const length = this.integer('a type length');
    let scale: number | undefined;
    if (this.acceptOp(',')) scale = this.integer('a type scale');
    this.expectOp(')');
    return { name, length, scale, pos: this.pos(t) };
  }
  private integer(what: string): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) this.fail(what);
    this.next();
    return Number(t.value);
  }

  /**
   * `select [UNION ALL select ...] [ORDER BY ...]`, each select possibly in parentheses (SQL Reference, Query).
   * An ORDER BY after the last branch sorts the union (the ORDER BY clause page's `SELECT STREAM x, y FROM t1
   * UNION ALL SELECT STREAM a, b FROM t2 ORDER BY ROWTIME, MOD(x, 5)`); after a lone select it is the select's.
   */
  queryExpr(): QueryExpr {
    return this.nested(() => this.queryExprAt());
  }
  private queryExprAt(): QueryExpr {
    const first = this.queryTerm();
    const branches: QueryExpr[] = [first];
    const unionPos: SourcePos[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isKw('EXCEPT') || this.isKw('INTERSECT')) {
        throw unsupported(`${t.value} (UNION ALL is the only set operator that applies to streams)`, this.pos(t));
      }
      if (!this.isKw('UNION')) break;
      this.next();
      if (!this.acceptKw('ALL')) {
        throw unsupported('UNION without ALL (UNION ALL is the only set operator that applies to streams; write UNION ALL)', this.pos(t));
      }
      unionPos.push(this.pos(t));
      branches.push(this.queryTerm());
    }
    let q: QueryExpr = branches.length === 1 ? first : { kind: 'union', branches, unionPos, pos: unionPos[0]! };
    if (this.isKw('ORDER')) {
      const orderBy = this.orderByClause();
      if (q.orderBy) throw new SqlError('KAV2_PARSE_UNEXPECTED', 'a second ORDER BY for the same query', orderBy.pos);
      q = { ...q, orderBy };
    }
    if (this.isKw('LIMIT')) throw unsupported('LIMIT', this.pos(this.peek()));
    return q;
  }

  private queryTerm(): QueryExpr {
    if (!this.isOp('(')) return this.query();
    this.next();
    const q = this.queryExpr();
    this.expectOp(')');
    return q;
  }

  /** `ORDER BY expr [ASC|DESC] [NULLS FIRST|LAST], ...`; `WITHIN <interval>` may follow the leading expression. */
  private orderByClause(): OrderBy {
    const start = this.expectKw('ORDER');
    this.expectKw('BY');
    const items: SortItem[] = [];
    let within: OrderBy['within'];
    do {
      const t = this.peek();
      const expr = this.expr();
      let desc = false;
      let descPos: SourcePos | undefined;
      if (this.isKw('DESC')) {
        descPos = this.pos(this.next());
        desc = true;
      } else this.acceptKw('ASC');
      let nullsFirst: boolean | undefined;
      if (this.isKw('NULLS') && (this.isKw('FIRST', 1) || this.isKw('LAST', 1))) {
        this.next();
        nullsFirst = this.next().value === 'FIRST';
      }
      items.push({ expr, desc, ...(descPos ? { descPos } : {}), ...(nullsFirst === undefined ? {} : { nullsFirst }), pos: this.pos(t) });
      if (this.isKw('WITHIN')) {
        if (items.length > 1) {
          throw new SqlError('KAV2_PARSE_UNEXPECTED', 'WITHIN goes right after the leading ORDER BY expression (ORDER BY <timestamp_expr> WITHIN <interval>)', this.pos());
        }
        this.next();
        within = this.intervalLiteral();
      }
    } while (this.acceptOp(','));
    return within ? { items, within, pos: this.pos(start) } : { items, pos: this.pos(start) };
  }

  query(): Query {
    // VALUES (SELECT statement page) makes a relation of constant rows; a pump's query reads streams.
    if (this.isKw('VALUES')) throw unsupported('VALUES as a query (a pump inserts the rows of SELECT STREAM ... FROM a stream)', this.pos());
    const start = this.expectKw('SELECT');
    const stream = this.acceptKw('STREAM');
    let distinct = false;
    let distinctPos: SourcePos | undefined;
    if (this.isKw('DISTINCT')) {
      distinctPos = this.pos(this.next());
      distinct = true;
    } else this.acceptKw('ALL');
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    // A comma before FROM is tolerated: the Stream Joins page's outer-join query ends its list with one.
    while (this.acceptOp(',') && !this.isKw('FROM'));
    this.expectKw('FROM');
    const from = this.fromItem();
    const joins = this.joinClauses();
    let stagger: Query['stagger'];
    let where: Expr | undefined;
    let groupBy: Expr[] = [];
    let having: Expr | undefined;
    let havingPos: SourcePos | undefined;
    const windows: { name: string; spec: WindowSpec }[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isKw('WINDOWED')) {
        this.next();
        this.expectKw('BY');
        const st = this.peek();
        if (!this.acceptKw('STAGGER')) this.fail('STAGGER');
        this.expectOp('(');
        this.expectKw('PARTITION');
        this.expectKw('BY');
        const partitionBy = this.exprList();
        this.expectKw('RANGE');
        const range = this.intervalLiteral();
        this.expectOp(')');
        stagger = { partitionBy, range, pos: this.pos(st) };
      } else if (this.acceptKw('WHERE')) {
        where = this.expr();
      } else if (this.isKw('GROUP')) {
        this.next();
        this.expectKw('BY');
        groupBy = this.exprList();
      } else if (this.isKw('HAVING')) {
        havingPos = this.pos(this.next());
        having = this.expr();
      } else if (this.acceptKw('WINDOW')) {
        do {
          const n = this.name('a window name');
          this.expectKw('AS');
          windows.push({ name: n.name, spec: this.windowSpecBody() });
        } while (this.acceptOp(','));
      } else if (t.kind === 'ident' && ['JOIN', 'LEFT', 'RIGHT', 'INNER', 'CROSS', 'FULL', 'NATURAL'].includes(t.value)) {
        throw unsupported('JOIN', this.pos(t));
      } else if (this.isKw('LIMIT')) {
        throw unsupported('LIMIT', this.pos(t));
      } else {
        break;
      }
    }
    // UNION, EXCEPT, INTERSECT and ORDER BY end the select: queryExpr() reads them.
    return { kind: 'select', stream, distinct, ...(distinctPos ? { distinctPos } : {}), items, from, ...(joins.length ? { joins } : {}), stagger, where, groupBy, having, ...(havingPos ? { havingPos } : {}), windows, pos: this.pos(start) };
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    if (this.isOp('*')) {
      this.next();
      return { kind: 'star', pos: this.pos(t) };
    }
    if ((t.kind === 'ident' || t.kind === 'qident') && this.isOp('.', 1) && this.isOp('*', 2)) {
      this.i += 3;
      return { kind: 'star', qualifier: t.value, pos: this.pos(t) };
    }
    const expr = this.expr();
    let alias: string | undefined;
    if (this.acceptKw('AS')) alias = this.name('an alias').name;
    else if (this.peek().kind === 'qident' || (this.peek().kind === 'ident' && !RESERVED.has(this.peek().value))) {
      alias = this.name('an alias').name;
    }
    return { kind: 'expr', expr, alias, pos: this.pos(t) };
  }

  private fromItem(): FromItem {
    const t = this.peek();
    if (this.acceptOp('(')) {
      const query = this.queryExpr();
      this.expectOp(')');
      const alias = this.alias();
      // `AS l(r)` names the subquery's columns (the docs' W3C_LOG_PARSE example).
      const columnAliases = alias !== undefined && this.isOp('(') ? this.nameList() : undefined;
      return { kind: 'subquery', query, alias, columnAliases, pos: this.pos(t) };
    }
    if (this.isKw('TABLE') && this.isOp('(', 1)) return this.tableFunction();
    const { name } = this.name('a stream name');
    if (this.isOp('.')) throw unsupported('a schema-qualified stream name', this.pos(this.peek()));
    // A joined stream's window: `s OVER (RANGE ...) AS a` (the JOIN clause page) or `s AS a OVER (...)`.
    let window = this.fromWindow();
    const alias = this.alias();
    // `r1 AS t1(a, b, c)` renames the stream's columns (SQL Reference, SELECT clause); `Bids (a, b, c)` too.
    const columnAliases = this.isOp('(') ? this.nameList() : undefined;
    window ??= this.fromWindow();
    return {
      kind: 'stream', name, alias, ...(columnAliases ? { columnAliases } : {}), ...(window ? { window } : {}), pos: this.pos(t),
    };
  }
  private fromWindow(): WindowSpec | undefined {
    if (!this.acceptKw('OVER')) return undefined;
    if (this.isOp('(')) return this.windowSpecBody();
    const n = this.name('a window name or (');
    return { ref: n.name, partitionBy: [], orderBy: [], pos: n.pos };
  }

  /** `JOIN` clauses after the first FROM item (KDA JOIN clause); none for a plain FROM. */
  private joinClauses(): JoinClause[] {
    const joins: JoinClause[] = [];
    for (;;) {
      const t = this.peek();
      if (this.acceptOp(',')) {
        joins.push({ type: 'CROSS', item: this.fromItem(), comma: true, pos: this.pos(t) });
        continue;
      }
      let type: JoinType;
      // FROM clause: `<table-reference> NATURAL <join-type> JOIN <table-reference>`.
      const natural = this.acceptKw('NATURAL');
      if (natural && this.isKw('CROSS')) this.fail('JOIN or INNER, LEFT, RIGHT or FULL after NATURAL');
      const kw = this.peek();
      if (this.isKw('JOIN')) type = 'INNER';
      else if (this.isKw('INNER') || this.isKw('CROSS')) {
        type = kw.value as JoinType;
        this.next();
      } else if (this.isKw('LEFT') || this.isKw('RIGHT') || this.isKw('FULL')) {
        type = kw.value as JoinType;
        this.next();
        this.acceptKw('OUTER');
      } else if (this.isKw('OUTER')) {
        // The Developer Guide's Stream Joins page writes a bare `OUTER JOIN` for orders without trades "and trades
        // reported within the same window but for some other orders": both sides kept, a FULL OUTER JOIN.
        type = 'FULL';
        this.next();
      }
      else if (natural) this.fail('JOIN or INNER, LEFT, RIGHT or FULL after NATURAL');
      else return joins;
      this.expectKw('JOIN');
      const item = this.fromItem();
      let on: Expr | undefined;
      let using: JoinClause['using'];
      const onTok = this.peek();
      if (natural && (this.isKw('ON') || this.isKw('USING'))) {
        throw new SqlError('KAV2_PARSE_UNEXPECTED', `a NATURAL JOIN takes no ${onTok.value} (it joins on every column both sides have)`, this.pos(onTok));
      }
      if (this.acceptKw('ON')) {
        if (type === 'CROSS') throw new SqlError('KAV2_PARSE_UNEXPECTED', 'a CROSS JOIN takes no ON condition', this.pos(onTok));
        on = this.expr();
      } else if (this.acceptKw('USING')) {
        if (type === 'CROSS') throw new SqlError('KAV2_PARSE_UNEXPECTED', 'a CROSS JOIN takes no USING columns', this.pos(onTok));
        using = { names: this.nameList(), pos: this.pos(onTok) };
      } else if (type !== 'CROSS' && !natural) this.fail(`ON or USING after ${type} JOIN`);
      joins.push({ type, item, ...(on ? { on } : {}), ...(using ? { using } : {}), ...(natural ? { natural } : {}), pos: this.pos(t) });
    }
  }
  private nameList(): string[] {
    this.expectOp('(');
    const names: string[] = [];
    do names.push(this.name('a column name').name);
    while (this.acceptOp(','));
    this.expectOp(')');
    return names;
  }

  /** `TABLE(fn(CURSOR(SELECT STREAM ...), arg, ...)) [AS alias]` */
  private tableFunction(): FromItem {
    const start = this.next();
    this.expectOp('(');
    const fn = this.peek();
    if (fn.kind !== 'ident' || !this.isOp('(', 1)) this.fail('a table function call such as TOP_K_ITEMS_TUMBLING(CURSOR(...), ...)');
    this.next();
    this.expectOp('(');
    if (!this.isKw('CURSOR')) this.fail('CURSOR(SELECT STREAM ...)');
    this.next();
    this.expectOp('(');
    const cursor = this.queryExpr();
    this.expectOp(')');
    const args: Expr[] = [];
    while (this.acceptOp(',')) args.push(this.expr());
    this.expectOp(')');
    this.expectOp(')');
    return { kind: 'tableFunction', name: fn.value, namePos: this.pos(fn), cursor, args, alias: this.alias(), pos: this.pos(start) };
  }

  private alias(): string | undefined {
    if (this.acceptKw('AS')) return this.name('an alias').name;
    const t = this.peek();
    if (t.kind === 'qident' || (t.kind === 'ident' && !RESERVED.has(t.value))) return this.name('an alias').name;
    return undefined;
  }

  private windowSpecBody(): WindowSpec {
    const start = this.expectOp('(');
    let ref: string | undefined;
    if (this.peek().kind === 'ident' && !['PARTITION', 'ORDER', 'RANGE', 'ROWS'].includes(this.peek().value)) {
      ref = this.name('a window name').name;
    }
    let partitionBy: Expr[] = [];
    let orderBy: Expr[] = [];
    let frame: WindowFrame | undefined;
    if (this.acceptKw('PARTITION')) {
      this.expectKw('BY');
      partitionBy = this.exprList();
    }
    if (this.acceptKw('ORDER')) {
      this.expectKw('BY');
      orderBy = this.exprList();
    }
    if (this.isKw('RANGE') || this.isKw('ROWS')) frame = this.windowFrame();
    return this.closeWindowSpec(ref, partitionBy, orderBy, frame, start);
  }
  /**
   * `RANGE | ROWS` followed by one bound (`n PRECEDING`, `INTERVAL ... PRECEDING`, `CURRENT ROW`) or by
   * `BETWEEN <start> AND <end>`. KDA "supports nearly all windows that end with the current row" (SQL Reference,
   * Allowed and Disallowed Window Specifications), so `BETWEEN x AND CURRENT ROW` (or `AND 0 PRECEDING`, the page's
   * own rewrite) is the window x. The page's disallowed windows are refused at their bound: infinite
   * (UNBOUNDED FOLLOWING) and offset windows (not ending with the current row) are KAV2_UNSUPPORTED; a window of
   * negative size or a negative integer is KAV2_INVALID_ARGUMENT. UNBOUNDED PRECEDING stays unsupported.
   */
  private windowFrame(): WindowFrame {
    const ft = this.next();
    const rows = ft.value === 'ROWS';
    const fpos = this.pos(ft);
    if (!this.isKw('BETWEEN')) {
      const b = this.frameBound(rows);
      if (b.kind === 'following' && !b.zero) throw unsupported(`an offset window (${ft.value} ... FOLLOWING does not end with the current row)`, b.pos);
      return this.frameOf(rows, b, fpos);
    }
    this.next();
    const lo = this.frameBound(rows);
    this.expectKw('AND');
    const hi = this.frameBound(rows);
    const rank = (b: FrameBound): number => b.kind === 'unbounded' ? (b.following ? 3 : -3) : b.kind === 'current' || b.zero ? 0 : b.kind === 'preceding' ? -1 : 1;
    if (rank(lo) > rank(hi) || (lo.kind === 'preceding' && hi.kind === 'preceding' && !hi.zero && rows && lo.count! < hi.count!)) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `a window of negative size: its start (${describeBound(lo)}) comes after its end (${describeBound(hi)}); write the earlier bound first`, hi.pos);
    }
    if (rank(hi) !== 0) {
      throw unsupported(`an offset window (${describeBound(hi)} as the end: a window must end with CURRENT ROW)`, hi.pos);
    }
    return this.frameOf(rows, lo, fpos);
  }
  private frameOf(rows: boolean, b: FrameBound, pos: SourcePos): WindowFrame {
    if (b.kind === 'unbounded') throw unsupported(`an unbounded window (${describeBound(b)})`, b.pos);
    // "ROWS CURRENT ROW is equivalent to ROWS 0 PRECEDING" and "RANGE CURRENT ROW is equivalent to RANGE INTERVAL
    // '0' SECOND PRECEDING" (SQL Reference, Window examples).
    if (rows) return { kind: 'rows', count: b.kind === 'current' ? 0 : b.count!, pos };
    const interval = b.kind === 'current' || !b.interval
      ? { kind: 'interval' as const, text: '0', unit: 'SECOND' as const, negative: false, pos: b.pos }
      : b.interval;
    return { kind: 'range', interval, pos };
  }
  private frameBound(rows: boolean): FrameBound {
    const t = this.peek();
    const pos = this.pos(t);
    if (this.acceptKw('CURRENT')) {
      this.expectKw('ROW');
      return { kind: 'current', zero: true, pos };
    }
    if (this.acceptKw('UNBOUNDED')) {
      const following = this.isKw('FOLLOWING');
      if (!following) this.expectKw('PRECEDING');
      else this.next();
      if (following) throw unsupported('an infinite window (UNBOUNDED FOLLOWING: a stream has no last row)', pos);
      return { kind: 'unbounded', following, zero: false, pos };
    }
    if (this.isOp('-')) {
      const n = this.peek(1);
      throw new SqlError('KAV2_INVALID_ARGUMENT', `a window bound cannot be negative, got -${n.value}`, pos);
    }
    let count: number | undefined;
    let interval: IntervalExpr | undefined;
    if (rows) count = this.integer('a row count, CURRENT ROW or UNBOUNDED');
    else {
      if (!this.isKw('INTERVAL')) this.fail("INTERVAL '...' <unit>, CURRENT ROW or UNBOUNDED");
      const iv = this.intervalLiteral();
      if (iv.negative) throw new SqlError('KAV2_INVALID_ARGUMENT', `a window bound cannot be negative, got INTERVAL -'${iv.text}' ${iv.unit}`, iv.pos);
      interval = iv;
    }
    const zero = rows ? count === 0 : /^[\s0:.-]*$/.test(interval!.text);
    if (this.acceptKw('FOLLOWING')) return { kind: 'following', count, interval, zero, pos };
    this.expectKw('PRECEDING');
    return { kind: 'preceding', count, interval, zero, pos };
  }
  private closeWindowSpec(ref: string | undefined, partitionBy: Expr[], orderBy: Expr[], frame: WindowFrame | undefined, start: Token): WindowSpec {
    this.expectOp(')');
    return { ref, partitionBy, orderBy, frame, pos: this.pos(start) };
  }

  private exprList(): Expr[] {
    const out: Expr[] = [];
    do out.push(this.expr());
    while (this.acceptOp(','));
    return out;
  }

  expr(): Expr {
    return this.nested(() => this.orExpr());
  }
  private orExpr(): Expr {
    let left = this.andExpr();
    while (this.isKw('OR')) {
      const t = this.next();
      left = { kind: 'binary', op: 'OR', left, right: this.andExpr(), pos: this.pos(t) };
    }
    return left;
  }
  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.isKw('AND')) {
      const t = this.next();
      left = { kind: 'binary', op: 'AND', left, right: this.notExpr(), pos: this.pos(t) };
    }
    return left;
  }
  private notExpr(): Expr {
    const nots: SourcePos[] = [];
    while (this.isKw('NOT')) nots.push(this.pos(this.next()));
    return this.predicate(nots);
  }

  /** `operand` under the NOTs written before it, innermost last. */
  private negate(operand: Expr, nots: readonly SourcePos[]): Expr {
    return nots.reduceRight((e: Expr, pos): Expr => ({ kind: 'unary', op: 'NOT', operand: e, pos }), operand);
  }

  /**
   * A comparison, IS test or pattern match, under the NOTs before it (`nots`). NOT applies before IS TRUE / FALSE /
   * UNKNOWN: "NOT UNKNOWN IS TRUE" is FALSE and "NOT UNKNOWN IS UNKNOWN" TRUE, "not transitive around the word IS"
   * (SQL Reference, Logical Operators); otherwise NOT covers the whole predicate, so NOT x IS NULL is
   * NOT (x IS NULL), as the Condition Clause page's "NOT expr_19 IS NULL" reads.
   */
  private predicate(nots: readonly SourcePos[] = []): Expr {
    let pending = nots;
    let left = this.rowValueIn() ?? (this.periodAhead() ? this.temporal() : this.additive());
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(t.value)) {
        this.next();
        // A quantified comparison (`x = ANY (SELECT ...)`, `x > ALL (...)`, `x = SOME (...)`); ANY(x) without a
        // subquery stays the boolean aggregate (SQL Reference, ANY).
        const q = this.peek();
        if (q.kind === 'ident' && this.isOp('(', 1) && (q.value === 'ALL' || q.value === 'SOME' || (q.value === 'ANY' && (this.isKw('SELECT', 2) || this.parenAhead(1).list)))) {
          throw unsupported(`a quantified comparison ${t.value} ${q.value} (...)`, this.pos(q));
        }
        left = { kind: 'binary', op: t.value, left, right: this.additive(), pos: this.pos(t) };
        continue;
      }
      if (this.isKw('IS')) {
        this.next();
        const negated = this.acceptKw('NOT');
        const test = this.isKw('TRUE') ? true : this.isKw('FALSE') ? false : this.isKw('UNKNOWN') ? null : undefined;
        if (this.acceptKw('NULL')) left = { kind: 'isNull', operand: left, negated, pos: this.pos(t) };
        else if (test !== undefined) {
          this.next();
          left = { kind: 'isBool', operand: this.negate(left, pending), value: test, negated, pos: this.pos(t) };
          pending = [];
        }
        else if (this.acceptKw('DISTINCT')) {
          // SQL Reference, Logical Operators: IS [NOT] DISTINCT FROM compares like '=' with NULL as a value.
          this.expectKw('FROM');
          left = { kind: 'binary', op: negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM', left, right: this.additive(), pos: this.pos(t) };
        }
        else this.fail('NULL, TRUE, FALSE or UNKNOWN');
        continue;
      }
      const negated = this.isKw('NOT') && ['LIKE', 'SIMILAR', 'IN', 'BETWEEN'].includes(this.peek(1).value) && this.peek(1).kind === 'ident';
      if (negated) this.next();
      const k = this.peek();
      // SIMILAR without TO ends the operand: SUBSTRING(s SIMILAR pattern ESCAPE c) (SQL Reference, SUBSTRING).
      const similar = this.isKw('SIMILAR') && this.isKw('TO', 1);
      if (this.isKw('LIKE') || similar) {
        this.next();
        if (similar) this.expectKw('TO');
        const pattern = this.additive();
        let escape: Expr | undefined;
        if (this.acceptKw('ESCAPE')) escape = this.additive();
        left = { kind: 'like', operand: left, pattern, escape, negated, similar, pos: this.pos(k) };
        continue;
      }
      if (this.acceptKw('IN')) {
        const open = this.expectOp('(');
        if (this.isKw('SELECT')) {
          left = { kind: 'inQuery', operands: [left], query: this.subquery(open), negated, pos: this.pos(k) };
          continue;
        }
        const list = this.exprList();
        this.expectOp(')');
        left = { kind: 'in', operand: left, list, negated, pos: this.pos(k) };
        continue;
      }
      if (this.acceptKw('BETWEEN')) {
        const symmetric = this.acceptKw('SYMMETRIC');
        if (!symmetric) this.acceptKw('ASYMMETRIC');
        const low = this.additive();
        this.expectKw('AND');
        const high = this.additive();
        const pos = this.pos(k);
        if (!symmetric) left = { kind: 'between', operand: left, low, high, negated, pos };
        else {
          // SQL:2008: x BETWEEN SYMMETRIC a AND b is (x BETWEEN a AND b) OR (x BETWEEN b AND a).
          const either: Expr = {
            kind: 'binary', op: 'OR', pos,
            left: { kind: 'between', operand: left, low, high, negated: false, pos },
            right: { kind: 'between', operand: left, low: high, high: low, negated: false, pos },
          };
          left = negated ? { kind: 'unary', op: 'NOT', operand: either, pos } : either;
        }
        continue;
      }
      if (negated) this.fail('LIKE, SIMILAR TO, IN or BETWEEN');
      return this.negate(left, pending);
    }
  }
  /** True at `PERIOD (` or at a parenthesis holding a comma-separated pair: a period of the temporal predicates. */
  private periodAhead(): boolean {
    return (this.isKw('PERIOD') && this.isOp('(', 1)) || (this.isOp('(') && this.parenAhead(0).list);
  }
  /** The query of `IN (SELECT ...)` / `EXISTS (SELECT ...)`, its opening parenthesis already read. */
  private subquery(open: Token): QueryExpr {
    const query = this.queryExpr();
    if (!this.isOp(')')) this.fail(`')' to close the subquery opened at line ${open.line}, column ${open.column}`);
    this.next();
    return query;
  }

  /**
   * `(a, b) [NOT] IN (SELECT x, y FROM t)` or `(a, b) [NOT] IN ((1, 2), ...)`: a row value tested for membership in
   * a subquery's rows or a list of rows (SQL Reference, Streaming SQL Operators, IN Operator), where a row value is
   * supported besides temporal predicates; undefined when the tokens ahead are not a parenthesized list followed by IN.
   */
  private rowValueIn(): Expr | undefined {
    if (!this.isOp('(')) return undefined;
    const { list, after } = this.parenAhead(0);
    if (!list) return undefined;
    const notIn = this.isKw('NOT', after) && this.isKw('IN', after + 1);
    if (!notIn && !this.isKw('IN', after)) return undefined;
    this.next();
    const operands = this.exprList();
    this.expectOp(')');
    const negated = this.acceptKw('NOT');
    const inTok = this.expectKw('IN');
    const open = this.expectOp('(');
    if (this.isKw('SELECT')) return { kind: 'inQuery', operands, query: this.subquery(open), negated, pos: this.pos(inTok) };
    const found = this.rowList(operands, this.pos(inTok));
    return negated ? { kind: 'unary', op: 'NOT', operand: found, pos: this.pos(inTok) } : found;
  }

  /**
   * The rows of `(a, b) IN ((1, 2), (3, 4))`, its opening parenthesis read, as what they mean: `(a = 1 AND b = 2) OR
   * (a = 3 AND b = 4)`. A row equals another when every field does, in three-valued logic (SQL:2008, row value
   * comparison), which is AND of the fields' `=`; the ORs are balanced so a long list makes no deep tree.
   */
  private rowList(operands: readonly Expr[], pos: SourcePos): Expr {
    const width = operands.length;
    const rows: Expr[] = [];
    do {
      const open = this.expectOp('(');
      const fields = this.exprList();
      this.expectOp(')');
      if (fields.length !== width) {
        throw new SqlError('KAV2_TYPE_MISMATCH', `IN tests a row of ${width} values but this row of its list has ${fields.length}`, this.pos(open));
      }
      const pos = this.pos(open);
      rows.push(fields.map((f, i): Expr => ({ kind: 'binary', op: '=', left: operands[i]!, right: f, pos }))
        .reduce((a, b): Expr => ({ kind: 'binary', op: 'AND', left: a, right: b, pos })));
    } while (this.acceptOp(','));
    this.expectOp(')');
    // Every row repeats the row value, and a row value may hold a row list itself: nested lists would grow
    // exponentially, and every later stage walks the tree. Counting stops at the budget, so this costs little.
    const budget = Math.floor(MAX_ROW_LIST_COPIES / rows.length);
    if (countNodes(operands, budget + 1) > budget) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `IN list of ${rows.length} rows repeats its row value in each row, which would make more than ${MAX_ROW_LIST_COPIES} copies of its expressions; list fewer rows, or compute the row value in an in-application stream first`, pos);
    }
    let level = rows;
    while (level.length > 1) {
      const next: Expr[] = [];
      for (let i = 0; i < level.length; i += 2) {
        const a = level[i]!;
        const b = level[i + 1];
        next.push(b ? { kind: 'binary', op: 'OR', left: a, right: b, pos: a.pos } : a);
      }
      level = next;
    }
    return level[0]!;
  }
  /**
   * Temporal predicates (SQL Reference, Temporal Predicates, Syntax): `<left-period> <period-predicate>
   * <right-period>`, where a right period may be the left period of a further predicate. That is the page's
   * compact chaining: `(s1,e1) PRECEDES (s2,e2) PRECEDES PERIOD(s3,e3)` means the two predicates ANDed. Only
   * [STRICTLY] CONTAINS takes a single TIMESTAMP on its right, and that ends the chain. A parenthesised pair that no
   * predicate follows is a row value, which this engine does not support.
   */
  private temporal(): Expr {
    let left = this.period();
    let chain: Expr | undefined;
    for (;;) {
      const word = this.peek();
      if (word.kind !== 'ident' || !startsTemporalPredicate(word.value)) {
        if (chain) return chain;
        if (left.keyword) return this.fail('a temporal predicate (CONTAINS, OVERLAPS, EQUALS, PRECEDES, SUCCEEDS, LEADS, LAGS) after PERIOD (start, end)');
        throw unsupported('a row value (a, b)', left.pos);
      }
      const pos = this.pos(word);
      const predicate = this.temporalPredicate();
      let right: Period | undefined;
      let operands: Expr[];
      if (this.periodAhead()) {
        right = this.period();
        operands = [left.start, left.end, right.start, right.end];
      } else {
        if (!INSTANT_TESTS[predicate]) this.fail(`a period (start, end) after ${predicate}: only CONTAINS and STRICTLY CONTAINS take a single TIMESTAMP`);
        operands = [left.start, left.end, this.additive()];
      }
      const p: Expr = { kind: 'temporal', predicate, operands, pos };
      chain = chain ? { kind: 'binary', op: 'AND', left: chain, right: p, pos } : p;
      if (!right) return chain;
      left = right;
    }
  }
  /** `[PERIOD] (start, end)`. */
  private period(): Period {
    const pos = this.pos();
    const keyword = this.acceptKw('PERIOD');
    this.expectOp('(');
    const start = this.expr();
    this.expectOp(',');
    const end = this.expr();
    if (this.isOp(',')) this.fail("')': a period has two bounds, its start and its end");
    this.expectOp(')');
    return { start, end, pos, keyword };
  }
  /** `[STRICTLY | IMMEDIATELY] word`, as the page's `<period-predicate>` allows them together. */
  private temporalPredicate(): TemporalPredicate {
    const q = this.peek();
    const qualifier = q.value === 'STRICTLY' || q.value === 'IMMEDIATELY' ? (this.next(), q.value as Qualifier) : undefined;
    const w = this.peek();
    const allowed = w.kind === 'ident' ? TEMPORAL_WORDS.get(w.value) : undefined;
    if (!allowed) this.fail(qualifier ? `a temporal predicate after ${qualifier}` : 'a temporal predicate');
    if (qualifier && !allowed.includes(qualifier)) {
      throw new SqlError('KAV2_PARSE_UNEXPECTED', `${qualifier} ${w.value} is not a temporal predicate (${w.value} takes ${allowed.length ? allowed.join(' or ') : 'no qualifier'})`, this.pos(q));
    }
    this.next();
    return (qualifier ? `${qualifier} ${w.value}` : w.value) as TemporalPredicate;
  }
  /**
   * The parenthesis opened `offset` tokens ahead: whether it holds a comma-separated list (a comma at its own depth),
   * and how many tokens ahead the token after its closing parenthesis is.
   */
  private parenAhead(offset: number): { list: boolean; after: number } {
    let depth = 0;
    let list = false;
    for (let j = this.i + offset; j < this.tokens.length; j++) {
      const t = this.tokens[j]!;
      if (t.kind === 'eof') return { list, after: j - this.i };
      if (t.kind !== 'op') continue;
      if (t.value === '(') depth++;
      else if (t.value === ')' && --depth === 0) return { list, after: j + 1 - this.i };
      else if (t.value === ',' && depth === 1) list = true;
    }
    return { list, after: this.tokens.length - this.i };
  }
  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.value === '+' || t.value === '-' || t.value === '||')) {
        this.next();
        left = { kind: 'binary', op: t.value, left, right: this.multiplicative(), pos: this.pos(t) };
      } else return left;
    }
  }
  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.value === '*' || t.value === '/' || t.value === '%')) {
        this.next();
        left = { kind: 'binary', op: t.value, left, right: this.unary(), pos: this.pos(t) };
      } else return left;
    }
  }
  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
      this.next();
      const operand = this.nested(() => this.unary());
      if (t.value === '-' && operand.kind === 'literal' && typeof operand.value === 'number') {
        return { ...operand, value: -operand.value, pos: this.pos(t) };
      }
      return { kind: 'unary', op: t.value, operand, pos: this.pos(t) };
    }
    return this.primary();
  }

  private timeUnit(): TimeUnit {
    const t = this.peek();
    const u = t.kind === 'ident' ? TIME_UNITS[t.value] : undefined;
    if (!u) this.fail('a time unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND)');
    this.next();
    // A leading precision such as DAY(2) does not change the value; SECOND(p, s) and the end field of
    // MINUTE TO SECOND(s) give the fractional seconds precision s, kept for `(e - s) SECOND(10, 3)`.
    this.lastFraction = undefined;
    if (this.isOp('(') && this.peek(1).kind === 'number') {
      this.i += 1;
      const first = this.integer('a precision');
      if (this.acceptOp(',')) this.lastFraction = this.integer('a fractional seconds precision');
      else if (this.endField) this.lastFraction = first;
      this.expectOp(')');
    }
    return u as TimeUnit;
  }
  /** The fractional seconds precision the last time unit read gave, if any. */
  private lastFraction: number | undefined;
  /** Set while reading the end field of a `start TO end` qualifier, where `SECOND(s)` is the fraction. */
  private endField = false;
  private endTimeUnit(): TimeUnit {
    this.endField = true;
    try {
      return this.timeUnit();
    } finally {
      this.endField = false;
    }
  }

  private intervalLiteral(): IntervalExpr {
    const t = this.expectKw('INTERVAL');
    let negative = false;
    if (this.acceptOp('-')) negative = true;
    else this.acceptOp('+');
    const s = this.peek();
    if (s.kind !== 'string') this.fail("an interval string such as '10'");
    this.next();
    const unit = this.timeUnit();
    let toUnit: TimeUnit | undefined;
    if (this.acceptKw('TO')) toUnit = this.timeUnit();
    return { kind: 'interval', text: s.value, unit, toUnit, negative, pos: this.pos(t) };
  }

  private primary(): Expr {
    const t = this.peek();
    const pos = this.pos(t);
    // A user-defined function created with a quoted name ("myFunction"(x)).
    if (t.kind === 'qident' && this.isOp('(', 1)) return this.call();
    switch (t.kind) {
      case 'number': {
        this.next();
        const isInt = /^\d+$/.test(t.value);
        const isExp = /[eE]/.test(t.value);
        if (isInt || isExp) return { kind: 'literal', value: Number(t.value), literalType: isInt ? 'INTEGER' : 'DOUBLE', pos };
        const [whole = '', fraction = ''] = t.value.split('.');
        const precision = Math.max(1, whole.replace(/^0+/, '').length + fraction.length);
        return { kind: 'literal', value: Number(t.value), literalType: 'DECIMAL', precision, scale: fraction.length, pos };
      }
      case 'string':
        this.next();
        return { kind: 'literal', value: t.value, literalType: 'VARCHAR', pos };
      case 'op':
        if (t.value === '(') {
          this.next();
          if (this.isKw('SELECT')) throw unsupported('a scalar subquery', this.pos());
          const inner = this.expr();
          if (this.isOp(',')) throw unsupported('a row value (a, b)', pos);
          this.expectOp(')');
          const u = this.peek();
          // `(e - s) SECOND(10, 3)`: a unit with a precision (SQL Reference, Temporal Predicates' TSDIFF rewrite).
          if (u.kind === 'ident' && TIME_UNITS[u.value] && (!this.isOp('(', 1) || this.peek(2).kind === 'number')) {
            const unit = this.timeUnit();
            const toUnit = this.acceptKw('TO') ? this.endTimeUnit() : undefined;
            const fraction = (toUnit ?? unit) === 'SECOND' ? this.lastFraction : undefined;
            return { kind: 'intervalCast', operand: inner, unit, ...(toUnit ? { toUnit } : {}), ...(fraction !== undefined ? { fraction } : {}), pos };
          }
          return this.fieldAccess(inner);
        }
        return this.fail('an expression');
      case 'qident':
        return this.identifier();
      case 'ident':
        break;
      case 'eof':
        return this.fail('an expression');
    }
    switch (t.value) {
      case 'NULL':
        this.next();
        return { kind: 'literal', value: null, literalType: 'NULL', pos };
      case 'TRUE':
      case 'FALSE':
        this.next();
        return { kind: 'literal', value: t.value === 'TRUE', literalType: 'BOOLEAN', pos };
      case 'UNKNOWN':
        this.next();
        return { kind: 'literal', value: null, literalType: 'BOOLEAN', pos };
      case 'INTERVAL':
        return this.intervalLiteral();
      case 'TIMESTAMP':
      case 'DATE':
      case 'TIME':
        if (this.peek(1).kind === 'string') {
          this.next();
          const s = this.next();
          return { kind: 'typedLiteral', type: t.value, text: s.value, pos };
        }
        break;
      case 'CASE':
        return this.caseExpr();
      case 'CAST': {
        this.next();
        this.expectOp('(');
        const operand = this.expr();
        this.expectKw('AS');
        const type = this.typeSpec();
        this.expectOp(')');
        return { kind: 'cast', operand, type, pos };
      }
      case 'EXISTS': {
        this.next();
        const open = this.expectOp('(');
        if (!this.isKw('SELECT') && !this.isOp('(')) this.fail('a SELECT after EXISTS (');
        return { kind: 'exists', query: this.subquery(open), pos };
      }
      default:
        break;
    }
    if (t.value === 'PERIOD' && this.isOp('(', 1)) {
      throw new SqlError('KAV2_PARSE_UNEXPECTED', 'PERIOD (start, end) here: a period only begins a temporal predicate, which is a condition of its own (parenthesise it to use it as an operand)', pos);
    }
    if (this.isOp('(', 1)) return this.call();
    if (NILADIC.has(t.value)) {
      this.next();
      return { kind: 'call', name: t.value, args: [], pos };
    }
    if (RESERVED.has(t.value)) this.fail('an expression');
    return this.identifier();
  }

  /** `(expr).FIELD[.FIELD...]` */
  private fieldAccess(operand: Expr): Expr {
    let e = operand;
    while (this.isOp('.') && (this.peek(1).kind === 'ident' || this.peek(1).kind === 'qident')) {
      this.next();
      const f = this.next();
      e = { kind: 'field', operand: e, field: f.value, pos: this.pos(f) };
    }
    return e;
  }

  private identifier(): Expr {
    const first = this.next();
    const parts = [first.value];
    while (this.isOp('.') && (this.peek(1).kind === 'ident' || this.peek(1).kind === 'qident')) {
      this.next();
      parts.push(this.next().value);
    }
    return { kind: 'ident', parts, pos: this.pos(first) };
  }

  private caseExpr(): Expr {
    const t = this.next();
    let operand: Expr | undefined;
    if (!this.isKw('WHEN')) operand = this.expr();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.acceptKw('WHEN')) {
      const when = this.expr();
      this.expectKw('THEN');
      whens.push({ when, then: this.expr() });
    }
    if (whens.length === 0) this.fail('WHEN');
    let otherwise: Expr | undefined;
    if (this.acceptKw('ELSE')) otherwise = this.expr();
    this.expectKw('END');
    return { kind: 'case', operand, whens, otherwise, pos: this.pos(t) };
  }

  private call(): Expr {
    const t = this.next();
    const pos = this.pos(t);
    const name = FUNCTION_ALIASES[t.value] ?? t.value;
    this.expectOp('(');
    let args: Expr[] = [];
    let unit: string | undefined;
    let distinct = false;
    let star = false;
    const done = (): void => {
      this.expectOp(')');
    };
    switch (name) {
      case 'EXTRACT': {
        unit = this.timeUnit();
        this.expectKw('FROM');
        args = [this.expr()];
        done();
        break;
      }
      case 'FLOOR':
      case 'CEIL':
      case 'CEILING': {
        args = [this.expr()];
        if (this.acceptKw('TO')) unit = this.timeUnit();
        done();
        break;
      }
      case 'STEP': {
        args = [this.expr()];
        this.expectKw('BY');
        args.push(this.expr());
        done();
        break;
      }
      case 'SUBSTRING': {
        args = [this.expr()];
        if (this.acceptKw('FROM')) {
          args.push(this.expr());
          if (this.acceptKw('FOR')) args.push(this.expr());
        } else if (this.acceptKw('SIMILAR')) {
          args.push(this.expr());
          this.expectKw('ESCAPE');
          args.push(this.expr());
          unit = 'SIMILAR';
        } else {
          while (this.acceptOp(',')) args.push(this.expr());
          if (args.length > 1) unit = ',';
        }
        done();
        break;
      }
      case 'POSITION': {
        args = [this.additive()];
        this.expectKw('IN');
        args.push(this.expr());
        if (this.acceptKw('FROM')) args.push(this.expr());
        done();
        break;
      }
      case 'OVERLAY': {
        args = [this.expr()];
        this.expectKw('PLACING');
        args.push(this.expr());
        this.expectKw('FROM');
        args.push(this.expr());
        if (this.acceptKw('FOR')) args.push(this.expr());
        done();
        break;
      }
      case 'TRIM': {
        unit = 'BOTH';
        if (this.isKw('LEADING') || this.isKw('TRAILING') || this.isKw('BOTH')) unit = this.next().value;
        let chars: Expr | undefined;
        if (!this.isKw('FROM')) chars = this.expr();
        if (this.acceptKw('FROM')) {
          args = [this.expr(), ...(chars ? [chars] : [])];
        } else {
          if (!chars) this.fail('an expression');
          args = [chars];
        }
        done();
        break;
      }
      default: {
        if (this.isOp('*')) {
          this.next();
          star = true;
        } else if (!this.isOp(')')) {
          if (this.acceptKw('DISTINCT')) distinct = true;
          else this.acceptKw('ALL');
          args = this.exprList();
        }
        done();
      }
    }
    // "Amazon Kinesis Analytics doesn't support the FILTER clause of the COUNT function" (SQL Reference, COUNT).
    if (this.isKw('FILTER') && this.isOp('(', 1)) throw unsupported(`the FILTER clause of ${name} (Kinesis Data Analytics does not support it; a CASE inside the aggregate does the same)`, this.pos());
    let over: WindowSpec | undefined;
    let ignoreNulls = false;
    let fromLast = false;
    // `NTH_VALUE(x, n) FROM FIRST | FROM LAST`: only when a null treatment or OVER follows, so that the
    // query's own FROM (a stream that happens to be called FIRST) still parses as FROM.
    if (this.isKw('FROM') && (this.isKw('FIRST', 1) || this.isKw('LAST', 1)) && (this.isKw('OVER', 2) || this.isKw('IGNORE', 2) || this.isKw('RESPECT', 2))) {
      const f = this.peek();
      if (name !== 'NTH_VALUE') throw new SqlError('KAV2_INVALID_ARGUMENT', `FROM ${this.peek(1).value} applies only to NTH_VALUE, not to ${name}`, this.pos(f));
      this.next();
      fromLast = this.next().value === 'LAST';
    }
    if (this.isKw('IGNORE') || this.isKw('RESPECT')) {
      ignoreNulls = this.next().value === 'IGNORE';
      this.expectKw('NULLS');
    }
    if (this.acceptKw('OVER')) {
      if (this.isOp('(')) over = this.windowSpecBody();
      else {
        const n = this.name('a window name or (');
        over = { ref: n.name, partitionBy: [], orderBy: [], pos: n.pos };
      }
    }
    return { kind: 'call', name, args, unit, distinct, star, over, ...(ignoreNulls ? { ignoreNulls } : {}), ...(fromLast ? { fromLast } : {}), pos };
  }
}

/** Parses a token list (from `tokenize`) into statements. Throws `SqlError` with the position of the first fault. */
export const parse = (tokens: readonly Token[]): Statement[] => {
  const statements = new Parser(tokens).parseScript();
  assertTreeDepth(statements);
  return statements;
};

/** Parses a single expression; used by tests and by the analyzer's helpers. */
export const parseExpression = (tokens: readonly Token[]): Expr => {
  const p = new Parser(tokens);
  const e = p.expr();
  p.expectEnd();
  assertTreeDepth(e);
  return e;
};

/** Parses a SQL type such as `VARCHAR(4)` or `DECIMAL(10, 2)` (used for the input schema's SqlType). */
export const parseTypeSpec = (tokens: readonly Token[]): TypeSpec => {
  const p = new Parser(tokens);
  const ty = p.typeSpec();
  p.expectEnd();
  return ty;
};

/** One bound of a window frame, as written. */
interface FrameBound {
  readonly kind: 'current' | 'unbounded' | 'preceding' | 'following';
  readonly following?: boolean;
  readonly count?: number;
  readonly interval?: IntervalExpr;
  /** `0 PRECEDING`, `0 FOLLOWING`, `INTERVAL '0' ...`, `CURRENT ROW`: the current row itself. */
  readonly zero: boolean;
  readonly pos: SourcePos;
}

const describeBound = (b: FrameBound): string => {
  switch (b.kind) {
    case 'current': return 'CURRENT ROW';
    case 'unbounded': return `UNBOUNDED ${b.following ? 'FOLLOWING' : 'PRECEDING'}`;
    default: return `${b.count ?? `INTERVAL '${b.interval!.text}' ${b.interval!.unit}`} ${b.kind === 'following' ? 'FOLLOWING' : 'PRECEDING'}`;
  }
};
