import { assertNever } from '@surv/domain';
import { type LogicalPlan, type PlanNode, type PumpPlan } from '../planner/logical-plan';
import { FilterOperator } from './filter-operator';
import { GroupRankOperator } from './group-rank-operator';
import { InsertOperator } from './insert-operator';
import { MonotonicKeyOperator } from './monotonic-key-operator';
import { DistinctOperator } from './distinct-operator';
import { createJoinOperator } from './join-operator';
import { HotspotsOperator, RandomCutForestOperator } from './ml-table-function-operators';
import { type Emit, type OnRowError, type Operator } from './operator';
import { ProjectOperator } from './project-operator';
import { type EvalEnv, type Row } from './row';
import { DEFAULT_RANDOM_SEED, deriveSeed } from './seeded-random';
import { SlidingOperator } from './sliding-operator';
import { SortOperator } from './sort-operator';
import { StaggerOperator } from './stagger-operator';
import { TSortOperator } from './t-sort-operator';
import { createTableFunctionOperator } from './table-function-operators';
import { TumblingOperator } from './tumbling-operator';
import { UnionOperator } from './union-operator';

/** A compiled pump: a chain of operators fed by its source stream(s). */
export interface CompiledPump {
  readonly name: string;
  readonly source: string;
  readonly target: string;
  /** The pump's stages in order (a union's branch stages belong to the union). */
  readonly operators: readonly Operator[];
  push(row: Row): void;
  /**
   * Every stream the pump reads and where its rows go: `source` first, then a joined stream's; for a UNION ALL,
   * each branch's streams in branch order (one stream may feed several branches).
   */
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
   * Where rows inserted into an in-application stream go, asked once per insert at compile time. A
   * row is lent for the call only: pumps refill the same row object for their next row, so a sink
   * copies what it keeps.
   */
  emitter(stream: string): Emit;
  /**
   * A row a pump could not process; `stage` is the index of the failing operator in the pump (0 sees source
   * rows). `source`: when the failing operator reads a stream's rows as they are (the first stage of the pump
   * or of a union branch), that stream.
   */
  error(pump: string, name: string, message: string, row: Row, stage: number, source?: string): void;
}

/** A chain of operators built from plan nodes, and the streams that feed it. */
interface Chain {
  readonly head: Emit;
  readonly operators: Operator[];
  readonly inputs: { source: string; push: (row: Row) => void }[];
  readonly target: string;
}

/**
 * Builds `nodes` back to front so each operator knows its successor; the last one hands rows to `last`.
 * `stageOf` numbers the operators for error reports (a union's branches report the union's stage).
 */
const compileChain = (
  pump: string, source: string, nodes: readonly PlanNode[], last: Emit, env: EvalEnv, sinks: PipelineSinks, stageOf: (i: number) => number,
): Chain => {
  const operators: Operator[] = new Array<Operator>(nodes.length);
  let next: Emit = last;
  let target = '';
  const extra: { source: string; push: (row: Row) => void }[] = [];
  let fed = true;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n: PlanNode = nodes[i]!;
    const stage = stageOf(i);
    const rowsOf = i === 0 ? source : undefined;
    const onError: OnRowError = (name, message, row) => sinks.error(pump, name, message, row, stage, rowsOf);
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
        op = new RandomCutForestOperator(n, deriveSeed(env.randomSeed ?? DEFAULT_RANDOM_SEED, `${pump}/${stage}`), next);
        break;
      case 'hotspots': op = new HotspotsOperator(n, next); break;
      case 'groupRank': op = new GroupRankOperator(n, next); break;
      case 'sort': op = new SortOperator(n.keys, n.close, env, next, onError); break;
      case 'tsort': op = new TSortOperator(n.keys, n.withinMs, env, next, onError); break;
      case 'distinct': op = new DistinctOperator(n.epoch, n.key, n.timestamp, next, onError); break;
      case 'join': {
        const built = createJoinOperator(n.join, env, next, onError);
        op = built.op;
        if (built.right) extra.push(built.right);
        break;
      }
      case 'union': {
        const union = new UnionOperator(n, next);
        const branches = n.branches.map((b) => compileChain(pump, b.source, b.nodes, union.receive, env, sinks, () => stage));
        union.attach(branches.map((b) => b.operators));
        for (const b of branches) extra.push(...b.inputs);
        // The branches' sources feed the branches, not the union.
        fed = false;
        op = union;
        break;
      }
      case 'insert': {
        // DISTINCT passes the SELECT list's rows on as they are.
        const prev = nodes[i - 1]?.kind === 'distinct' ? nodes[i - 2] : nodes[i - 1];
        const types = prev?.kind === 'project' ? prev.outputs.filter((_, k) => k !== prev.rowtimeOutput).map((o) => o.type) : [];
        const stream = n.target;
        target = stream;
        // A SELECT list builds a new value array per row, which nothing else holds yet.
        op = new InsertOperator(n.target, n.columnMap, n.targetColumns, types, sinks.emitter(stream), onError, prev?.kind === 'project');
        break;
      }
      default: op = assertNever(n, 'plan node');
    }
    operators[i] = op;
    const o = op;
    next = (row) => o.push(row);
  }
  return { head: next, operators, inputs: fed ? [{ source, push: next }, ...extra] : extra, target };
};

const compilePump = (p: PumpPlan, env: EvalEnv, sinks: PipelineSinks): CompiledPump => {
  const { head, operators, inputs, target } = compileChain(p.name, p.source, p.nodes, () => undefined, env, sinks, (i) => i);
  return {
    name: p.name,
    source: p.source,
    target,
    operators,
    push: head,
    inputs,
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
