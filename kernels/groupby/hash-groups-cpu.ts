/**
 * Group ids by hashing, for the CPU backend's groupBy, unique and valueCounts: one pass per
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
 * fits, else a (high, low) word pair) that is ranked the same way, so the composite order is
 * the lexicographic order of the columns.
 *
 * With `ordered`, group numbers follow the total order of the stable sort that the device
 * path uses (frame/verbs/sort.ts `sortPermutation` with `grouping`: nulls last, NaN after
 * every number, -0 == +0), so both backends give the same groups in the same order. This
 * module has no device twin: the device path is that sort (frame/verbs/grouping.ts picks).
 */
import type { DTypeName, TypedArray } from '../../src/dtypes.js';
import { ValueError } from '../../src/errors.js';
import { argsortCpu } from '../sort/radix-sort-cpu.js';

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
  switch (dtype) {
    case 'float32': {
      const w = new Uint32Array(data.buffer, data.byteOffset, n);
      for (let i = 0; i < n; i++) {
        let b = w[i]!;
        if (b === 0x80000000) b = 0;
        lo[i] = (b & 0x7fffffff) > 0x7f800000 ? 0xffffffff : b & 0x80000000 ? ~b : b | 0x80000000;
      }
      return { lo };
    }
    case 'float64':
    case 'int64':
    case 'uint64': {
      const w = new Uint32Array(data.buffer, data.byteOffset, 2 * n);
      const hi = new Uint32Array(n);
      if (dtype === 'float64') {
        for (let i = 0; i < n; i++) {
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
      } else {
        const x = dtype === 'int64' ? 0x80000000 : 0;
        for (let i = 0; i < n; i++) {
          lo[i] = w[2 * i]!;
          hi[i] = w[2 * i + 1]! ^ x;
        }
      }
      return { lo, hi };
    }
    case 'int8':
    case 'int16':
    case 'int32': {
      const a = data as Int32Array;
      for (let i = 0; i < n; i++) lo[i] = a[i]! ^ 0x80000000;
      return { lo };
    }
    default: {
      // uint8, uint16, uint32 (and utf8/categorical codes), bool: the values are their order.
      const a = data as Uint32Array;
      for (let i = 0; i < n; i++) lo[i] = a[i]!;
      return { lo };
    }
  }
}

/** Null rows (if any) form the last group. Returns the group count. */
function appendNulls(ids: Uint32Array, count: number, firstNull: number, first: Uint32Array): number {
  if (firstNull < 0) return count;
  first[count] = firstNull;
  for (let i = firstNull; i < ids.length; i++) if (ids[i] === NONE) ids[i] = count;
  return count + 1;
}

/**
 * Dense ranks of the rows' (hi, lo) words; rows whose `bits` bit is clear form one group,
 * last. With `ordered`, ranks follow the unsigned (hi, lo) order; without, they may follow
 * first occurrence. `lo` is consumed: the ids are written over it (one array less to free).
 */
function denseRank(lo: Uint32Array, hi: Uint32Array | undefined, bits: Uint8Array | undefined, ordered: boolean): HashGroups {
  const n = lo.length;
  let min = 0xffffffff;
  let max = 0;
  let firstNull = -1;
  let firstValid = -1;
  let hiConst = true;
  for (let i = 0; i < n; i++) {
    if (!valid(bits, i)) {
      if (firstNull < 0) firstNull = i;
      continue;
    }
    if (firstValid < 0) firstValid = i;
    const x = lo[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (hi && firstValid >= 0) {
    const h0 = hi[firstValid]!;
    for (let i = firstValid; i < n && hiConst; i++) if (hi[i] !== h0 && valid(bits, i)) hiConst = false;
  }
  const ids = lo;
  if (firstValid < 0) {
    // Only nulls (or no rows).
    const first = new Uint32Array(firstNull < 0 ? 0 : 1);
    ids.fill(NONE);
    return { ids, count: appendNulls(ids, 0, firstNull, first), first };
  }
  const range = max - min + 1;
  if (hiConst && range <= Math.max(2 * n, DIRECT_MIN)) return direct(lo, bits, min, range, firstNull, ids);
  return hashed(lo, hiConst ? undefined : hi, bits, ordered, firstNull, ids);
}

/** Ranks by a table indexed by value − min (the ranks come out in key order). */
function direct(lo: Uint32Array, bits: Uint8Array | undefined, min: number, range: number, firstNull: number, ids: Uint32Array): HashGroups {
  const n = lo.length;
  // slot[v - min]: first row holding v (then its rank), -1 for absent values.
  const slot = new Int32Array(range).fill(-1);
  for (let i = n - 1; i >= 0; i--) if (valid(bits, i)) slot[lo[i]! - min] = i;
  let count = 0;
  for (let s = 0; s < range; s++) if (slot[s]! >= 0) count++;
  const first = new Uint32Array(count + (firstNull >= 0 ? 1 : 0));
  let g = 0;
  for (let s = 0; s < range; s++) {
    const r = slot[s]!;
    if (r >= 0) {
      first[g] = r;
      slot[s] = g++;
    }
  }
  if (bits) for (let i = 0; i < n; i++) ids[i] = valid(bits, i) ? slot[lo[i]! - min]! : NONE;
  else for (let i = 0; i < n; i++) ids[i] = slot[lo[i]! - min]!;
  return { ids, count: appendNulls(ids, count, firstNull, first), first };
}

/** Ranks by an open-addressing hash table, then (with `ordered`) a sort of the distinct values. */
function hashed(lo: Uint32Array, hi: Uint32Array | undefined, bits: Uint8Array | undefined, ordered: boolean, firstNull: number, ids: Uint32Array): HashGroups {
  const n = lo.length;
  let logCap = 12;
  // Linear probing; slot s holds [group id + 1 (0: empty), the group's low word], so a probe
  // reads one cache line. High words (64-bit keys) are compared through kHi on a match.
  let table = new Uint32Array(2 << logCap);
  let kLo = new Uint32Array(1024);
  let kHi = new Uint32Array(hi ? 1024 : 0);
  let first = new Uint32Array(1024);
  let count = 0;
  const slotOf = (x: number, y: number, shift: number) => Math.imul(x ^ Math.imul(y, 0x85ebca6b), 0x9e3779b1) >>> shift;
  const grow = () => {
    logCap++;
    table = new Uint32Array(2 << logCap);
    const shift = 32 - logCap;
    const mask = (1 << logCap) - 1;
    for (let id = 0; id < count; id++) {
      const x = kLo[id]!;
      let s = slotOf(x, hi ? kHi[id]! : 0, shift);
      while (table[2 * s] !== 0) s = (s + 1) & mask;
      table[2 * s] = id + 1;
      table[2 * s + 1] = x;
    }
  };
  for (let i = 0; i < n; i++) {
    if (bits && !valid(bits, i)) {
      ids[i] = NONE;
      continue;
    }
    const x = lo[i]!;
    const y = hi ? hi[i]! : 0;
    const mask = (1 << logCap) - 1;
    let s = slotOf(x, y, 32 - logCap);
    let id: number;
    for (;;) {
      const e = table[2 * s]!;
      if (e === 0) {
        if (count === kLo.length) {
          kLo = copyTo(kLo, 2 * count);
          if (hi) kHi = copyTo(kHi, 2 * count);
          first = copyTo(first, 2 * count);
        }
        id = count++;
        kLo[id] = x;
        if (hi) kHi[id] = y;
        first[id] = i;
        table[2 * s] = id + 1;
        table[2 * s + 1] = x;
        if (2 * count > mask) grow();
        break;
      }
      if (table[2 * s + 1] === x && (!hi || kHi[e - 1] === y)) {
        id = e - 1;
        break;
      }
      s = (s + 1) & mask;
    }
    ids[i] = id;
  }
  let firstOut = copyTo(first, count + (firstNull >= 0 ? 1 : 0));
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
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id !== NONE) ids[i] = rank[id]!;
    }
  }
  return { ids, count: appendNulls(ids, count, firstNull, firstOut), first: firstOut };
}

function copyTo(a: Uint32Array, m: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(m);
  b.set(a.length > m ? a.subarray(0, m) : a);
  return b;
}

/** Ranks of the pairs (a, b), a first: the groups of two foldable groupings combined. */
function combine(a: HashGroups, b: HashGroups, ordered: boolean): HashGroups {
  const n = a.ids.length;
  const A = a.ids;
  const B = b.ids;
  if (a.count * b.count <= 2 ** 32) {
    // The composite a * count_b + b, written over a's ids (no longer needed).
    const m = b.count;
    for (let i = 0; i < n; i++) A[i] = A[i]! * m + B[i]!;
    return denseRank(A, undefined, undefined, ordered);
  }
  return denseRank(B, A, undefined, ordered);
}

/**
 * Group numbers per row for the key columns (all of length `n`): rows with equal keys
 * (null == null, NaN == NaN, -0 == +0) share a number. With `ordered`, groups are numbered
 * in the order of the keys (first column first, nulls last); without, in any order.
 *
 * @example
 * ```ts
 * const g = hashGroupsCpu([{ data: new Int32Array([5, 1, 5]), dtype: 'int32' }], 3, true);
 * g.ids;   // Uint32Array [1, 0, 1]
 * g.first; // Uint32Array [1, 0]
 * ```
 */
export function hashGroupsCpu(keys: readonly KeyColumnCpu[], n: number, ordered: boolean): HashGroups {
  let acc: HashGroups | undefined;
  for (const key of keys) {
    const { lo, hi } = orderWords(key, n);
    const g = denseRank(lo, hi, key.validity, ordered);
    acc = acc ? combine(acc, g, ordered) : g;
  }
  if (!acc) throw new ValueError('hashGroupsCpu: expected at least one key column, got none');
  return acc;
}
