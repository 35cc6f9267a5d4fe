/**
 * Elementwise map: unary (neg, abs), binary (add, sub, mul, div, min, max) against an
 * array or a scalar, and comparisons (eq, ne, lt, le, gt, ge) producing a bool mask.
 *
 * GPU: one thread per element (per 4 elements for comparisons, whose bool output is one
 * byte per value, packed 4 to a u32 word). Every op works on raw bits: 64-bit values are
 * vec2<u32> with explicit carries, and comparisons and min/max go through the order keys
 * of ../wgsl/order.ts, so they are exact, NaN-aware and independent of the driver's float
 * NaN handling. Long arrays run in binding windows (see runner.windows).
 *
 * Semantics (IEEE 754-2019 and numpy):
 * - Integer add/sub/mul/neg/abs wrap around (two's complement), as numpy does.
 * - Float min/max propagate NaN; min(-0, +0) = -0 and max(-0, +0) = +0.
 * - Comparisons with NaN are false, except `ne`, which is true; -0 equals +0.
 * - float32 div may differ from the CPU by 2.5 ULP (WGSL's stated accuracy); add, sub and
 *   mul are correctly rounded on both. Subnormal float32 results may flush to zero on the
 *   device (WGSL allows it); the tolerance treats values below 2^-126 as equal to zero.
 * - float64 supports neg, abs, min, max and comparisons (all exact on bits) here;
 *   float64 arithmetic lives in the double-float emulation kernels.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, scalarWords, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, DTypeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';
import { ORDER_WGSL, keyFn } from '../wgsl/order.js';
import { maskMain } from '../wgsl/mask.js';
import { mapBinaryCpu, mapUnaryCpu, compareCpu } from './map-cpu.js';

export type UnaryOp = 'neg' | 'abs';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type Scalar = number | bigint;

const WORD: DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'];
const BINARY_DTYPES: Record<BinaryOp, DTypeName[]> = {
  add: ['int32', 'uint32', 'float32', 'int64', 'uint64'],
  sub: ['int32', 'uint32', 'float32', 'int64', 'uint64'],
  mul: ['int32', 'uint32', 'float32'],
  div: ['float32'],
  min: WORD,
  max: WORD,
};

const wide = (d: DTypeName) => dtypeInfo(d).bytes === 8;

// WGSL fragments, chosen from fixed tables by (op, dtype); nothing here comes from user input.
function binaryBody(op: BinaryOp, d: DTypeName): string {
  if (op === 'min' || op === 'max') {
    const k = keyFn(d);
    const pick = op === 'min' ? 'less' : '!less';
    const nan = d === 'float32' ? 'if (is_nan_f32(x)) { return x; } if (is_nan_f32(y)) { return y; }' : d === 'float64' ? 'if (is_nan_f64(x)) { return x; } if (is_nan_f64(y)) { return y; }' : '';
    const less = wide(d) ? `lt64(${k}(x), ${k}(y))` : `${k}(x) < ${k}(y)`;
    return `${nan} let less = ${less}; if (${pick}) { return x; } return y;`;
  }
  if (wide(d)) {
    if (op === 'add') return 'let lo = x.x + y.x; return vec2<u32>(lo, x.y + y.y + select(0u, 1u, lo < x.x));';
    if (op === 'sub') return 'return vec2<u32>(x.x - y.x, x.y - y.y - select(0u, 1u, x.x < y.x));';
  }
  const sym = { add: '+', sub: '-', mul: '*', div: '/' }[op];
  if (d === 'float32') return `return bitcast<u32>(bitcast<f32>(x) ${sym} bitcast<f32>(y));`;
  return `return x ${sym} y;`;
}

function unaryBody(op: UnaryOp, d: DTypeName): string {
  if (d === 'float32') return op === 'neg' ? 'return x ^ 0x80000000u;' : 'return x & 0x7fffffffu;';
  if (d === 'float64') return op === 'neg' ? 'return vec2<u32>(x.x, x.y ^ 0x80000000u);' : 'return vec2<u32>(x.x, x.y & 0x7fffffffu);';
  const neg = wide(d) ? 'vec2<u32>(0u - x.x, 0u - x.y - select(0u, 1u, x.x != 0u))' : '0u - x';
  if (op === 'neg') return `return ${neg};`;
  if (d === 'uint32' || d === 'uint64') return 'return x;';
  const negative = wide(d) ? '(x.y & 0x80000000u) != 0u' : '(x & 0x80000000u) != 0u';
  return `if (${negative}) { return ${neg}; } return x;`;
}

export function compareBody(op: CompareOp, d: DTypeName): string {
  const k = keyFn(d);
  const w = wide(d);
  let pre = '';
  if (d === 'float32') pre = 'if (is_nan_f32(x) || is_nan_f32(y)) { return NAN_RESULT; } let a = select(x, 0u, x == 0x80000000u); let b = select(y, 0u, y == 0x80000000u);';
  else if (d === 'float64') pre = 'if (is_nan_f64(x) || is_nan_f64(y)) { return NAN_RESULT; } let a = select(x, vec2<u32>(0u, 0u), x.x == 0u && x.y == 0x80000000u); let b = select(y, vec2<u32>(0u, 0u), y.x == 0u && y.y == 0x80000000u);';
  else pre = 'let a = x; let b = y;';
  pre = pre.replace(/NAN_RESULT/g, op === 'ne' ? 'true' : 'false');
  const lt = (p: string, q: string) => (w ? `lt64(${k}(${p}), ${k}(${q}))` : `${k}(${p}) < ${k}(${q})`);
  const eq = w ? 'all(a == b)' : 'a == b';
  const expr = { eq, ne: `!(${eq})`, lt: lt('a', 'b'), gt: lt('b', 'a'), le: `!(${lt('b', 'a')})`, ge: `!(${lt('a', 'b')})` }[op];
  return `${pre} return ${expr};`;
}

function header(d: DTypeName): { T: string } {
  return { T: wide(d) ? 'vec2<u32>' : 'u32' };
}

function elementwiseShader(label: string, d: DTypeName, body: string, binary: boolean) {
  const { T } = header(d);
  const scalar = wide(d) ? 'vec2<u32>(P.s0, P.s1)' : 'P.s0';
  const code = /* wgsl */ `
// ${label}: out[i] = f(a[i]${binary ? ', b[i] or scalar' : ''}) over raw bits, one thread per element.
struct Params { n: u32, scalar: u32, s0: u32, s1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<${T}>;
@group(0) @binding(2) var<storage, read_write> O: array<${T}>;
${binary ? `@group(0) @binding(3) var<storage, read> B: array<${T}>;` : ''}
${ORDER_WGSL}
fn f(x: ${T}${binary ? `, y: ${T}` : ''}) -> ${T} { ${body} }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  ${binary ? `var y: ${T}; if (P.scalar == 1u) { y = ${scalar}; } else { y = B[i]; }\n  O[i] = f(A[i], y);` : 'O[i] = f(A[i]);'}
}`;
  return { label, code };
}

function compareShader(d: DTypeName, op: CompareOp) {
  const { T } = header(d);
  const scalar = wide(d) ? 'vec2<u32>(P.s0, P.s1)' : 'P.s0';
  const code = /* wgsl */ `
// map/compare (${op}): mask[i] = a[i] ${op} b[i] (or scalar) as one byte per value; each thread
// writes 4 bytes, packed little-endian into one u32 of the output.
struct Params { n: u32, scalar: u32, s0: u32, s1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<${T}>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
@group(0) @binding(3) var<storage, read> B: array<${T}>;
${ORDER_WGSL}
fn f(x: ${T}, y: ${T}) -> bool { ${compareBody(op, d)} }
fn test_row(i: u32) -> bool {
  var y: ${T};
  if (P.scalar == 1u) { y = ${scalar}; } else { y = B[i]; }
  return f(A[i], y);
}
${maskMain('test_row')}`;
  return { label: `map/compare-${op}-${d}`, code };
}

/** Scalar bits for the uniform block: [s0, s1] (low, high words). */

function checkOperands(op: string, a: DataBuffer, b: DataBuffer | Scalar): void {
  if (b instanceof DataBuffer) {
    if (b.dtype !== a.dtype) throw new DTypeError(`${op}: expected both operands of dtype ${a.dtype}, got ${b.dtype}`);
    if (b.length !== a.length) throw new ShapeError(`${op}: expected operands of equal length ${a.length}, got ${b.length}`);
  } else if (typeof b === 'bigint' && !(a.dtype === 'int64' || a.dtype === 'uint64')) {
    throw new DTypeError(`${op}: expected a number scalar for ${a.dtype}, got a bigint`);
  }
}

function runElementwise(ctx: GpuContext, spec: { label: string; code: string }, a: DataBuffer, b: DataBuffer | Scalar | undefined, outBytesPer: number, outDtype: DTypeName, perThread: number) {
  const inBytes = dtypeInfo(a.dtype).bytes;
  const n = a.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n * outBytesPer);
  const A = a.deviceBuffer(ctx, spec.label);
  const B = b instanceof DataBuffer ? b.deviceBuffer(ctx, spec.label) : A;
  const [s0, s1] = b === undefined || b instanceof DataBuffer ? [0, 0] : scalarWords(a.dtype, b);
  for (const { start, count } of windows(n, Math.max(inBytes, outBytesPer * 4), ctx.maxBindingBytes)) {
    const u = new Uint32Array([count, b !== undefined && !(b instanceof DataBuffer) ? 1 : 0, s0, s1]);
    const binds = [slice(A, start, count, inBytes), slice(out, start, count, outBytesPer)];
    if (b !== undefined) binds.push(slice(B, start, count, inBytes));
    rec.dispatch(spec, u, binds, groups(Math.ceil(count / perThread)));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, outDtype, n, out);
}

export const mapUnaryKernel = defineKernel({
  name: 'map/unary',
  dtypes: WORD,
  tolerance: EXACT,
  nulls: 'Null slots are computed like any other; the caller keeps the validity bitmap.',
  cpu: (a: DataBuffer, op: UnaryOp) => mapUnaryCpu(a, op),
  gpu: (ctx, a: DataBuffer, op: UnaryOp) =>
    runElementwise(ctx, elementwiseShader(`map/${op}-${a.dtype}`, a.dtype, unaryBody(op, a.dtype), false), a, undefined, dtypeInfo(a.dtype).bytes, a.dtype, 1),
});

export const mapBinaryKernel = defineKernel({
  name: 'map/binary',
  dtypes: WORD,
  tolerance: { kind: 'float', rel: 3e-7, abs: 1.2e-38, note: 'float32 div within 2.5 ULP; subnormal float32 results may flush to zero; everything else exact' },
  nulls: 'Null slots are computed like any other; the caller combines validity bitmaps.',
  cpu: (a: DataBuffer, b: DataBuffer | Scalar, op: BinaryOp) => mapBinaryCpu(a, b, op),
  gpu: (ctx, a: DataBuffer, b: DataBuffer | Scalar, op: BinaryOp) =>
    runElementwise(ctx, elementwiseShader(`map/${op}-${a.dtype}`, a.dtype, binaryBody(op, a.dtype), true), a, b, dtypeInfo(a.dtype).bytes, a.dtype, 1),
});

export const compareKernel = defineKernel({
  name: 'map/compare',
  dtypes: WORD,
  tolerance: EXACT,
  nulls: 'Null slots are compared like any other; the caller masks them with the validity bitmap.',
  cpu: (a: DataBuffer, b: DataBuffer | Scalar, op: CompareOp) => compareCpu(a, b, op),
  gpu: (ctx, a: DataBuffer, b: DataBuffer | Scalar, op: CompareOp) => runElementwise(ctx, compareShader(a.dtype, op), a, b, 1, 'bool', 4),
});

/**
 * Elementwise unary op: 'neg' or 'abs'. Integers wrap (abs(INT_MIN) = INT_MIN, as numpy).
 *
 * @example
 * ```ts
 * const r = gf.kernels.mapUnary(gf.array(new Int32Array([-2, 3])), 'abs'); // [2, 3]
 * ```
 */
export function mapUnary<D extends DTypeName>(a: DataBuffer<D>, op: UnaryOp): DataBuffer<D> {
  expectBuffer('mapUnary', a, 'a');
  expectDType(`map/${op}`, a.dtype, WORD);
  if (op !== 'neg' && op !== 'abs') throw new DTypeError(`mapUnary: expected op 'neg' | 'abs', got '${String(op)}'`);
  return run(mapUnaryKernel, a, op) as DataBuffer<D>;
}

/**
 * Elementwise binary op against an array of the same dtype and length, or a scalar.
 *
 * @example
 * ```ts
 * const a = gf.array(new Float32Array([1, 2, 3]));
 * const b = gf.kernels.mapBinary(a, 10, 'mul');            // [10, 20, 30]
 * const c = gf.kernels.mapBinary(a, b, 'add');             // [11, 22, 33]
 * ```
 */
export function mapBinary<D extends DTypeName>(a: DataBuffer<D>, b: DataBuffer<D> | Scalar, op: BinaryOp): DataBuffer<D> {
  const allowed = BINARY_DTYPES[op];
  if (!allowed) throw new DTypeError(`mapBinary: expected op ${Object.keys(BINARY_DTYPES).join(' | ')}, got '${String(op)}'`);
  expectDType(`map/${op}`, a.dtype, allowed);
  checkOperands(`map/${op}`, a, b);
  return run(mapBinaryKernel, a, b, op) as DataBuffer<D>;
}

/**
 * Elementwise comparison, giving a 'bool' mask (one byte per value, 0 or 1).
 * NaN compares false (true for 'ne'); -0 equals +0.
 *
 * @example
 * ```ts
 * const m = gf.kernels.compare(gf.array(new Float64Array([0.5, 2])), 1, 'gt'); // bool [0, 1]
 * ```
 */
export function compare(a: DataBuffer, b: DataBuffer | Scalar, op: CompareOp): DataBuffer<'bool'> {
  expectBuffer('compare', a, 'a');
  expectDType(`map/compare`, a.dtype, WORD);
  if (!['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op)) throw new DTypeError(`compare: expected op eq | ne | lt | le | gt | ge, got '${String(op)}'`);
  checkOperands(`map/compare`, a, b);
  return run(compareKernel, a, b, op) as DataBuffer<'bool'>;
}

