/**
 * @surv/kav2-sql: a parser and streaming executor for the Amazon Kinesis Data Analytics SQL-1_0 dialect.
 *
 * Stages (each a pure function of the previous one): tokenize -> parse -> bind -> plan -> compile.
 * Most callers only need `compileApplication`, `formatRow` and `checkApplication`.
 */
export {
  compileApplication, checkApplication, planOf, ERROR_STREAM, ERROR_STREAM_COLUMNS,
  type Application, type ApplicationState, type Diagnostic, type PushMeta,
} from './application';
export { type ApplicationOptions, DEFAULT_APPLICATION_OPTIONS, MAX_INPUT_PARALLELISM, resolveApplicationOptions } from './application-options';
export { inputStreamIndex, type RecordRouting } from './input/input-routing';
export { formatRow, type OutputRow, type ColumnInfo } from './format-row';
export { type InputSchema, type ResolvedInputSchema, resolveInputSchema } from './input/input-schema';
export { type ReferenceDataSource } from './input/reference-data';
export { SqlError, type SqlErrorCode, type SourcePos } from './errors';
export { tokenize } from './lexer/tokenize';
export { type Token, type TokenKind } from './lexer/token';
export { parse, parseExpression } from './parser/parse';
export { type Statement, type Expr, type Query, type QueryExpr, type UnionQuery, type OrderBy, type SortItem } from './parser/ast';
export { bind, type Catalog } from './analyzer/bind';
export { type BoundApplication, type BExpr } from './analyzer/bound';
export { type SqlValue, type SqlType, type Column } from './analyzer/sql-type';
export { plan } from './planner/plan';
export { explain } from './planner/explain';
export { type LogicalPlan, type PlanNode } from './planner/logical-plan';
export { compile, type Pipeline, type CompiledPump } from './runtime/compile';
