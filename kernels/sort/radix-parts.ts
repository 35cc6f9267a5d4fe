/**
 * The per-part bodies of the multi-threaded radix argsort (./radix-sort-mt.ts): pure
 * functions of (part, parts, args) over shared typed arrays, so a worker and the calling
 * thread run the same code. Part `part` owns rows partRange(part, parts, n) of the keys in
 * their current order; each pass's stable scatter writes its rows at offsets the caller
 * computed from every part's digit counts (digit-major, part-minor), so the permutation is
 * the one stable sort of the keys, whatever the number of parts or threads.
 */
import { partRange } from '../part-rows.js';
import { histogram32, MASK, orderF32, orderF64, orderI64, RADIX, scatter, scatterLo, xorInto } from './radix-sort-cpu.js';

/** Arguments of 'sort/radix-order': the raw key words and where the order keys and counts go. */
export interface OrderArgs {
  /** The keys' raw u32 words (2 per 64-bit key). */
  src: Uint32Array;
  /** 'float32', 'int32', 'uint32' (one word) or 'float64', 'int64', 'uint64' (two). */
  dtype: string;
  flip: number;
  /** The order keys: the low words (64-bit) or the only words (32-bit). */
  lo: Uint32Array;
  /** The high words of 64-bit order keys; null for 32-bit keys. */
  hi: Uint32Array | null;
  /** Counts, `passes` histograms of RADIX per part: H[(part * passes + pass) * RADIX + digit]. */
  H: Uint32Array;
  passes: number;
}

/** Order keys and all passes' digit counts of one part's rows. */
export function radixOrderPart(part: number, parts: number, a: OrderArgs): null {
  const n = a.lo.length;
  const [s, e] = partRange(part, parts, n);
  const base = part * a.passes * RADIX;
  if (a.hi) {
    const w = a.src.subarray(2 * s, 2 * e);
    const lo = a.lo.subarray(s, e);
    const hi = a.hi.subarray(s, e);
    if (a.dtype === 'float64') orderF64(w, lo, hi, a.flip);
    else orderI64(w, lo, hi, a.flip, (a.dtype === 'int64' ? 0x80000000 : 0) ^ a.flip);
    histogram32(lo, a.H, base);
    histogram32(hi, a.H, base + 3 * RADIX);
  } else {
    const w = a.src.subarray(s, e);
    const k = a.lo.subarray(s, e);
    if (a.dtype === 'float32') orderF32(w, k, a.flip);
    else xorInto(w, k, (a.dtype === 'int32' ? 0x80000000 : 0) ^ a.flip);
    histogram32(k, a.H, base);
  }
  return null;
}

/** Arguments of 'sort/radix-count': one digit's counts of every part, C[part * RADIX + digit]. */
export interface CountArgs {
  k: Uint32Array;
  shift: number;
  C: Uint32Array;
}

/** The counts of the digit at `shift` over one part's rows (its slice of C is zeroed first). */
export function radixCountPart(part: number, parts: number, a: CountArgs): null {
  const [s, e] = partRange(part, parts, a.k.length);
  const base = part * RADIX;
  a.C.fill(0, base, base + RADIX);
  countDigit(a.k, s, e, a.shift, a.C, base);
  return null;
}

function countDigit(k: Uint32Array, s: number, e: number, shift: number, C: Uint32Array, base: number): void {
  for (let i = s; i < e; i++) C[base + ((k[i]! >>> shift) & MASK)]++;
}

/**
 * Arguments of 'sort/radix-scatter': one stable pass. `k` holds the digit's word (the low
 * word for lo passes); `carry` the high word carried along on a low-word pass of 64-bit keys
 * (into `carry2`), or null; `k2` null on the last pass (no keys written); `idx` null on the
 * first pass that runs (row numbers are written instead). `O` holds each part's offsets.
 */
export interface ScatterArgs {
  k: Uint32Array;
  k2: Uint32Array | null;
  carry: Uint32Array | null;
  carry2: Uint32Array | null;
  idx: Uint32Array | null;
  i2: Uint32Array;
  O: Uint32Array;
  shift: number;
}

/** One part's rows, in order, to their places in the pass's output. */
export function radixScatterPart(part: number, parts: number, a: ScatterArgs): null {
  const [s, e] = partRange(part, parts, a.k.length);
  const base = part * RADIX;
  if (a.carry && a.k2) scatterLo(a.k, a.carry, a.k2, a.carry2!, a.idx ?? undefined, a.i2, a.O, base, a.shift, s, e);
  else scatter(a.k, a.k2 ?? undefined, a.idx ?? undefined, a.i2, a.O, base, a.shift, s, e);
  return null;
}

/**
 * Turn per-part counts C[part * RADIX + digit] into per-part offsets in place: digit-major,
 * part-minor, so part p's keys of digit d follow every smaller digit's keys and part q < p's
 * keys of digit d (a stable pass).
 */
export function partOffsets(C: Uint32Array, parts: number): void {
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    for (let p = 0; p < parts; p++) {
      const c = C[p * RADIX + d]!;
      C[p * RADIX + d] = sum;
      sum += c;
    }
  }
}
