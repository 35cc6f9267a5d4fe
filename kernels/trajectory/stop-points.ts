/**
 * trajectory/stop-points: the packed points the stop detector walks, four float64 per point:
 * - 'euclidean': (x, y, 0, t);
 * - 'haversine': (X, Y, Z, t), the unit vector of (lon x, lat y) in degrees:
 *   X = cos φ cos λ, Y = cos φ sin λ, Z = sin φ; NaN where |lat| > 90, |lon| > 360 or a
 *   coordinate is not finite (as gf.haversine's domain).
 * The sines and cosines are computed by one fixed sequence of float64 operations (each
 * correctly rounded: software binary64 on the GPU, plain JS numbers on the CPU, no fused
 * operations), so both bodies give the same bits: the angle is reduced exactly in degrees to
 * d ∈ [−45, 45] (d = a − 90k: exact subtractions), d × (π/180) once rounded, then Taylor
 * polynomials in Horner form to the r¹⁷ / r¹⁸ terms (error about 1e-16).
 *
 * Bindings: 0 uniform {n, metric}, 1 XY (interleaved, vec4<u32> per point), 2 T, 3 out
 * (two vec4<u32> per point). Binding windows and 2-D grids as ./interleave.ts.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import type { SegmentMetric } from './segments-cpu.js';

const F64 = new Float64Array(1);
const W = new Uint32Array(F64.buffer);
const lit = (x: number) => ((F64[0] = x), `vec2<u32>(${W[0]}u, ${W[1]}u)`);
/** 1/n! for the sine (odd n, 3..17) and cosine (even n, 2..18) series, highest first. */
const fact = (n: number) => { let f = 1; for (let k = 2; k <= n; k++) f *= k; return f; };
const SIN_C = [17, 15, 13, 11, 9, 7, 5, 3].map((n) => ((n - 1) / 2) % 2 === 1 ? -1 / fact(n) : 1 / fact(n));
const COS_C = [18, 16, 14, 12, 10, 8, 6, 4, 2].map((n) => (n / 2) % 2 === 1 ? -1 / fact(n) : 1 / fact(n));
const D2R = Math.PI / 180;

const SHADER = {
  label: 'trajectory/stop-points',
  code: /* wgsl */ `
// trajectory/stop-points: (x, y, t) -> (x, y, 0, t) or the unit vector (X, Y, Z, t).
struct Params { n: u32, metric: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> U: Params;
@group(0) @binding(1) var<storage, read> XY: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> T: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> O: array<vec4<u32>>;
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
const NAN64 = vec2<u32>(0u, 0x7ff80000u);
fn sp_within(w: vec2<u32>, limit_hi: u32) -> bool {
  let h = w.y & 0x7fffffffu;
  return h < limit_hi || (h == limit_hi && w.x == 0u);
}
fn sp_gt(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y > b.y || (a.y == b.y && a.x > b.x); } // both positive
// (sin, cos) of an angle in degrees, |a| <= 360, as the CPU twin's operation sequence.
fn sp_sincos(a_in: vec2<u32>) -> vec4<u32> {
  var d = a_in;
  var k = 0u;
  let q = ${lit(45)};
  let ninety = ${lit(90)};
  for (var j = 0u; j < 4u; j++) {
    if ((d.y & 0x80000000u) == 0u && sp_gt(d, q)) { d = f64_sub(d, ninety); k++; }
    else if ((d.y & 0x80000000u) != 0u && sp_gt(vec2<u32>(d.x, d.y & 0x7fffffffu), q)) { d = f64_add(d, ninety); k += 3u; }
  }
  let r = f64_mul(d, ${lit(D2R)});
  let r2 = f64_mul(r, r);
  var ps = ${lit(SIN_C[0]!)};
${SIN_C.slice(1).map((c) => `  ps = f64_add(f64_mul(ps, r2), ${lit(c)});`).join('\n')}
  let s = f64_add(r, f64_mul(f64_mul(ps, r2), r));
  var pc = ${lit(COS_C[0]!)};
${COS_C.slice(1).map((c) => `  pc = f64_add(f64_mul(pc, r2), ${lit(c)});`).join('\n')}
  let c = f64_add(${lit(1)}, f64_mul(pc, r2));
  let m = k % 4u;
  if (m == 0u) { return vec4<u32>(s, c); }
  if (m == 1u) { return vec4<u32>(c, f64_neg(s)); }
  if (m == 2u) { return vec4<u32>(f64_neg(s), f64_neg(c)); }
  return vec4<u32>(f64_neg(c), s);
}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= U.n) { return; }
  let p = XY[i];
  let t = T[i];
  if (U.metric == 1u) { O[2u * i] = p; O[2u * i + 1u] = vec4<u32>(0u, 0u, t); return; }
  let lon = p.xy; let lat = p.zw;
  // 0x40568000 = 90.0, 0x40768000 = 360.0 (high words); NaN and Inf fail too.
  if (!(sp_within(lat, 0x40568000u) && sp_within(lon, 0x40768000u))) {
    O[2u * i] = vec4<u32>(NAN64, NAN64); O[2u * i + 1u] = vec4<u32>(NAN64, t); return;
  }
  let f = sp_sincos(lat);
  let l = sp_sincos(lon);
  O[2u * i] = vec4<u32>(f64_mul(f.zw, l.zw), f64_mul(f.zw, l.xy));
  O[2u * i + 1u] = vec4<u32>(f.xy, t);
}`,
};

/** The twin of sp_sincos: the same float64 operations in the same order. */
function sincos(a: number): [number, number] {
  let d = a, k = 0;
  for (let j = 0; j < 4; j++) {
    if (d > 45) { d -= 90; k++; } else if (d < -45) { d += 90; k += 3; }
  }
  const r = d * D2R;
  const r2 = r * r;
  let ps = SIN_C[0]!;
  for (let j = 1; j < SIN_C.length; j++) ps = ps * r2 + SIN_C[j]!;
  const s = r + ps * r2 * r;
  let pc = COS_C[0]!;
  for (let j = 1; j < COS_C.length; j++) pc = pc * r2 + COS_C[j]!;
  const c = 1 + pc * r2;
  switch (k % 4) {
    case 0: return [s, c];
    case 1: return [c, -s];
    case 2: return [-s, -c];
    default: return [-c, s];
  }
}

function stopPointsCpu(xy: DataBuffer<'float64'>, t: DataBuffer<'float64'>, metric: SegmentMetric): DataBuffer<'float64'> {
  const p = xy.hostView(SHADER.label) as Float64Array;
  const tt = t.hostView(SHADER.label) as Float64Array;
  const n = tt.length;
  const out = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x = p[2 * i]!, y = p[2 * i + 1]!;
    out[4 * i + 3] = tt[i]!;
    if (metric === 'euclidean') { out[4 * i] = x; out[4 * i + 1] = y; continue; }
    if (!(Math.abs(y) <= 90 && Math.abs(x) <= 360)) { out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = NaN; continue; }
    const [sf, cf] = sincos(y);
    const [sl, cl] = sincos(x);
    out[4 * i] = cf * cl;
    out[4 * i + 1] = cf * sl;
    out[4 * i + 2] = sf;
  }
  return DataBuffer.fromHost(out, 'float64');
}

function stopPointsGpu(ctx: GpuContext, xy: DataBuffer<'float64'>, t: DataBuffer<'float64'>, metric: SegmentMetric): DataBuffer<'float64'> {
  const n = t.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n * 32);
  const X = xy.deviceBuffer(ctx, SHADER.label);
  const T = t.deviceBuffer(ctx, SHADER.label);
  for (const { start, count } of windows(n, 32, ctx.maxBindingBytes)) {
    rec.dispatch(SHADER, new Uint32Array([count, metric === 'haversine' ? 0 : 1, 0, 0]), [slice(X, start, count, 16), slice(T, start, count, 8), slice(out, start, count, 32)], groups(count));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', 4 * n, out);
}

export const stopPointsKernel = defineKernel({
  name: 'trajectory/stop-points',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'Takes no bitmap: every point is converted; points outside the haversine domain give NaN vectors.',
  cpu: stopPointsCpu,
  gpu: stopPointsGpu,
});

/**
 * Pack interleaved xy points and their times as the stop detector's points (four float64
 * per point; see the module comment).
 *
 * @example
 * ```ts
 * const p = gf.kernels.trajectoryStopPoints(gf.array(new Float64Array([90, 0])), gf.array(new Float64Array([5])), 'haversine');
 * await p.toArray(); // Float64Array [~0, 1, 0, 5] (lon 90°, lat 0° is the +Y axis)
 * ```
 */
export function trajectoryStopPoints(xy: DataBuffer<'float64'>, t: DataBuffer<'float64'>, metric: SegmentMetric): DataBuffer<'float64'> {
  expectBuffer('trajectoryStopPoints', xy, 'xy');
  const op = 'trajectory/stop-points';
  expectDType(`${op} xy`, xy.dtype, ['float64']);
  expectDType(`${op} t`, t.dtype, ['float64']);
  if (xy.length !== 2 * t.length) throw new ShapeError(`${op}: expected ${2 * t.length} xy values for ${t.length} times, got ${xy.length}`);
  if (metric !== 'haversine' && metric !== 'euclidean') throw new ValueError(`${op}: expected metric 'haversine' | 'euclidean', got '${String(metric)}'`);
  return run(stopPointsKernel, xy, t, metric);
}
