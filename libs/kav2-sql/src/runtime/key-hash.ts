import { type SqlValue } from '../analyzer/sql-type';

// Hashing and equality of SQL values as Map keys, for the engine's flat hash tables (SlotIndex, DistinctTable).

const NULL_HASH = 0x2545f491;
const TRUE_HASH = 0x6b43a9b5;
const FALSE_HASH = 0x1b873593;
const NAN_HASH = 0x7ff80000;
// Longer text hashes its first and last HASHED_HALF characters (and its length); equality still compares it whole.
const HASHED_HALF = 32;

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

const hashText = (s: string): number => {
  let h = 0x811c9dc5 ^ s.length;
  const n = s.length;
  if (n <= 2 * HASHED_HALF) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < HASHED_HALF; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let i = n - HASHED_HALF; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h;
};

const hashNumber = (x: number): number => {
  if ((x | 0) === x) return x | 0; // -0 lands here too, as 0 (it equals 0 as a key)
  if (x !== x) return NAN_HASH;
  f64[0] = x;
  return i32[0]! ^ Math.imul(i32[1]!, 0x27d4eb2d);
};

export const hashValue = (v: SqlValue): number =>
  typeof v === 'string' ? hashText(v) : typeof v === 'number' ? hashNumber(v) : v === null ? NULL_HASH : v === true ? TRUE_HASH : v === false ? FALSE_HASH : 0;

/** Murmur3's finaliser: every input bit reaches the low bits the table masks with. */
export const mix = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** Map's key equality (SameValueZero): NaN is one key, and 0 and -0 are the same. */
export const sameKey = (a: SqlValue, b: SqlValue): boolean => a === b || (a !== a && b !== b);
