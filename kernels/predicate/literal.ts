/**
 * Exact comparison of a typed column with a JS literal. The literal is moved into the
 * column's own domain on the host so the kernel compares like with like, exactly:
 * `int32 > 2.5` becomes `>= 3`, `float32 < 0.1` becomes `<= 0.099999994` (the largest float32
 * below 0.1), `uint32 >= -1` is always true. Nothing is rounded silently: when no domain value
 * satisfies the bound, the comparison becomes a constant.
 *
 * NaN follows the total order of ./total-compare.ts (NaN equals NaN and is greater than every
 * number): on a float column `x == NaN` and `x >= NaN` become `x > +Inf` (true exactly for
 * NaN), `x != NaN` and `x < NaN` become `x <= +Inf`, `x <= NaN` is always true and `x > NaN`
 * never; on an integer column (no NaN) `==`, `>`, `>=` NaN are false and `!=`, `<`, `<=` true.
 */
import { DTypeError } from '../../src/errors.js';
import type { DTypeName } from '../../src/dtypes.js';
import { lowerBoundUtf8 } from '../../src/column/utf8-order.js';
import type { CompareOp } from '../map/map.js';

export type Normalized = { op: CompareOp; value: number | bigint } | { constant: boolean };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const MAX_F32 = 3.4028234663852886e38;

function nextUpF32(x: number): number {
  if (x === Infinity) return Infinity;
  if (x === 0) return 1.401298464324817e-45;
  f32[0] = x;
  u32[0] = x > 0 ? u32[0]! + 1 : u32[0]! - 1;
  return f32[0]!;
}
function nextDownF32(x: number): number {
  return -nextUpF32(-x);
}
/** Smallest float32 >= v, and largest float32 <= v (v a finite or infinite double). */
function ceilF32(v: number): number {
  const r = Math.fround(v);
  return r >= v ? r : nextUpF32(r);
}
function floorF32(v: number): number {
  const r = Math.fround(v);
  return r <= v ? r : nextDownF32(r);
}

const RANGES: Partial<Record<DTypeName, [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** Floor/ceil of a number or bigint as a bigint (±Infinity kept as null with a sign). */
function intBounds(v: number | bigint): { floor: bigint; ceil: bigint; exact: boolean } | 'inf' | '-inf' {
  if (typeof v === 'bigint') return { floor: v, ceil: v, exact: true };
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  const fl = BigInt(Math.floor(v));
  const ce = BigInt(Math.ceil(v));
  return { floor: fl, ceil: ce, exact: Number.isInteger(v) };
}

/** Rewrite `column <op> v` into an exact comparison in the column's domain, or a constant. */
export function normalizeLiteral(dtype: DTypeName, op: CompareOp, v: number | bigint): Normalized {
  if (typeof v === 'number' && Number.isNaN(v)) {
    const float = dtype === 'float32' || dtype === 'float64';
    switch (op) {
      case 'eq':
      case 'ge': return float ? { op: 'gt', value: Infinity } : { constant: false };
      case 'ne':
      case 'lt': return float ? { op: 'le', value: Infinity } : { constant: true };
      case 'le': return { constant: true };
      case 'gt': return { constant: false };
    }
  }
  if (dtype === 'float64') {
    if (typeof v === 'bigint') {
      const d = Number(v);
      if (BigInt(d) !== v) throw new DTypeError(`compare: expected a number literal for a float64 column, got bigint ${v} (not exactly representable)`);
      return { op, value: d };
    }
    return { op, value: v };
  }
  if (dtype === 'float32') {
    const x = typeof v === 'bigint' ? Number(v) : v;
    if (typeof v === 'bigint' && BigInt(x) !== v) throw new DTypeError(`compare: expected a number literal for a float32 column, got bigint ${v}`);
    const exact = Math.fround(x) === x || !Number.isFinite(x);
    // ±Inf are float32 values: compare with them as they are (x > +Inf is true only for NaN).
    if (!Number.isFinite(x)) return { op, value: x };
    switch (op) {
      case 'eq': return exact ? { op, value: x } : { constant: false };
      case 'ne': return exact ? { op, value: x } : { constant: true };
      case 'ge': return bound('ge', ceilF32(x));
      case 'gt': return bound('ge', exact ? nextUpF32(x) : ceilF32(x));
      case 'le': return bound('le', floorF32(x));
      case 'lt': return bound('le', exact ? nextDownF32(x) : floorF32(x));
    }
  }
  const range = RANGES[dtype];
  if (!range) throw new DTypeError(`compare: expected a numeric column, got ${dtype}`);
  const [min, max] = range;
  const b = intBounds(v);
  const wide = dtype === 'int64' || dtype === 'uint64';
  const out = (o: CompareOp, x: bigint): Normalized => ({ op: o, value: wide ? x : Number(x) });
  // Smallest domain value >= lo  →  'ge'; largest <= hi  →  'le'.
  const ge = (lo: bigint | 'inf' | '-inf'): Normalized =>
    lo === '-inf' || (lo !== 'inf' && lo <= min) ? { constant: true } : lo === 'inf' || lo > max ? { constant: false } : out('ge', lo);
  const le = (hi: bigint | 'inf' | '-inf'): Normalized =>
    hi === 'inf' || (hi !== '-inf' && hi >= max) ? { constant: true } : hi === '-inf' || hi < min ? { constant: false } : out('le', hi);
  if (b === 'inf' || b === '-inf') {
    if (op === 'eq') return { constant: false };
    if (op === 'ne') return { constant: true };
    const up = b === 'inf';
    return { constant: op === 'lt' || op === 'le' ? up : !up };
  }
  switch (op) {
    case 'eq': return b.exact && b.floor >= min && b.floor <= max ? out('eq', b.floor) : { constant: false };
    case 'ne': return b.exact && b.floor >= min && b.floor <= max ? out('ne', b.floor) : { constant: true };
    case 'ge': return ge(b.ceil);
    case 'gt': return ge(b.exact ? b.floor + 1n : b.ceil);
    case 'le': return le(b.floor);
    case 'lt': return le(b.exact ? b.ceil - 1n : b.floor);
  }
}

// A float32 bound at the ends of the domain stays a comparison: NaN lies above +Inf.
function bound(op: 'ge' | 'le', x: number): Normalized {
  if (op === 'ge' && x > MAX_F32) return x === Infinity ? { op, value: x } : { constant: false };
  if (op === 'le' && x < -MAX_F32) return x === -Infinity ? { op, value: x } : { constant: false };
  return { op, value: x };
}

/** Rewrite `utf8 column <op> s` on a sorted dictionary (UTF-8 byte order) into a comparison of codes. */
export function normalizeString(dictionary: readonly string[], op: CompareOp, s: string): Normalized {
  const lb = lowerBoundUtf8(dictionary, s); // first code with dict >= s
  const found = lb < dictionary.length && dictionary[lb] === s;
  const ub = found ? lb + 1 : lb; // first code with dict > s
  switch (op) {
    case 'eq': return found ? { op, value: lb } : { constant: false };
    case 'ne': return found ? { op, value: lb } : { constant: true };
    case 'ge': return lb < dictionary.length ? { op: 'ge', value: lb } : { constant: false };
    case 'gt': return ub < dictionary.length ? { op: 'ge', value: ub } : { constant: false };
    case 'le': return ub > 0 ? { op: 'le', value: ub - 1 } : { constant: false };
    case 'lt': return lb > 0 ? { op: 'le', value: lb - 1 } : { constant: false };
  }
}
