import { SqlError, type SourcePos } from '../errors';

/**
 * Deepest syntax tree (expressions and queries) the parser hands on. A chain of operators (`a + b + ...` with
 * thousands of terms) is parsed in a loop yet makes a tree as deep as it is long, and every later stage walks
 * trees recursively: past this depth they would overflow the call stack instead of reporting anything.
 */
export const MAX_TREE_DEPTH = 350;

interface Node {
  readonly kind: string;
  readonly pos?: SourcePos;
}

const isNode = (v: object): v is Node => typeof (v as { kind?: unknown }).kind === 'string';

/** Throws a positioned SqlError where `root`'s syntax tree grows deeper than MAX_TREE_DEPTH (an explicit stack: no recursion). */
export const assertTreeDepth = (root: unknown): void => {
  const stack: [value: unknown, depth: number, pos: SourcePos | undefined][] = [[root, 0, undefined]];
  while (stack.length > 0) {
    const [v, depth, at] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const node = !Array.isArray(v) && isNode(v);
    const d = node ? depth + 1 : depth;
    const pos = node ? (v.pos ?? at) : at;
    if (d > MAX_TREE_DEPTH) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `expression nested more than ${MAX_TREE_DEPTH} levels deep here (a chain of that many operators, or deeply nested calls); split it into smaller expressions or in-application streams`, pos);
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d, pos]);
  }
};

/** The syntax nodes under `root`, counted up to `limit` (an explicit stack, as above: a long chain makes a deep tree). */
export const countNodes = (root: unknown, limit: number): number => {
  let n = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && n < limit) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (!Array.isArray(v) && isNode(v)) n++;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return n;
};
