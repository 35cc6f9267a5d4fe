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

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
const SMALL = 32;

/** The raw words of a 4- or 8-byte typed array (a view, no copy). */
function words(a: TypedArray, n: number, perElem: number): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, n * perElem);
}

/** Order keys of 32-bit values, XOR-ed with `flip`. */
function orderKeys32(w: Uint32Array, dtype: DTypeName, flip: number): Uint32Array {
  const n = w.length;
  const k = new Uint32Array(n);
  if (dtype === 'float32') {
    for (let i = 0; i < n; i++) {
      const b = w[i]!;
      k[i] = ((b & 0x7fffffff) > 0x7f800000 ? 0xffffffff : b & 0x80000000 ? ~b : b | 0x80000000) ^ flip;
    }
  } else {
    const sign = dtype === 'int32' ? 0x80000000 : 0;
    const x = sign ^ flip;
    for (let i = 0; i < n; i++) k[i] = w[i]! ^ x;
  }
  return k;
}

/** Order keys of 64-bit values as low and high word arrays, XOR-ed with `flip`. */
function orderKeys64(w: Uint32Array, n: number, dtype: DTypeName, flip: number): [Uint32Array, Uint32Array] {
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  if (dtype === 'float64') {
    for (let i = 0; i < n; i++) {
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
  } else {
    const x = (dtype === 'int64' ? 0x80000000 : 0) ^ flip;
    for (let i = 0; i < n; i++) {
      lo[i] = w[2 * i]! ^ flip;
      hi[i] = w[2 * i + 1]! ^ x;
    }
  }
  return [lo, hi];
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

function identity(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/** Stable argsort of u32 keys. `k` is consumed. */
function radix32(k: Uint32Array): Uint32Array {
  const n = k.length;
  if (n <= SMALL) return insertion(k, undefined);
  const h = new Uint32Array(3 * RADIX);
  for (let i = 0; i < n; i++) {
    const x = k[i]!;
    h[x & MASK]++;
    h[RADIX + ((x >>> BITS) & MASK)]++;
    h[2 * RADIX + (x >>> (2 * BITS))]++;
  }
  // The first pass that runs writes row numbers, so no identity array is read; the last one
  // writes no keys (nothing reads them after it).
  const last = lastPass(h, 3, n);
  let idx: Uint32Array | undefined;
  let k2: Uint32Array = new Uint32Array(n);
  let i2: Uint32Array = new Uint32Array(n);
  for (let p = 0; p <= last; p++) {
    const base = p * RADIX;
    if (h[base + MASK] === NO_PASS) continue;
    const shift = p * BITS;
    const keys = p < last;
    for (let i = 0; i < n; i++) {
      const x = k[i]!;
      const pos = h[base + ((x >>> shift) & MASK)]++;
      if (keys) k2[pos] = x;
      i2[pos] = idx ? idx[i]! : i;
    }
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
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const u = hi[i]!;
    h[l & MASK]++;
    h[RADIX + ((l >>> BITS) & MASK)]++;
    h[2 * RADIX + (l >>> (2 * BITS))]++;
    h[3 * RADIX + (u & MASK)]++;
    h[4 * RADIX + ((u >>> BITS) & MASK)]++;
    h[5 * RADIX + (u >>> (2 * BITS))]++;
  }
  // The first pass that runs writes row numbers, so no identity array is read; the last one
  // writes no keys (nothing reads them after it).
  const last = lastPass(h, 6, n);
  let idx: Uint32Array | undefined;
  let i2: Uint32Array = new Uint32Array(n);
  let lo2: Uint32Array = new Uint32Array(n);
  let hi2: Uint32Array = new Uint32Array(n);
  // Passes on the low word carry both words; passes on the high word carry only it.
  for (let p = 0; p < 3 && p <= last; p++) {
    const base = p * RADIX;
    if (h[base + MASK] === NO_PASS) continue;
    const shift = p * BITS;
    const keys = p < last;
    for (let i = 0; i < n; i++) {
      const x = lo[i]!;
      const pos = h[base + ((x >>> shift) & MASK)]++;
      if (keys) {
        lo2[pos] = x;
        hi2[pos] = hi[i]!;
      }
      i2[pos] = idx ? idx[i]! : i;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    const t = idx ?? new Uint32Array(n);
    idx = i2;
    i2 = t;
  }
  for (let p = 3; p <= last; p++) {
    const base = p * RADIX;
    if (h[base + MASK] === NO_PASS) continue;
    const shift = (p - 3) * BITS;
    const keys = p < last;
    for (let i = 0; i < n; i++) {
      const x = hi[i]!;
      const pos = h[base + ((x >>> shift) & MASK)]++;
      if (keys) hi2[pos] = x;
      i2[pos] = idx ? idx[i]! : i;
    }
    [hi, hi2] = [hi2, hi];
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
