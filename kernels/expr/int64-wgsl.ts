/**
 * WGSL fragment: exact 64-bit integer arithmetic on vec2<u32> words (x = low word), and the
 * floor division and modulo of every integer type, for the fused expression kernel.
 *
 * - i64_add/i64_sub/i64_neg/i64_mul: two's complement, wrapping (the low 64 bits), so they
 *   serve int64 and uint64 alike. i64_mul forms the low word product exactly from 16-bit
 *   halves (mul32_wide of ../wgsl/mul32.ts, which shaders include next to this, gives the
 *   full 32 × 32 → 64-bit product).
 * - u64_divmod(a, b): unsigned quotient and remainder by restoring division, one bit per
 *   step (64 steps), with a one-step 32-bit path when both operands fit 32 bits. The
 *   partial remainder's carry-out is kept, so divisors ≥ 2^63 are exact too.
 * - i64_floordiv/i64_floormod (signed), and i32_floordiv/i32_floormod: Python/Polars floor
 *   semantics (the quotient rounds toward −∞; the remainder takes the divisor's sign).
 *   MIN / −1 wraps to MIN and MIN mod −1 is 0. A zero divisor is the caller's business
 *   (the expression kernel makes such rows null before using the result).
 * - i64_shl(a, n) and u64_shr(a, n) for n in 0..63.
 */
export const INT64_WGSL = /* wgsl */ `
// ---- exact 64-bit integers on vec2<u32> ----
fn i64_add(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}
fn i64_sub(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  return vec2<u32>(a.x - b.x, a.y - b.y - select(0u, 1u, a.x < b.x));
}
fn i64_neg(a: vec2<u32>) -> vec2<u32> {
  return vec2<u32>(0u - a.x, 0u - a.y - select(0u, 1u, a.x != 0u));
}
fn i64_is_neg(a: vec2<u32>) -> bool { return (a.y & 0x80000000u) != 0u; }
fn u64_lt(a: vec2<u32>, b: vec2<u32>) -> bool { return (a.y < b.y) | ((a.y == b.y) & (a.x < b.x)); }
fn i64_is_zero(a: vec2<u32>) -> bool { return (a.x | a.y) == 0u; }
fn i64_mul(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let p = mul32_wide(a.x, b.x);
  return vec2<u32>(p.x, p.y + a.x * b.y + a.y * b.x);
}
fn i64_shl(a: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return a; }
  if (n >= 32u) { return vec2<u32>(0u, a.x << (n - 32u)); }
  return vec2<u32>(a.x << n, (a.y << n) | (a.x >> (32u - n)));
}
fn u64_shr(a: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return a; }
  if (n >= 32u) { return vec2<u32>(a.y >> (n - 32u), 0u); }
  return vec2<u32>((a.x >> n) | (a.y << (32u - n)), a.y >> n);
}
struct U64DivMod { q: vec2<u32>, r: vec2<u32> }
fn u64_divmod(a: vec2<u32>, b: vec2<u32>) -> U64DivMod {
  if (a.y == 0u && b.y == 0u) { return U64DivMod(vec2<u32>(a.x / b.x, 0u), vec2<u32>(a.x % b.x, 0u)); }
  var q = vec2<u32>(0u, 0u);
  var r = vec2<u32>(0u, 0u);
  for (var i = 63; i >= 0; i = i - 1) {
    let carry = (r.y & 0x80000000u) != 0u;
    var bit: u32;
    if (i >= 32) { bit = (a.y >> u32(i - 32)) & 1u; } else { bit = (a.x >> u32(i)) & 1u; }
    r = vec2<u32>((r.x << 1u) | bit, (r.y << 1u) | (r.x >> 31u));
    if (carry || !u64_lt(r, b)) {
      r = i64_sub(r, b);
      if (i >= 32) { q.y = q.y | (1u << u32(i - 32)); } else { q.x = q.x | (1u << u32(i)); }
    }
  }
  return U64DivMod(q, r);
}
fn i64_abs_u(a: vec2<u32>) -> vec2<u32> { return select(a, i64_neg(a), i64_is_neg(a)); }
fn i64_floordiv(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let d = u64_divmod(i64_abs_u(a), i64_abs_u(b));
  if (i64_is_neg(a) == i64_is_neg(b)) { return d.q; }
  let q = i64_neg(d.q);
  return select(q, i64_sub(q, vec2<u32>(1u, 0u)), !i64_is_zero(d.r));
}
fn i64_floormod(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let d = u64_divmod(i64_abs_u(a), i64_abs_u(b));
  if (i64_is_zero(d.r)) { return d.r; }
  let r = select(d.r, i64_neg(d.r), i64_is_neg(a));
  if (i64_is_neg(r) != i64_is_neg(b)) { return i64_add(r, b); }
  return r;
}
fn i32_floordiv(a: u32, b: u32) -> u32 {
  let x = bitcast<i32>(a);
  let y = bitcast<i32>(b);
  if (y == -1) { return 0u - a; }
  var q = x / y;
  if ((x % y) != 0 && ((x < 0) != (y < 0))) { q = q - 1; }
  return bitcast<u32>(q);
}
fn i32_floormod(a: u32, b: u32) -> u32 {
  let x = bitcast<i32>(a);
  let y = bitcast<i32>(b);
  if (y == -1) { return 0u; }
  var r = x % y;
  if (r != 0 && ((r < 0) != (y < 0))) { r = r + y; }
  return bitcast<u32>(r);
}
`;
