import { assertNever } from '@surv/domain';
import { type AggCall, type AnalyticCall, type BExpr } from '../analyzer/bound';
import { type BoundJoin, type BoundJoinSide } from '../analyzer/bound-join';
import { type BoundSortKey, type SortClose } from '../analyzer/bound-order';
import { describeConst } from '../analyzer/expr-analysis';
import { formatType } from '../analyzer/sql-type';
import { type LogicalPlan, type PlanNode } from './logical-plan';

const INFIX = new Set(['+', '-', '*', '/', '%', '||', '=', '<>', '<', '>', '<=', '>=', 'AND', 'OR']);

/** Renders a bound expression as readable SQL-like text. */
export const explainExpr = (e: BExpr): string => {
  switch (e.kind) {
    case 'const': return describeConst(e.value, e.type);
    case 'col': return `$${e.index}`;
    case 'rowtime': return 'ROWTIME';
    case 'agg': return `agg${e.index}`;
    case 'fn': {
      const args = e.args.map(explainExpr);
      if (INFIX.has(e.name) && args.length === 2) return `(${args[0]} ${e.name} ${args[1]})`;
      if (e.name === 'IDIV') return `(${args[0]} / ${args[1]})`;
      if (e.name === 'CAST') return `CAST(${args[0]} AS ${formatType(e.type)})`;
      if (e.name === 'PERIOD_PREDICATE') {
        const right = args.length === 3 ? args[2] : `(${args[2]}, ${args[3]})`;
        return `((${args[0]}, ${args[1]}) ${e.unit} ${right})`;
      }
      return `${e.name}(${args.join(', ')}${e.unit ? ` ${e.unit}` : ''})`;
    }
    case 'subquery': return explainSubquery(e);
    default: return assertNever(e, 'bound expression');
  }
};

/**
 * `(a IN SELECT $0 FROM "T" WHERE ... BY $0 = $2)`: inside the subquery `$i` below the table's width is a table column,
 * from it on the outer value listed after `WITH`; `BY` names the correlation the table is looked up by.
 */
const explainSubquery = (e: BExpr & { kind: 'subquery' }): string => {
  const q = e.query;
  const select = q.outputs.length ? q.outputs.map(explainExpr).join(', ') : '*';
  const where = q.where ? ` WHERE ${explainExpr(q.where)}` : '';
  const params = e.params.length ? ` WITH ${e.params.map((p, i) => `$${q.width + i} = ${explainExpr(p)}`).join(', ')}` : '';
  const key = q.keys[0] ? ` BY ${explainExpr(q.keys[0].inner)} = ${explainExpr(q.keys[0].outer)}` : '';
  const body = `SELECT ${select} FROM "${q.table}"${where}${params}${key}`;
  if (e.test === 'EXISTS') return `EXISTS(${body})`;
  const tested = e.operands.length === 1 ? explainExpr(e.operands[0]!) : `(${e.operands.map(explainExpr).join(', ')})`;
  return `(${tested} IN (${body}))`;
};

const explainAgg = (a: AggCall): string => `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.arg ? explainExpr(a.arg) : '*'})`;
const explainAnalytic = (a: AnalyticCall): string => {
  const frame = a.frame.kind === 'range' ? `RANGE ${a.frame.ms}ms PRECEDING` : `ROWS ${a.frame.count} PRECEDING`;
  const part = a.partitionBy.length ? `PARTITION BY ${a.partitionBy.map(explainExpr).join(', ')} ` : '';
  return `${a.fn}(${a.args.map(explainExpr).join(', ') || '*'})${a.fromLast ? ' FROM LAST' : ''}${a.ignoreNulls ? ' IGNORE NULLS' : ''} OVER (${part}${frame})`;
};

const explainSortKeys = (keys: readonly BoundSortKey[]): string =>
  keys.map((k) => `${explainExpr(k.expr)}${k.desc ? ' DESC' : ''}${k.nullsFirst !== k.desc ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`).join(', ');
const CLOSED_BY: Readonly<Record<SortClose, string>> = { time: 'time', window: 'the window\'s close', value: 'the next value' };

const explainSide = (s: BoundJoinSide): string => {
  if (s.kind === 'table') return `table ${s.name}`;
  const w = s.window;
  const window = w.kind === 'range' ? ` OVER (RANGE ${w.ms}ms PRECEDING)` : w.kind === 'rows' ? ` OVER (ROWS ${w.count} PRECEDING)` : ' (current row)';
  return `stream ${s.name}${window}`;
};
const explainJoin = (j: BoundJoin): string =>
  `Join ${j.type} ${explainSide(j.left)} with ${explainSide(j.right)}${j.condition ? ` ON ${explainExpr(j.condition)}` : ''}${j.keys.length ? ` keys=[${j.keys.map((k) => `${explainExpr(k.left)} = ${explainExpr(k.right)}`).join(', ')}]` : ''}`;

/** One line describing a plan node (also what each runtime operator's explain() prints). */
export const explainNode = (n: PlanNode): string => {
  switch (n.kind) {
    case 'filter': return `Filter[${n.clause}] ${explainExpr(n.predicate)}`;
    case 'project':
      return `Project ${n.outputs.map((o, i) => `${explainExpr(o.expr)} AS ${o.name}${i === n.rowtimeOutput ? ' (sets ROWTIME)' : ''}`).join(', ')}`;
    case 'tumble':
      return `${n.monotonicKey ? 'MonotonicKeyAggregate' : 'TumblingAggregate'} window=${explainExpr(n.keys[n.windowKey]!)} keys=[${n.keys.map(explainExpr).join(', ')}] aggs=[${n.aggs.map(explainAgg).join(', ')}]`;
    case 'stagger':
      return `StaggerAggregate range=${n.rangeMs}ms keys=[${n.keys.map(explainExpr).join(', ')}] aggs=[${n.aggs.map(explainAgg).join(', ')}]`;
    case 'sliding': return `SlidingWindow ${n.analytics.map(explainAnalytic).join(', ')}`;
    case 'sort': return `Sort by ${explainSortKeys(n.keys)} (a leading value ends at ${CLOSED_BY[n.close]})`;
    case 'tsort': return `TSort by ${explainSortKeys(n.keys)} within ${n.withinMs}ms`;
    case 'distinct': return `Distinct on (${n.key.map((k) => `$${k}`).join(', ')}) per value of ${n.epoch < 0 ? 'ROWTIME' : `$${n.epoch}`}`;
    case 'tableFunction': return `${n.name} column=$${n.column}${n.name === 'TOP_K_ITEMS_TUMBLING' ? ` k=${n.k}` : ''} window=${n.windowMs}ms`;
    case 'randomCutForest':
      return `${n.name} columns=[${n.numericColumns.map((c) => `$${c}`).join(', ')}] numberOfTrees=${n.numberOfTrees} subSampleSize=${n.subSampleSize} timeDecay=${n.timeDecay} shingleSize=${n.shingleSize}${n.name === 'RANDOM_CUT_FOREST_WITH_EXPLANATION' ? ` withDirectionality=${n.withDirectionality}` : ''}`;
    case 'hotspots':
      return `HOTSPOTS columns=[${n.numericColumns.map((c) => `$${c}`).join(', ')}] windowSize=${n.windowSize} scanRadius=${n.scanRadius} minimumNumberOfPointsInAHotspot=${n.minimumPoints}`;
    case 'groupRank':
      return `GROUP_RANK column=$${n.rankColumn} sortOrder=${n.rankDescending ? 'desc' : 'asc'} outputOrder=${n.outputDescending ? 'desc' : 'asc'} maxIdle=${n.maxIdleMs}ms outputMax=${n.outputMax}`;
    case 'join': return explainJoin(n.join);
    case 'union': return `UnionAll ${n.branches.length} branches`;
    case 'insert': return `Insert into ${n.target} (${n.targetColumns.map((c) => c.name).join(', ')})`;
    default: return assertNever(n, 'plan node');
  }
};

/** The streams a pipeline reads: its source, or each branch's when it starts with a union. */
const sourcesOf = (source: string, nodes: readonly PlanNode[]): string => {
  const first = nodes[0];
  return first?.kind === 'union' ? first.branches.map((b) => sourcesOf(b.source, b.nodes)).join(' UNION ALL ') : source;
};

/** Stages in execution order, numbered; a union's branches are listed under it, indented. */
const explainNodes = (nodes: readonly PlanNode[], indent: string, lines: string[]): void => {
  nodes.forEach((n, i) => {
    lines.push(`${indent}${i + 1}. ${explainNode(n)}`);
    if (n.kind !== 'union') return;
    n.branches.forEach((b, k) => {
      lines.push(`${indent}   branch ${k + 1} from ${b.source}:`);
      explainNodes(b.nodes, `${indent}     `, lines);
    });
  });
};

/** Renders the whole plan, one pump per block, stages indented in execution order. */
export const explain = (p: LogicalPlan): string => {
  const lines = p.inputs.map((i) => `Input ${i.name} (${i.columns.map((c) => `${c.name} ${formatType(c.type)}`).join(', ')})`);
  for (const s of p.streams) lines.push(`Stream ${s.name} (${s.columns.map((c) => `${c.name} ${formatType(c.type)}`).join(', ')})`);
  for (const pump of p.pumps) {
    lines.push(`Pump ${pump.name}: ${sourcesOf(pump.source, pump.nodes)} -> ${pump.nodes.at(-1)?.kind === 'insert' ? (pump.nodes.at(-1) as { target: string }).target : '?'}`);
    explainNodes(pump.nodes, '  ', lines);
  }
  return lines.join('\n');
};
