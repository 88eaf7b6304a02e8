import { SqlError } from '../errors';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Part = { kind: 'lit'; text: string } | { kind: 'field'; letter: string; count: number };

const cache = new Map<string, Part[]>();

/** Splits a Java SimpleDateFormat pattern ("yyyy-MM-dd'T'HH:mm:ss.SSS") into literal and field parts. */
const compilePattern = (pattern: string): Part[] => {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const parts: Part[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        parts.push({ kind: 'lit', text: "'" });
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = '';
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      parts.push({ kind: 'lit', text });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!'GyYMLdHhkKmsSEaZzXuDwWF'.includes(c)) {
        throw new SqlError('KAV2_INVALID_ARGUMENT', `unsupported date format letter '${c}' in '${pattern}'`);
      }
      let j = i;
      while (pattern[j] === c) j++;
      parts.push({ kind: 'field', letter: c, count: j - i });
      i = j;
      continue;
    }
    parts.push({ kind: 'lit', text: c });
    i++;
  }
  if (cache.size > 256) cache.clear();
  cache.set(pattern, parts);
  return parts;
};

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Formats epoch ms (UTC) with a Java SimpleDateFormat pattern, as TIMESTAMP_TO_CHAR does. */
export const formatWithPattern = (ms: number, pattern: string): string => {
  const d = new Date(ms);
  let out = '';
  for (const p of compilePattern(pattern)) {
    if (p.kind === 'lit') {
      out += p.text;
      continue;
    }
    const n = p.count;
    switch (p.letter) {
      case 'G': out += d.getUTCFullYear() > 0 ? 'AD' : 'BC'; break;
      case 'y': case 'Y': case 'u':
        out += n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), n); break;
      case 'M': case 'L':
        out += n >= 4 ? MONTHS[d.getUTCMonth()] : n === 3 ? MONTHS[d.getUTCMonth()]!.slice(0, 3) : pad(d.getUTCMonth() + 1, n); break;
      case 'd': out += pad(d.getUTCDate(), n); break;
      case 'H': out += pad(d.getUTCHours(), n); break;
      case 'k': out += pad(d.getUTCHours() || 24, n); break;
      case 'K': out += pad(d.getUTCHours() % 12, n); break;
      case 'h': out += pad(d.getUTCHours() % 12 || 12, n); break;
      case 'm': out += pad(d.getUTCMinutes(), n); break;
      case 's': out += pad(d.getUTCSeconds(), n); break;
      case 'S': out += pad(d.getUTCMilliseconds(), n); break;
      case 'E': out += n >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()]!.slice(0, 3); break;
      case 'a': out += d.getUTCHours() < 12 ? 'AM' : 'PM'; break;
      case 'Z': out += '+0000'; break;
      case 'X': out += 'Z'; break;
      case 'z': out += 'UTC'; break;
      case 'D': out += pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, n); break;
      default: throw new SqlError('KAV2_INVALID_ARGUMENT', `format letter '${p.letter}' is not supported for output`);
    }
  }
  return out;
};

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Parses text with a Java SimpleDateFormat pattern into epoch ms (UTC unless the text carries a
 * zone), as CHAR_TO_TIMESTAMP does. Returns undefined when the text does not match.
 */
export const parseWithPattern = (text: string, pattern: string): number | undefined => {
  const parts = compilePattern(pattern);
  let re = '^';
  const fields: { letter: string; count: number }[] = [];
  parts.forEach((p, idx) => {
    if (p.kind === 'lit') {
      re += escapeRe(p.text);
      return;
    }
    const nextIsField = parts[idx + 1]?.kind === 'field';
    const digits = (min: number): string => (nextIsField ? `(\\d{${p.count}})` : `(\\d{${min},9})`);
    fields.push(p);
    switch (p.letter) {
      case 'y': case 'Y': case 'u': re += p.count === 2 ? '(\\d{2})' : nextIsField ? `(\\d{${Math.max(p.count, 4)}})` : '(-?\\d{1,9})'; break;
      case 'M': case 'L': re += p.count >= 3 ? '([A-Za-z]+)' : digits(1); break;
      case 'E': re += '([A-Za-z]+)'; break;
      case 'a': re += '([AaPp][Mm])'; break;
      case 'Z': re += '([+-]\\d{4}|Z)'; break;
      case 'X': re += '(Z|[+-]\\d{2}(?::?\\d{2})?)'; break;
      case 'z': re += '([A-Za-z]+(?:[+-]\\d{1,2}(?::?\\d{2})?)?)'; break;
      case 'G': re += '(AD|BC)'; break;
      default: re += digits(1);
    }
  });
  const m = new RegExp(`${re}$`).exec(text.trim());
  if (!m) return undefined;
  let year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, milli = 0, pm: boolean | undefined, offsetMin = 0, hour12 = false;
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k]!;
    const v = m[k + 1]!;
    switch (f.letter) {
      case 'y': case 'Y': case 'u': year = f.count === 2 ? 2000 + Number(v) : Number(v); break;
      case 'M': case 'L':
        if (f.count >= 3) {
          const idx = MONTHS.findIndex((name) => name.toLowerCase().startsWith(v.toLowerCase().slice(0, 3)));
          if (idx < 0) return undefined;
          month = idx;
        } else month = Number(v) - 1;
        break;
      case 'd': day = Number(v); break;
      case 'H': case 'k': hour = Number(v) % 24; break;
      case 'h': case 'K': hour = Number(v) % 12; hour12 = true; break;
      case 'm': minute = Number(v); break;
      case 's': second = Number(v); break;
      case 'S': milli = f.count === 3 || v.length === 3 ? Number(v) : Math.round(Number(`0.${v}`) * 1000); break;
      case 'a': pm = v.toUpperCase() === 'PM'; break;
      case 'Z': case 'X': case 'z': {
        const z = /([+-])(\d{2}):?(\d{2})?/.exec(v);
        if (z) offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
        break;
      }
      default: break;
    }
  }
  if (hour12 && pm) hour += 12;
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month, day, hour, minute, second, milli) - offsetMin * 60_000;
};
