/**
 * Software IEEE 754 binary64 arithmetic in WGSL, on raw bits and u32 integer arithmetic
 * only. No f32 operation is used anywhere, so every result is exact (correctly rounded) on
 * every driver, whatever it does with float denormals, NaN or fused operations.
 *
 * A float64 is `vec2<u32>` holding its bits (x = low word, y = high word: sign, 11-bit
 * exponent, top 20 fraction bits), exactly as a Float64Array's bytes upload.
 *
 * Functions (all prefixed `sf64_` except the public four):
 * - `f64_add(a, b)`: a + b, round to nearest, ties to even.
 * - `f64_div(a, b)`: a / b, round to nearest, ties to even (restoring division, 55 steps).
 * - `f64_from_f32(v)`: the exact float64 of float32 bits `v`.
 * - `f64_from_i128(v)`: a 128-bit two's complement integer (vec4<u32>, x = lowest word),
 *   rounded to the nearest float64, ties to even (as JS `Number(bigint)`).
 *
 * Special values follow IEEE 754 and match JS bit for bit, except NaN: every NaN result is
 * the canonical quiet NaN 0x7ff8000000000000 (payloads are not propagated).
 * - Zeros: -0 + -0 = -0; x + -x = +0; +0 + -0 = +0.
 * - Inf + -Inf = NaN; x / 0 = ±Inf; 0 / 0 and Inf / Inf = NaN.
 * - Overflow rounds to ±Inf; subnormal inputs and results are handled exactly.
 *
 * Algorithm (Berkeley SoftFloat style): unpack to a 53-bit significand with an explicit
 * leading 1, widen by 3 bits (guard, round, sticky), align by shifting right with
 * "jamming" (lost bits ORed into the sticky bit), add or subtract, normalise, then one
 * rounding step in `sf64_round_pack`, which also denormalises results below 2^-1022.
 */
export const SOFT_F64_WGSL = /* wgsl */ `
const SF64_QNAN = vec2<u32>(0u, 0x7ff80000u);

fn sf64_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}
fn sf64_sub64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  return vec2<u32>(a.x - b.x, a.y - b.y - select(0u, 1u, a.x < b.x));
}
fn sf64_lt64(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }
fn sf64_is_zero(a: vec2<u32>) -> bool { return (a.x | a.y) == 0u; }
fn sf64_clz(a: vec2<u32>) -> u32 {
  if (a.y != 0u) { return countLeadingZeros(a.y); }
  return 32u + countLeadingZeros(a.x);
}
// a << n for 0 <= n < 64 (WGSL shifts take the amount mod 32, so each case is explicit).
fn sf64_shl(a: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return a; }
  if (n >= 32u) { return vec2<u32>(0u, a.x << (n - 32u)); }
  return vec2<u32>(a.x << n, (a.y << n) | (a.x >> (32u - n)));
}
// a >> n for any n, with every bit shifted out ORed into bit 0 (the sticky bit).
fn sf64_shr_jam(a: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return a; }
  if (n >= 64u) { return vec2<u32>(select(0u, 1u, !sf64_is_zero(a)), 0u); }
  var r: vec2<u32>;
  var lost: bool;
  if (n < 32u) {
    r = vec2<u32>((a.x >> n) | (a.y << (32u - n)), a.y >> n);
    lost = (a.x << (32u - n)) != 0u;
  } else if (n == 32u) {
    r = vec2<u32>(a.y, 0u);
    lost = a.x != 0u;
  } else {
    r = vec2<u32>(a.y >> (n - 32u), 0u);
    lost = a.x != 0u || (a.y << (64u - n)) != 0u;
  }
  if (lost) { r.x = r.x | 1u; }
  return r;
}

// Round and pack. s: sign bit (0 or 0x80000000); e: biased exponent, may be < 1 for a
// result below the normal range; m < 2^56: the significand with its leading 1 at bit 55
// (or e == 1 and no leading 1: subnormal), then guard, round and sticky bits.
fn sf64_round_pack(s: u32, e_in: i32, m_in: vec2<u32>) -> vec2<u32> {
  var e = e_in;
  var m = m_in;
  if (e < 1) {
    m = sf64_shr_jam(m, u32(min(1 - e, 64)));
    e = 1;
  }
  let grs = m.x & 7u;
  m = vec2<u32>((m.x >> 3u) | (m.y << 29u), m.y >> 3u);
  if (grs > 4u || (grs == 4u && (m.x & 1u) == 1u)) {
    m = sf64_add64(m, vec2<u32>(1u, 0u));
    if ((m.y & 0x00200000u) != 0u) {
      m = vec2<u32>((m.x >> 1u) | (m.y << 31u), m.y >> 1u);
      e = e + 1;
    }
  }
  if (e >= 2047) { return vec2<u32>(0u, s | 0x7ff00000u); }
  if ((m.y & 0x00100000u) == 0u) { return vec2<u32>(m.x, s | m.y); }
  return vec2<u32>(m.x, s | (u32(e) << 20u) | (m.y & 0x000fffffu));
}

fn sf64_is_nan(a: vec2<u32>) -> bool {
  let h = a.y & 0x7fffffffu;
  return h > 0x7ff00000u || (h == 0x7ff00000u && a.x != 0u);
}

fn f64_add(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let ea = (a.y >> 20u) & 0x7ffu;
  let eb = (b.y >> 20u) & 0x7ffu;
  if (ea == 0x7ffu || eb == 0x7ffu) {
    if (sf64_is_nan(a) || sf64_is_nan(b)) { return SF64_QNAN; }
    if (ea == 0x7ffu && eb == 0x7ffu && ((a.y ^ b.y) & 0x80000000u) != 0u) { return SF64_QNAN; }
    if (ea == 0x7ffu) { return a; }
    return b;
  }
  // x is the operand of larger magnitude, so ex >= ey and the difference is >= 0.
  var x = a;
  var y = b;
  if (sf64_lt64(vec2<u32>(a.x, a.y & 0x7fffffffu), vec2<u32>(b.x, b.y & 0x7fffffffu))) { x = b; y = a; }
  let sx = x.y & 0x80000000u;
  let sy = y.y & 0x80000000u;
  var ex = (x.y >> 20u) & 0x7ffu;
  var ey = (y.y >> 20u) & 0x7ffu;
  var mx = vec2<u32>(x.x, x.y & 0x000fffffu);
  var my = vec2<u32>(y.x, y.y & 0x000fffffu);
  if (ex == 0u) { ex = 1u; } else { mx.y = mx.y | 0x00100000u; }
  if (ey == 0u) { ey = 1u; } else { my.y = my.y | 0x00100000u; }
  mx = sf64_shl(mx, 3u);
  my = sf64_shr_jam(sf64_shl(my, 3u), ex - ey);
  var e = i32(ex);
  var m: vec2<u32>;
  if (sx == sy) {
    m = sf64_add64(mx, my);
    if (sf64_is_zero(m)) { return vec2<u32>(0u, sx); }
    if ((m.y & 0x01000000u) != 0u) {
      m = sf64_shr_jam(m, 1u);
      e = e + 1;
    }
  } else {
    m = sf64_sub64(mx, my);
    if (sf64_is_zero(m)) { return vec2<u32>(0u, 0u); }
    // Bring the leading 1 to bit 55, but not below the smallest exponent (subnormal).
    let k = min(sf64_clz(m) - 8u, u32(e - 1));
    m = sf64_shl(m, k);
    e = e - i32(k);
  }
  return sf64_round_pack(sx, e, m);
}

// Unpack a finite nonzero value: significand in [2^52, 2^53) and its biased exponent
// (which may be < 1 for subnormals, after normalising).
fn sf64_unpack(a: vec2<u32>) -> vec3<u32> {
  let ea = (a.y >> 20u) & 0x7ffu;
  var m = vec2<u32>(a.x, a.y & 0x000fffffu);
  if (ea != 0u) { return vec3<u32>(m.x, m.y | 0x00100000u, ea); }
  let k = sf64_clz(m) - 11u;
  m = sf64_shl(m, k);
  return vec3<u32>(m.x, m.y, bitcast<u32>(1 - i32(k)));
}

fn f64_div(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let s = (a.y ^ b.y) & 0x80000000u;
  if (sf64_is_nan(a) || sf64_is_nan(b)) { return SF64_QNAN; }
  let inf_a = (a.y & 0x7fffffffu) == 0x7ff00000u;
  let inf_b = (b.y & 0x7fffffffu) == 0x7ff00000u;
  let zero_a = ((a.y & 0x7fffffffu) | a.x) == 0u;
  let zero_b = ((b.y & 0x7fffffffu) | b.x) == 0u;
  if ((inf_a && inf_b) || (zero_a && zero_b)) { return SF64_QNAN; }
  if (inf_a || zero_b) { return vec2<u32>(0u, s | 0x7ff00000u); }
  if (inf_b || zero_a) { return vec2<u32>(0u, s); }
  let ua = sf64_unpack(a);
  let ub = sf64_unpack(b);
  var r = ua.xy;
  let d = ub.xy;
  var e = bitcast<i32>(ua.z) - bitcast<i32>(ub.z) + 1023;
  if (sf64_lt64(r, d)) {
    r = sf64_shl(r, 1u);
    e = e - 1;
  }
  // r / d is in [1, 2): 55 quotient bits, then the sticky bit from the remainder.
  var q = vec2<u32>(0u, 0u);
  for (var i = 0u; i < 55u; i = i + 1u) {
    q = sf64_shl(q, 1u);
    if (!sf64_lt64(r, d)) {
      r = sf64_sub64(r, d);
      q.x = q.x | 1u;
    }
    r = sf64_shl(r, 1u);
  }
  q = sf64_shl(q, 1u);
  if (!sf64_is_zero(r)) { q.x = q.x | 1u; }
  return sf64_round_pack(s, e, q);
}

fn f64_from_f32(v: u32) -> vec2<u32> {
  let s = v & 0x80000000u;
  let e = (v >> 23u) & 0xffu;
  let f = v & 0x007fffffu;
  if (e == 0xffu) {
    if (f != 0u) { return SF64_QNAN; }
    return vec2<u32>(0u, s | 0x7ff00000u);
  }
  if (e == 0u) {
    if (f == 0u) { return vec2<u32>(0u, s); }
    // Subnormal f * 2^-149 with its top bit at p: 1.frac * 2^(p - 149).
    let p = 31u - countLeadingZeros(f);
    let m = sf64_shl(vec2<u32>(f ^ (1u << p), 0u), 52u - p);
    return vec2<u32>(m.x, s | ((p + 874u) << 20u) | m.y);
  }
  return vec2<u32>(f << 29u, s | ((e + 896u) << 20u) | (f >> 3u));
}

fn f64_from_i128(v: vec4<u32>) -> vec2<u32> {
  let neg = (v.w & 0x80000000u) != 0u;
  var w = array<u32, 4>(v.x, v.y, v.z, v.w);
  if (neg) {
    // Two's complement negation: invert, add one with carries.
    var c = 1u;
    for (var i = 0u; i < 4u; i = i + 1u) {
      let t = ~w[i] + c;
      c = select(0u, 1u, c == 1u && t == 0u);
      w[i] = t;
    }
  }
  var top = -1;
  for (var i = 0; i < 4; i = i + 1) {
    if (w[i] != 0u) { top = i * 32 + 31 - i32(countLeadingZeros(w[i])); }
  }
  if (top < 0) { return vec2<u32>(0u, 0u); }
  // m: the magnitude with its leading 1 moved to bit 55 (shifted right with jamming when wider).
  var m: vec2<u32>;
  if (top <= 55) {
    m = sf64_shl(vec2<u32>(w[0], w[1]), u32(55 - top));
  } else {
    let n = u32(top - 55);
    let ws = n / 32u;
    let bs = n % 32u;
    var lost = false;
    for (var i = 0u; i < 4u; i = i + 1u) { if (i < ws && w[i] != 0u) { lost = true; } }
    if (bs != 0u && (w[ws] << (32u - bs)) != 0u) { lost = true; }
    var r = array<u32, 2>(0u, 0u);
    for (var i = 0u; i < 2u; i = i + 1u) {
      let j = i + ws;
      var lo = 0u;
      var hi = 0u;
      if (j < 4u) { lo = w[j]; }
      if (j + 1u < 4u) { hi = w[j + 1u]; }
      r[i] = select((lo >> bs) | (hi << (32u - bs)), lo, bs == 0u);
    }
    m = vec2<u32>(r[0] | select(0u, 1u, lost), r[1]);
  }
  return sf64_round_pack(select(0u, 0x80000000u, neg), top + 1023, m);
}
`;
