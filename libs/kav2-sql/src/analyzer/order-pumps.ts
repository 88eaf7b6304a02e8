import { unsupported } from '../errors';
import { type BoundPump, type BoundQuery } from './bound';

const sourceStream = (q: BoundQuery): string =>
  q.source.kind === 'stream' ? q.source.name : sourceStream(q.source.kind === 'tableFunction' ? q.source.fn.query : q.source.query);

/** Topological order: a pump runs after every pump that writes the stream it reads. Cycles are rejected. */
export const orderPumps = (pumps: readonly BoundPump[]): BoundPump[] => {
  const ordered: BoundPump[] = [];
  let rest = [...pumps];
  for (const p of pumps) {
    if (sourceStream(p.query) === p.target) throw unsupported(`pump ${p.name} reading the stream it writes (${p.target})`);
  }
  while (rest.length > 0) {
    const ready = rest.filter((p) => !rest.some((o) => o.target === sourceStream(p.query)));
    if (ready.length === 0) throw unsupported(`a cycle of pumps (${rest.map((p) => p.name).join(', ')})`);
    ordered.push(...ready);
    rest = rest.filter((p) => !ready.includes(p));
  }
  return ordered;
};

