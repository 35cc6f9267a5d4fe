/**
 * Cumulative sum, min, max and count over a column in row order (Polars `cum_sum`,
 * `cum_min`, `cum_max`, `cum_count`). Nulls are skipped: a null row stays null and does not
 * change the running value; `count` counts the valid rows so far and is never null.
 *
 * GPU, three passes over chunks of `chunk` rows (a multiple of 32, so each thread owns
 * whole validity words; accumulators and rules in ./window-wgsl.ts):
 * 1. `window/cum-partial`: thread t folds its chunk into A[t].
 * 2. `window/cum-carry`: one thread turns A into exclusive carries, in chunk order.
 * 3. `window/cum-write`: thread t walks its chunk from carry A[t], writing each row's value
 *    and validity word.
 * Integer sums (128-bit), min, max and count are associative and exact, so chunks of 256
 * rows run in parallel. Float sums are not associative: they run as ONE chunk (one thread,
 * rows in order), which makes them bit-identical to the CPU twin's sequential float64 sum
 * (a known limit: O(n) on one thread).
 * An int64/uint64 running sum that leaves 64 bits makes that row null and sets a flag
 * (`overflow`), which the caller turns into an OverflowError when it reads it.
 * Limit: the column and its output must each fit one storage binding.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { expectValidity } from '../gather/gather.js';
import { ShapeError } from '../../src/errors.js';
import { accFragment, canOverflow, windowResultType, type AccOp } from './window-wgsl.js';
import { cumulativeCpu, type WindowResult } from './window-cpu.js';

export const WINDOW_DTYPES: readonly DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'];
export type CumOp = 'sum' | 'min' | 'max' | 'count';

const PARAMS = 'struct Params { n: u32, chunk: u32, nchunks: u32, hasV: u32, hasS: u32, p0: u32, p1: u32, p2: u32 }\n@group(0) @binding(0) var<uniform> P: Params;';
const VALID = 'fn ok(i: u32) -> bool { return P.hasV == 0u || ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u; }';
/** Row i starts a segment (other than the first): the running value restarts there. */
const RESTART = 'fn restart(i: u32) -> bool { return P.hasS == 1u && i > 0u && S[i] != S[i - 1u]; }';

function partialShader(op: AccOp, d: DTypeName) {
  return {
    label: `window/cum-partial-${op}-${d}`,
    code: /* wgsl */ `
// window/cum-partial: A[t] = fold of the valid rows of chunk t from its last segment
// restart (R[t] = 1 when it has one). Bindings: 1 X, 2 V, 3 A, 4 S (segment numbers), 5 R.
${PARAMS}
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> A: array<vec4<u32>>;
@group(0) @binding(4) var<storage, read> S: array<u32>;
@group(0) @binding(5) var<storage, read_write> R: array<u32>;
${accFragment(op, d)}
${VALID}
${RESTART}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  if (t >= P.nchunks) { return; }
  let end = min(P.n, (t + 1u) * P.chunk);
  var acc = IDENT;
  var r = 0u;
  for (var i = t * P.chunk; i < end; i++) {
    if (restart(i)) { acc = IDENT; r = 1u; }
    if (ok(i)) { acc = comb(acc, lift(load(i))); }
  }
  A[t] = acc;
  R[t] = r;
}`,
  };
}

function carryShader(op: AccOp, d: DTypeName) {
  return {
    label: `window/cum-carry-${op}-${d}`,
    code: /* wgsl */ `
// window/cum-carry: one thread makes A exclusive: A[t] = fold of chunks 0..t-1 since the
// last segment restart. Bindings: 1 A, 2 R.
${PARAMS}
@group(0) @binding(1) var<storage, read_write> A: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> R: array<u32>;
var<private> X: array<u32, 1>;
${accFragment(op, d)}
@compute @workgroup_size(1)
fn main() {
  var acc = IDENT;
  for (var t = 0u; t < P.nchunks; t++) { let a = A[t]; A[t] = acc; if (R[t] == 1u) { acc = a; } else { acc = comb(acc, a); } }
}`,
  };
}

function writeShader(op: AccOp, d: DTypeName) {
  const outWide = dtypeInfo(windowResultType(op, d)).bytes === 8;
  const store = outWide ? 'O[2u * i] = r.x; O[2u * i + 1u] = r.y;' : 'O[i] = r.x;';
  const flag = canOverflow(op, d);
  const row =
    op === 'count'
      ? `let r = acc.xy; ${store}`
      : `if (ok(i)) {
      if (fits(acc)) { let r = emit(acc); ${store} bits |= 1u << (i & 31u); } else { ${flag ? 'atomicOr(&F[0], 1u);' : ''} }
    }`;
  return {
    label: `window/cum-write-${op}-${d}`,
    code: /* wgsl */ `
// window/cum-write: thread t walks chunk t from carry A[t]; each valid row gets the running
// value and its validity bit, restarting at segment starts. Bindings: 1 X, 2 V, 3 A,
// 4 O (values), 5 OV (validity words), 6 F (overflow flag), 7 S (segment numbers).
${PARAMS}
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read> A: array<vec4<u32>>;
@group(0) @binding(4) var<storage, read_write> O: array<u32>;
@group(0) @binding(5) var<storage, read_write> OV: array<u32>;
@group(0) @binding(6) var<storage, read_write> F: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read> S: array<u32>;
${accFragment(op, d)}
${VALID}
${RESTART}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  if (t >= P.nchunks) { return; }
  let end = min(P.n, (t + 1u) * P.chunk);
  var acc = A[t];
  var bits = 0u;
  for (var i = t * P.chunk; i < end; i++) {
    if (restart(i)) { acc = IDENT; }
    if (ok(i)) { acc = comb(acc, lift(load(i))); }
    ${row}
    if ((i & 31u) == 31u || i + 1u == end) { OV[i >> 5u] = bits; bits = 0u; }
  }
  if (t == 0u) { atomicOr(&F[0], 0u); } // keeps binding 6 in the layout when no op flags
}`,
  };
}

function cumulativeGpu(ctx: GpuContext, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, segments: DataBuffer<'uint32'> | undefined): WindowResult {
  const d = values.dtype;
  const n = values.length;
  const outType = windowResultType(op, d);
  const isFloatSum = op === 'sum' && (d === 'float32' || d === 'float64');
  const chunk = isFloatSum ? Math.max(32, Math.ceil(n / 32) * 32) : 256;
  const nchunks = Math.ceil(n / chunk);
  const rec = new Recorder(ctx);
  const out = rec.output(n * dtypeInfo(outType).bytes);
  const ovBytes = Math.ceil(n / 32) * 4;
  const ov = rec.output(ovBytes);
  const flag = rec.output(4);
  rec.clear(flag, 0, 4);
  rec.clear(out, 0, Math.ceil((n * dtypeInfo(outType).bytes) / 4) * 4); // null rows hold zero bits, as on the CPU
  if (n > 0) {
    const A = rec.temp(nchunks * 16);
    const X = values.deviceBuffer(ctx, 'window');
    const V = validity ? validity.deviceBuffer(ctx, 'window') : rec.temp(4);
    const S = segments ? segments.deviceBuffer(ctx, 'window') : rec.temp(4);
    const R = rec.temp(nchunks * 4);
    const u = new Uint32Array([n, chunk, nchunks, validity ? 1 : 0, segments ? 1 : 0, 0, 0, 0]);
    rec.dispatch(partialShader(op, d), u, [X, V, A, S, R], groups(nchunks));
    rec.dispatch(carryShader(op, d), u, [A, R], 1);
    rec.dispatch(writeShader(op, d), u, [X, V, A, out, ov, flag, S], groups(nchunks));
  }
  rec.submit();
  const result: WindowResult = { values: DataBuffer.fromDevice(ctx, outType, n, out) };
  if (op === 'count') {
    ctx.pool.release(ov);
    ctx.pool.release(flag);
    return result;
  }
  result.validity = DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), ov);
  if (canOverflow(op, d)) result.overflow = DataBuffer.fromDevice(ctx, 'uint32', 1, flag);
  else ctx.pool.release(flag);
  return result;
}

export const cumulativeKernel = defineKernel({
  name: 'window/cumulative',
  dtypes: WINDOW_DTYPES,
  tolerance: EXACT,
  nulls: 'Nulls are skipped: a null row stays null and leaves the running value unchanged; count counts valid rows and is never null.',
  cpu: (values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, segments?: DataBuffer<'uint32'>) => cumulativeCpu(values, validity, op, segments),
  gpu: (ctx, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, segments?: DataBuffer<'uint32'>) => cumulativeGpu(ctx, values, validity, op, segments),
});

/**
 * Running sum, min, max or count of `values` in row order, nulls skipped (see the module
 * header). Sums are int64 / uint64 (exact) or float64; min and max keep the dtype; count
 * is uint32. A non-zero `overflow` word means some int64/uint64 sums left 64 bits (those
 * rows are null). With `segments` (a segment number per row, non-decreasing), the running
 * value restarts wherever the number changes (partitioned windows, Polars `over`).
 *
 * @example
 * ```ts
 * const r = gf.kernels.cumulative(gf.array(new Float64Array([1, 2, 3])), 'sum');
 * await r.values.toArray(); // Float64Array [1, 3, 6]
 * ```
 */
export function cumulative(values: DataBuffer, op: CumOp, options: { validity?: DataBuffer<'uint8'>; segments?: DataBuffer<'uint32'> } = {}): WindowResult {
  expectBuffer('cumulative', values, 'values');
  expectDType('cumulative', values.dtype, WINDOW_DTYPES);
  expectValidity('cumulative', options.validity, values.length);
  expectSegments('cumulative', options.segments, values.length);
  return run(cumulativeKernel, values, options.validity, op, options.segments);
}

/** Check a segment-number buffer: uint32, one per row. */
export function expectSegments(op: string, segments: DataBuffer | undefined, n: number): void {
  if (!segments) return;
  expectDType(`${op} segments`, segments.dtype, ['uint32']);
  if (segments.length !== n) throw new ShapeError(`${op}: expected ${n} segment numbers, got ${segments.length}`);
}
