/**
 * Text → date, timestamp and float32 values, for readCSV's `dtypes` (and readJSON's).
 *
 * - ISO 8601: a date `YYYY-MM-DD` (a year of 4 digits, or a sign and 4 to 9 digits), and for
 *   timestamps an optional time `THH:MM[:SS[.fffffffff]]` ('T' or a space; '.' or ',' before
 *   the fraction) and an optional UTC offset `Z`, `±HH`, `±HHMM` or `±HH:MM`. A value with an
 *   offset is converted to UTC; one without is read as it is (a naive timestamp).
 * - A strftime `format` instead: the directives %Y (4 digits), %m %d %H %M %S (1 or 2
 *   digits), %f (1 to 9 fraction digits), %z (Z, ±HH, ±HHMM or ±HH:MM), %F (= %Y-%m-%d),
 *   %T (= %H:%M:%S) and %%; any other character must match itself. %Y, %m and %d are required.
 * - A fraction finer than the unit is an error unless its extra digits are zeros (no silent
 *   truncation). Out-of-range fields (month 13, February 30, hour 24) are errors.
 * - float32: the decimal text rounded once to the nearest float32 (ties to even), never through
 *   a double rounding.
 */
import type { TimeUnit } from '../column/column.js';
import { ValueError } from '../errors.js';
import { parseFloat64 } from './infer.js';

/** A parsed date (days) or timestamp (bigint in the unit); `offset` says whether the text had a UTC offset. */
export interface Instant {
  value: bigint;
  offset: boolean;
}

const ISO = /^([+-]\d{4,9}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DIRECTIVES = new Set(['Y', 'm', 'd', 'H', 'M', 'S', 'f', 'z', 'F', 'T', '%']);
const PER_SECOND: Record<TimeUnit, bigint> = { s: 1n, ms: 1000n, us: 1000000n, ns: 1000000000n };
const DIGITS: Record<TimeUnit, number> = { s: 0, ms: 3, us: 6, ns: 9 };
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}


function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Fields read from one value. */
interface Fields {
  y: number;
  m: number;
  d: number;
  H: number;
  M: number;
  S: number;
  frac: string;
  /** Offset east of UTC in minutes; undefined: none given. */
  tz: number | undefined;
  hasTime: boolean;
}

function offsetMinutes(z: string): number | undefined {
  if (z === 'Z') return 0;
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return undefined;
  const h = Number(m[2]);
  const mm = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mm > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mm);
}

function isoFields(s: string): Fields | undefined {
  const r = ISO.exec(s);
  if (!r) return undefined;
  const tz = r[8] === undefined ? undefined : offsetMinutes(r[8]);
  if (r[8] !== undefined && tz === undefined) return undefined;
  return { y: Number(r[1]), m: Number(r[2]), d: Number(r[3]), H: Number(r[4] ?? 0), M: Number(r[5] ?? 0), S: Number(r[6] ?? 0), frac: r[7] ?? '', tz, hasTime: r[4] !== undefined };
}

/**
 * Check a strftime format for readCSV: only the documented directives, and %Y %m %d present.
 *
 * For instance `'%d/%m/%Y %H:%M'` passes and `'%d/%m/%y'` is a ValueError naming `%y`.
 */
export function checkFormat(op: string, format: string): void {
  if (typeof format !== 'string') throw new ValueError(`${op}: expected a format string such as '%Y-%m-%d %H:%M:%S', got ${typeof format}`);
  const seen = new Set<string>();
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    const d = format[++i];
    if (d === undefined || !DIRECTIVES.has(d)) {
      throw new ValueError(`${op}: expected format directives among %Y %m %d %H %M %S %f %z %F %T %%, got ${d === undefined ? 'a lone % at the end' : `%${d}`} in '${format}'`);
    }
    if (d === 'F') ['Y', 'm', 'd'].forEach((x) => seen.add(x));
    seen.add(d);
  }
  for (const d of ['Y', 'm', 'd']) if (!seen.has(d)) throw new ValueError(`${op}: expected a format with %Y, %m and %d (or %F), got '${format}'`);
}

/** Fields of s read by a strftime format (checked by checkFormat); undefined if s does not match. */
function formatFields(s: string, format: string): Fields | undefined {
  const f: Fields = { y: 0, m: 1, d: 1, H: 0, M: 0, S: 0, frac: '', tz: undefined, hasTime: false };
  const fmt = format.replace(/%F/g, '%Y-%m-%d').replace(/%T/g, '%H:%M:%S');
  let p = 0;
  const digits = (min: number, max: number): number | undefined => {
    let q = p;
    while (q < s.length && q - p < max && s.charCodeAt(q) >= 48 && s.charCodeAt(q) <= 57) q++;
    if (q - p < min) return undefined;
    const v = Number(s.slice(p, q));
    p = q;
    return v;
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      if (s[p] !== c) return undefined;
      p++;
      continue;
    }
    const d = fmt[++i]!;
    if (d === '%') {
      if (s[p++] !== '%') return undefined;
      continue;
    }
    if (d === 'f') {
      const start = p;
      while (p < s.length && p - start < 9 && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57) p++;
      if (p === start) return undefined;
      f.frac = s.slice(start, p);
      continue;
    }
    if (d === 'z') {
      const m = /^(Z|[+-]\d{2}(?::?\d{2})?)/.exec(s.slice(p));
      if (!m) return undefined;
      f.tz = offsetMinutes(m[1]!);
      if (f.tz === undefined) return undefined;
      p += m[1]!.length;
      continue;
    }
    const v = d === 'Y' ? digits(4, 4) : digits(1, 2);
    if (v === undefined) return undefined;
    if (d === 'Y') f.y = v;
    else if (d === 'm') f.m = v;
    else if (d === 'd') f.d = v;
    else {
      f.hasTime = true;
      if (d === 'H') f.H = v;
      else if (d === 'M') f.M = v;
      else f.S = v;
    }
  }
  return p === s.length ? f : undefined;
}

function validDate(f: Fields): boolean {
  return f.m >= 1 && f.m <= 12 && f.d >= 1 && f.d <= daysInMonth(f.y, f.m) && f.H <= 23 && f.M <= 59 && f.S <= 59;
}

/**
 * Parse a date (days since 1970-01-01) from ISO `YYYY-MM-DD` or a strftime format (whose time
 * fields, if any, must be valid and are dropped). An error text when it does not parse.
 *
 * For instance `parseDate('2024-02-29')` and `parseDate('29/02/2024', '%d/%m/%Y')` are 19782;
 * `parseDate('2023-02-29')` is the string 'not a valid date'.
 */
export function parseDate(s: string, format?: string): number | string {
  const f = format === undefined ? isoFields(s) : formatFields(s, format);
  if (!f || (format === undefined && f.hasTime)) return format === undefined ? 'expected YYYY-MM-DD' : `expected the format '${format}'`;
  if (!validDate(f)) return 'not a valid date';
  const days = daysFromCivil(f.y, f.m, f.d);
  if (days < -(2 ** 31) || days > 2 ** 31 - 1) return 'a date beyond the int32 day range';
  return days;
}

/**
 * Parse a timestamp in `unit` (a bigint count since 1970-01-01T00:00, UTC when the text had an
 * offset) from ISO 8601 or a strftime format. An error text when it does not parse.
 *
 * For instance `parseTimestamp('2024-01-01T12:00:00.5+02:00', 'ms')` is
 * `{ value: 1704103200500n, offset: true }`, and `parseTimestamp('2024-01-01 10:00:00', 'us')` is
 * `{ value: 1704103200000000n, offset: false }`.
 */
export function parseTimestamp(s: string, unit: TimeUnit, format?: string): Instant | string {
  const f = format === undefined ? isoFields(s) : formatFields(s, format);
  if (!f) return format === undefined ? 'expected ISO 8601 (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM])' : `expected the format '${format}'`;
  if (!validDate(f)) return 'not a valid date and time';
  const keep = DIGITS[unit];
  if (/[1-9]/.test(f.frac.slice(keep))) return `expected at most ${keep} fraction digits for timestamp[${unit}] (no silent truncation), got ${f.frac.length}`;
  const fraction = keep === 0 ? 0n : BigInt(f.frac.slice(0, keep).padEnd(keep, '0'));
  const seconds = BigInt(daysFromCivil(f.y, f.m, f.d)) * 86400n + BigInt(f.H * 3600 + f.M * 60 + f.S - (f.tz ?? 0) * 60);
  const value = seconds * PER_SECOND[unit] + fraction;
  if (value < I64_MIN || value > I64_MAX) return `a timestamp beyond the int64 range of timestamp[${unit}]`;
  return { value, offset: f.tz !== undefined };
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** A finite double as m × 2^k (m an integer). */
function dyadic(d: number): [bigint, bigint] {
  F64[0] = Math.abs(d);
  const bits = U64[0]!;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return e === 0 ? [frac, -1074n] : [frac | (1n << 52n), BigInt(e - 1075)];
}

/** Decimal text (a finite number matching the float grammar) as ±D × 10^E. */
function decimal(s: string): [bigint, bigint] {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s)!;
  const digits = (m[1] ?? '') + (m[2] ?? '');
  return [BigInt(digits === '' ? '0' : digits), BigInt(m[3] ?? '0') - BigInt((m[2] ?? '').length)];
}

/** Compare |x| = D × 10^E with |d| = M × 2^K exactly: -1, 0 or 1. */
function compareExact([D, E]: [bigint, bigint], [M, K]: [bigint, bigint]): number {
  let a = D;
  let b = M;
  if (E >= 0n) a *= 10n ** E;
  else b *= 10n ** -E;
  if (K >= 0n) b *= 2n ** K;
  else a *= 2n ** -K;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The float32 next to f (a float32) towards `up` or down, magnitude-wise; 2^128 past the largest. */
function nextFloat32(f: number, up: boolean): number {
  const F32 = new Float32Array([Math.abs(f)]);
  const U32 = new Uint32Array(F32.buffer);
  if (up && U32[0] === 0x7f7fffff) return 2 ** 128;
  U32[0] = U32[0]! + (up ? 1 : -1);
  return F32[0]!;
}

/**
 * Parse a float32 from decimal text (the float grammar readCSV takes: decimals, exponents,
 * inf/infinity/nan in any case), correctly rounded: when the nearest double is exactly halfway
 * between two float32 values, the text decides which side. undefined if not a number.
 *
 * For instance `parseFloat32('0.1')` is 0.10000000149011612 (Math.fround(0.1)), and
 * `parseFloat32('1.00000005960464477539062500001')` is 1.0000001192092896 (a double rounding would give 1).
 */
export function parseFloat32(s: string): number | undefined {
  const d = parseFloat64(s);
  if (d === undefined) return undefined;
  const f = Math.fround(d);
  if (!Number.isFinite(d) || f === d) return f;
  const mag = Math.abs(d);
  const FLT_MAX = 3.4028234663852886e38;
  const fm = Number.isFinite(f) ? Math.abs(f) : 2 ** 128; // past the largest float32: 2^128 stands for Infinity
  const lo = fm > mag ? (fm === 2 ** 128 ? FLT_MAX : nextFloat32(fm, false)) : fm;
  const hi = fm > mag ? fm : nextFloat32(fm, true);
  if ((lo + hi) / 2 !== mag) return f; // d is not a midpoint: one rounding is exact
  const c = compareExact(decimal(s.trim()), dyadic(mag));
  if (c === 0) return f; // the text is the midpoint itself: fround's ties-to-even is right
  const pick = c > 0 ? hi : lo;
  const v = pick === 2 ** 128 ? Infinity : pick;
  return d < 0 ? -v : v;
}
