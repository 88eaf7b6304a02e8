import { assertNever } from '@surv/domain';
import { type LogicalPlan, type PlanNode, type PumpPlan } from '../planner/logical-plan';
import { FilterOperator } from './filter-operator';
import { InsertOperator } from './insert-operator';
import { MonotonicKeyOperator } from './monotonic-key-operator';
import { createJoinOperator } from './join-operator';
import { HotspotsOperator, RandomCutForestOperator } from './ml-table-function-operators';
import { type Emit, type OnRowError, type Operator } from './operator';
import { ProjectOperator } from './project-operator';
import { type EvalEnv, type Row } from './row';
import { DEFAULT_RANDOM_SEED, deriveSeed } from './seeded-random';
import { SlidingOperator } from './sliding-operator';
import { StaggerOperator } from './stagger-operator';
import { createTableFunctionOperator } from './table-function-operators';
import { TumblingOperator } from './tumbling-operator';

/** A compiled pump: a chain of operators fed by its source stream. */
export interface CompiledPump {
  readonly name: string;
  readonly source: string;
  readonly target: string;
  readonly operators: readonly Operator[];
  push(row: Row): void;
  /** Every stream the pump reads and where its rows go: `source` first, then a joined stream's. */
  readonly inputs: readonly { readonly source: string; readonly push: (row: Row) => void }[];
  advance(rowtime: number): void;
  flush(): void;
}

/** The compiled application: pumps in topological order. */
export interface Pipeline {
  readonly pumps: readonly CompiledPump[];
}

/** Where pumps deliver rows and errors. */
export interface PipelineSinks {
  /**
   * A row inserted into an in-application stream. The row is lent for this call only: pumps refill
   * the same row object for their next row, so a sink copies what it keeps.
   */
  emit(stream: string, row: Row): void;
  /** A row a pump could not process; `stage` is the index of the failing operator (0 sees source rows). */
  error(pump: string, name: string, message: string, row: Row, stage: number): void;
}

const compilePump = (p: PumpPlan, env: EvalEnv, sinks: PipelineSinks): CompiledPump => {
  const operators: Operator[] = new Array<Operator>(p.nodes.length);
  let next: Emit = () => undefined;
  let target = '';
  let joined: { source: string; push: (row: Row) => void } | undefined;
  // Build back to front so each operator knows its successor.
  for (let i = p.nodes.length - 1; i >= 0; i--) {
    const n: PlanNode = p.nodes[i]!;
    const stage = i;
    const onError: OnRowError = (name, message, row) => sinks.error(p.name, name, message, row, stage);
    let op: Operator;
    switch (n.kind) {
      case 'filter': op = new FilterOperator(n.clause, n.predicate, env, next, onError); break;
      case 'project': op = new ProjectOperator(n.outputs, n.rowtimeOutput, env, next, onError); break;
      case 'tumble':
        op = n.monotonicKey ? new MonotonicKeyOperator(n.keys, n.windowKey, n.aggs, env, next, onError) : new TumblingOperator(n.keys, n.windowKey, n.aggs, env, next, onError);
        break;
      case 'stagger': op = new StaggerOperator(n.keys, n.rangeMs, n.aggs, env, next, onError); break;
      case 'sliding': op = new SlidingOperator(n.inputWidth, n.analytics, env, next, onError); break;
      case 'tableFunction': op = createTableFunctionOperator(n, next, onError); break;
      case 'randomCutForest':
        // Each forest draws its own stream of cuts, the same on every run of the application.
        op = new RandomCutForestOperator(n, deriveSeed(env.randomSeed ?? DEFAULT_RANDOM_SEED, `${p.name}/${stage}`), next);
        break;
      case 'hotspots': op = new HotspotsOperator(n, next); break;
      case 'join': ({ op, right: joined } = createJoinOperator(n.join, env, next, onError)); break;
      case 'insert': {
        const prev = p.nodes[i - 1];
        const types = prev?.kind === 'project' ? prev.outputs.filter((_, k) => k !== prev.rowtimeOutput).map((o) => o.type) : [];
        const stream = n.target;
        target = stream;
        // A SELECT list builds a new value array per row, which nothing else holds yet.
        op = new InsertOperator(n.target, n.columnMap, n.targetColumns, types, (row) => sinks.emit(stream, row), onError, prev?.kind === 'project');
        break;
      }
      default: op = assertNever(n, 'plan node');
    }
    operators[i] = op;
    const o = op;
    next = (row) => o.push(row);
  }
  const head = next;
  return {
    name: p.name,
    source: p.source,
    target,
    operators,
    push: head,
    inputs: joined ? [{ source: p.source, push: head }, joined] : [{ source: p.source, push: head }],
    advance: (t) => {
      for (const o of operators) o.advance(t);
    },
    flush: () => {
      for (const o of operators) o.flush();
    },
  };
};

/** Compiles a logical plan into runnable pumps. Expressions become closures here, once. */
export const compile = (plan: LogicalPlan, env: EvalEnv, sinks: PipelineSinks): Pipeline => ({
  pumps: plan.pumps.map((p) => compilePump(p, env, sinks)),
});
