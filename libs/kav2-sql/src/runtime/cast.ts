import { type SqlType, type SqlTypeName, type SqlValue, formatType, qualifierOf } from '../analyzer/sql-type';
import {
  DAY_MS, FIELD_MS, formatDateSql, formatIntervalSql, formatTimeSql, formatTimestampSql, parseIntervalLiteral, parseTimeText, parseTimestampText,
} from '../datetime/datetime';
import { RowError } from './row';

const isIntegerName = (n: SqlTypeName): boolean => n === 'INTEGER' || n === 'BIGINT' || n === 'SMALLINT' || n === 'TINYINT';

/** Value range of each integer type. */
export const INT_RANGE: Partial<Record<SqlTypeName, [number, number]>> = {
  TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INTEGER: [-2147483648, 2147483647],
  BIGINT: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const fail = (v: SqlValue, to: SqlType): never => {
  throw new RowError('CAST_FAILED', `cannot convert ${JSON.stringify(v)} to ${formatType(to)}`);
};

/** Renders a double the way Java prints it (1.0, 0.5), which is how KDA turns numbers into text. */
export const doubleToString = (n: number): string => {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) < 1e7) return `${n}.0`;
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  const [m, e] = n.toExponential().split('e') as [string, string];
  return `${m.includes('.') ? m : `${m}.0`}E${Number(e)}`;
};

const roundHalfUp = (n: number, scale: number): number => {
  const f = 10 ** scale;
  const r = Math.round(Math.abs(n) * f + 1e-9) / f;
  return n < 0 ? -r : r;
};

/** Converts a value of type `from` to text. */
export const valueToText = (v: SqlValue, from: SqlType): string => {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') return String(v);
  switch (from.name) {
    case 'TIMESTAMP': return formatTimestampSql(v);
    case 'DATE': return formatDateSql(v);
    case 'TIME': return formatTimeSql(v);
    case 'DOUBLE': case 'REAL': return doubleToString(v);
    case 'DECIMAL': return from.scale !== undefined ? v.toFixed(from.scale) : String(v);
    case 'INTERVAL_DT': case 'INTERVAL_YM': return formatIntervalSql(v, qualifierOf(from), from.name === 'INTERVAL_YM');
    default: return String(v);
  }
};

const isDatetime = (n: SqlTypeName): boolean => n === 'TIMESTAMP' || n === 'DATE' || n === 'TIME';
const isIntervalName = (n: SqlTypeName): boolean => n === 'INTERVAL_DT' || n === 'INTERVAL_YM';

/** How many of an interval's values make one unit of its least significant field (ms or months). */
const endUnit = (ty: SqlType): number => {
  const end = qualifierOf(ty).end;
  if (ty.name === 'INTERVAL_YM') return end === 'YEAR' ? 12 : 1;
  return FIELD_MS[end as keyof typeof FIELD_MS] ?? 1;
};

/** Rounds half away from zero, as a cast of an exact or approximate number to an integer does. */
const roundHalfAwayFromZero = (n: number): number => (n < 0 ? -Math.round(-n) : Math.round(n));

/** Builds the conversion function of CAST(x AS to) for x of type `from`. NULL stays NULL. */
export const castFn = (from: SqlType, to: SqlType): ((v: SqlValue) => SqlValue) => {
  const toName = to.name;
  switch (toName) {
    case 'VARCHAR':
    case 'CHAR': {
      const n = to.length;
      // "If an inadequate output specification is supplied, no rows are selected": CAST(DATE '2008-08-23' AS
      // VARCHAR(9)) fails (SQL Reference, CAST), where character values are cut to the length.
      const mustFit = isDatetime(from.name);
      return (v) => {
        if (v === null) return null;
        let s = valueToText(v, from);
        if (n !== undefined && s.length > n) {
          if (mustFit) throw new RowError('CAST_FAILED', `${from.name} '${s}' needs ${s.length} characters, more than ${toName}(${n}) holds`);
          s = s.slice(0, n);
        }
        if (toName === 'CHAR' && n !== undefined && s.length < n) s = s.padEnd(n, ' ');
        return s;
      };
    }
    case 'INTEGER': case 'BIGINT': case 'SMALLINT': case 'TINYINT': {
      const [lo, hi] = INT_RANGE[toName]!;
      // A day-time interval becomes a count of its last field (INTERVAL '3' HOUR is 3); a number is rounded,
      // "The real (NUMERIC or DECIMAL) is rounded by the cast" (SQL Reference, CAST: REAL to INTEGER).
      const per = isIntervalName(from.name) ? endUnit(from) : 0;
      return (v) => {
        if (v === null) return null;
        let n: number;
        if (typeof v === 'number') n = per ? Math.trunc(v / per) : isIntegerName(from.name) ? v : roundHalfAwayFromZero(v);
        else if (typeof v === 'string') {
          const s = v.trim();
          if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return fail(v, to);
          n = Math.trunc(Number(s));
        } else return fail(v, to);
        if (n < lo || n > hi || !Number.isFinite(n)) throw new RowError('NUMERIC_OVERFLOW', `${n} is out of range for ${toName}`);
        return n;
      };
    }
    case 'DOUBLE': case 'REAL': case 'DECIMAL': {
      const scale = toName === 'DECIMAL' ? to.scale ?? 0 : undefined;
      const per = isIntervalName(from.name) ? endUnit(from) : 1;
      return (v) => {
        if (v === null) return null;
        let n: number;
        if (typeof v === 'number') n = v / per;
        else if (typeof v === 'string') {
          const s = v.trim();
          if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return fail(v, to);
          n = Number(s);
        } else return fail(v, to);
        return scale === undefined ? n : roundHalfUp(n, scale);
      };
    }
    case 'BOOLEAN':
      return (v) => {
        if (v === null || typeof v === 'boolean') return v;
        if (typeof v === 'string') {
          const s = v.trim().toUpperCase();
          if (s === 'TRUE') return true;
          if (s === 'FALSE') return false;
        }
        return fail(v, to);
      };
    case 'TIMESTAMP': case 'DATE': case 'TIME':
      return (v) => {
        if (v === null) return null;
        let ms: number;
        if (typeof v === 'string') {
          ms = toName === 'TIME' ? parseTimeText(v) : parseTimestampText(v);
          if (Number.isNaN(ms)) return fail(v, to);
        } else if (typeof v === 'number' && (from.name === 'TIMESTAMP' || from.name === 'DATE' || from.name === 'TIME')) {
          ms = v;
          if (from.name === 'TIME' && toName !== 'TIME') return fail(v, to);
          if (toName === 'TIME') return ((ms % DAY_MS) + DAY_MS) % DAY_MS;
        } else return fail(v, to);
        return toName === 'DATE' ? Math.floor(ms / DAY_MS) * DAY_MS : ms;
      };
    case 'INTERVAL_DT': case 'INTERVAL_YM': {
      // Text is read as an interval literal of the target's qualifier; an interval keeps whole units of the
      // target's last field.
      const q = qualifierOf(to);
      const per = endUnit(to);
      return (v) => {
        if (v === null) return null;
        if (typeof v === 'string') {
          const parsed = parseIntervalLiteral(v, q.start, q.end === q.start ? undefined : q.end, false);
          if (!parsed || (parsed.kind === 'months') !== (toName === 'INTERVAL_YM')) return fail(v, to);
          return parsed.value;
        }
        if (typeof v !== 'number' || !isIntervalName(from.name)) return fail(v, to);
        return Math.trunc(v / per) * per;
      };
    }
    case 'NULL':
      return () => null;
    case 'VARBINARY':
      return fail(null, to);
    default:
      return fail(null, to);
  }
};
