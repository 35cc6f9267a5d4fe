/**
 * Software IEEE 754 binary64 square root in WGSL, to be concatenated after `SOFT_F64_WGSL`
 * (../f64/soft-f64.ts), whose helpers it reuses (`sf64_unpack`, `sf64_round_pack`, the
 * 64-bit shifts and compares). Integer arithmetic only, so it is exact on every driver.
 *
 * - `f64_sqrt(a)`: the correctly rounded square root (round to nearest, ties to even), bit
 *   for bit equal to JS `Math.sqrt`, except that every NaN result is the canonical quiet NaN.
 *   sqrt(±0) = ±0, sqrt(+Inf) = +Inf, sqrt(x < 0) = NaN; subnormal inputs are exact.
 *
 * Algorithm: unpack to a 53-bit significand m and an unbiased exponent e; make e even (shift
 * m left once if it is odd), so sqrt(m · 2^e) = sqrt(m) · 2^(e/2). The digit-by-digit
 * (restoring) integer square root of m · 2^58, two operand bits per step, gives a 56-bit root
 * with its leading 1 at bit 55: 53 kept bits plus guard and round bits, and the remainder
 * (nonzero → inexact) is ORed into bit 0 as the sticky bit. `sf64_round_pack` rounds once.
 * The partial remainder stays below 2^58, so every step is 64-bit arithmetic.
 */
export const SOFT_F64_SQRT_WGSL = /* wgsl */ `
fn f64_sqrt(a: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(a)) { return SF64_QNAN; }
  if (sf64_is_zero(vec2<u32>(a.x, a.y & 0x7fffffffu))) { return a; }
  if ((a.y & 0x80000000u) != 0u) { return SF64_QNAN; }
  if (a.y == 0x7ff00000u && a.x == 0u) { return a; }
  let u = sf64_unpack(a);
  var m = u.xy;
  var e = bitcast<i32>(u.z) - 1023;
  if ((e & 1) != 0) {
    m = sf64_shl(m, 1u);
    e = e - 1;
  }
  var q = vec2<u32>(0u, 0u);
  var r = vec2<u32>(0u, 0u);
  for (var j = 0u; j < 56u; j = j + 1u) {
    // Operand bits (m << 58), two at a time from the top: m's bits 53..0, then zeros.
    var pair = 0u;
    if (j <= 26u) {
      let b = 52u - 2u * j;
      if (b >= 32u) { pair = (m.y >> (b - 32u)) & 3u; } else { pair = (m.x >> b) & 3u; }
    }
    r = sf64_shl(r, 2u);
    r.x = r.x | pair;
    let t = sf64_shl(q, 2u);
    let trial = vec2<u32>(t.x | 1u, t.y);
    q = sf64_shl(q, 1u);
    if (!sf64_lt64(r, trial)) {
      r = sf64_sub64(r, trial);
      q.x = q.x | 1u;
    }
  }
  if (!sf64_is_zero(r)) { q.x = q.x | 1u; }
  return sf64_round_pack(0u, e / 2 + 1023, q);
}
`;
