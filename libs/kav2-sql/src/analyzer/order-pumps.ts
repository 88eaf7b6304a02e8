import { unsupported } from '../errors';
import { type BoundPump, type BoundQuery } from './bound';

/** The streams a query reads (two for a stream-to-stream JOIN, one per branch of a UNION ALL; a reference table is not a stream). */
const sourceStreams = (q: BoundQuery): string[] => {
  const s = q.source;
  if (s.kind === 'stream') return [s.name];
  if (s.kind === 'query') return sourceStreams(s.query);
  if (s.kind === 'tableFunction') return sourceStreams(s.fn.query);
  if (s.kind === 'union') return s.branches.flatMap(sourceStreams);
  return [s.join.left, s.join.right].flatMap((side) => (side.kind === 'stream' ? [side.name] : []));
};

/** Topological order: a pump runs after every pump that writes the stream it reads. Cycles are rejected. */
export const orderPumps = (pumps: readonly BoundPump[]): BoundPump[] => {
  const ordered: BoundPump[] = [];
  let rest = [...pumps];
  for (const p of pumps) {
    if (sourceStreams(p.query).includes(p.target)) throw unsupported(`pump ${p.name} reading the stream it writes (${p.target})`);
  }
  while (rest.length > 0) {
    const ready = rest.filter((p) => !rest.some((o) => sourceStreams(p.query).includes(o.target)));
    if (ready.length === 0) throw unsupported(`a cycle of pumps (${rest.map((p) => p.name).join(', ')})`);
    ordered.push(...ready);
    rest = rest.filter((p) => !ready.includes(p));
  }
  return ordered;
};

