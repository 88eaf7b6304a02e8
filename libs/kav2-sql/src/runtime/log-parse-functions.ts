import { type BExpr } from '../analyzer/bound';
import { type FieldSpec, type LogParseSpec, logParseSpec } from '../analyzer/log-parse';
import { type SqlValue, t } from '../analyzer/sql-type';
import { parseWithPattern } from '../datetime/simple-date-format';
import { SqlError } from '../errors';
import { castFn } from './cast';
import { type Evaluator } from './compile-expr';
import { RowError } from './row';

/**
 * A ROW value (what the log-parse functions return) is its field values in order. Rows are
 * internal: the binder never lets one reach a stream column, so it only travels between a
 * subquery's SELECT list and the field reads of the query above it.
 */
export type RowValue = readonly SqlValue[];

const asSqlValue = (row: RowValue | null): SqlValue => row as unknown as SqlValue;

/** Converts a parsed text field to its declared type (a date format uses SimpleDateFormat). */
const fieldConverter = (f: FieldSpec): ((s: string | undefined) => SqlValue) => {
  if (f.format !== undefined) {
    const fmt = f.format;
    const dateOnly = f.type.name === 'DATE';
    const timeOnly = f.type.name === 'TIME';
    return (s) => {
      if (s === undefined) return null;
      const ms = parseWithPattern(s.trim(), fmt);
      if (ms === undefined || Number.isNaN(ms)) throw new RowError('PARSE_FAILED', `cannot parse '${s}' as ${f.type.name} with format '${fmt}' (column ${f.name})`);
      if (dateOnly) return Math.floor(ms / 86_400_000) * 86_400_000;
      return timeOnly ? ((ms % 86_400_000) + 86_400_000) % 86_400_000 : ms;
    };
  }
  const cast = castFn(t('VARCHAR'), f.type);
  const text = f.type.name === 'VARCHAR' || f.type.name === 'CHAR';
  return (s) => (s === undefined ? null : cast(text ? s : s.trim()));
};

const regexParser = (source: string, flags: string, converters: readonly ((s: string | undefined) => SqlValue)[]) => {
  // Java's Matcher.matches(): the whole value must match (sticky start, nothing after the end).
  const re = new RegExp(`(?:${source})(?![\\s\\S])`, `${flags}y`);
  return (s: string): RowValue | null => {
    re.lastIndex = 0;
    const m = re.exec(s);
    if (!m) return null;
    return converters.map((conv, i) => conv(m[i + 1]));
  };
};

const fastRegexParser = (spec: LogParseSpec & { kind: 'fastRegex' }) => {
  const steps = spec.steps.map((st) => ({ re: new RegExp(st.source, 'y'), columns: st.captureColumns }));
  const n = spec.fields.length;
  return (s: string): RowValue | null => {
    const out = new Array<string>(n).fill('');
    let pos = 0;
    // Each expression is matched where the previous one stopped, never revisited (no backtracking).
    for (const st of steps) {
      st.re.lastIndex = pos;
      const m = st.re.exec(s);
      if (!m) return null;
      st.columns.forEach((c, k) => {
        out[c] += m[k + 1] ?? '';
      });
      pos = st.re.lastIndex;
    }
    return out;
  };
};

const variableParser = (spec: LogParseSpec & { kind: 'variable' }, converters: readonly ((s: string | undefined) => SqlValue)[]) => {
  const { delimiter, escape, quoteBegin, quoteEnd } = spec;
  const n = converters.length;
  return (s: string): RowValue => {
    const parts: string[] = [];
    let cur = '';
    let i = 0;
    while (i < s.length && parts.length < n) {
      if (escape !== undefined && s.startsWith(escape, i) && i + escape.length < s.length) {
        cur += s[i + escape.length];
        i += escape.length + 1;
      } else if (quoteBegin !== undefined && s[i] === quoteBegin) {
        const end = s.indexOf(quoteEnd!, i + 1);
        cur += end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
        i = end < 0 ? s.length : end + 1;
      } else if (s.startsWith(delimiter, i)) {
        parts.push(cur);
        cur = '';
        i += delimiter.length;
      } else {
        cur += s[i];
        i++;
      }
    }
    if (parts.length < n) parts.push(cur);
    return converters.map((conv, k) => conv(parts[k]));
  };
};

const fixedParser = (spec: LogParseSpec & { kind: 'fixed' }, converters: readonly ((s: string | undefined) => SqlValue)[]) => (s: string): RowValue =>
  spec.fields.map((f, k) => {
    const start = f.start ?? 0;
    if (start >= s.length) return null;
    return converters[k]!(f.width === undefined ? s.slice(start) : s.slice(start, start + f.width));
  });

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([\s\S]*)$/;

// RFC 3164 timestamps carry no year; like Java's SimpleDateFormat('MMM dd HH:mm:ss'), the year is 1970.
const syslogParser = (trunc: (v: SqlValue) => SqlValue) => (s: string): RowValue | null => {
  const m = SYSLOG.exec(s);
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return null;
  return [Date.UTC(1970, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])), trunc(m[6]!)];
};

/** Compiles a log-parse call (its spec from the same constant arguments the binder checked) into an evaluator. */
export const compileLogParse = (e: BExpr & { kind: 'fn' }, input: Evaluator): Evaluator => {
  const spec = logParseSpec(e.name, e.args, { line: 0, column: 0 });
  const converters = spec.fields.map(fieldConverter);
  let parse: (s: string) => RowValue | null;
  switch (spec.kind) {
    case 'regex': case 'w3c': parse = regexParser(spec.regex.source, spec.regex.flags, converters); break;
    case 'fastRegex': parse = fastRegexParser(spec); break;
    case 'variable': parse = variableParser(spec, converters); break;
    case 'fixed': parse = fixedParser(spec, converters); break;
    case 'syslog': parse = syslogParser(castFn(t('VARCHAR'), spec.fields[1]!.type)); break;
  }
  return (r) => {
    const v = input(r);
    return v === null ? null : asSqlValue(parse(v as string));
  };
};

/** Reads one field of a ROW value: `t.r.COLUMN1` or `(expr).COLUMN1`. */
export const compileRowField = (e: BExpr & { kind: 'fn' }, row: Evaluator): Evaluator => {
  const fields = e.args[0]!.type.fields ?? [];
  const k = fields.findIndex((f) => f.name === e.unit);
  if (k < 0) throw new SqlError('KAV2_INVALID_STATE', `internal: ROW has no field ${String(e.unit)}`);
  return (r) => {
    const v = row(r) as unknown as RowValue | null;
    return v === null ? null : v[k] ?? null;
  };
};
