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

/**
 * Follows single-valued steps; undefined when a step is missing. A last "every element" step (`$.orders[0:]`)
 * selects the whole array, which a column then holds as one value (KDA: "all of the contents of the array
 * are returned as a single field in a single data row").
 */
export const readPath = (value: unknown, steps: readonly PathStep[]): unknown => {
  let cur = value;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (cur === null || cur === undefined) return undefined;
    if (s.kind === 'prop') cur = Array.isArray(cur) ? undefined : ownField(cur, s.name);
    else if (s.kind === 'index') cur = Array.isArray(cur) ? cur[s.index] : undefined;
    else if (i === steps.length - 1 && Array.isArray(cur)) cur = s.from === 0 ? cur : cur.slice(s.from);
    else return undefined;
  }
  return cur;
};

/** A column mapping's path relative to the row: mappings may repeat the row path ("$.records[0:].ticker") or not ("$.ticker"). */
export const columnPath = (rowPath: string, mapping: string): PathStep[] => {
  const rel = rowPath !== '$' && mapping.startsWith(rowPath) ? `$${mapping.slice(rowPath.length)}` : mapping;
  return parseJsonPath(rel);
};

/** The array a column flattens: the steps to it, its "every element" step, and the path read in each element. */
export interface FlattenedArray {
  readonly toArray: readonly PathStep[];
  readonly all: Extract<PathStep, { kind: 'all' }>;
  readonly inElement: readonly PathStep[];
}

/**
 * The array a column's path flattens (an "every element" step with more path after it, as in
 * `$.orders[0:].orderId`: one row per element), or undefined. KDA supports one level of dereferencing only:
 * `$.a[0:].b[0:].c` is refused.
 */
export const flattenedArray = (steps: readonly PathStep[], mapping: string): FlattenedArray | undefined => {
  const at = steps.findIndex((s) => s.kind === 'all');
  if (at < 0 || at === steps.length - 1) return undefined;
  const inElement = steps.slice(at + 1);
  if (inElement.slice(0, -1).some((s) => s.kind === 'all')) {
    throw new SqlError('KAV2_INVALID_SCHEMA', `JSON path '${mapping}' dereferences an array inside an array; KDA supports one level ($.array[0:].element)`);
  }
  return { toArray: steps.slice(0, at), all: steps[at] as FlattenedArray['all'], inElement };
};

/** True when two flattened arrays are the same array of the record. */
export const sameArray = (a: FlattenedArray, b: FlattenedArray): boolean =>
  JSON.stringify([a.toArray, a.all]) === JSON.stringify([b.toArray, b.all]);

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
