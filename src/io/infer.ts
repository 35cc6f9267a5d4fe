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
import { DataBuffer } from '../memory/data-buffer.js';

/** The dtypes the text readers produce (also the dtypes `readCSV`'s `dtypes` option takes). */
export type IoDType = 'int32' | 'int64' | 'float64' | 'bool' | 'utf8';
export const IO_DTYPES: readonly IoDType[] = ['int32', 'int64', 'float64', 'bool', 'utf8'];

const INT32 = 1;
const INT64 = 2;
const FLOAT = 4;
const BOOL = 8;
const TEXT = 16;

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
 * @example
 * ```ts
 * inferDType(['1', null, '2147483648']); // 'int64'
 * inferDType(['1', '2.5']);              // 'float64'
 * inferDType(['TRUE', 'false']);         // 'bool'
 * ```
 */
export function inferDType(values: ReadonlyArray<string | null>): IoDType {
  let kinds = 0;
  for (let i = 0; i < values.length; i++) {
    const s = values[i];
    if (s === null || s === undefined) continue;
    kinds |= classify(s);
    if (kinds & TEXT) return 'utf8';
  }
  if (kinds === 0) return 'utf8';
  if (kinds & BOOL) return kinds === BOOL ? 'bool' : 'utf8';
  if (kinds & FLOAT) return 'float64';
  return kinds & INT64 ? 'int64' : 'int32';
}

/**
 * Parse a float64 field (decimal, exponent, inf/infinity/nan in any case); undefined if not one.
 *
 * @example
 * ```ts
 * parseFloat64('-1.5e3'); // -1500
 * parseFloat64('-INF');   // -Infinity
 * parseFloat64('0x10');   // undefined (Number() would say 16)
 * ```
 */
export function parseFloat64(s: string): number | undefined {
  if (!FLOAT_RE.test(s)) return undefined;
  const v = Number(s);
  if (!Number.isNaN(v)) return v;
  const l = s.toLowerCase();
  if (l.endsWith('nan')) return NaN;
  return l.startsWith('-') ? -Infinity : Infinity;
}

type Store = Int32Array | BigInt64Array | Float64Array | Uint8Array;

/**
 * Appends text values to a growing typed column. `append` returns false (and appends nothing)
 * when the text does not parse as the builder's dtype; the caller reports where.
 * 'bool' also takes '1' and '0'; int64 is parsed with BigInt, so it is exact.
 *
 * @example
 * ```ts
 * const b = new ColumnBuilder('int64');
 * b.append('9007199254740993'); b.append(null);
 * const col = b.finish(); // int64 [9007199254740993n, null]
 * ```
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
      const dictionary = [...new Set(strings.filter((s): s is string => s !== null))].sort();
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
