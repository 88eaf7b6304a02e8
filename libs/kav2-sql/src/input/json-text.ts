/**
 * A value's JSON text, or undefined when it has none: JSON.stringify throws for values nested deeper than the
 * call stack (a record of `[[[...]]]` a hundred thousand levels deep parses, but cannot be printed back), for
 * circular objects and BigInts, which records pushed as objects may hold.
 */
export const jsonText = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
};

/** Shown where a record or value has no JSON text (see `jsonText`). */
export const UNPRINTABLE = '(not printable as JSON: nested too deeply, circular, or a BigInt)';
