/**
 * Group ids by hashing, for the CPU body of groupby/group-rows (groupBy, unique, valueCounts,
 * partitioned windows) and of join/match: one pass per
 * key column over the rows, no sort of the rows.
 *
 * Every key column is mapped to unsigned order words (the order of ../wgsl/order.ts, as the
 * radix sort uses it, with -0 read as +0 and every NaN as one value), then each row gets its
 * value's dense rank:
 * - direct index when the words span a small range (up to max(2n, 2^20) values, high word
 *   constant): a table of first rows indexed by value − min gives the ranks in key order;
 * - otherwise an open-addressing hash table on the words numbers the distinct values in
 *   first-occurrence order, and with `ordered` the few distinct values are then radix-sorted
 *   (../sort/radix-sort-cpu.ts) to renumber the groups in key order.
 * Nulls form one group, numbered last. Several key columns fold left to right: the ranks so
 * far and the next column's ranks form one composite key (a u32 `a * count_b + b` when it
 * fits, else a (high, low) word pair) that is ranked the same way (a u32 composite too wide
 * for the direct index by a radix argsort and a walk over its runs: with many combinations
 * most rows hold a new one, and sorting passes beat a probe per row), so the composite order
 * is the lexicographic order of the columns.
 *
 * With `ordered`, group numbers follow the total order of the stable sort that the device
 * path uses (frame/verbs/sort.ts `sortPermutation` with `grouping`: nulls last, NaN after
 * every number, -0 == +0), so both backends give the same groups in the same order. It is
 * the CPU body of the registered ops in ./group-rows.ts (whose GPU body is that sort); the
 * join's CPU body (../join/match.ts) uses it unordered for key ids.
 */
import type { DTypeName, TypedArray } from '../../src/dtypes.js';
import { ValueError } from '../../src/errors.js';
import { argsortCpu } from '../sort/radix-sort-cpu.js';
import { partsFor, threadCount } from '../../src/threads/pool.js';
import { directParallel } from './direct-mt.js';

/**
 * The direct index on the thread pool (./direct-mt.ts): rows per part (at least), and the rows
 * below which it stays on one thread (measured with `npm run bench:frame -- --workloads
 * groupby-1k --libs gpuframe-cpu,gpuframe-cpu-mt`, 2 cores: two threads were slower at 2e6 and
 * 4e6 rows, 31 vs 23 and 61 vs 37 ms, and faster at 1e7, 141 vs 204 ms). Neither changes the
 * result. Internal: tests lower them.
 */
export const DIRECT_MT_TUNING = { partRows: 1 << 17, minRows: 1 << 23 };

/** One key column as host data: its storage dtype and optional validity bitmap. */
export interface KeyColumnCpu {
  data: TypedArray;
  dtype: DTypeName;
  validity?: Uint8Array;
}

/** Group numbers per row. */
export interface HashGroups {
  /** Per row: its group number, in [0, count). */
  ids: Uint32Array;
  /** The number of groups. */
  count: number;
  /** Per group: its first row (smallest row number). */
  first: Uint32Array;
}

const NONE = 0xffffffff;
/** Value ranges up to this size (or 2n) use the direct index: a 4 MiB table at most beyond 8 bytes a row. */
const DIRECT_MIN = 1 << 20;

function valid(bits: Uint8Array | undefined, i: number): boolean {
  return !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
}

/**
 * The order words of a key column (low word; high word for 64-bit dtypes): unsigned
 * integers in the sort's total order, -0 as +0, every NaN the largest word(s).
 */
export function orderWords(key: KeyColumnCpu, n: number): { lo: Uint32Array; hi?: Uint32Array } {
  const { data, dtype } = key;
  const lo = new Uint32Array(n);
  if (dtype === 'float32') {
    orderF32(new Uint32Array(data.buffer, data.byteOffset, n), lo);
    return { lo };
  }
  if (dtype === 'float64' || dtype === 'int64' || dtype === 'uint64') {
    const w = new Uint32Array(data.buffer, data.byteOffset, 2 * n);
    const hi = new Uint32Array(n);
    if (dtype === 'float64') orderF64(w, lo, hi);
    else orderI64(w, lo, hi, dtype === 'int64' ? 0x80000000 : 0);
    return { lo, hi };
  }
  // Signed packed and 32-bit values flip their sign bit; unsigned ones (and utf8 /
  // categorical codes, bool) are their own order.
  copyXor(data as Int32Array, lo, dtype === 'int8' || dtype === 'int16' || dtype === 'int32' ? 0x80000000 : 0);
  return { lo };
}

// The hot loops live in small functions of their own, so the JIT compiles each one whole
// (instead of on-stack-replacing a long function and bailing out of its untried parts).

function orderF32(w: Uint32Array, lo: Uint32Array): void {
  for (let i = 0; i < w.length; i++) {
    let b = w[i]!;
    if (b === 0x80000000) b = 0;
    lo[i] = (b & 0x7fffffff) > 0x7f800000 ? 0xffffffff : b & 0x80000000 ? ~b : b | 0x80000000;
  }
}

function orderF64(w: Uint32Array, lo: Uint32Array, hi: Uint32Array): void {
  for (let i = 0; i < lo.length; i++) {
    const l = w[2 * i]!;
    let h = w[2 * i + 1]!;
    if (h === 0x80000000 && l === 0) h = 0;
    const a = h & 0x7fffffff;
    if (a > 0x7ff00000 || (a === 0x7ff00000 && l !== 0)) {
      lo[i] = 0xffffffff;
      hi[i] = 0xffffffff;
    } else if (h & 0x80000000) {
      lo[i] = ~l;
      hi[i] = ~h;
    } else {
      lo[i] = l;
      hi[i] = h | 0x80000000;
    }
  }
}

function orderI64(w: Uint32Array, lo: Uint32Array, hi: Uint32Array, flip: number): void {
  for (let i = 0; i < lo.length; i++) {
    lo[i] = w[2 * i]!;
    hi[i] = w[2 * i + 1]! ^ flip;
  }
}

function copyXor(a: ArrayLike<number>, lo: Uint32Array, flip: number): void {
  for (let i = 0; i < lo.length; i++) lo[i] = a[i]! ^ flip;
}

/** Null rows (if any) form the last group. Returns the group count. */
function appendNulls(ids: Uint32Array, count: number, firstNull: number, first: Uint32Array): number {
  if (firstNull < 0) return count;
  first[count] = firstNull;
  for (let i = firstNull; i < ids.length; i++) if (ids[i] === NONE) ids[i] = count;
  return count + 1;
}

/** The first null row, or -1. */
function firstNullRow(bits: Uint8Array | undefined, n: number): number {
  if (!bits) return -1;
  for (let i = 0; i < n; i++) if (!valid(bits, i)) return i;
  return -1;
}

/** [min, max] of the values over valid rows, in `out` (min > max when none is valid). */
export function minMax(lo: ArrayLike<number>, bits: Uint8Array | undefined, out: Float64Array): void {
  let min = Infinity;
  let max = -Infinity;
  if (!bits) {
    for (let i = 0; i < lo.length; i++) {
      const x = lo[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  } else {
    for (let i = 0; i < lo.length; i++) {
      if (!valid(bits, i)) continue;
      const x = lo[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  out[0] = min;
  out[1] = max;
}

/** Whether every valid row has the same high word. */
function sameHigh(hi: Uint32Array, bits: Uint8Array | undefined): boolean {
  let h0 = -1;
  for (let i = 0; i < hi.length; i++) {
    if (bits && !valid(bits, i)) continue;
    if (h0 < 0) h0 = hi[i]!;
    else if (hi[i] !== h0) return false;
  }
  return true;
}

const scratch = new Float64Array(2);

/**
 * Dense ranks of the rows' (hi, lo) words; rows whose `bits` bit is clear form one group,
 * last. With `ordered`, ranks follow the unsigned (hi, lo) order; without, they may follow
 * first occurrence. `lo` is consumed: the ids are written over it (one array less to free).
 */
function denseRank(lo: Uint32Array, hi: Uint32Array | undefined, bits: Uint8Array | undefined, ordered: boolean): HashGroups {
  const n = lo.length;
  const firstNull = firstNullRow(bits, n);
  minMax(lo, bits, scratch);
  const min = scratch[0]!;
  const max = scratch[1]!;
  const ids = lo;
  if (min > max) {
    // Only nulls (or no rows).
    const first = new Uint32Array(firstNull < 0 ? 0 : 1);
    ids.fill(NONE);
    return { ids, count: appendNulls(ids, 0, firstNull, first), first };
  }
  const hiConst = !hi || sameHigh(hi, bits);
  const range = max - min + 1;
  if (hiConst && range <= Math.max(2 * n, DIRECT_MIN)) return direct(lo, bits, min, range, firstNull, ids);
  return hashed(lo, hiConst ? undefined : hi, bits, ordered, firstNull);
}

/** slot[v - min] = the first valid row holding v (slots start at -1). */
function markFirst(lo: ArrayLike<number>, bits: Uint8Array | undefined, min: number, slot: Int32Array): void {
  if (!bits) {
    for (let i = 0; i < lo.length; i++) {
      const s = lo[i]! - min;
      if (slot[s]! < 0) slot[s] = i;
    }
  } else {
    for (let i = 0; i < lo.length; i++) {
      if (!valid(bits, i)) continue;
      const s = lo[i]! - min;
      if (slot[s]! < 0) slot[s] = i;
    }
  }
}

/** Number the used slots in order (first rows into `first`); returns their count. */
function numberSlots(slot: Int32Array, first: Uint32Array | undefined): number {
  let g = 0;
  for (let s = 0; s < slot.length; s++) {
    const r = slot[s]!;
    if (r >= 0) {
      if (first) {
        first[g] = r;
        slot[s] = g;
      }
      g++;
    }
  }
  return g;
}

/** ids[i] = slot[lo[i] - min] for valid rows, NONE for null rows (in place: ids may be lo). */
function lookUp(lo: ArrayLike<number>, bits: Uint8Array | undefined, min: number, slot: Int32Array, ids: Uint32Array): void {
  if (!bits) for (let i = 0; i < lo.length; i++) ids[i] = slot[lo[i]! - min]!;
  else for (let i = 0; i < lo.length; i++) ids[i] = valid(bits, i) ? slot[lo[i]! - min]! : NONE;
}

/** Ranks by a table indexed by value − min (the ranks come out in key order), into `ids`. */
function direct(lo: ArrayLike<number>, bits: Uint8Array | undefined, min: number, range: number, firstNull: number, ids: Uint32Array): HashGroups {
  // slot[v - min]: first row holding v (then its rank), -1 for absent values.
  const slot = new Int32Array(range).fill(-1);
  markFirst(lo, bits, min, slot);
  const count = numberSlots(slot, undefined);
  const first = new Uint32Array(count + (firstNull >= 0 ? 1 : 0));
  numberSlots(slot, first);
  lookUp(lo, bits, min, slot, ids);
  return { ids, count: appendNulls(ids, count, firstNull, first), first };
}

/**
 * Tuning: the hash table starts with at most 2^maxInitialLogSlots slots (then doubles as
 * needed). Internal: tests lower it to reach the growth path on small inputs.
 */
export const HASH_TUNING = { maxInitialLogSlots: 22 };

/** An open-addressing hash table of distinct (hi, lo) keys numbered in order of arrival. */
class KeyTable {
  logCap: number;
  // Linear probing; slot s holds [key number + 1 (0: empty), the key's low word], so a probe
  // reads one cache line. High words (64-bit keys) are compared through kHi on a match.
  table: Uint32Array;
  kLo = new Uint32Array(1024);
  kHi: Uint32Array;
  first = new Uint32Array(1024);
  count = 0;

  /**
   * Sized for `n` keys at half load, within [2^12, 2^22] slots, so that inputs of up to
   * 2^21 distinct keys never rehash (at most 32 MiB; a few distinct keys touch few slots).
   */
  constructor(readonly wide: boolean, n: number) {
    this.logCap = Math.min(HASH_TUNING.maxInitialLogSlots, Math.max(12, Math.ceil(Math.log2(Math.max(1, 2 * n)))));
    this.table = new Uint32Array(2 << this.logCap);
    this.kHi = new Uint32Array(wide ? 1024 : 0);
  }

  /** Insert every valid row's key; ids[i] = its key number (NONE for null rows). */
  insertAll(lo: Uint32Array, hi: Uint32Array | undefined, bits: Uint8Array | undefined, ids: Uint32Array): void {
    for (let i = 0; i < lo.length; i++) {
      if (bits && !valid(bits, i)) ids[i] = NONE;
      else ids[i] = this.insert(lo[i]!, hi ? hi[i]! : 0, i);
    }
  }

  /** The key number of (y, x), added (with first row i) if new. */
  insert(x: number, y: number, i: number): number {
    const mask = (1 << this.logCap) - 1;
    const table = this.table;
    let s = Math.imul(x ^ Math.imul(y, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.logCap);
    for (;;) {
      const e = table[2 * s]!;
      if (e === 0) return this.add(x, y, i, s);
      if (table[2 * s + 1] === x && (!this.wide || this.kHi[e - 1] === y)) return e - 1;
      s = (s + 1) & mask;
    }
  }

  private add(x: number, y: number, i: number, s: number): number {
    if (this.count === this.kLo.length) {
      const m = 2 * this.count;
      this.kLo = copyTo(this.kLo, m);
      if (this.wide) this.kHi = copyTo(this.kHi, m);
      this.first = copyTo(this.first, m);
    }
    const id = this.count++;
    this.kLo[id] = x;
    if (this.wide) this.kHi[id] = y;
    this.first[id] = i;
    this.table[2 * s] = id + 1;
    this.table[2 * s + 1] = x;
    if (2 * this.count > 1 << this.logCap) this.grow();
    return id;
  }

  private grow(): void {
    this.logCap++;
    const table = new Uint32Array(2 << this.logCap);
    const shift = 32 - this.logCap;
    const mask = (1 << this.logCap) - 1;
    const { kLo, kHi, wide } = this;
    for (let id = 0; id < this.count; id++) {
      const x = kLo[id]!;
      let s = Math.imul(x ^ Math.imul(wide ? kHi[id]! : 0, 0x85ebca6b), 0x9e3779b1) >>> shift;
      while (table[2 * s] !== 0) s = (s + 1) & mask;
      table[2 * s] = id + 1;
      table[2 * s + 1] = x;
    }
    this.table = table;
  }
}

/** ids[i] = rank[ids[i]] for every id that is not NONE. */
function renumber(ids: Uint32Array, rank: Uint32Array): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id !== NONE) ids[i] = rank[id]!;
  }
}

/** Ranks by an open-addressing hash table, then (with `ordered`) a sort of the distinct values. */
function hashed(lo: Uint32Array, hi: Uint32Array | undefined, bits: Uint8Array | undefined, ordered: boolean, firstNull: number): HashGroups {
  const t = new KeyTable(hi !== undefined, lo.length);
  const ids = lo;
  t.insertAll(lo, hi, bits, ids);
  const { count, kLo, kHi, first } = t;
  const firstOut = copyTo(first, count + (firstNull >= 0 ? 1 : 0));
  if (ordered && count > 1) {
    // Sort the distinct values (radix, on the same order words) and renumber the groups.
    let order: Uint32Array;
    if (hi) {
      const w = new Uint32Array(2 * count);
      for (let id = 0; id < count; id++) {
        w[2 * id] = kLo[id]!;
        w[2 * id + 1] = kHi[id]!;
      }
      order = argsortCpu(new BigUint64Array(w.buffer), 'uint64', false);
    } else order = argsortCpu(kLo.subarray(0, count), 'uint32', false);
    const rank = new Uint32Array(count);
    for (let j = 0; j < count; j++) {
      rank[order[j]!] = j;
      firstOut[j] = first[order[j]!]!;
    }
    renumber(ids, rank);
  }
  return { ids, count: appendNulls(ids, count, firstNull, firstOut), first: firstOut };
}

function copyTo(a: Uint32Array, m: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(m);
  b.set(a.length > m ? a.subarray(0, m) : a);
  return b;
}

/**
 * Dense ranks of u32 keys (no nulls) by a stable radix argsort and one walk over it: a new
 * group wherever the key changes, its first row the first in sorted order (the smallest).
 * `lo` is consumed: the ids are written over it.
 */
function sortedRank(lo: Uint32Array): HashGroups {
  const perm = argsortCpu(lo, 'uint32', false);
  const first = new Uint32Array(lo.length);
  const count = walkRuns(lo, perm, first);
  return { ids: lo, count, first: copyTo(first, count) };
}

/** Number the runs of equal keys along perm; ids over keys (each read before its write). */
function walkRuns(keys: Uint32Array, perm: Uint32Array, first: Uint32Array): number {
  let g = -1;
  let prev = -1;
  for (let p = 0; p < perm.length; p++) {
    const r = perm[p]!;
    const x = keys[r]!;
    if (x !== prev) {
      first[++g] = r;
      prev = x;
    }
    keys[r] = g;
  }
  return g + 1;
}

function composite(A: Uint32Array, B: Uint32Array, m: number): void {
  for (let i = 0; i < A.length; i++) A[i] = A[i]! * m + B[i]!;
}

/** Ranks of the pairs (a, b), a first: the groups of two foldable groupings combined. */
function combine(a: HashGroups, b: HashGroups, ordered: boolean): HashGroups {
  const A = a.ids;
  const B = b.ids;
  const range = a.count * b.count;
  if (range <= 2 ** 32) {
    // The composite a * count_b + b, written over a's ids (no longer needed).
    composite(A, B, b.count);
    if (range <= Math.max(2 * A.length, DIRECT_MIN)) return denseRank(A, undefined, undefined, ordered);
    // Many combinations: most rows tend to hold a new one, where a radix sort of the
    // composites (cache-friendly passes) beats a hash table with a probe per row.
    return sortedRank(A);
  }
  return denseRank(B, A, undefined, ordered);
}

/** Integer dtypes of at most 32 bits (utf8 and categorical codes are uint32): their values order themselves. */
const SMALL_INTS: readonly DTypeName[] = ['int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8', 'bool'];

/**
 * The direct index read straight from the values of a small integer column (no order-word
 * copy): value − min indexes the table. undefined when the values span too wide a range
 * (or no row is valid): then the general path ranks them.
 */
function directInts(key: KeyColumnCpu, n: number): HashGroups | undefined {
  const a = key.data as Int32Array;
  const bits = key.validity;
  const parts = partsFor(n, DIRECT_MT_TUNING.partRows);
  if (parts > 1 && n >= DIRECT_MT_TUNING.minRows && threadCount() > 1) return directParallel(a, bits, n, parts, Math.max(2 * n, DIRECT_MIN), firstNullRow(bits, n));
  minMax(a, bits, scratch);
  const min = scratch[0]!;
  const range = scratch[1]! - min + 1;
  if (!(range >= 1 && range <= Math.max(2 * n, DIRECT_MIN))) return undefined;
  return direct(a, bits, min, range, firstNullRow(bits, n), new Uint32Array(n));
}

/**
 * Group numbers per row for the key columns (all of length `n`): rows with equal keys
 * (null == null, NaN == NaN, -0 == +0) share a number. With `ordered`, groups are numbered
 * in the order of the keys (first column first, nulls last); without, in any order.
 * Internal (the CPU body of `gf.kernels.groupRows`): keys [5, 1, 5], ordered, give ids
 * [1, 0, 1] and first rows [1, 0].
 */
export function hashGroupsCpu(keys: readonly KeyColumnCpu[], n: number, ordered: boolean): HashGroups {
  let acc: HashGroups | undefined;
  for (const key of keys) {
    let g = SMALL_INTS.includes(key.dtype) ? directInts(key, n) : undefined;
    if (!g) {
      const { lo, hi } = orderWords(key, n);
      g = denseRank(lo, hi, key.validity, ordered);
    }
    acc = acc ? combine(acc, g, ordered) : g;
  }
  if (!acc) throw new ValueError('hashGroupsCpu: expected at least one key column, got none');
  return acc;
}
