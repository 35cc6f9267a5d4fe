/**
 * WGSL fragments shared by the window kernels (cumulative and rolling): an accumulator of
 * `vec4<u32>` per op and dtype, built only from fixed text (no user strings, no sizes).
 *
 * - sum over int32/uint32/int64/uint64: 128-bit two's complement (x = lowest word), exact.
 * - sum over float32/float64: float64 bits in .xy, added with the exact software binary64
 *   add (starting from +0, in row order), so sums match JS float64 adds bit for bit.
 * - min/max: raw bits in .xy, .z = 0 (no value yet), 1 (only NaN so far), 2 (a number);
 *   NaN is ignored unless every value so far is NaN (then the canonical NaN); order is
 *   the total order of ../wgsl/order.ts (-0 < +0).
 * - count: .x.
 * `comb(a, b)` folds b (later rows) into a (earlier rows); it is associative, and exact for
 * every op but float sums (which therefore run in one sequential chain).
 */
import { dtypeInfo, type DTypeName } from '../../src/dtypes.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { ORDER_WGSL, keyFn } from '../wgsl/order.js';

export type AccOp = 'sum' | 'min' | 'max' | 'count' | 'mean';

/** The output dtype of a window op over `d` (sums as groupBy sums: int64, uint64 or float64). */
export function windowResultType(op: AccOp, d: DTypeName): DTypeName {
  if (op === 'count') return 'uint32';
  if (op === 'mean') return 'float64';
  if (op === 'sum') return d === 'float32' || d === 'float64' ? 'float64' : d === 'uint32' || d === 'uint64' ? 'uint64' : 'int64';
  return d;
}

/** Whether an exact sum can leave 64 bits (then the row is null and the overflow flag set). */
export function canOverflow(op: AccOp, d: DTypeName): boolean {
  return op === 'sum' && (d === 'int64' || d === 'uint64');
}

/** WGSL: load(i) (raw bits from X: array<u32>), lift, comb, IDENT, emit(a) -> vec2<u32>, fits(a). */
export function accFragment(op: AccOp, d: DTypeName): string {
  const wide = dtypeInfo(d).bytes === 8;
  const isF = d === 'float32' || d === 'float64';
  const signed = d === 'int32' || d === 'int64';
  const load = wide ? 'fn load(i: u32) -> vec2<u32> { return vec2<u32>(X[2u * i], X[2u * i + 1u]); }' : 'fn load(i: u32) -> vec2<u32> { return vec2<u32>(X[i], 0u); }';
  let lift: string;
  let comb: string;
  let emit = 'fn emit(a: vec4<u32>) -> vec2<u32> { return a.xy; }';
  let fits = 'fn fits(a: vec4<u32>) -> bool { return true; }';
  const sumOp = op === 'sum' || op === 'mean';
  if (sumOp && isF) {
    lift = `fn lift(v: vec2<u32>) -> vec4<u32> { return vec4<u32>(${d === 'float32' ? 'f64_from_f32(v.x)' : 'v'}, 0u, 0u); }`;
    comb = 'fn comb(a: vec4<u32>, b: vec4<u32>) -> vec4<u32> { return vec4<u32>(f64_add(a.xy, b.xy), 0u, 0u); }';
  } else if (sumOp) {
    const ext = signed ? (wide ? 'select(0u, 0xffffffffu, (v.y & 0x80000000u) != 0u)' : 'select(0u, 0xffffffffu, (v.x & 0x80000000u) != 0u)') : '0u';
    lift = `fn lift(v: vec2<u32>) -> vec4<u32> { let e = ${ext}; return ${wide ? 'vec4<u32>(v.x, v.y, e, e)' : 'vec4<u32>(v.x, e, e, e)'}; }`;
    comb = `fn comb(a: vec4<u32>, b: vec4<u32>) -> vec4<u32> {
  let s0 = a.x + b.x; let c0 = select(0u, 1u, s0 < a.x);
  let t1 = a.y + b.y; let s1 = t1 + c0; let c1 = select(0u, 1u, t1 < a.y) + select(0u, 1u, s1 < t1);
  let t2 = a.z + b.z; let s2 = t2 + c1; let c2 = select(0u, 1u, t2 < a.z) + select(0u, 1u, s2 < t2);
  return vec4<u32>(s0, s1, s2, a.w + b.w + c2);
}`;
    if (wide && signed) fits = 'fn fits(a: vec4<u32>) -> bool { let top = select(0u, 0xffffffffu, (a.y & 0x80000000u) != 0u); return a.z == top && a.w == top; }';
    else if (wide) fits = 'fn fits(a: vec4<u32>) -> bool { return (a.z | a.w) == 0u; }';
  } else if (op === 'count') {
    lift = 'fn lift(v: vec2<u32>) -> vec4<u32> { return vec4<u32>(1u, 0u, 0u, 0u); }';
    comb = 'fn comb(a: vec4<u32>, b: vec4<u32>) -> vec4<u32> { return vec4<u32>(a.x + b.x, 0u, 0u, 0u); }';
  } else {
    const k = keyFn(d);
    const lt = wide ? `lt64(${k}(x.xy), ${k}(y.xy))` : `${k}(x.x) < ${k}(y.x)`;
    const isNan = d === 'float32' ? 'is_nan_f32(v.x)' : d === 'float64' ? 'is_nan_f64(v)' : 'false';
    const nan = d === 'float32' ? 'vec2<u32>(0x7fc00000u, 0u)' : 'vec2<u32>(0u, 0x7ff80000u)';
    lift = `fn lift(v: vec2<u32>) -> vec4<u32> { if (${isNan}) { return vec4<u32>(${nan}, 1u, 0u); } return vec4<u32>(v, 2u, 0u); }`;
    const pickB = op === 'min' ? 'lt(b, a)' : 'lt(a, b)';
    comb = `fn lt(x: vec4<u32>, y: vec4<u32>) -> bool { return ${lt}; }
fn comb(a: vec4<u32>, b: vec4<u32>) -> vec4<u32> {
  if (b.z == 0u || (b.z == 1u && a.z >= 1u)) { return a; }
  if (a.z < b.z) { return b; }
  if (${pickB}) { return b; }
  return a;
}`;
  }
  return `${SOFT_F64_WGSL}
${ORDER_WGSL}
${load}
${lift}
${comb}
${emit}
${fits}
const IDENT = vec4<u32>(0u, 0u, 0u, 0u);`;
}
