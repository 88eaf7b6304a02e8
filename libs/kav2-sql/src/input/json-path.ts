import { SqlError } from '../errors';

/** One step of a JSONPath: a property, an index, or "every element" (`[*]`, `[0:]`). */
export type PathStep = { kind: 'prop'; name: string } | { kind: 'index'; index: number } | { kind: 'all'; from: number };

/** Parses the JSONPath subset KDA mappings use: `$.a.b`, `$["a b"]`, `$.a[0]`, `$.records[0:]`, `$.a[*]`. */
export const parseJsonPath = (path: string): PathStep[] => {
  if (!path.startsWith('$')) throw new SqlError('KAV2_INVALID_SCHEMA', `JSON path '${path}' must start with $`);
  const steps: PathStep[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      i++;
      if (path[i] === '[') continue;
      let name = '';
      while (i < path.length && path[i] !== '.' && path[i] !== '[') name += path[i++];
      if (name === '') throw new SqlError('KAV2_INVALID_SCHEMA', `JSON path '${path}' has an empty property name`);
      steps.push(name === '*' ? { kind: 'all', from: 0 } : { kind: 'prop', name });
      continue;
    }
    if (c === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw new SqlError('KAV2_INVALID_SCHEMA', `JSON path '${path}' has an unclosed [`);
      const inner = path.slice(i + 1, end).trim();
      i = end + 1;
      if (/^(['"])[\s\S]*\1$/.test(inner)) steps.push({ kind: 'prop', name: inner.slice(1, -1) });
      else if (inner === '*') steps.push({ kind: 'all', from: 0 });
      else if (/^\d+:$/.test(inner)) steps.push({ kind: 'all', from: Number(inner.slice(0, -1)) });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else throw new SqlError('KAV2_INVALID_SCHEMA', `JSON path '${path}': unsupported selector [${inner}]`);
      continue;
    }
    throw new SqlError('KAV2_INVALID_SCHEMA', `JSON path '${path}': unexpected '${c}' at ${i}`);
  }
  return steps;
};

/** True when objects inherit a member of this name (from Object.prototype) that a record may lack. */
export const isInheritedName = (key: string): boolean => key in Object.prototype;

/**
 * A record's own field: a record without "constructor" has no such field, whatever
 * Object.prototype says. Names no object inherits need no own-property check.
 */
export const ownField = (obj: unknown, key: string): unknown => {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return !isInheritedName(key) || Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
};

/** Follows single-valued steps; undefined when a step is missing. */
export const readPath = (value: unknown, steps: readonly PathStep[]): unknown => {
  let cur = value;
  for (const s of steps) {
    if (cur === null || cur === undefined) return undefined;
    if (s.kind === 'prop') cur = Array.isArray(cur) ? undefined : ownField(cur, s.name);
    else if (s.kind === 'index') cur = Array.isArray(cur) ? cur[s.index] : undefined;
    else return undefined;
  }
  return cur;
};

/** Expands a row path (which may contain one or more `[0:]` / `[*]`) into the list of row values. */
export const expandPath = (value: unknown, steps: readonly PathStep[]): unknown[] => {
  let current: unknown[] = [value];
  for (const s of steps) {
    const nextVals: unknown[] = [];
    for (const v of current) {
      if (s.kind === 'all') {
        if (Array.isArray(v)) nextVals.push(...v.slice(s.from));
      } else {
        const r = readPath(v, [s]);
        if (r !== undefined) nextVals.push(r);
      }
    }
    current = nextVals;
  }
  return current;
};
