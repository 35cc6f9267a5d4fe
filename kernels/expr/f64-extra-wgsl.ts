/**
 * WGSL fragment: exact float64 operations on raw bits (vec2<u32>, x = low word) that the
 * soft binary64 library (../f64/soft-f64.ts) does not have, for the fused expression kernel.
 * Integer arithmetic only; each result is bit for bit what JS gives (NaN: any NaN).
 *
 * - f64x_trunc/f64x_floor/f64x_ceil: Math.trunc/floor/ceil (signed zeros kept: floor(−0) = −0,
 *   ceil(−0.5) = −0). floor/ceil add ∓1 with the exact f64_add.
 * - f64x_round: round half away from zero (Polars `round`): t = trunc(x), then t ± 1 when
 *   |x − t| ≥ 0.5 (x − t is exact).
 * - f64x_to_f32: the nearest float32 bits (ties to even), as Math.fround: overflow to ±Inf,
 *   gradual underflow to float32 subnormals, NaN to the quiet NaN.
 * - f64x_to_int: truncation toward zero as a sign and a 64-bit magnitude, with `big` set for
 *   NaN, ±Inf and |x| ≥ 2^64 (the caller checks the target type's range).
 * - f64x_from_i32/f64x_from_u32/f64x_from_i64/f64x_from_u64: exact for 32-bit values, the
 *   nearest float64 (ties to even) for 64-bit ones, as JS Number(bigint).
 * Needs SOFT_F64_WGSL (f64_add, f64_from_i128) and INT64_WGSL (i64_shl, u64_shr).
 */
export const F64_EXTRA_WGSL = /* wgsl */ `
// ---- float64 bits: trunc/floor/ceil/round, conversions ----
fn f64x_trunc(a: vec2<u32>) -> vec2<u32> {
  let e = i32((a.y >> 20u) & 0x7ffu) - 1023;
  if (e < 0) { return vec2<u32>(0u, a.y & 0x80000000u); }
  if (e >= 52) { return a; }
  let k = u32(52 - e);
  if (k >= 32u) { return vec2<u32>(0u, a.y & ~((1u << (k - 32u)) - 1u)); }
  return vec2<u32>(a.x & ~((1u << k) - 1u), a.y);
}
fn f64x_floor(a: vec2<u32>) -> vec2<u32> {
  let t = f64x_trunc(a);
  if ((a.y & 0x80000000u) != 0u && any(t != a)) { return f64_add(t, vec2<u32>(0u, 0xbff00000u)); }
  return t;
}
fn f64x_ceil(a: vec2<u32>) -> vec2<u32> {
  let t = f64x_trunc(a);
  if ((a.y & 0x80000000u) == 0u && any(t != a)) { return f64_add(t, vec2<u32>(0u, 0x3ff00000u)); }
  return t;
}
fn f64x_round(a: vec2<u32>) -> vec2<u32> {
  let e = i32((a.y >> 20u) & 0x7ffu) - 1023;
  if (e >= 52) { return a; }
  let t = f64x_trunc(a);
  let d = f64_add(a, vec2<u32>(t.x, t.y ^ 0x80000000u));
  let ad = vec2<u32>(d.x, d.y & 0x7fffffffu);
  if (ad.y >= 0x3fe00000u) { return f64_add(t, vec2<u32>(0u, (a.y & 0x80000000u) | 0x3ff00000u)); }
  return t;
}
fn f64x_to_f32(a: vec2<u32>) -> u32 {
  let s = a.y & 0x80000000u;
  let e = i32((a.y >> 20u) & 0x7ffu);
  let mhi = a.y & 0xfffffu;
  if (e == 0x7ff) {
    if ((mhi | a.x) != 0u) { return 0x7fc00000u; }
    return s | 0x7f800000u;
  }
  if (e == 0) { return s; }
  let E = e - 1023 + 127;
  if (E >= 255) { return s | 0x7f800000u; }
  let m = vec2<u32>(a.x, mhi | 0x100000u);
  var sh = 29u;
  if (E <= 0) { sh = u32(30 - E); }
  if (sh >= 64u) { return s; }
  var q = u64_shr(m, sh);
  // Remainder below the kept bits against half an ulp (sh in 29..63).
  let rem = i64_sub(m, i64_shl(q, sh));
  let half = i64_shl(vec2<u32>(1u, 0u), sh - 1u);
  if (u64_lt(half, rem) || (all(rem == half) && (q.x & 1u) == 1u)) { q = i64_add(q, vec2<u32>(1u, 0u)); }
  if (E <= 0) { return s | q.x; }
  let bits = (u32(E - 1) << 23u) + q.x;
  if (bits >= 0x7f800000u) { return s | 0x7f800000u; }
  return s | bits;
}
struct F64ToInt { mag: vec2<u32>, neg: bool, big: bool }
fn f64x_to_int(a: vec2<u32>) -> F64ToInt {
  let neg = (a.y & 0x80000000u) != 0u;
  let e = i32((a.y >> 20u) & 0x7ffu) - 1023;
  if (e == 1024 || e >= 64) { return F64ToInt(vec2<u32>(0u, 0u), neg, true); }
  if (e < 0) { return F64ToInt(vec2<u32>(0u, 0u), neg, false); }
  let m = vec2<u32>(a.x, (a.y & 0xfffffu) | 0x100000u);
  if (e >= 52) { return F64ToInt(i64_shl(m, u32(e - 52)), neg, false); }
  return F64ToInt(u64_shr(m, u32(52 - e)), neg, false);
}
fn f64x_from_i32(a: u32) -> vec2<u32> {
  let s = select(0u, 0xffffffffu, (a & 0x80000000u) != 0u);
  return f64_from_i128(vec4<u32>(a, s, s, s));
}
fn f64x_from_u32(a: u32) -> vec2<u32> { return f64_from_i128(vec4<u32>(a, 0u, 0u, 0u)); }
fn f64x_from_i64(a: vec2<u32>) -> vec2<u32> {
  let s = select(0u, 0xffffffffu, (a.y & 0x80000000u) != 0u);
  return f64_from_i128(vec4<u32>(a.x, a.y, s, s));
}
fn f64x_from_u64(a: vec2<u32>) -> vec2<u32> { return f64_from_i128(vec4<u32>(a.x, a.y, 0u, 0u)); }
`;
