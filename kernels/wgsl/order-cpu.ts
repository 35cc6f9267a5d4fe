/**
 * CPU twins of ./order.ts: the same unsigned order keys, computed in JS.
 * 32-bit keys are numbers in [0, 2^32); 64-bit keys are bigints in [0, 2^64).
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

export function keyF32(v: number): number {
  f32[0] = v;
  const b = u32[0]!;
  if (Number.isNaN(v)) return 0xffffffff;
  return b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
}

export function keyI32(v: number): number {
  return (v ^ 0x80000000) >>> 0;
}

export function keyU32(v: number): number {
  return v >>> 0;
}

const MASK64 = (1n << 64n) - 1n;
const SIGN64 = 1n << 63n;

export function keyF64(v: number): bigint {
  if (Number.isNaN(v)) return MASK64;
  f64[0] = v;
  const b = u64[0]!;
  return b & SIGN64 ? ~b & MASK64 : b | SIGN64;
}

export function keyI64(v: bigint): bigint {
  return BigInt.asUintN(64, v) ^ SIGN64;
}

export function keyU64(v: bigint): bigint {
  return v;
}
