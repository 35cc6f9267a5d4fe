/**
 * CPU twin of ./reduce.ts: plain typed-array loops that give the kernel's results bit for bit.
 *
 * - Float sums follow the kernel's fixed pairwise order (`pairwiseSum`) with native float64
 *   adds; the kernel does the same adds with the correctly rounded f64_add, so both agree
 *   exactly.
 * - Integer sums are exact: 32-bit values, or the low and high 32-bit words of 64-bit
 *   values, are summed in chunks small enough that a float64 accumulator cannot round, and
 *   the chunk sums are added as bigints. No bigint is made per element.
 * - Sums of long columns run on the thread pool (./reduce-mt.ts) in blocks of the same tree
 *   (float) or in exact chunks (integers): the same bits on any number of threads.
 * - min/max compare values in the total order of ../wgsl/order.ts (NaN skipped, -0 < +0).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { DTypeName, TypedArray } from '../../src/dtypes.js';
import { sumParallel, intSumParallel } from './reduce-mt.js';
import { FAN_IN, pairwiseSum, validAt } from './sum-tree.js';

export { FAN_IN, pairwiseSum };

export type ReduceOp = 'sum' | 'min' | 'max' | 'count' | 'mean';

/** Binding windows start at multiples of this many elements (validity words stay 256-byte aligned). */
export const WINDOW_QUANTUM = 4096;

/** Non-null values among the first n. */
export function countValid(n: number, bits: Uint8Array | undefined): number {
  if (!bits) return n;
  let c = 0;
  const full = n >> 3;
  for (let k = 0; k < full; k++) {
    let v = bits[k]!;
    v = v - ((v >> 1) & 0x55);
    v = (v & 0x33) + ((v >> 2) & 0x33);
    c += (v + (v >> 4)) & 0x0f;
  }
  for (let i = full * 8; i < n; i++) if (validAt(bits, i)) c++;
  return c;
}

/** min/max state: the chosen value, and 0 = no value, 1 = only NaN, 2 = a non-NaN value. */
function minMax(x: TypedArray, dtype: DTypeName, n: number, bits: Uint8Array | undefined, isMin: boolean): { value: number | bigint; has: number } {
  if (dtype === 'int64' || dtype === 'uint64') {
    const lo = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
    const hi = dtype === 'int64' ? new Int32Array(x.buffer, x.byteOffset, 2 * n) : lo;
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (bits && !validAt(bits, i)) continue;
      if (best < 0) { best = i; continue; }
      const h = hi[2 * i + 1]!, bh = hi[2 * best + 1]!;
      const less = h < bh || (h === bh && lo[2 * i]! < lo[2 * best]!);
      const more = h > bh || (h === bh && lo[2 * i]! > lo[2 * best]!);
      if (isMin ? less : more) best = i;
    }
    return best < 0 ? { value: 0n, has: 0 } : { value: (x as BigInt64Array)[best]!, has: 2 };
  }
  const a = x as Float64Array;
  if (dtype === 'int32' || dtype === 'uint32') {
    let best = isMin ? Infinity : -Infinity;
    let found = false;
    if (bits) {
      for (let i = 0; i < n; i++) if (validAt(bits, i)) { found = true; const v = a[i]!; if (isMin ? v < best : v > best) best = v; }
    } else if (isMin) {
      for (let i = 0; i < n; i++) { const v = a[i]!; if (v < best) best = v; }
    } else {
      for (let i = 0; i < n; i++) { const v = a[i]!; if (v > best) best = v; }
    }
    return found || (!bits && n > 0) ? { value: best, has: 2 } : { value: 0, has: 0 };
  }
  let best = isMin ? Infinity : -Infinity;
  let found = false;
  let nan = false;
  for (let i = 0; i < n; i++) {
    if (bits && !validAt(bits, i)) continue;
    const v = a[i]!;
    if (v !== v) { nan = true; continue; }
    found = true;
    // Total order: -0 < +0.
    if (isMin ? v < best || (v === 0 && best === 0 && 1 / v < 0) : v > best || (v === 0 && best === 0 && 1 / v > 0)) best = v;
  }
  return found ? { value: best, has: 2 } : { value: nan ? NaN : 0, has: nan ? 1 : 0 };
}

/** The result dtype of `op` over `dtype`. */
export function resultDType(op: ReduceOp, dtype: DTypeName): DTypeName {
  if (op === 'count') return 'int64';
  if (op === 'mean') return 'float64';
  if (op === 'sum') return dtype === 'int32' ? 'int64' : dtype === 'uint32' ? 'uint64' : dtype === 'float32' ? 'float64' : dtype;
  return dtype;
}

const isFloat = (d: DTypeName) => d === 'float32' || d === 'float64';

/** Write `v` into a 1-element array of `dtype`, with NaN as the canonical quiet NaN bits. */
function one(dtype: DTypeName, v: number | bigint): TypedArray {
  if (dtype === 'float64' && Number.isNaN(v)) return new Float64Array(new Uint32Array([0, 0x7ff80000]).buffer);
  if (dtype === 'float32' && Number.isNaN(v)) return new Float32Array(new Uint32Array([0x7fc00000]).buffer);
  if (dtype === 'int64') return new BigInt64Array([BigInt.asIntN(64, BigInt(v))]);
  if (dtype === 'uint64') return new BigUint64Array([BigInt.asUintN(64, BigInt(v))]);
  const a = dtype === 'float64' ? new Float64Array(1) : dtype === 'float32' ? new Float32Array(1) : dtype === 'int32' ? new Int32Array(1) : new Uint32Array(1);
  a[0] = Number(v);
  return a;
}

/** CPU body of reduce: [value (1 element), validity (1 byte: 1 valid, 0 null or overflow)]. */
export function reduceCpu(values: DataBuffer, op: ReduceOp, validity?: DataBuffer<'uint8'>): [DataBuffer, DataBuffer<'uint8'>] {
  const d = values.dtype;
  const n = values.length;
  const bits = validity ? (validity.hostView('reduce') as Uint8Array) : undefined;
  const out = resultDType(op, d);
  let value: number | bigint;
  let ok = true;
  if (op === 'count') {
    value = countValid(n, bits);
  } else {
    const x = values.hostView(`reduce/${op}`);
    if (op === 'min' || op === 'max') {
      const r = minMax(x, d, n, bits, op === 'min');
      value = r.value;
      ok = r.has > 0;
      if (!ok && isFloat(d)) value = NaN;
    } else {
      const sum = isFloat(d) ? sumParallel(x as Float64Array, n, bits) : intSumParallel(x, d, n, bits);
      if (op === 'sum') {
        value = sum;
        if (typeof sum === 'bigint') ok = d === 'int32' || d === 'int64' ? BigInt.asIntN(64, sum) === sum : BigInt.asUintN(64, sum) === sum;
      } else {
        const c = countValid(n, bits);
        ok = c > 0;
        value = ok ? Number(sum) / c : NaN;
      }
    }
  }
  return [DataBuffer.fromHost(one(out, value), out), DataBuffer.fromHost(new Uint8Array([ok ? 1 : 0]), 'uint8')];
}
