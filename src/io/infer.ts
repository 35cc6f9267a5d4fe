/**
 * Type inference and typed column building from text fields, shared by the CSV and DBF readers.
 *
 * Inference looks at every value of a column (Polars' `infer_schema_length=None`):
 * - integers that all fit int32 → 'int32'; some beyond int32 but within int64 → 'int64'
 *   (parsed exactly with BigInt from the text, never through a double);
 * - any decimal point, exponent, inf/infinity or nan (case-insensitive), or an integer beyond
 *   int64 → 'float64' (the nearest double);
 * - only 'true'/'false' (case-insensitive) → 'bool';
 * - anything else, a mix of bools and numbers, or a column of nulls only → 'utf8'.
 * Text is taken as is: ' 1' (with a space) is not a number.
 */
import { Column } from '../column/column.js';
import { uniqueSortedUtf8 } from '../column/utf8-order.js';
import { DataBuffer } from '../memory/data-buffer.js';

/** The dtypes the text readers produce (also the dtypes `readCSV`'s `dtypes` option takes). */
export type IoDType = 'int32' | 'int64' | 'float64' | 'bool' | 'utf8';
export const IO_DTYPES: readonly IoDType[] = ['int32', 'int64', 'float64', 'bool', 'utf8'];

/** Kinds of a non-null text value, as bits; a column's kinds are the OR over its values. */
export const INT32 = 1;
export const INT64 = 2;
export const FLOAT = 4;
export const BOOL = 8;
export const TEXT = 16;

const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;
const I32_MIN = -(2n ** 31n);
const I32_MAX = 2n ** 31n - 1n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Number of digits if s is [+-]?digits, else -1. */
function integerDigits(s: string): number {
  const n = s.length;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  const start = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return n - start > 0 ? n - start : -1;
}

/** The narrowest kind a non-null text value parses as. */
function classify(s: string): number {
  const digits = integerDigits(s);
  if (digits > 0) {
    if (digits <= 9) return INT32;
    const v = BigInt(s);
    if (v >= I32_MIN && v <= I32_MAX) return INT32;
    return v >= I64_MIN && v <= I64_MAX ? INT64 : FLOAT;
  }
  if (FLOAT_RE.test(s)) return FLOAT;
  const l = s.length === 4 || s.length === 5 ? s.toLowerCase() : '';
  return l === 'true' || l === 'false' ? BOOL : TEXT;
}

/**
 * The dtype of a column of text values (null = a null field), looking at every value.
 *
 * For instance `['1', null, '2147483648']` is 'int64', `['1', '2.5']` 'float64' and
 * `['TRUE', 'false']` 'bool'.
 */
export function inferDType(values: ReadonlyArray<string | null>): IoDType {
  let kinds = 0;
  for (let i = 0; i < values.length; i++) {
    const s = values[i];
    if (s === null || s === undefined) continue;
    kinds |= classify(s);
    if (kinds & TEXT) return 'utf8';
  }
  return dtypeOfKinds(kinds);
}

/**
 * The dtype of a column whose non-null values have these kinds (OR of INT32, INT64, ...).
 *
 * For instance `INT32 | FLOAT` is 'float64', `BOOL | INT32` 'utf8', and 0 (all null) 'utf8'.
 */
export function dtypeOfKinds(kinds: number): IoDType {
  if (kinds === 0 || kinds & TEXT) return 'utf8';
  if (kinds & BOOL) return kinds === BOOL ? 'bool' : 'utf8';
  if (kinds & FLOAT) return 'float64';
  return kinds & INT64 ? 'int64' : 'int32';
}

/**
 * Parse a float64 field (decimal, exponent, inf/infinity/nan in any case); undefined if not one.
 *
 * For instance '-1.5e3' is -1500, '-INF' -Infinity, and '0x10' undefined (Number() would say 16).
 */
export function parseFloat64(s: string): number | undefined {
  if (!FLOAT_RE.test(s)) return undefined;
  const v = Number(s);
  if (!Number.isNaN(v)) return v;
  const l = s.toLowerCase();
  if (l.endsWith('nan')) return NaN;
  return l.startsWith('-') ? -Infinity : Infinity;
}

/** Where `scanNumber` / `classifyBytes` leave a field's value (and scanNumber where it stopped). */
export interface ParsedField {
  value: number;
  /** Set (else undefined) for integers of more than 15 significant digits: the exact value. */
  big: bigint | undefined;
  /** scanNumber: the offset where the number grammar stopped. */
  end: number;
}

// 10^0 .. 10^22: every one is exact in binary64, so m * 10^k and m / 10^k with m < 2^53 round once.
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const I32_MIN_N = -2147483648;
const I32_MAX_N = 2147483647;

const codeUnits: number[] = [];

/**
 * ASCII bytes as a string (the caller knows they are ASCII). Short spans are copied into one
 * reused array first: a `subarray` view per field costs more than the copy (a wide file's header
 * is 100,000 short fields).
 */
export function asciiText(b: Uint8Array, s: number, e: number): string {
  if (e - s > 64) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
  codeUnits.length = e - s;
  for (let i = s; i < e; i++) codeUnits[i - s] = b[i]!;
  return String.fromCharCode.apply(null, codeUnits);
}

/**
 * Reads the number grammar `[+-]?\d*(\.\d*)?([eE][+-]?\d+)?` greedily from b[s] (not past lim),
 * leaves the offset where it stopped in `out.end`, and returns the kind that b[s, out.end) has
 * as a whole field: INT32 / INT64 / FLOAT (value in `out`), or TEXT (no digits, or an exponent
 * without digits). Only digits, signs, '.', 'e' and 'E' are consumed, so a field that ends at a
 * delimiter or line break outside that set ends exactly at out.end. Values are those of
 * `Number(text)`: floats of at most 15 significant digits and a decimal exponent within ±22 are
 * m × 10^k or m / 10^k with m and 10^k exact, one correctly rounded operation (Clinger's fast
 * path); other floats go through `Number()`; integers of more than 15 digits through BigInt.
 *
 * For instance on the bytes of '-2.5e3,x' from 0 to 8 it returns FLOAT with `out.value` -2500 and
 * `out.end` 6.
 */
export function scanNumber(b: Uint8Array, s: number, lim: number, out: ParsedField): number {
  let p = s;
  const c0 = b[p];
  const neg = c0 === 45;
  if (neg || c0 === 43) p++;
  const intStart = p;
  let m = 0;
  let sig = 0; // significant digits (from the first non-zero digit)
  for (; p < lim; p++) {
    const d = b[p]! - 48;
    if (d < 0 || d > 9) break;
    if (sig > 0 || d > 0) sig++;
    m = m * 10 + d;
  }
  const nInt = p - intStart;
  out.big = undefined;
  let frac = -1; // digits after the point; -1: no point
  if (p < lim && b[p] === 46) {
    const fracStart = ++p;
    for (; p < lim; p++) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) break;
      if (sig > 0 || d > 0) sig++;
      m = m * 10 + d;
    }
    frac = p - fracStart;
  }
  if (nInt === 0 && frac <= 0) {
    out.end = p;
    return TEXT;
  }
  let exp = 0;
  let hasExp = false;
  if (p < lim && (b[p]! | 0x20) === 101) {
    p++;
    let expNeg = false;
    if (p < lim && (b[p] === 43 || b[p] === 45)) expNeg = b[p++] === 45;
    const expStart = p;
    for (; p < lim; p++) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d;
    }
    out.end = p;
    if (p === expStart) return TEXT;
    if (expNeg) exp = -exp;
    hasExp = true;
  }
  out.end = p;
  if (frac < 0 && !hasExp) {
    if (sig <= 15) {
      const v = neg ? -m : m;
      out.value = v;
      if (nInt <= 9) return INT32;
      return v >= I32_MIN_N && v <= I32_MAX_N ? INT32 : INT64;
    }
    const text = asciiText(b, s, p);
    const v = BigInt(text);
    out.value = Number(text);
    out.big = v;
    if (v >= I32_MIN && v <= I32_MAX) return INT32;
    return v >= I64_MIN && v <= I64_MAX ? INT64 : FLOAT;
  }
  const k = exp - (frac < 0 ? 0 : frac);
  if (sig <= 15 && k >= -22 && k <= 22) {
    const v = k >= 0 ? m * POW10[k]! : m / POW10[-k]!;
    out.value = neg ? -v : v;
  } else {
    out.value = Number(asciiText(b, s, p));
  }
  return FLOAT;
}

/**
 * The byte-level twin of `classify`: the kind of the UTF-8 field b[s, e) (non-empty), exactly
 * as `classify` finds for its decoded text, with its value left in `out` (see scanNumber; 1/0
 * for bools). Any byte ≥ 0x80 makes the field TEXT, as in `classify` (whose `\d` and case
 * folding are ASCII-only).
 *
 * For instance the bytes of '-INF' (0 to 4) are FLOAT with `out.value` -Infinity.
 */
export function classifyBytes(b: Uint8Array, s: number, e: number, out: ParsedField): number {
  const kind = scanNumber(b, s, e, out);
  if (out.end === e) return kind;
  const signed = b[s] === 43 || b[s] === 45;
  return wordKind(b, s, signed ? s + 1 : s, e, signed, out);
}

/** inf / infinity / nan (any case, after an optional sign) → FLOAT; true / false (no sign) → BOOL. */
function wordKind(b: Uint8Array, s: number, p: number, e: number, signed: boolean, out: ParsedField): number {
  const n = e - p;
  if (n !== 3 && n !== 4 && n !== 5 && n !== 8) return TEXT;
  for (let i = p; i < e; i++) if (b[i]! >= 0x80) return TEXT;
  const w = asciiText(b, p, e).toLowerCase();
  if (w === 'inf' || w === 'infinity' || w === 'nan') {
    out.value = parseFloat64(asciiText(b, s, e))!;
    return FLOAT;
  }
  if (!signed && (w === 'true' || w === 'false')) {
    out.value = w === 'true' ? 1 : 0;
    return BOOL;
  }
  return TEXT;
}

type Store = Int32Array | BigInt64Array | Float64Array | Uint8Array;

/**
 * Appends text values to a growing typed column. `append` returns false (and appends nothing)
 * when the text does not parse as the builder's dtype; the caller reports where.
 * 'bool' also takes '1' and '0'; int64 is parsed with BigInt, so it is exact.
 *
 * For instance an 'int64' builder given '9007199254740993' then null finishes as the int64
 * column [9007199254740993n, null].
 */
export class ColumnBuilder {
  readonly dtype: IoDType;
  private data: Store | undefined;
  private strings: Array<string | null> | undefined;
  private bits: Uint8Array;
  private n = 0;
  private nulls = 0;

  constructor(dtype: IoDType, capacity = 1024) {
    this.dtype = dtype;
    const cap = Math.max(capacity, 8);
    if (dtype === 'utf8') this.strings = [];
    else this.data = alloc(dtype, cap);
    this.bits = new Uint8Array(Math.ceil(cap / 8));
  }

  get length(): number {
    return this.n;
  }

  append(s: string | null): boolean {
    const i = this.n;
    if (s === null) {
      this.grow(i + 1);
      if (this.strings) this.strings.push(null);
      this.nulls++;
      this.n++;
      return true;
    }
    switch (this.dtype) {
      case 'utf8':
        this.strings!.push(s);
        break;
      case 'int32': {
        const digits = integerDigits(s);
        if (digits <= 0) return false;
        if (digits > 9) {
          const v = BigInt(s);
          if (v < I32_MIN || v > I32_MAX) return false;
        }
        this.grow(i + 1);
        (this.data as Int32Array)[i] = Number(s);
        break;
      }
      case 'int64': {
        if (integerDigits(s) <= 0) return false;
        const v = BigInt(s);
        if (v < I64_MIN || v > I64_MAX) return false;
        this.grow(i + 1);
        (this.data as BigInt64Array)[i] = v;
        break;
      }
      case 'float64': {
        const v = parseFloat64(s);
        if (v === undefined) return false;
        this.grow(i + 1);
        (this.data as Float64Array)[i] = v;
        break;
      }
      case 'bool': {
        const l = s.toLowerCase();
        const v = l === 'true' || l === '1' ? 1 : l === 'false' || l === '0' ? 0 : -1;
        if (v < 0) return false;
        this.grow(i + 1);
        (this.data as Uint8Array)[i] = v;
        break;
      }
    }
    this.bits[i >> 3]! |= 1 << (i & 7);
    this.n++;
    return true;
  }

  /** The finished column: exact-length data, a validity bitmap only when there are nulls. */
  finish(): Column {
    const n = this.n;
    const validity = this.nulls > 0 ? DataBuffer.fromHost(this.bits.slice(0, Math.ceil(n / 8)), 'uint8') : undefined;
    if (this.dtype === 'utf8') {
      const strings = this.strings!;
      const dictionary = uniqueSortedUtf8(strings.filter((s): s is string => s !== null));
      const code = new Map(dictionary.map((s, k) => [s, k]));
      const codes = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const s = strings[i];
        if (s !== null) codes[i] = code.get(s!)!;
      }
      return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity, dictionary });
    }
    const d = this.data!;
    const exact = d.length === n ? d : d.slice(0, n);
    return new Column({ type: this.dtype, data: DataBuffer.fromHost(exact, this.dtype), validity });
  }

  private grow(need: number): void {
    if (need > this.bits.length * 8) {
      const bits = new Uint8Array(Math.max(this.bits.length * 2, Math.ceil(need / 8)));
      bits.set(this.bits);
      this.bits = bits;
    }
    if (this.data && need > this.data.length) {
      const next = alloc(this.dtype, Math.max(this.data.length * 2, need));
      (next as Float64Array).set(this.data as Float64Array);
      this.data = next;
    }
  }
}

function alloc(dtype: IoDType, n: number): Store {
  switch (dtype) {
    case 'int32':
      return new Int32Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'float64':
      return new Float64Array(n);
    default:
      return new Uint8Array(n);
  }
}
