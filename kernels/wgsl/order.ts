/**
 * WGSL functions that map raw bits to unsigned keys whose unsigned order is the value order.
 * They make comparison, sort, min and max exact for every word dtype, 64-bit included.
 *
 * - int32: flip the sign bit. uint32: unchanged.
 * - float32/float64: total order (IEEE 754 totalOrder, except that every NaN maps to the
 *   largest key, so NaN sorts last whatever its sign or payload): negative values have all
 *   bits flipped, non-negative ones only the sign bit.
 * - 64-bit values are vec2<u32> (x = low word, y = high word); keys compare high word first.
 *
 * The CPU twins in ./order-cpu.ts compute the same keys. The functions are branch-free (select,
 * non-short-circuit & and |): a filter inlines one per comparison, and SwiftShader's compile time
 * grew faster than linearly with the branches (20 float64 comparisons: minutes).
 */
export const ORDER_WGSL = /* wgsl */ `
fn key_u32(v: u32) -> u32 { return v; }
fn key_i32(v: u32) -> u32 { return v ^ 0x80000000u; }
fn is_nan_f32(v: u32) -> bool { return (v & 0x7fffffffu) > 0x7f800000u; }
fn key_f32(v: u32) -> u32 {
  let k = select(v | 0x80000000u, ~v, (v & 0x80000000u) != 0u);
  return select(k, 0xffffffffu, is_nan_f32(v));
}
fn key_u64(v: vec2<u32>) -> vec2<u32> { return v; }
fn key_i64(v: vec2<u32>) -> vec2<u32> { return vec2<u32>(v.x, v.y ^ 0x80000000u); }
fn is_nan_f64(v: vec2<u32>) -> bool {
  let hi = v.y & 0x7fffffffu;
  return (hi > 0x7ff00000u) | ((hi == 0x7ff00000u) & (v.x != 0u));
}
fn key_f64(v: vec2<u32>) -> vec2<u32> {
  let k = select(vec2<u32>(v.x, v.y | 0x80000000u), ~v, (v.y & 0x80000000u) != 0u);
  return select(k, vec2<u32>(0xffffffffu, 0xffffffffu), is_nan_f64(v));
}
fn lt64(a: vec2<u32>, b: vec2<u32>) -> bool { return (a.y < b.y) | ((a.y == b.y) & (a.x < b.x)); }
`;

/** The WGSL name of the key function for a word dtype. */
export function keyFn(dtype: string): string {
  switch (dtype) {
    case 'uint32': return 'key_u32';
    case 'int32': return 'key_i32';
    case 'float32': return 'key_f32';
    case 'uint64': return 'key_u64';
    case 'int64': return 'key_i64';
    case 'float64': return 'key_f64';
    default: throw new Error(`keyFn: no order key for dtype ${dtype}`);
  }
}
