import { usageError } from './errors';

/** How a flag is read: `string` takes a value, `boolean` is a switch. */
export type FlagSpec = Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>;

export interface ParsedArgs {
  readonly flags: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
}

/**
 * Parses `--flag value`, `--flag=value`, `-f value` and switches; an unknown flag or a missing value is a
 * usage error naming the flag and the command's `--help`.
 */
export const parseArgs = (args: readonly string[], spec: FlagSpec, command: string): ParsedArgs => {
  const flags: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(spec).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.startsWith('--') ? splitOnce(arg.slice(2)) : [byShort.get(arg.slice(1)) ?? arg.slice(1), undefined];
    const name = rawName!;
    const s = spec[name];
    if (!s) throw usageError(`unknown flag '${arg}' for '${command}'`, `surv ${command} --help`);
    if (s.type === 'boolean') {
      if (inline !== undefined) throw usageError(`flag --${name} takes no value`, `surv ${command} --help`);
      flags[name] = true;
    } else {
      const value = inline ?? args[++i];
      if (value === undefined) throw usageError(`flag --${name} needs a value`, `surv ${command} --help`);
      flags[name] = value;
    }
  }
  return { flags, positionals };
};

const splitOnce = (s: string): [string, string | undefined] => {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
};

/** Reads a positive integer flag, or the default; anything else is a usage error. */
export const intFlag = (value: string | boolean | undefined, name: string, fallback: number, command: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 0) {
    throw usageError(`--${name} must be a whole number, got '${String(value)}'`, `surv ${command} --help`);
  }
  return n;
};

/** Reads a number flag within [min, max], or the default; anything else is a usage error. */
export const numberFlag = (
  value: string | boolean | undefined, name: string, fallback: number, command: string, range: { min: number; max: number },
): number => {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < range.min || n > range.max) {
    throw usageError(`--${name} must be a number from ${range.min} to ${range.max}, got '${String(value)}'`, `surv ${command} --help`);
  }
  return n;
};
