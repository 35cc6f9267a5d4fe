/**
 * Segmented median: one float64 per group of consecutive rows, for values sorted ascending
 * within each group as the group-by verb orders them (numbers, then NaN, then nulls), e.g. by
 * a stable sort on (keys…, value). `starts` lists each group's first row; the last ends at n.
 *
 * Rule (pandas and Polars): the median of the m valid non-NaN values is the middle one when m
 * is odd, and the mean of the two middle ones, (a + b) / 2 in float64, when m is even (linear
 * interpolation at q = 0.5; like numpy, a + b may overflow to ±Inf for values near the float64
 * limit). NaN is skipped unless a group has only NaN (then NaN), as min/max do here; a group
 * with no valid values gives null. Integers convert to float64 first (int64 rounds as JS
 * Number(bigint)), so the result is exact up to that one rounding and the final one.
 *
 * GPU: one thread per group (a scan to count its valid and NaN values, then two loads); the
 * float64 add and divide are the software binary64 ones, so both backends agree bit for bit.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, WORD_DTYPES, type DTypeName } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { ORDER_WGSL } from '../wgsl/order.js';

export interface MedianResult {
  values: DataBuffer<'float64'>;
  validity: DataBuffer<'uint8'>;
}

function toF64(d: DTypeName, v: string): string {
  switch (d) {
    case 'float64': return v;
    case 'float32': return `f64_from_f32(${v})`;
    case 'int32': return `f64_from_i128(vec4<u32>(${v}, sext(${v}), sext(${v}), sext(${v})))`;
    case 'uint32': return `f64_from_i128(vec4<u32>(${v}, 0u, 0u, 0u))`;
    case 'int64': return `f64_from_i128(vec4<u32>(${v}.x, ${v}.y, sext(${v}.y), sext(${v}.y)))`;
    default: return `f64_from_i128(vec4<u32>(${v}.x, ${v}.y, 0u, 0u))`;
  }
}

function shader(d: DTypeName, withValidity: boolean) {
  const T = dtypeInfo(d).bytes === 8 ? 'vec2<u32>' : 'u32';
  const isNan = d === 'float32' ? 'is_nan_f32(x)' : d === 'float64' ? 'is_nan_f64(x)' : 'false';
  const code = /* wgsl */ `
// groupby/segmented-median (${d}): one thread per group; values sorted within groups (numbers, NaN, nulls).
struct Params { n: u32, g: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<${T}>;
@group(0) @binding(2) var<storage, read> S: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> OV: array<atomic<u32>>;
${withValidity ? '@group(0) @binding(5) var<storage, read> V: array<u32>;' : ''}
${SOFT_F64_WGSL}
${ORDER_WGSL}
fn sext(w: u32) -> u32 { return select(0u, 0xffffffffu, (w & 0x80000000u) != 0u); }
fn ok(i: u32) -> bool { ${withValidity ? 'return ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u;' : 'return true;'} }
fn at(i: u32) -> vec2<u32> { let x = X[i]; return ${toF64(d, 'x')}; }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = gid.x + gid.y * nwg.x * ${WG}u;
  if (g >= P.g) { return; }
  let start = S[g];
  var end = P.n;
  if (g + 1u < P.g) { end = S[g + 1u]; }
  var cnt = 0u;
  var m = 0u;
  var lo = start;
  for (var i = start; i < end; i++) {
    if (!ok(i)) { continue; }
    cnt += 1u;
    let x = X[i];
    if (${isNan}) { continue; }
    if (m == 0u) { lo = i; }
    m += 1u;
  }
  var out = vec2<u32>(0u, 0x7ff80000u);
  if (m > 0u) {
    let a = at(lo + (m - 1u) / 2u);
    if ((m & 1u) == 1u) { out = a; } else { out = f64_div(f64_add(a, at(lo + m / 2u)), vec2<u32>(0u, 0x40000000u)); }
  }
  O[g] = out;
  if (cnt > 0u) { atomicOr(&OV[g >> 5u], 1u << (g & 31u)); }
}`;
  return { label: `groupby/segmented-median-${d}`, code };
}

function medianGpu(ctx: GpuContext, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, starts: DataBuffer<'uint32'>): MedianResult {
  const G = starts.length;
  const rec = new Recorder(ctx);
  const out = rec.output(Math.max(1, G) * 8);
  const ovBytes = Math.ceil(Math.max(1, G) / 32) * 4;
  const ov = rec.output(ovBytes);
  rec.clear(ov, 0, ovBytes);
  const binds = [values.deviceBuffer(ctx, 'groupBy'), starts.deviceBuffer(ctx, 'groupBy'), out, ov];
  if (validity) binds.push(validity.deviceBuffer(ctx, 'groupBy'));
  rec.dispatch(shader(values.dtype, !!validity), new Uint32Array([values.length, G, 0, 0]), binds, groups(G));
  rec.submit();
  return { values: DataBuffer.fromDevice(ctx, 'float64', G, out), validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(G / 8), ov) };
}

function medianCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, starts: DataBuffer<'uint32'>): MedianResult {
  const n = values.length;
  const S = starts.hostView('groupBy') as Uint32Array;
  const G = S.length;
  const bits = validity?.hostView('groupBy') as Uint8Array | undefined;
  const ok = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
  const x = values.hostView('groupBy');
  const out = new Float64Array(G);
  const ov = new Uint8Array(Math.ceil(G / 8));
  for (let g = 0; g < G; g++) {
    const start = S[g]!;
    const end = g + 1 < G ? S[g + 1]! : n;
    let cnt = 0, m = 0, lo = start;
    for (let i = start; i < end; i++) {
      if (!ok(i)) continue;
      cnt++;
      if (Number.isNaN(x[i])) continue;
      if (m === 0) lo = i;
      m++;
    }
    let r = NaN;
    if (m > 0) {
      const a = Number(x[lo + ((m - 1) >> 1)]!);
      r = m % 2 === 1 ? a : (a + Number(x[lo + (m >> 1)]!)) / 2;
    }
    out[g] = r;
    if (cnt > 0) ov[g >> 3]! |= 1 << (g & 7);
  }
  // Canonical NaN bits, as the device writes them.
  const w = new Uint32Array(out.buffer, 0, 2 * G);
  for (let g = 0; g < G; g++) if (Number.isNaN(out[g])) { w[2 * g] = 0; w[2 * g + 1] = 0x7ff80000; }
  return { values: DataBuffer.fromHost(out, 'float64'), validity: DataBuffer.fromHost(ov, 'uint8') };
}

export const segmentedMedianKernel = defineKernel({
  name: 'groupby/segmented-median',
  dtypes: WORD_DTYPES,
  tolerance: EXACT,
  nulls: 'Nulls are skipped (and must sort last within each group); a group with no valid values gives null.',
  cpu: medianCpu,
  gpu: medianGpu,
});

/**
 * The float64 median of each group of consecutive rows, for values sorted ascending within
 * each group (numbers, then NaN, then nulls: the order of a stable sort by keys then value).
 *
 * @example
 * ```ts
 * const r = gf.kernels.segmentedMedian(gf.array(new Int32Array([1, 5, 9, 2, 4])), gf.array(new Uint32Array([0, 3])));
 * await r.values.toArray(); // Float64Array [5, 3]
 * ```
 */
export function segmentedMedian(values: DataBuffer, starts: DataBuffer<'uint32'>, options: { validity?: DataBuffer<'uint8'> } = {}): MedianResult {
  expectBuffer('segmentedMedian', values, 'values');
  expectDType('groupBy median', values.dtype, WORD_DTYPES);
  expectDType('groupBy starts', starts.dtype, ['uint32']);
  if (options.validity && options.validity.length < Math.ceil(values.length / 8)) {
    throw new ShapeError(`groupBy median: expected a validity bitmap of ${Math.ceil(values.length / 8)} bytes, got ${options.validity.length}`);
  }
  return run(segmentedMedianKernel, values, options.validity, starts);
}
