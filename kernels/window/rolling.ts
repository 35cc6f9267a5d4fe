/**
 * Rolling sum, mean, min and max over row-count windows (Polars `rolling_sum(window_size,
 * min_periods)` etc. on a frame in its current order): row i folds the valid rows of
 * [i − window + 1, i]; the result is null when fewer than `minPeriods` of them are valid.
 *
 * GPU `window/rolling`: one thread per 32 output rows (it owns their validity word); each
 * row folds its window directly, in row order, with the accumulators of ./window-wgsl.ts,
 * so float sums are the exact sequential float64 sum of the window (bit-identical to the
 * CPU twin; Polars' add-and-subtract updates can differ from it in the last bits). Means
 * divide the exact sum by the count with the software binary64 division. Work is
 * O(n × window). An int64/uint64 window sum beyond 64 bits makes the row null and sets the
 * overflow flag. Limit: the column and its output must each fit one storage binding.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { expectValidity } from '../gather/gather.js';
import { accFragment, canOverflow, windowResultType, type AccOp } from './window-wgsl.js';
import { rollingCpu, type WindowResult } from './window-cpu.js';
import { expectSegments, WINDOW_DTYPES } from './cumulative.js';

export type RollOp = 'sum' | 'mean' | 'min' | 'max';

function rollingShader(op: AccOp, d: DTypeName) {
  const outWide = dtypeInfo(windowResultType(op, d)).bytes === 8;
  const store = outWide ? 'O[2u * i] = r.x; O[2u * i + 1u] = r.y;' : 'O[i] = r.x;';
  const isF = d === 'float32' || d === 'float64';
  const result = op === 'mean' ? `f64_div(${isF ? 'acc.xy' : 'f64_from_i128(acc)'}, f64_from_i128(vec4<u32>(cnt, 0u, 0u, 0u)))` : 'emit(acc)';
  return {
    label: `window/rolling-${op}-${d}`,
    code: /* wgsl */ `
// window/rolling: thread t computes rows 32t..32t+31; row i folds the valid rows of
// [i + 1 - w, i] (those in row i's segment, when hasS) and is valid when at least minp of
// them are. Bindings: 1 X, 2 V, 3 O (values), 4 OV (validity words), 5 F (overflow flag),
// 6 S (segment numbers).
struct Params { n: u32, w: u32, minp: u32, hasV: u32, hasS: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<u32>;
@group(0) @binding(4) var<storage, read_write> OV: array<u32>;
@group(0) @binding(5) var<storage, read_write> F: array<atomic<u32>>;
@group(0) @binding(6) var<storage, read> S: array<u32>;
${accFragment(op === 'mean' ? 'sum' : op, d)}
fn ok(i: u32) -> bool { return P.hasV == 0u || ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u; }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  if (t * 32u >= P.n) { return; }
  var bits = 0u;
  let end = min(P.n, t * 32u + 32u);
  for (var i = t * 32u; i < end; i++) {
    var lo = 0u;
    if (i + 1u >= P.w) { lo = i + 1u - P.w; }
    var acc = IDENT;
    var cnt = 0u;
    if (P.hasS == 1u) { while (S[lo] != S[i]) { lo++; } }
    for (var j = lo; j <= i; j++) { if (ok(j)) { acc = comb(acc, lift(load(j))); cnt++; } }
    if (cnt >= P.minp) {
      if (${op === 'mean' ? 'true' : 'fits(acc)'}) { let r = ${result}; ${store} bits |= 1u << (i & 31u); } else { ${canOverflow(op, d) ? 'atomicOr(&F[0], 1u);' : ''} }
    }
  }
  OV[t] = bits;
  if (t == 0u) { atomicOr(&F[0], 0u); } // keeps binding 5 in the layout when no op flags
}`,
  };
}

function rollingGpu(ctx: GpuContext, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, window: number, minPeriods: number, segments: DataBuffer<'uint32'> | undefined): WindowResult {
  const d = values.dtype;
  const n = values.length;
  const outType = windowResultType(op, d);
  const rec = new Recorder(ctx);
  const outBytes = n * dtypeInfo(outType).bytes;
  const out = rec.output(outBytes);
  rec.clear(out, 0, Math.ceil(outBytes / 4) * 4);
  const ov = rec.output(Math.ceil(n / 32) * 4);
  const flag = rec.output(4);
  rec.clear(flag, 0, 4);
  if (n > 0) {
    const V = validity ? validity.deviceBuffer(ctx, 'window') : rec.temp(4);
    const S = segments ? segments.deviceBuffer(ctx, 'window') : rec.temp(4);
    const u = new Uint32Array([n, window, minPeriods, validity ? 1 : 0, segments ? 1 : 0, 0, 0, 0]);
    rec.dispatch(rollingShader(op, d), u, [values.deviceBuffer(ctx, 'window'), V, out, ov, flag, S], groups(Math.ceil(n / 32)));
  }
  rec.submit();
  const result: WindowResult = { values: DataBuffer.fromDevice(ctx, outType, n, out), validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), ov) };
  if (canOverflow(op, d)) result.overflow = DataBuffer.fromDevice(ctx, 'uint32', 1, flag);
  else ctx.pool.release(flag);
  return result;
}

export const rollingKernel = defineKernel({
  name: 'window/rolling',
  dtypes: WINDOW_DTYPES,
  tolerance: EXACT,
  nulls: 'Nulls in a window are skipped; a row is null when its window holds fewer than minPeriods valid values (Polars min_periods).',
  cpu: (values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, window: number, minPeriods: number, segments?: DataBuffer<'uint32'>) =>
    rollingCpu(values, validity, op, window, minPeriods, segments),
  gpu: (ctx, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, window: number, minPeriods: number, segments?: DataBuffer<'uint32'>) =>
    rollingGpu(ctx, values, validity, op, window, minPeriods, segments),
});

/**
 * Rolling `op` over windows of `window` rows (see the module header). `minPeriods`
 * defaults to `window`. Sums are int64 / uint64 (exact) or float64, means float64, min and
 * max keep the dtype. With `segments` (a segment number per row, non-decreasing), a window
 * holds only rows of its own row's segment (partitioned windows, Polars `over`).
 *
 * @example
 * ```ts
 * const r = gf.kernels.rolling(gf.array(new Float64Array([1, 2, 3, 4])), 'mean', { window: 2 });
 * await r.values.toArray(); // Float64Array [0, 1.5, 2.5, 3.5] (row 0 is null)
 * ```
 */
export function rolling(values: DataBuffer, op: RollOp, options: { window: number; minPeriods?: number; validity?: DataBuffer<'uint8'>; segments?: DataBuffer<'uint32'> }): WindowResult {
  expectBuffer('rolling', values, 'values');
  expectDType('rolling', values.dtype, WINDOW_DTYPES);
  expectValidity('rolling', options.validity, values.length);
  expectSegments('rolling', options.segments, values.length);
  const { window } = options;
  const minPeriods = options.minPeriods ?? window;
  if (!Number.isInteger(window) || window < 1 || window >= 2 ** 31) throw new ValueError(`rolling: expected a window of at least 1 row, got ${window}`);
  if (!Number.isInteger(minPeriods) || minPeriods < 1 || minPeriods > window) throw new ValueError(`rolling: expected minPeriods in [1, ${window}], got ${minPeriods}`);
  return run(rollingKernel, values, options.validity, op, window, minPeriods, options.segments);
}
