import { type SqlType, type SqlTypeName, type SqlValue } from '../analyzer/sql-type';
import {
  DAY_MS, formatDateSql, formatTimeSql, formatTimestampSql, parseTimeText, parseTimestampText,
} from '../datetime/datetime';
import { RowError } from './row';

/** Value range of each integer type. */
export const INT_RANGE: Partial<Record<SqlTypeName, [number, number]>> = {
  TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INTEGER: [-2147483648, 2147483647],
  BIGINT: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const fail = (v: SqlValue, to: SqlType): never => {
  throw new RowError('CAST_FAILED', `cannot convert ${JSON.stringify(v)} to ${to.name}${to.length !== undefined ? `(${to.length}${to.scale !== undefined ? `,${to.scale}` : ''})` : ''}`);
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
export const valueToText = (v: SqlValue, from: SqlTypeName, scale?: number): string => {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') return String(v);
  switch (from) {
    case 'TIMESTAMP': return formatTimestampSql(v);
    case 'DATE': return formatDateSql(v);
    case 'TIME': return formatTimeSql(v);
    case 'DOUBLE': case 'REAL': return doubleToString(v);
    case 'DECIMAL': return scale !== undefined ? v.toFixed(scale) : String(v);
    default: return String(v);
  }
};

/** Builds the conversion function of CAST(x AS to) for x of type `from`. NULL stays NULL. */
export const castFn = (from: SqlType, to: SqlType): ((v: SqlValue) => SqlValue) => {
  const toName = to.name;
  switch (toName) {
    case 'VARCHAR':
    case 'CHAR': {
      const n = to.length;
      return (v) => {
        if (v === null) return null;
        let s = valueToText(v, from.name, from.scale);
        // KDA truncates character values to the declared length (SQL CAST semantics).
        if (n !== undefined && s.length > n) s = s.slice(0, n);
        if (toName === 'CHAR' && n !== undefined && s.length < n) s = s.padEnd(n, ' ');
        return s;
      };
    }
    case 'INTEGER': case 'BIGINT': case 'SMALLINT': case 'TINYINT': {
      const [lo, hi] = INT_RANGE[toName]!;
      return (v) => {
        if (v === null) return null;
        let n: number;
        if (typeof v === 'number') n = Math.trunc(v);
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
      return (v) => {
        if (v === null) return null;
        let n: number;
        if (typeof v === 'number') n = v;
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
    case 'INTERVAL_DT': case 'INTERVAL_YM':
      return (v) => (v === null || typeof v === 'number' ? v : fail(v, to));
    case 'NULL':
      return () => null;
    case 'VARBINARY':
      return fail(null, to);
    default:
      return fail(null, to);
  }
};
