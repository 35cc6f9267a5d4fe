/**
 * The sums of the CPU reduction (./reduce-cpu.ts): the float sum in the kernel's fixed FAN_IN
 * tree (`pairwiseSum`, and `blockSum`, one block of it, how the thread pool splits a sum) and
 * the exact integer sum.
 */
import type { DTypeName, TypedArray } from '../../src/dtypes.js';

/** Values each thread folds, in order, into one partial: the fan-in of the reduction tree. */
export const FAN_IN = 16;

/** Elements per exact integer chunk: 2^20 values below 2^32 sum below 2^52. */
export const CHUNK = 1 << 20;

export function validAt(bits: Uint8Array, i: number): boolean {
  return ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
}

/** One level of the tree: partial i = (((+0 + x[16i]) + x[16i+1]) + ...) + x[16i+15], nulls skipped. */
export function level(x: Float64Array | Float32Array, n: number, bits: Uint8Array | undefined): Float64Array {
  const m = Math.ceil(n / FAN_IN);
  const out = new Float64Array(m);
  const full = Math.floor(n / FAN_IN);
  for (let i = 0; i < full; i++) {
    const o = i * FAN_IN;
    let s = 0;
    if (!bits || (bits[2 * i]! & bits[2 * i + 1]!) === 0xff) {
      for (let j = 0; j < FAN_IN; j++) s += x[o + j]!;
    } else {
      for (let j = 0; j < FAN_IN; j++) if (validAt(bits, o + j)) s += x[o + j]!;
    }
    out[i] = s;
  }
  if (m > full) {
    let s = 0;
    for (let e = full * FAN_IN; e < n; e++) if (!bits || validAt(bits, e)) s += x[e]!;
    out[full] = s;
  }
  return out;
}

/**
 * The float sum in the kernel's fixed order: a FAN_IN-ary tree. Each level replaces every
 * run of FAN_IN consecutive values by their sequential sum, starting from +0 and skipping
 * nulls (level 0 only), until one value is left. Empty gives +0. Both backends do exactly
 * these correctly rounded float64 adds, so their results are identical.
 */
export function pairwiseSum(x: Float64Array | Float32Array, n: number = x.length, bits?: Uint8Array): number {
  if (n === 0) return 0;
  let p = level(x, n, bits);
  while (p.length > 1) p = level(p, p.length, undefined);
  return p[0]!;
}

/** Levels a sum block takes to one value, and its length: FAN_IN^4 = 65,536 values. */
export const SUM_BLOCK_LEVELS = 4;
export const SUM_BLOCK = FAN_IN ** SUM_BLOCK_LEVELS;

/**
 * The tree's value for the block x[lo, hi) (lo a multiple of SUM_BLOCK, hi - lo at most
 * SUM_BLOCK): exactly SUM_BLOCK_LEVELS levels, as the whole tree does to those values, so the
 * block values of an array of more than SUM_BLOCK values, summed by `pairwiseSum`, give
 * `pairwiseSum` of the array, bit for bit (how the thread pool splits a sum).
 */
export function blockSum(x: Float64Array | Float32Array, lo: number, hi: number, bits: Uint8Array | undefined): number {
  let p = level(x.subarray(lo, hi), hi - lo, bits?.subarray(lo >> 3));
  for (let l = 1; l < SUM_BLOCK_LEVELS; l++) p = level(p, p.length, undefined);
  return p[0]!;
}

/** Exact integer sum of the non-null values among x[lo, hi) (n = hi when lo is omitted), as a bigint. */
export function intSum(x: TypedArray, dtype: DTypeName, n: number, bits: Uint8Array | undefined, from = 0): bigint {
  let total = 0n;
  if (dtype === 'int32' || dtype === 'uint32') {
    const a = x as Int32Array;
    for (let c = from; c < n; c += CHUNK) {
      const end = Math.min(n, c + CHUNK);
      let s = 0;
      if (bits) for (let i = c; i < end; i++) { if (validAt(bits, i)) s += a[i]!; }
      else for (let i = c; i < end; i++) s += a[i]!;
      total += BigInt(s);
    }
    return total;
  }
  // 64-bit: low words unsigned, high words signed (int64) or unsigned (uint64).
  const lo = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
  const hi = dtype === 'int64' ? new Int32Array(x.buffer, x.byteOffset, 2 * n) : lo;
  for (let c = from; c < n; c += CHUNK) {
    const end = Math.min(n, c + CHUNK);
    let sl = 0;
    let sh = 0;
    for (let i = c; i < end; i++) {
      if (bits && !validAt(bits, i)) continue;
      sl += lo[2 * i]!;
      sh += hi[2 * i + 1]!;
    }
    total += (BigInt(sh) << 32n) + BigInt(sl);
  }
  return total;
}
