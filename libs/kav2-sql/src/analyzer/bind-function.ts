import { assertNever } from '@surv/domain';
import { type SourcePos } from '../errors';
import { type Expr, type TypeSpec, type WindowSpec } from '../parser/ast';
import { type SqlType, formatType, STRING_TYPES } from './sql-type';

/**
 * A user-defined function of the application (SQL Reference, CREATE FUNCTION): "a SQL-defined function body
 * consists only of a single RETURN statement" over its scalar parameters.
 */
export interface UserFunction {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: SqlType }[];
  readonly returns: SqlType;
  readonly returnsSpec: TypeSpec;
  readonly nullOnNullInput: boolean;
  readonly body: Expr;
}

/**
 * Whether a value of type `arg` may be passed for a parameter of type `param`: "Values passed to (or returned from)
 * a user-defined function ... must be exactly the same data types as the corresponding parameter definitions ...
 * implicit casting is not allowed" (SQL Reference, CREATE FUNCTION). The same type means the same type name; a
 * length or precision may differ, CHAR and VARCHAR are one character type (this engine types a string literal
 * VARCHAR where KDA says CHAR), and a NULL fits any parameter.
 */
export const sameUdfType = (param: SqlType, arg: SqlType): boolean =>
  arg.name === 'NULL' || param.name === arg.name || (STRING_TYPES.has(param.name) && STRING_TYPES.has(arg.name));

/** `NAME(TYPE, ...)`, as errors show a definition. */
export const udfSignature = (f: UserFunction): string => `${f.name}(${f.params.map((p) => formatType(p.type)).join(', ')})`;

/** `e` with every unqualified reference to a parameter replaced by that parameter's argument. */
export const substituteParams = (body: Expr, args: ReadonlyMap<string, Expr>): Expr => {
  const sub = (e: Expr): Expr => substituteParams(e, args);
  const window = (w: WindowSpec): WindowSpec => ({ ...w, partitionBy: w.partitionBy.map(sub), orderBy: w.orderBy.map(sub) });
  const e = body;
  switch (e.kind) {
    case 'literal': case 'typedLiteral': case 'interval':
      return e;
    case 'ident':
      return e.parts.length === 1 ? args.get(e.parts[0]!) ?? e : e;
    case 'unary': return { ...e, operand: sub(e.operand) };
    case 'binary': return { ...e, left: sub(e.left), right: sub(e.right) };
    case 'isNull': case 'isBool': case 'cast': case 'intervalCast': case 'field':
      return { ...e, operand: sub(e.operand) };
    case 'like': return { ...e, operand: sub(e.operand), pattern: sub(e.pattern), ...(e.escape ? { escape: sub(e.escape) } : {}) };
    case 'in': return { ...e, operand: sub(e.operand), list: e.list.map(sub) };
    // The binder refuses subqueries in a function's body, so none reaches an expansion: only the operands are its own.
    case 'inQuery': return { ...e, operands: e.operands.map(sub) };
    case 'exists': return e;
    case 'between': return { ...e, operand: sub(e.operand), low: sub(e.low), high: sub(e.high) };
    case 'case':
      return {
        ...e,
        ...(e.operand ? { operand: sub(e.operand) } : {}),
        whens: e.whens.map((w) => ({ when: sub(w.when), then: sub(w.then) })),
        ...(e.otherwise ? { otherwise: sub(e.otherwise) } : {}),
      };
    case 'call': return { ...e, args: e.args.map(sub), ...(e.over ? { over: window(e.over) } : {}) };
    case 'temporal': return { ...e, operands: e.operands.map(sub) };
    default:
      return assertNever(e, 'expression');
  }
};

/**
 * The expression a call of `f` stands for: its body over the call's arguments, as the declared RETURNS type, and
 * NULL when an argument is NULL under RETURNS NULL ON NULL INPUT.
 */
export const expandCall = (f: UserFunction, args: readonly Expr[], pos: SourcePos): Expr => {
  const body = substituteParams(f.body, new Map(f.params.map((p, i) => [p.name, args[i]!] as const)));
  const result: Expr = { kind: 'cast', operand: body, type: f.returnsSpec, pos };
  if (!f.nullOnNullInput || args.length === 0) return result;
  const anyNull = args
    .map((a): Expr => ({ kind: 'isNull', operand: a, negated: false, pos }))
    .reduce((l, r): Expr => ({ kind: 'binary', op: 'OR', left: l, right: r, pos }));
  return { kind: 'case', whens: [{ when: anyNull, then: { kind: 'literal', value: null, literalType: 'NULL', pos } }], otherwise: result, pos };
};
