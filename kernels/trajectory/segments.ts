/**
 * trajectory/segments: the length and bearing of every segment (x0, y0) → (x1, y1) of a
 * trajectory, one thread per segment (the endpoints gathered beforehand by the caller, so
 * this op is elementwise and windows like any map).
 *
 * - haversine (lon/lat degrees): the spherical Vincenty form of ../haversine/haversine.ts in
 *   double-float (df64), and the initial bearing atan2(a, b) from the same two terms
 *   (a = cosφ2 sinΔλ, b = cosφ1 sinφ2 − sinφ1 cosφ2 cosΔλ) in degrees, clockwise from
 *   north, in [0, 360). NaN where a coordinate is NaN/±Inf, |lat| > 90 or |lon| > 360.
 * - euclidean (planar): √(dx² + dy²) in software binary64 (../f64: every step correctly
 *   rounded, bit-identical to the CPU twin), and atan2(dy, dx) in degrees counterclockwise
 *   from +x, in (−180, 180], computed in df64 from dx/m, dy/m (m = max(|dx|, |dy|), so any
 *   finite difference is in df64's range); NaN where dx or dy is not finite, 0 where both are 0.
 *
 * Bindings: 0 uniform {n, key, metric, p, radius (f64 bits), deg (180/π, f64 bits)},
 * 1..4 X0, Y0, X1, Y1 (float64 as vec2<u32>), 5 L (length), 6 B (bearing): six storage
 * bindings. Long arrays run in binding windows; grids past 65,535 groups use 2-D.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { defineKernel, run } from '../registry.js';
import { groups, Recorder, slice, windows, WG, type Binding } from '../runner.js';
import { DF64_KEY, DF64_WGSL } from '../df64/df64.js';
import { GREAT_CIRCLE_WGSL } from '../haversine/great-circle.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import { segmentsCpu, type SegmentMetric } from './segments-cpu.js';

export type { SegmentMetric } from './segments-cpu.js';

const SHADER = {
  label: 'trajectory/segments',
  code: /* wgsl */ `
// trajectory/segments: L[i], B[i] = length and bearing of (X0[i], Y0[i]) -> (X1[i], Y1[i]).
// metric 0 = haversine (df64 Vincenty form, bearing from north in [0, 360)),
// metric 1 = euclidean (software binary64 length, atan2(dy, dx) in degrees).
struct Params { n: u32, key: u32, metric: u32, p0: u32, rad: vec2<u32>, deg: vec2<u32> }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X0: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Y0: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> X1: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> Y1: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read_write> L: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read_write> B: array<vec2<u32>>;
${DF64_WGSL}
${GREAT_CIRCLE_WGSL}
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
${SOFT_F64_SQRT_WGSL}
const NAN64 = vec2<u32>(0u, 0x7ff80000u);
// |x| <= limit for float64 bits, limit a float64 whose low word is 0; false for NaN and Inf.
fn seg_within(w: vec2<u32>, limit_hi: u32) -> bool {
  let h = w.y & 0x7fffffffu;
  return h < limit_hi || (h == limit_hi && w.x == 0u);
}
fn haversine_seg(i: u32, l1: vec2<u32>, p1: vec2<u32>, l2: vec2<u32>, p2: vec2<u32>) {
  // 0x40568000 = 90.0, 0x40768000 = 360.0 (high words; low words 0). NaN and Inf fail too.
  if (!(seg_within(p1, 0x40568000u) && seg_within(p2, 0x40568000u) && seg_within(l1, 0x40768000u) && seg_within(l2, 0x40768000u))) {
    L[i] = NAN64;
    B[i] = NAN64;
    return;
  }
  let g = gc_terms(l1, p1, l2, p2);
  L[i] = df64_to_f64(df64_mul(df64_atan2(g.y, g.x), df64_from_f64(P.rad).v));
  var deg = df64_mul(df64_atan2(g.a, g.b), df64_from_f64(P.deg).v);
  if (deg.x < 0.0 || (deg.x == 0.0 && deg.y < 0.0)) { deg = df64_add_f32(deg, 360.0); }
  var out = df64_to_f64(deg);
  if (out.x == 0u && out.y == 0x40768000u) { out = vec2<u32>(0u, 0u); } // 360 rounds to 0
  B[i] = out;
}
fn euclidean_seg(i: u32, x1: vec2<u32>, y1: vec2<u32>, x2: vec2<u32>, y2: vec2<u32>) {
  let dx = f64_sub(x2, x1);
  let dy = f64_sub(y2, y1);
  L[i] = f64_sqrt(f64_add(f64_mul(dx, dx), f64_mul(dy, dy)));
  let ax = dx.y & 0x7fffffffu;
  let ay = dy.y & 0x7fffffffu;
  if (ax >= 0x7ff00000u || ay >= 0x7ff00000u) { B[i] = NAN64; return; } // NaN or ±Inf
  if ((ax | dx.x | ay | dy.x) == 0u) { B[i] = vec2<u32>(0u, 0u); return; }
  // atan2 of dy/m, dx/m with m = max(|dx|, |dy|): both in [-1, 1], inside df64's range.
  let m = select(vec2<u32>(dx.x, ax), vec2<u32>(dy.x, ay), ay > ax || (ay == ax && dy.x > dx.x));
  let fx = df64_from_f64(f64_div(dx, m)).v;
  let fy = df64_from_f64(f64_div(dy, m)).v;
  B[i] = df64_to_f64(df64_mul(df64_atan2(fy, fx), df64_from_f64(P.deg).v));
}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  df64_init(P.key);
  if (P.metric == 0u) { haversine_seg(i, X0[i], Y0[i], X1[i], Y1[i]); }
  else { euclidean_seg(i, X0[i], Y0[i], X1[i], Y1[i]); }
}`,
};

const F64 = new Float64Array(1);
const W = new Uint32Array(F64.buffer);
const words = (x: number): [number, number] => ((F64[0] = x), [W[0]!, W[1]!]);

function segmentsGpu(ctx: GpuContext, x0: DataBuffer<'float64'>, y0: DataBuffer<'float64'>, x1: DataBuffer<'float64'>, y1: DataBuffer<'float64'>, metric: SegmentMetric, radius: number) {
  const n = x0.length;
  const rec = new Recorder(ctx);
  const L = rec.output(n * 8);
  const B = rec.output(n * 8);
  const ins = [x0, y0, x1, y1].map((b) => b.deviceBuffer(ctx, SHADER.label));
  const u = new Uint32Array(8);
  u[1] = DF64_KEY;
  u[2] = metric === 'haversine' ? 0 : 1;
  [u[4], u[5]] = words(radius);
  [u[6], u[7]] = words(180 / Math.PI);
  for (const { start, count } of windows(n, 8, ctx.maxBindingBytes)) {
    u[0] = count;
    const binds: Binding[] = [...ins.map((b) => slice(b, start, count, 8)), slice(L, start, count, 8), slice(B, start, count, 8)];
    rec.dispatch(SHADER, u.slice(), binds, groups(count));
  }
  rec.submit();
  return { length: DataBuffer.fromDevice(ctx, 'float64', n, L), bearing: DataBuffer.fromDevice(ctx, 'float64', n, B) };
}

export const segmentsKernel = defineKernel({
  name: 'trajectory/segments',
  dtypes: ['float64'],
  tolerance: {
    kind: 'float',
    rel: 1e-12,
    abs: 2e-9,
    note: 'euclidean length: bit-identical (software binary64). haversine length: df64 vs float64 by the same Vincenty form, within 2e-9 in the radius unit at the default radius in km (as spatial/haversine). Bearings (degrees): df64 atan2, within 2e-9° for segments longer than about 1e-4 of the radius (short segments lose digits in both bodies: their terms cancel)',
  },
  nulls: 'Null slots are computed like any other row; the caller nulls segments of null points.',
  cpu: segmentsCpu,
  gpu: segmentsGpu,
});

/**
 * Length and bearing of each segment (x0[i], y0[i]) → (x1[i], y1[i]) (see the module
 * comment for the metrics and units). `radius` scales haversine lengths (ignored by
 * euclidean).
 *
 * @example
 * ```ts
 * const a = (v: number[]) => gf.array(new Float64Array(v));
 * const s = gf.kernels.trajectorySegments(a([0]), a([0]), a([0]), a([1]), 'haversine', 6371.0088);
 * await s.length.toArray();  // Float64Array [~111.195]
 * await s.bearing.toArray(); // Float64Array [0] (due north)
 * ```
 */
export function trajectorySegments(x0: DataBuffer<'float64'>, y0: DataBuffer<'float64'>, x1: DataBuffer<'float64'>, y1: DataBuffer<'float64'>, metric: SegmentMetric, radius: number): { length: DataBuffer<'float64'>; bearing: DataBuffer<'float64'> } {
  expectBuffer('trajectorySegments', x0, 'x0');
  const op = 'trajectory/segments';
  [x0, y0, x1, y1].forEach((b, j) => {
    expectDType(`${op} ${['x0', 'y0', 'x1', 'y1'][j]}`, b.dtype, ['float64']);
    if (b.length !== x0.length) throw new ShapeError(`${op}: expected arrays of ${x0.length} segments, got ${b.length}`);
  });
  if (metric !== 'haversine' && metric !== 'euclidean') throw new ValueError(`${op}: expected metric 'haversine' | 'euclidean', got '${String(metric)}'`);
  if (!(radius > 0) || !Number.isFinite(radius)) throw new ValueError(`${op}: expected radius a finite number > 0, got ${radius}`);
  return run(segmentsKernel, x0, y0, x1, y1, metric, radius);
}
