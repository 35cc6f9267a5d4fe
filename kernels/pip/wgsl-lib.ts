/**
 * Shared WGSL for point-in-polygon: value helpers on raw float64 bits (vec2<u32>, x = low
 * word) and the float library they need. Comparisons use the order keys of ../wgsl/order.ts
 * on values with -0 folded to +0 (so they compare as IEEE does); subtraction and products go
 * through the correctly rounded soft-float functions of ../f64/, so the kernels compute the
 * float64 values Turf computes (see ./turf-orient.ts).
 */
import { ORDER_WGSL } from '../wgsl/order.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { WG } from '../runner.js';

/** Value helpers: -0 folding, classes, tameness, cells. */
const HELPERS = /* wgsl */ `
const NO_FEATURE = 0xffffffffu;
const CELL_SAT = 1073741824;

fn nz64(a: vec2<u32>) -> vec2<u32> { return select(a, vec2<u32>(0u, 0u), a.x == 0u && a.y == 0x80000000u); }
fn keyn(a: vec2<u32>) -> vec2<u32> { return key_f64(nz64(a)); }
fn key_to_f64(k: vec2<u32>) -> vec2<u32> {
  if ((k.y & 0x80000000u) != 0u) { return vec2<u32>(k.x, k.y & 0x7fffffffu); }
  return ~k;
}
fn f64_finite(a: vec2<u32>) -> bool { return (a.y & 0x7ff00000u) != 0x7ff00000u; }
fn f64_abs(a: vec2<u32>) -> vec2<u32> { return vec2<u32>(a.x, a.y & 0x7fffffffu); }
// 0 or magnitude in [2^-460, 2^500): see ./turf-orient.ts.
fn tame64(a: vec2<u32>) -> bool {
  let e = (a.y >> 20u) & 0x7ffu;
  return ((a.y & 0x7fffffffu) | a.x) == 0u || (e >= 563u && e <= 1522u);
}
// Class of a float64: 0 zero, 1 positive, 2 negative, 3 NaN.
fn f64_class(a: vec2<u32>) -> u32 {
  if (is_nan_f64(a)) { return 3u; }
  if (((a.y & 0x7fffffffu) | a.x) == 0u) { return 0u; }
  return select(1u, 2u, (a.y & 0x80000000u) != 0u);
}
// Class of a - p for a value given by its key ka (-0 folded; NaN is the all-ones key) and a
// finite p given by its key pk: the class of the float64 difference.
fn diff_class(ka: vec2<u32>, pk: vec2<u32>) -> u32 {
  if ((ka.x & ka.y) == 0xffffffffu) { return 3u; }
  if (lt64(ka, pk)) { return 2u; }
  if (lt64(pk, ka)) { return 1u; }
  return 0u;
}
fn le0(c: u32) -> bool { return c == 0u || c == 2u; }
fn ge0(c: u32) -> bool { return c == 0u || c == 1u; }
fn floor_log2(a: vec2<u32>) -> i32 {
  if (((a.y & 0x7fffffffu) | a.x) == 0u) { return -100000; }
  return max(i32((a.y >> 20u) & 0x7ffu), 1) - 1023;
}
// floor(a / 2^k), saturated to [-2^30, 2^30]: exact and monotone in a.
fn cell_coord(a: vec2<u32>, k: i32) -> i32 {
  let neg = (a.y & 0x80000000u) != 0u;
  let e = i32((a.y >> 20u) & 0x7ffu);
  let sat = select(CELL_SAT, -CELL_SAT, neg);
  if (e == 0x7ff) { return sat; }
  var m = vec2<u32>(a.x, a.y & 0xfffffu);
  if (e != 0) { m.y = m.y | 0x100000u; }
  if ((m.x | m.y) == 0u) { return 0; }
  let sh = max(e, 1) - 1075 - k;
  var q = 0u;
  var rem = false;
  if (sh >= 0) {
    if (sh >= 30 || m.y != 0u || (m.x >> u32(30 - sh)) != 0u) { return sat; }
    q = m.x << u32(sh);
  } else {
    let s = u32(-sh);
    var q64 = vec2<u32>(0u, 0u);
    if (s >= 64u) {
      rem = true;
    } else if (s < 32u) {
      q64 = vec2<u32>((m.x >> s) | (m.y << (32u - s)), m.y >> s);
      rem = (m.x << (32u - s)) != 0u;
    } else if (s == 32u) {
      q64 = vec2<u32>(m.y, 0u);
      rem = m.x != 0u;
    } else {
      q64 = vec2<u32>(m.y >> (s - 32u), 0u);
      rem = m.x != 0u || (m.y << (64u - s)) != 0u;
    }
    if (q64.y != 0u || q64.x >= u32(CELL_SAT)) { return sat; }
    q = q64.x;
  }
  if (neg) { return -(i32(q) + select(0, 1, rem)); }
  return i32(q);
}
`;

/** Order keys, soft float64 and the helpers above. */
export const FLOAT_LIB = `${ORDER_WGSL}\n${SOFT_F64_WGSL}\n${SOFT_F64_MUL_WGSL}\n${HELPERS}`;

/** The linear thread index of a 2-D grid, as `t`. */
export const LINEAR = `let t = gid.x + gid.y * nwg.x * ${WG}u;`;
export const MAIN_ARGS = '@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>';
