/**
 * WGSL fragments shared by the k-means kernels: exact float64 arithmetic (soft-f64 add, sub,
 * mul and div from ../f64/), the squared distance in a fixed feature order, and the entry point.
 *
 * The squared distance between point row `xb` of M and center row `cb` of a center array is
 * `acc = +0; for j in 0..d: t = x_j - c_j; acc = acc + t * t`, every operation correctly
 * rounded in binary64: exactly what the JS twin computes with plain numbers, so distances,
 * and hence argmin assignments, agree bit for bit. Distances are never NaN for finite
 * inputs and never -0, so their bit patterns order like their values.
 *
 * Soft binary64 is slow, so kernels first bracket each distance in hardware f32: with x', c'
 * the coordinates truncated to f32 (|x' - x| < 2^-23 |x|, or < 2^-126 when flushed to 0)
 * and t' = x' - c', every term obeys |t'^2 - t^2| <= E (2|t'| + E) with
 * E = 2^-21 (|x'| + |c'|) + 2^-124, which covers both truncations, the rounding of the
 * subtraction and flushed subnormals. `km_approx_<A>` returns S' = sum t'^2 and a bound B
 * on |S' - exact distance| that adds, to the sum of those terms (times 1 + 2^-10),
 * (d + 4) 2^-22 S' for the roundings of the squares, the sum, the binary64 result and the
 * caller's S' +- B, plus d 2^-120 for flushed squares. Summation order, fused multiply-adds
 * or flushing in the f32 code only change results within those terms. Coordinates of
 * magnitude 2^40 or more (where f32 could overflow) give B = -1: no bracket. A kernel uses
 * the bracket only to skip a soft-f64 distance that provably cannot change its result, so
 * results are exactly those of evaluating every distance in binary64.
 */
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { WG } from '../runner.js';

/** The linear thread index over a 1-D or 2-D grid. */
export const LINEAR = `gid.x + gid.y * nwg.x * ${WG}u`;

/** The entry point signature every k-means kernel uses. */
export const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32)`;

export const KM_PRELUDE = /* wgsl */ `
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
const KM_ZERO = vec2<u32>(0u, 0u);
const KM_ONE = vec2<u32>(0u, 0x3ff00000u);
// a == ±0.
fn km_is_zero(a: vec2<u32>) -> bool { return a.x == 0u && (a.y & 0x7fffffffu) == 0u; }
// a > 0 (not NaN, not ±0, sign clear).
fn km_positive(a: vec2<u32>) -> bool { return !km_is_zero(a) && (a.y & 0x80000000u) == 0u && !(((a.y & 0x7ff00000u) == 0x7ff00000u) && ((a.y & 0xfffffu) != 0u || a.x != 0u)); }
fn km_finite(a: vec2<u32>) -> bool { return (a.y & 0x7ff00000u) != 0x7ff00000u; }
// a < b for non-negative, non-NaN values: their bits order as their values.
fn km_lt(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }
// |a| < 2^40 (finite): the range where the f32 bracket cannot overflow.
fn km_small(a: vec2<u32>) -> bool { return ((a.y >> 20u) & 0x7ffu) < 1063u; }
// f32 of a float64 with |a| < 2^40, truncated toward zero; 0 below 2^-126 (and, as a
// placeholder never used in a bracket, for |a| >= 2^40).
fn km_f32(a: vec2<u32>) -> f32 {
  let e = (a.y >> 20u) & 0x7ffu;
  if (e < 897u || e >= 1063u) { return 0.0; }
  return bitcast<f32>((a.y & 0x80000000u) | ((e - 896u) << 23u) | ((a.y & 0xfffffu) << 3u) | (a.x >> 29u));
}
// An upper bound, in f32, of a non-negative float64 below 2^80 (else 3e38).
fn km_upper(a: vec2<u32>) -> f32 {
  if (((a.y >> 20u) & 0x7ffu) >= 1103u) { return 3.0e38; }
  let e = (a.y >> 20u) & 0x7ffu;
  if (e < 897u) { return 4.7e-38; }
  let t = bitcast<f32>(((e - 896u) << 23u) | ((a.y & 0xfffffu) << 3u) | (a.x >> 29u));
  return t * 1.0000005 + 4.7e-38;
}
// The exact float64 of a u32.
fn km_from_u32(v: u32) -> vec2<u32> { return f64_from_i128(vec4<u32>(v, 0u, 0u, 0u)); }
`;

/**
 * `fn km_dist_<A>(xb, cb)`: squared distance between M[xb .. xb + d) and A[cb .. cb + d),
 * where A is a storage array of centers (`C`) or candidates (`G`). Needs `P.d` >= 1.
 */
export function distFn(array: 'C' | 'G'): string {
  return /* wgsl */ `
fn km_dist_${array}(xb: u32, cb: u32) -> vec2<u32> {
  // +0 + t0^2 is t0^2 exactly (a square is never -0), so the sum starts from it.
  let t0 = f64_sub(M[xb], ${array}[cb]);
  var acc = f64_mul(t0, t0);
  for (var j = 1u; j < P.d; j = j + 1u) {
    let t = f64_sub(M[xb + j], ${array}[cb + j]);
    acc = f64_add(acc, f64_mul(t, t));
  }
  return acc;
}`;
}

/**
 * The f32 side of the bracket. A thread caches its point's f32 coordinates (the first 16
 * features; later ones are converted on the fly) with `km_load_point(xb)`; center rows come
 * pre-converted in `<A>F` (see `rowsF32Shader`): rows * d truncated values, then one flag per
 * row (1.0 when every coordinate is below 2^40). Needs `M`, `P.d` and `<A>F`.
 */
export const POINT_CACHE = /* wgsl */ `
var<private> km_xf: array<f32, 16>;
var<private> km_xsmall: bool;
fn km_load_point(xb: u32) {
  km_xsmall = true;
  for (var j = 0u; j < P.d; j = j + 1u) {
    let w = M[xb + j];
    km_xsmall = km_xsmall && km_small(w);
    if (j < 16u) { km_xf[j] = km_f32(w); }
  }
}
fn km_xcoord(xb: u32, j: u32) -> f32 {
  if (j < 16u) { return km_xf[j]; }
  return km_f32(M[xb + j]);
}`;

/**
 * `fn km_approx_<A>(xb, row) -> vec2<f32>`: the f32 bracket (S', B) of the squared distance
 * between the cached point (row xb of M) and row `row` of A, whose f32 copy is `<A>F` with
 * `rows` rows; B = -1 when a coordinate is 2^40 or more. Call `km_load_point(xb)` first.
 */
export function approxFn(array: 'C' | 'G', rows: string): string {
  return /* wgsl */ `
fn km_approx_${array}(xb: u32, row: u32) -> vec2<f32> {
  var s = 0.0;
  var b = 0.0;
  let cb = row * P.d;
  for (var j = 0u; j < P.d; j = j + 1u) {
    let xv = km_xcoord(xb, j);
    let cv = ${array}F[cb + j];
    let t = xv - cv;
    let e = 4.76837158203125e-7 * (abs(xv) + abs(cv)) + 4.7019774e-38;
    s = s + t * t;
    b = b + e * (2.0 * abs(t) + e);
  }
  if (!km_xsmall || ${array}F[${rows} * P.d + row] == 0.0) { return vec2<f32>(s, -1.0); }
  let fd = f32(P.d);
  return vec2<f32>(s, b * 1.0009765625 + (fd + 4.0) * 2.384185791015625e-7 * s + fd * 7.52316384526264e-37);
}`;
}

/** f32 copies of `rows` rows of d float64s, then a below-2^40 flag per row (see POINT_CACHE). */
export function rowsF32Shader() {
  const code = /* wgsl */ `
// kmeans/rows-f32: one thread per row. Bindings: 1 A (rows * d float64), 2 AF (f32 copy + flags).
struct Params { rows: u32, d: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> AF: array<f32>;
${KM_PRELUDE}
${ENTRY} {
  let r = ${LINEAR};
  if (r >= P.rows) { return; }
  var small = true;
  for (var j = 0u; j < P.d; j = j + 1u) {
    let w = A[r * P.d + j];
    small = small && km_small(w);
    AF[r * P.d + j] = km_f32(w);
  }
  AF[P.rows * P.d + r] = select(0.0, 1.0, small);
}`;
  return { label: 'kmeans/rows-f32', code };
}
