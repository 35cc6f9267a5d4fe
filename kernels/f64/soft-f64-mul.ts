/**
 * Software IEEE 754 binary64 multiplication in WGSL, on raw bits and u32 integer arithmetic
 * only, to be concatenated after `SOFT_F64_WGSL` (./soft-f64.ts), whose helpers it reuses
 * (`sf64_unpack`, `sf64_round_pack`, `sf64_is_nan`, `SF64_QNAN`).
 *
 * - `f64_mul(a, b)`: a * b, round to nearest, ties to even; bit for bit equal to JS `a * b`
 *   except that every NaN result is the canonical quiet NaN 0x7ff8000000000000.
 * - `f64_sub(a, b)`: a - b, as `f64_add(a, -b)` (flipping b's sign bit), which IEEE defines
 *   to be the same operation.
 * - `f64_neg(a)`: -a (sign bit flipped, NaN included).
 *
 * Special values: NaN in → NaN; Inf * 0 = NaN; Inf * x = ±Inf; 0 * x = ±0 (sign = XOR of
 * signs); overflow rounds to ±Inf; subnormal inputs are normalised and subnormal results
 * are produced exactly (gradual underflow, with one rounding).
 *
 * Algorithm: unpack both operands to 53-bit significands in [2^52, 2^53) with unbounded
 * exponents, form the exact 106-bit product from sixteen 16x16-bit partial products
 * (`mul32_wide` of ../wgsl/mul32.ts gives a full 32x32 → 64-bit product), shift it right with jamming so its
 * leading 1 lands on bit 55 (two rounding bits and a sticky bit below the 53 kept), and hand
 * it to `sf64_round_pack`, which rounds once and handles the subnormal range and overflow.
 */
import { MUL32_WGSL } from '../wgsl/mul32.js';

export const SOFT_F64_MUL_WGSL = /* wgsl */ `
${MUL32_WGSL}
fn f64_mul(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let s = (a.y ^ b.y) & 0x80000000u;
  if (sf64_is_nan(a) || sf64_is_nan(b)) { return SF64_QNAN; }
  let inf_a = (a.y & 0x7fffffffu) == 0x7ff00000u && a.x == 0u;
  let inf_b = (b.y & 0x7fffffffu) == 0x7ff00000u && b.x == 0u;
  let zero_a = ((a.y & 0x7fffffffu) | a.x) == 0u;
  let zero_b = ((b.y & 0x7fffffffu) | b.x) == 0u;
  if ((inf_a && zero_b) || (inf_b && zero_a)) { return SF64_QNAN; }
  if (inf_a || inf_b) { return vec2<u32>(0u, s | 0x7ff00000u); }
  if (zero_a || zero_b) { return vec2<u32>(0u, s); }
  let ua = sf64_unpack(a);
  let ub = sf64_unpack(b);
  // 106-bit product of the significands as four words w0 (lowest) .. w3.
  let p00 = mul32_wide(ua.x, ub.x);
  let p01 = mul32_wide(ua.x, ub.y);
  let p10 = mul32_wide(ua.y, ub.x);
  let p11 = mul32_wide(ua.y, ub.y);
  let w0 = p00.x;
  var w1 = p00.y;
  var w2 = p11.x;
  var w3 = p11.y;
  // Add p01 and p10 at word 1, carrying into words 2 and 3.
  for (var k = 0u; k < 2u; k = k + 1u) {
    let q = select(p10, p01, k == 0u);
    let t1 = w1 + q.x;
    let c1 = select(0u, 1u, t1 < w1);
    w1 = t1;
    let t2a = w2 + q.y;
    let c2a = select(0u, 1u, t2a < w2);
    let t2 = t2a + c1;
    let c2b = select(0u, 1u, t2 < t2a);
    w2 = t2;
    w3 = w3 + c2a + c2b;
  }
  // The product is in [2^104, 2^106): shift right by 49 or 50 (= 32 + r) with jamming.
  let big = (w3 & 0x200u) != 0u;
  let r = select(17u, 18u, big);
  let lost = w0 != 0u || (w1 << (32u - r)) != 0u;
  let m = vec2<u32>((w1 >> r) | (w2 << (32u - r)) | select(0u, 1u, lost), (w2 >> r) | (w3 << (32u - r)));
  let e = bitcast<i32>(ua.z) + bitcast<i32>(ub.z) - select(1023, 1022, big);
  return sf64_round_pack(s, e, m);
}

fn f64_neg(a: vec2<u32>) -> vec2<u32> { return vec2<u32>(a.x, a.y ^ 0x80000000u); }
fn f64_sub(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return f64_add(a, f64_neg(b)); }
`;
