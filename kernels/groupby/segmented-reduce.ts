/**
 * Segmented reduction: one result per group of consecutive rows. `starts` holds the first
 * row of each group (ascending); group g spans [starts[g], starts[g+1]) (the last ends at n).
 *
 * GPU: one thread per group adds its rows sequentially, in row order. float64 sums use the
 * exact software binary64 add of ../f64/soft-f64.ts, so the result is bit-identical to the
 * CPU twin's sequential JS sum. Integer sums are exact: int32/uint32 into 64 bits,
 * int64/uint64 into 128 bits, with an overflow flag when the total does not fit 64 bits.
 * Means divide the exact sum by the count with the software binary64 division.
 * var/std run two passes per group (the mean, then the sum of squared deviations from it),
 * every step a correctly rounded software binary64 operation (add, sub, mul, div, sqrt), so
 * they are bit-identical to the CPU twin's float64 arithmetic in the same order.
 * Known limit: a single huge group is summed by one thread (correct, not parallel).
 *
 * Results (pandas/Polars semantics; nulls are skipped everywhere):
 * - count: int64, non-null rows. sum: float64 for float input, int64/uint64 for integers;
 *   0 for a group with no valid rows. mean: float64; null when the group has no valid rows.
 * - var/std: float64, sample variance / standard deviation (ddof = 1, as Polars and pandas):
 *   mean = sum / count (the exact integer sum for integer input), then
 *   var = Σ (x - mean)² / (count - 1) in row order, std = sqrt(var); null when a group has
 *   fewer than 2 valid rows; NaN or ±Inf in a group give NaN.
 * - min/max: the input dtype; NaN is ignored unless every valid value is NaN (then NaN);
 *   -0 < +0; null when the group has no valid rows.
 * - Every NaN result is the canonical quiet NaN (bits 0x7ff8000000000000 / 0x7fc00000).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { OverflowError, ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from './soft-f64-sqrt.js';
import { ORDER_WGSL, keyFn } from '../wgsl/order.js';
import { segmentedReduceCpu } from './segmented-reduce-cpu.js';
import { segResultType } from './group-reduce-cpu.js';

export type SegOp = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'var' | 'std';
export const SEG_OPS: readonly SegOp[] = ['count', 'sum', 'mean', 'min', 'max', 'var', 'std'];
export const SEG_DTYPES: DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'];

export interface SegmentedResult {
  values: DataBuffer;
  validity: DataBuffer<'uint8'>;
  /** Set on the device when an int64/uint64 sum did not fit 64 bits (checked by `checkOverflow`). */
  overflow?: DataBuffer<'uint32'>;
}

function loadFragment(d: DTypeName): string {
  return dtypeInfo(d).bytes === 8 ? 'fn load(i: u32) -> vec2<u32> { return X[i]; }' : 'fn load(i: u32) -> u32 { return X[i]; }';
}

// The per-group loop body and the result, chosen by (op, dtype) from fixed fragments.
function body(op: SegOp, d: DTypeName): { init: string; step: string; finish: string; outT: string; pass2?: string } {
  const wide = dtypeInfo(d).bytes === 8;
  const signed = d === 'int32' || d === 'int64';
  const isF = d === 'float32' || d === 'float64';
  const toF64 = d === 'float32' ? 'f64_from_f32(x)' : 'x';
  // 128-bit two's complement accumulator (x = lowest word).
  const add128 = `
    let ext = select(0u, 0xffffffffu, ${signed ? (wide ? '(x.y & 0x80000000u) != 0u' : '(x & 0x80000000u) != 0u') : 'false'});
    let v = ${wide ? 'vec4<u32>(x.x, x.y, ext, ext)' : 'vec4<u32>(x, ext, ext, ext)'};
    let s0 = acc.x + v.x; let c0 = select(0u, 1u, s0 < acc.x);
    let t1 = acc.y + v.y; let s1 = t1 + c0; let c1 = select(0u, 1u, t1 < acc.y) + select(0u, 1u, s1 < t1);
    let t2 = acc.z + v.z; let s2 = t2 + c1; let c2 = select(0u, 1u, t2 < acc.z) + select(0u, 1u, s2 < t2);
    acc = vec4<u32>(s0, s1, s2, acc.w + v.w + c2);`;
  const cnt128 = 'vec4<u32>(cnt, 0u, 0u, 0u)';
  // x (one loaded value) as float64 bits, exactly (int64 rounds as JS Number(bigint) does).
  const xF64 = isF ? toF64 : signed ? (wide ? 'f64_from_i128(vec4<u32>(x.x, x.y, sx, sx))' : 'f64_from_i128(vec4<u32>(x, sx, sx, sx))') : wide ? 'f64_from_i128(vec4<u32>(x.x, x.y, 0u, 0u))' : 'f64_from_i128(vec4<u32>(x, 0u, 0u, 0u))';
  const sx = signed ? `let sx = select(0u, 0xffffffffu, (${wide ? 'x.y' : 'x'} & 0x80000000u) != 0u);` : '';
  switch (op) {
    case 'var':
    case 'std': {
      const sum = isF ? { init: 'var acc = vec2<u32>(0u, 0u);', step: `acc = f64_add(acc, ${toF64});`, mean: 'f64_div(acc, f64_from_i128(vec4<u32>(cnt, 0u, 0u, 0u)))' } : { init: 'var acc = vec4<u32>(0u, 0u, 0u, 0u);', step: add128, mean: 'f64_div(f64_from_i128(acc), f64_from_i128(vec4<u32>(cnt, 0u, 0u, 0u)))' };
      const pass2 = `
  let mean = ${sum.mean};
  var ss = vec2<u32>(0u, 0u);
  for (var i = start; i < end; i++) {
    if (!ok(i)) { continue; }
    let x = load(i);
    ${sx}
    let dv = f64_sub(${xF64}, mean);
    ss = f64_add(ss, f64_mul(dv, dv));
  }`;
      const v = 'f64_div(ss, f64_from_i128(vec4<u32>(cnt - 1u, 0u, 0u, 0u)))';
      return { init: sum.init, step: sum.step, pass2, finish: `valid = cnt > 1u; if (valid) { out = ${op === 'std' ? `f64_sqrt(${v})` : v}; }`, outT: 'vec2<u32>' };
    }
    case 'count':
      return { init: '', step: '', finish: 'out = vec2<u32>(cnt, 0u); valid = true;', outT: 'vec2<u32>' };
    case 'sum':
    case 'mean': {
      if (isF) {
        const finish = op === 'sum' ? 'out = acc; valid = true;' : `valid = cnt > 0u; out = f64_div(acc, f64_from_i128(${cnt128}));`;
        return { init: 'var acc = vec2<u32>(0u, 0u);', step: `acc = f64_add(acc, ${toF64});`, finish, outT: 'vec2<u32>' };
      }
      let finish: string;
      if (op === 'mean') finish = `valid = cnt > 0u; out = f64_div(f64_from_i128(acc), f64_from_i128(${cnt128}));`;
      else if (!wide) finish = 'out = acc.xy; valid = true;'; // < 2^32 rows of 32-bit values always fit 64 bits
      else if (signed) finish = 'out = acc.xy; valid = true; let top = select(0u, 0xffffffffu, (acc.y & 0x80000000u) != 0u); if (acc.z != top || acc.w != top) { atomicOr(&F[0], 1u); }';
      else finish = 'out = acc.xy; valid = true; if ((acc.z | acc.w) != 0u) { atomicOr(&F[0], 1u); }';
      return { init: 'var acc = vec4<u32>(0u, 0u, 0u, 0u);', step: add128, finish, outT: 'vec2<u32>' };
    }
    case 'min':
    case 'max': {
      const k = keyFn(d);
      const T = wide ? 'vec2<u32>' : 'u32';
      const better = wide ? (op === 'min' ? `lt64(${k}(x), ${k}(best))` : `lt64(${k}(best), ${k}(x))`) : op === 'min' ? `${k}(x) < ${k}(best)` : `${k}(best) < ${k}(x)`;
      const isNan = d === 'float32' ? 'is_nan_f32(x)' : d === 'float64' ? 'is_nan_f64(x)' : 'false';
      const nan = d === 'float32' ? '0x7fc00000u' : 'vec2<u32>(0u, 0x7ff80000u)';
      return {
        init: `var best: ${T}; var have = false; var nan = false;`,
        step: `if (${isNan}) { nan = true; } else if (!have || ${better}) { best = x; have = true; }`,
        finish: isF ? `valid = have || nan; if (have) { out = best; } else if (nan) { out = ${nan}; }` : 'valid = have; out = best;',
        outT: T,
      };
    }
  }
}

function wantsFlag(op: SegOp, d: DTypeName): boolean {
  return op === 'sum' && (d === 'int64' || d === 'uint64');
}

function shader(op: SegOp, d: DTypeName, withValidity: boolean) {
  const T = dtypeInfo(d).bytes === 8 ? 'vec2<u32>' : 'u32';
  const b = body(op, d);
  const flag = wantsFlag(op, d);
  const code = /* wgsl */ `
// groupby/segmented-reduce (${op} over ${d}): one thread per group, rows in order.
struct Params { n: u32, g: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<${T}>;
@group(0) @binding(2) var<storage, read> S: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<${b.outT}>;
@group(0) @binding(4) var<storage, read_write> OV: array<atomic<u32>>;
${flag ? '@group(0) @binding(5) var<storage, read_write> F: array<atomic<u32>>;' : ''}
${withValidity ? `@group(0) @binding(${flag ? 6 : 5}) var<storage, read> V: array<u32>;` : ''}
${SOFT_F64_WGSL}
${op === 'var' || op === 'std' ? SOFT_F64_MUL_WGSL + SOFT_F64_SQRT_WGSL : ''}
${ORDER_WGSL}
${loadFragment(d)}
fn ok(i: u32) -> bool { ${withValidity ? 'return ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u;' : 'return true;'} }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = gid.x + gid.y * nwg.x * ${WG}u;
  if (g >= P.g) { return; }
  let start = S[g];
  var end = P.n;
  if (g + 1u < P.g) { end = S[g + 1u]; }
  var cnt = 0u;
  ${b.init}
  for (var i = start; i < end; i++) {
    if (!ok(i)) { continue; }
    cnt += 1u;
    let x = load(i);
    ${b.step}
  }
  ${b.pass2 ?? ''}
  var out: ${b.outT};
  var valid = false;
  ${b.finish}
  O[g] = out;
  if (valid) { atomicOr(&OV[g >> 5u], 1u << (g & 31u)); }
}`;
  return { label: `groupby/segmented-${op}-${d}`, code };
}

function segmentedGpu(ctx: GpuContext, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, starts: DataBuffer<'uint32'>, op: SegOp): SegmentedResult {
  const G = starts.length;
  const n = values.length;
  const outType = segResultType(op, values.dtype);
  const rec = new Recorder(ctx);
  const out = rec.output(Math.max(1, G) * dtypeInfo(outType).bytes);
  const ovBytes = Math.ceil(Math.max(1, G) / 32) * 4;
  const ov = rec.output(ovBytes);
  rec.clear(ov, 0, ovBytes);
  const binds = [values.deviceBuffer(ctx, 'groupBy'), starts.deviceBuffer(ctx, 'groupBy'), out, ov];
  const flag = wantsFlag(op, values.dtype) ? rec.output(4) : undefined;
  if (flag) {
    rec.clear(flag, 0, 4);
    binds.push(flag);
  }
  if (validity) binds.push(validity.deviceBuffer(ctx, 'groupBy'));
  rec.dispatch(shader(op, values.dtype, !!validity), new Uint32Array([n, G, 0, 0]), binds, groups(G));
  rec.submit();
  return {
    values: DataBuffer.fromDevice(ctx, outType, G, out),
    validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(G / 8), ov),
    overflow: flag ? DataBuffer.fromDevice(ctx, 'uint32', 1, flag) : undefined,
  };
}

export const segmentedReduceKernel = defineKernel({
  name: 'groupby/segmented-reduce',
  dtypes: SEG_DTYPES,
  tolerance: EXACT,
  nulls: 'Nulls are skipped: count counts valid rows, sum of no valid rows is 0, min/max/mean of no valid rows is null, var/std of fewer than 2 valid rows is null.',
  cpu: (values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, starts: DataBuffer<'uint32'>, op: SegOp) => segmentedReduceCpu(values, validity, starts, op),
  gpu: segmentedGpu,
});

/**
 * Reduce each group of consecutive rows. `starts` lists each group's first row, ascending,
 * the first being 0 (when there are rows).
 *
 * @example
 * ```ts
 * const v = gf.array(new Float64Array([1, 2, 3, 4]));
 * const r = gf.kernels.segmentedReduce(v, gf.array(new Uint32Array([0, 1])), 'sum');
 * await r.values.toArray(); // Float64Array [1, 9]
 * ```
 */
export function segmentedReduce(values: DataBuffer, starts: DataBuffer<'uint32'>, op: SegOp, options: { validity?: DataBuffer<'uint8'> } = {}): SegmentedResult {
  expectBuffer('segmentedReduce', values, 'values');
  expectDType(`groupBy ${op}`, values.dtype, SEG_DTYPES);
  expectDType('groupBy starts', starts.dtype, ['uint32']);
  if (!SEG_OPS.includes(op)) throw new ValueError(`groupBy: expected an aggregation ${SEG_OPS.join(' | ')}, got '${String(op)}'`);
  if (options.validity && options.validity.length < Math.ceil(values.length / 8)) {
    throw new ShapeError(`groupBy: expected a validity bitmap of ${Math.ceil(values.length / 8)} bytes, got ${options.validity.length}`);
  }
  return run(segmentedReduceKernel, values, options.validity, starts, op);
}

/** Throw a ValueError if an int64/uint64 group sum overflowed 64 bits (one control read). */
export async function checkOverflow(r: SegmentedResult, column: string): Promise<void> {
  if (!r.overflow) return;
  const flag = (await r.overflow.readControl())[0]!;
  r.overflow.dispose();
  if (flag !== 0) throw new OverflowError(`groupBy sum: expected group sums of '${column}' to fit 64 bits, got an overflow (cast to float64 to sum approximately)`);
}
