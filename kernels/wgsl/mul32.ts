/**
 * The full 32 × 32 → 64-bit unsigned product in WGSL (which has no u64): four 16-bit partial
 * products and their carries. Shared by software binary64 multiplication (../f64) and exact
 * int64 arithmetic (../expr/int64-wgsl.ts).
 */
export const MUL32_WGSL = /* wgsl */ `
// mul32_wide(a, b) = a * b as (x = low word, y = high word).
fn mul32_wide(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let hh = ah * bh;
  let mid = lh + hl;
  let mid_carry = select(0u, 0x10000u, mid < lh);
  let lo = ll + (mid << 16u);
  let lo_carry = select(0u, 1u, lo < ll);
  return vec2<u32>(lo, hh + (mid >> 16u) + mid_carry + lo_carry);
}
`;
