import { assertNever } from '@surv/domain';
import { type BoundApplication, type BoundQuery } from '../analyzer/bound';
import { type BoundJoin } from '../analyzer/bound-join';
import { type BoundTableFunction } from '../analyzer/bound-table-function';
import { type LogicalPlan, type PlanNode } from './logical-plan';

/** A join reads its stream side(s) itself; the pump's `source` names the left (or only) stream. */
const planJoin = (join: BoundJoin): { source: string; nodes: PlanNode[] } => ({
  source: join.left.kind === 'stream' ? join.left.name : join.right.name,
  nodes: [{ kind: 'join', join }],
});

/** The stage of a `TABLE(fn(CURSOR(...), ...))`, which reads the rows of the cursor's stages. */
const planTableFunction = (fn: BoundTableFunction): PlanNode => {
  switch (fn.name) {
    case 'TOP_K_ITEMS_TUMBLING':
    case 'COUNT_DISTINCT_ITEMS_TUMBLING':
      return { kind: 'tableFunction', name: fn.name, column: fn.column, k: fn.k, windowMs: fn.windowMs };
    case 'RANDOM_CUT_FOREST':
    case 'RANDOM_CUT_FOREST_WITH_EXPLANATION': {
      const { name, numericColumns, numberOfTrees, subSampleSize, timeDecay, shingleSize, withDirectionality } = fn;
      const columnNames = numericColumns.map((i) => fn.columns[i]!.name);
      return { kind: 'randomCutForest', name, numericColumns, columnNames, numberOfTrees, subSampleSize, timeDecay, shingleSize, withDirectionality };
    }
    case 'HOTSPOTS':
      return { kind: 'hotspots', numericColumns: fn.numericColumns, windowSize: fn.windowSize, scanRadius: fn.scanRadius, minimumPoints: fn.minimumPoints };
    case 'GROUP_RANK': {
      const { rankColumn, rankDescending, outputDescending, maxIdleMs, outputMax } = fn;
      return { kind: 'groupRank', rankColumn, rankDescending, outputDescending, maxIdleMs, outputMax };
    }
    default:
      return assertNever(fn, 'table function');
  }
};

/** A union reads its branches' streams itself; the pump's `source` names the first branch's. */
const planUnion = (branches: readonly BoundQuery[]): { source: string; nodes: PlanNode[] } => {
  const planned = branches.map(planQuery);
  return { source: planned[0]!.source, nodes: [{ kind: 'union', branches: planned }] };
};

const planQuery = (q: BoundQuery): { source: string; nodes: PlanNode[] } => {
  const src = q.source;
  const inner = src.kind === 'query' ? planQuery(src.query) : src.kind === 'tableFunction' ? planQuery(src.fn.query)
    : src.kind === 'join' ? planJoin(src.join) : src.kind === 'union' ? planUnion(src.branches) : { source: src.name, nodes: [] };
  const nodes = [...inner.nodes];
  if (src.kind === 'tableFunction') nodes.push(planTableFunction(src.fn));
  if (q.where) nodes.push({ kind: 'filter', clause: 'WHERE', predicate: q.where });
  const g = q.grouping;
  switch (g.kind) {
    case 'none':
      if (g.analytics.length > 0) nodes.push({ kind: 'sliding', inputWidth: q.inputColumns.length, analytics: g.analytics });
      break;
    case 'tumbling':
      nodes.push(g.monotonicKey ? { kind: 'tumble', keys: g.keys, windowKey: g.windowKey, aggs: g.aggs, monotonicKey: true } : { kind: 'tumble', keys: g.keys, windowKey: g.windowKey, aggs: g.aggs });
      break;
    case 'stagger':
      nodes.push({ kind: 'stagger', keys: g.keys, rangeMs: g.rangeMs, aggs: g.aggs });
      break;
    default:
      assertNever(g, 'grouping');
  }
  if (q.having) nodes.push({ kind: 'filter', clause: 'HAVING', predicate: q.having });
  const o = q.orderBy;
  if (o) nodes.push(o.kind === 'sort' ? { kind: 'sort', keys: o.keys, close: o.close } : { kind: 'tsort', keys: o.keys, withinMs: o.withinMs });
  nodes.push(q.rowtimeOutput === undefined
    ? { kind: 'project', outputs: q.outputs }
    : { kind: 'project', outputs: q.outputs, rowtimeOutput: q.rowtimeOutput });
  if (q.distinct) {
    // Outputs after the ROWTIME item are one column further left; the ROWTIME item is the row's ROWTIME.
    const column = (i: number): number => (i === q.rowtimeOutput ? -1 : q.rowtimeOutput !== undefined && i > q.rowtimeOutput ? i - 1 : i);
    const { epoch, key } = q.distinct;
    nodes.push({ kind: 'distinct', epoch: column(epoch), key: key.map(column), timestamp: q.outputs[epoch]!.type.name === 'TIMESTAMP' });
  }
  return { source: inner.source, nodes };
};

/** Turns each bound pump into a linear pipeline: [subquery stages] WHERE, window/aggregate, HAVING, ORDER BY, project, DISTINCT, insert. */
export const plan = (bound: BoundApplication): LogicalPlan => ({
  input: bound.input,
  inputs: bound.inputs,
  streams: bound.streams,
  pumps: bound.pumps.map((p) => {
    const { source, nodes } = planQuery(p.query);
    nodes.push({ kind: 'insert', target: p.target, columnMap: p.columnMap, targetColumns: p.targetColumns });
    return { name: p.name, source, nodes };
  }),
});
