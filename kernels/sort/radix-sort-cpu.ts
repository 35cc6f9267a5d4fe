/**
 * CPU twin of ./radix-sort.ts: a stable LSD radix argsort over typed arrays.
 *
 * Keys are first mapped to the unsigned order keys of ../wgsl/order.ts (the same bit
 * transforms as order-cpu.ts, done on u32 words so that no number or BigInt is boxed per
 * element), XOR-ed with all ones for a descending sort. The keys are then sorted with 11-bit
 * digits: 3 passes for 32-bit keys, 6 for 64-bit keys (low word first, then high word). The
 * histograms of every pass come from one read of the keys, and a pass whose digit is the
 * same for all keys is skipped. The first pass that runs writes row numbers (no identity
 * array is read) and the last one writes only the permutation, no keys. Inputs of at most 32
 * keys use a stable insertion sort. The sorted keys are built (a gather by the permutation)
 * only when asked for: argsort does without them.
 *
 * The result is the permutation a stable sort gives, so it equals the GPU kernel's order
 * exactly: equal keys keep their input order, ascending and descending.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName, type TypedArray } from '../../src/dtypes.js';

export const BITS = 11;
export const RADIX = 1 << BITS;
export const MASK = RADIX - 1;
const SMALL = 32;

/** The raw words of a 4- or 8-byte typed array (a view, no copy). */
export function words(a: TypedArray, n: number, perElem: number): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, n * perElem);
}

// The hot loops live in small functions of their own, so the JIT compiles each one whole
// (instead of on-stack-replacing a long function and bailing out of its untried parts).

/** Order keys of 32-bit values, XOR-ed with `flip`. */
function orderKeys32(w: Uint32Array, dtype: DTypeName, flip: number): Uint32Array {
  const k = new Uint32Array(w.length);
  if (dtype === 'float32') orderF32(w, k, flip);
  else xorInto(w, k, (dtype === 'int32' ? 0x80000000 : 0) ^ flip);
  return k;
}

export function orderF32(w: Uint32Array, k: Uint32Array, flip: number): void {
  for (let i = 0; i < w.length; i++) {
    const b = w[i]!;
    k[i] = ((b & 0x7fffffff) > 0x7f800000 ? 0xffffffff : b & 0x80000000 ? ~b : b | 0x80000000) ^ flip;
  }
}

export function xorInto(w: Uint32Array, k: Uint32Array, x: number): void {
  for (let i = 0; i < w.length; i++) k[i] = w[i]! ^ x;
}

/** Order keys of 64-bit values as low and high word arrays, XOR-ed with `flip`. */
function orderKeys64(w: Uint32Array, n: number, dtype: DTypeName, flip: number): [Uint32Array, Uint32Array] {
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  if (dtype === 'float64') orderF64(w, lo, hi, flip);
  else orderI64(w, lo, hi, flip, (dtype === 'int64' ? 0x80000000 : 0) ^ flip);
  return [lo, hi];
}

export function orderF64(w: Uint32Array, lo: Uint32Array, hi: Uint32Array, flip: number): void {
  for (let i = 0; i < lo.length; i++) {
    const l = w[2 * i]!;
    const h = w[2 * i + 1]!;
    const a = h & 0x7fffffff;
    if (a > 0x7ff00000 || (a === 0x7ff00000 && l !== 0)) {
      lo[i] = ~flip;
      hi[i] = ~flip;
    } else if (h & 0x80000000) {
      lo[i] = ~l ^ flip;
      hi[i] = ~h ^ flip;
    } else {
      lo[i] = l ^ flip;
      hi[i] = (h | 0x80000000) ^ flip;
    }
  }
}

export function orderI64(w: Uint32Array, lo: Uint32Array, hi: Uint32Array, flipLo: number, flipHi: number): void {
  for (let i = 0; i < lo.length; i++) {
    lo[i] = w[2 * i]! ^ flipLo;
    hi[i] = w[2 * i + 1]! ^ flipHi;
  }
}

/** The digit counts of the 3 passes over 32-bit keys (at h[0], h[RADIX], h[2 RADIX]). */
export function histogram32(k: Uint32Array, h: Uint32Array, base: number): void {
  for (let i = 0; i < k.length; i++) {
    const x = k[i]!;
    h[base + (x & MASK)]++;
    h[base + RADIX + ((x >>> BITS) & MASK)]++;
    h[base + 2 * RADIX + (x >>> (2 * BITS))]++;
  }
}

/**
 * One stable scatter pass by the digit at `shift` over rows [s, e) (all by default; the
 * thread pool's parts take a range, ./radix-parts.ts): keys into `k2` (unless `k2` is
 * undefined: the last pass), row numbers (`idx`, or the row's own when undefined) into `i2`.
 */
export function scatter(k: Uint32Array, k2: Uint32Array | undefined, idx: Uint32Array | undefined, i2: Uint32Array, h: Uint32Array, base: number, shift: number, s = 0, e = k.length): void {
  if (k2 && idx) {
    for (let i = s; i < e; i++) {
      const x = k[i]!;
      const pos = h[base + ((x >>> shift) & MASK)]++;
      k2[pos] = x;
      i2[pos] = idx[i]!;
    }
  } else if (k2) {
    for (let i = s; i < e; i++) {
      const x = k[i]!;
      const pos = h[base + ((x >>> shift) & MASK)]++;
      k2[pos] = x;
      i2[pos] = i;
    }
  } else if (idx) {
    for (let i = s; i < e; i++) i2[h[base + ((k[i]! >>> shift) & MASK)]++] = idx[i]!;
  } else {
    for (let i = s; i < e; i++) i2[h[base + ((k[i]! >>> shift) & MASK)]++] = i;
  }
}

/** A scatter pass on the low word that also carries the high word (into hi2 unless the last pass); rows [s, e). */
export function scatterLo(lo: Uint32Array, hi: Uint32Array, lo2: Uint32Array | undefined, hi2: Uint32Array, idx: Uint32Array | undefined, i2: Uint32Array, h: Uint32Array, base: number, shift: number, s = 0, e = lo.length): void {
  if (!lo2) return scatter(lo, undefined, idx, i2, h, base, shift, s, e);
  for (let i = s; i < e; i++) {
    const x = lo[i]!;
    const pos = h[base + ((x >>> shift) & MASK)]++;
    lo2[pos] = x;
    hi2[pos] = hi[i]!;
    i2[pos] = idx ? idx[i]! : i;
  }
}

/** Marks a pass that is skipped, in its histogram's last slot (an offset there is < n <= 2^32 - 1). */
const NO_PASS = 0xffffffff;

/** Turn counts into exclusive offsets in place; false when one digit holds all n keys. */
function offsets(h: Uint32Array, base: number, n: number): boolean {
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = h[base + d]!;
    if (c === n) return false;
    h[base + d] = sum;
    sum += c;
  }
  return true;
}

/**
 * Offsets for each of `passes` histograms; a pass whose digit is the same for all keys is
 * skipped (its slot RADIX - 1 set to NO_PASS). Returns the last pass that runs (-1: none).
 */
function lastPass(h: Uint32Array, passes: number, n: number): number {
  let last = -1;
  for (let p = 0; p < passes; p++) {
    if (offsets(h, p * RADIX, n)) last = p;
    else h[p * RADIX + MASK] = NO_PASS;
  }
  return last;
}

export function identity(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/** Stable argsort of u32 keys. `k` is consumed. */
function radix32(k: Uint32Array): Uint32Array {
  const n = k.length;
  if (n <= SMALL) return insertion(k, undefined);
  const h = new Uint32Array(3 * RADIX);
  histogram32(k, h, 0);
  // The first pass that runs writes row numbers, so no identity array is read; the last one
  // writes no keys (nothing reads them after it).
  const last = lastPass(h, 3, n);
  let idx: Uint32Array | undefined;
  let k2: Uint32Array = new Uint32Array(n);
  let i2: Uint32Array = new Uint32Array(n);
  for (let p = 0; p <= last; p++) {
    const base = p * RADIX;
    if (h[base + MASK] === NO_PASS) continue;
    scatter(k, p < last ? k2 : undefined, idx, i2, h, base, p * BITS);
    [k, k2] = [k2, k];
    const t = idx ?? new Uint32Array(n);
    idx = i2;
    i2 = t;
  }
  return idx ?? identity(n);
}

/** Stable argsort of 64-bit keys given as low and high words. Both arrays are consumed. */
function radix64(lo: Uint32Array, hi: Uint32Array): Uint32Array {
  const n = lo.length;
  if (n <= SMALL) return insertion(hi, lo);
  const h = new Uint32Array(6 * RADIX);
  histogram32(lo, h, 0);
  histogram32(hi, h, 3 * RADIX);
  // The first pass that runs writes row numbers, so no identity array is read; the last one
  // writes no keys (nothing reads them after it).
  const last = lastPass(h, 6, n);
  let idx: Uint32Array | undefined;
  let i2: Uint32Array = new Uint32Array(n);
  let lo2: Uint32Array = new Uint32Array(n);
  let hi2: Uint32Array = new Uint32Array(n);
  // Passes on the low word carry both words; passes on the high word carry only it.
  for (let p = 0; p <= last; p++) {
    const base = p * RADIX;
    if (h[base + MASK] === NO_PASS) continue;
    if (p < 3) {
      scatterLo(lo, hi, p < last ? lo2 : undefined, hi2, idx, i2, h, base, p * BITS);
      [lo, lo2] = [lo2, lo];
      [hi, hi2] = [hi2, hi];
    } else {
      scatter(hi, p < last ? hi2 : undefined, idx, i2, h, base, (p - 3) * BITS);
      [hi, hi2] = [hi2, hi];
    }
    const t = idx ?? new Uint32Array(n);
    idx = i2;
    i2 = t;
  }
  return idx ?? identity(n);
}

/** Stable insertion argsort on (hi, lo) keys, lo optional (32-bit keys). */
function insertion(hi: Uint32Array, lo: Uint32Array | undefined): Uint32Array {
  const n = hi.length;
  const idx = identity(n);
  for (let i = 1; i < n; i++) {
    const h = hi[i]!;
    const l = lo ? lo[i]! : 0;
    let j = i - 1;
    while (j >= 0 && (hi[j]! > h || (lo !== undefined && hi[j]! === h && lo[j]! > l))) {
      hi[j + 1] = hi[j]!;
      if (lo) lo[j + 1] = lo[j]!;
      idx[j + 1] = idx[j]!;
      j--;
    }
    hi[j + 1] = h;
    if (lo) lo[j + 1] = l;
    idx[j + 1] = i;
  }
  return idx;
}

/**
 * The stable permutation that sorts `src` (a word dtype) in the order of ../wgsl/order.ts,
 * or its exact reverse among distinct keys when `descending` (equal keys keep input order).
 */
export function argsortCpu(src: TypedArray, dtype: DTypeName, descending: boolean): Uint32Array {
  const n = src.length;
  const flip = descending ? 0xffffffff : 0;
  if (dtypeInfo(dtype).bytes === 8) {
    const [lo, hi] = orderKeys64(words(src, n, 2), n, dtype, flip);
    return radix64(lo, hi);
  }
  return radix32(orderKeys32(words(src, n, 1), dtype, flip));
}

/**
 * The CPU body of 'sort/radix-sort': the carried payload in sorted order and, with
 * `withKeys`, the sorted keys (original bits; argsort skips building them).
 */
export function radixSortCpu(
  keys: DataBuffer,
  values: DataBuffer<'uint32'> | undefined,
  descending: boolean,
  withKeys: boolean,
): { keys: DataBuffer | undefined; values: DataBuffer<'uint32'> } {
  const op = 'sort/radix-sort';
  const src = keys.hostView(op);
  const n = keys.length;
  const perm = argsortCpu(src, keys.dtype, descending);
  let sorted: DataBuffer | undefined;
  if (withKeys) {
    const info = dtypeInfo(keys.dtype);
    const out = new info.array(n);
    if (info.bytes === 8) {
      const sw = words(src, n, 2);
      const ow = words(out, n, 2);
      for (let i = 0; i < n; i++) {
        const j = perm[i]! * 2;
        ow[2 * i] = sw[j]!;
        ow[2 * i + 1] = sw[j + 1]!;
      }
    } else {
      const sw = words(src, n, 1);
      const ow = words(out, n, 1);
      for (let i = 0; i < n; i++) ow[i] = sw[perm[i]!]!;
    }
    sorted = DataBuffer.fromHost(out, keys.dtype);
  }
  let vals = perm;
  if (values) {
    const v = values.hostView(op) as Uint32Array;
    vals = new Uint32Array(n);
    for (let i = 0; i < n; i++) vals[i] = v[perm[i]!]!;
  }
  return { keys: sorted, values: DataBuffer.fromHost(vals, 'uint32') };
}
