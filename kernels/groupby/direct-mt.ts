/**
 * The direct index of ./hash-groups-cpu.ts (a small integer key column: value − min indexes a
 * table) on the thread pool (src/threads/pool.ts), for long columns:
 * - 'groupby/minmax': each part's [min, max] over its valid rows, combined (exact);
 * - 'groupby/first-own': each thread's run of rows fills a first-row table of its own, read in
 *   run order (where the tables fit FIRST_TABLES.maxBytes); else 'groupby/first': each row
 *   offers its row number as its value's first row, kept if smaller, by compare-and-swap on a
 *   shared table (the table ends as each value's smallest row whatever the thread timing; a part
 *   only swaps the first time it meets a value, as its rows ascend);
 * - the used slots numbered in value order on the calling thread;
 * - 'groupby/lookup': each part's rows read their group number from the table (null rows the
 *   null group, last).
 * The ids, count and first rows are those of the one-thread direct index, on any thread count.
 */
import { borrowScratch, partRange, releaseScratch, runTask, sharedArray, sharedInput, threadCount } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';

/** Arguments of the tasks. */
export interface DirectArgs {
  a: ArrayLike<number> & { subarray?: unknown };
  bits: Uint8Array | null;
  n: number;
  min?: number;
  slot?: Int32Array;
  ids?: Uint32Array;
  /** The null rows' group number. */
  nullId?: number;
  /** 'groupby/first-own': one table of `range` first rows per part. */
  tables?: Int32Array;
  range?: number;
}

/** The most bytes of per-thread first-row tables (else the shared table with compare-and-swap). Internal: tests lower it. */
export const FIRST_TABLES = { maxBytes: 64 << 20 };

function minMaxPart(part: number, parts: number, d: DirectArgs): [number, number] {
  const [lo, hi] = partRange(part, parts, d.n, 8);
  const a = d.a;
  const bits = d.bits;
  let min = Infinity;
  let max = -Infinity;
  for (let i = lo; i < hi; i++) {
    if (bits && ((bits[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const x = a[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return [min, max];
}

/**
 * 'groupby/first-own': part `part` (a contiguous run of rows, ascending) writes each value's
 * first row in the run into a table of its own (`tables`, `range` slots per part): plain stores,
 * no atomics and no cache lines shared with another thread. Exact in any split, so the number
 * of parts may follow the thread count.
 */
function firstOwnPart(part: number, parts: number, d: DirectArgs): null {
  const [lo, hi] = partRange(part, parts, d.n);
  const { a, bits } = d;
  const min = d.min!;
  const t = d.tables!.subarray(part * d.range!, (part + 1) * d.range!);
  for (let i = lo; i < hi; i++) {
    if (bits && ((bits[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const s = a[i]! - min;
    if (t[s]! < 0) t[s] = i;
  }
  return null;
}

function firstPart(part: number, parts: number, d: DirectArgs): null {
  const [lo, hi] = partRange(part, parts, d.n, 8);
  const { a, bits } = d;
  const slot = d.slot!;
  const min = d.min!;
  for (let i = lo; i < hi; i++) {
    if (bits && ((bits[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const s = a[i]! - min;
    let cur = slot[s]!; // a plain read may be stale: the swap below checks
    while (cur < 0 || cur > i) {
      const was = Atomics.compareExchange(slot, s, cur, i);
      if (was === cur) break;
      cur = was;
    }
  }
  return null;
}

function lookupPart(part: number, parts: number, d: DirectArgs): null {
  const [lo, hi] = partRange(part, parts, d.n, 8);
  const { a, bits } = d;
  const slot = d.slot!;
  const ids = d.ids!;
  const min = d.min!;
  if (!bits) for (let i = lo; i < hi; i++) ids[i] = slot[a[i]! - min]!;
  else for (let i = lo; i < hi; i++) ids[i] = (bits[i >> 3]! >> (i & 7)) & 1 ? slot[a[i]! - min]! : d.nullId!;
  return null;
}

defineTask('groupby/minmax', (part, parts, args) => minMaxPart(part, parts, args as unknown as DirectArgs));
defineTask('groupby/first', (part, parts, args) => firstPart(part, parts, args as unknown as DirectArgs));
defineTask('groupby/first-own', (part, parts, args) => firstOwnPart(part, parts, args as unknown as DirectArgs));
defineTask('groupby/lookup', (part, parts, args) => lookupPart(part, parts, args as unknown as DirectArgs));

/**
 * The direct index of a small integer column in `parts` parts: ids, count and first rows, or
 * undefined when the values span more than `maxRange` (or no row is valid). `firstNull`: the
 * first null row, or -1.
 */
export function directParallel(data: ArrayLike<number>, validity: Uint8Array | undefined, n: number, parts: number, maxRange: number, firstNull: number): { ids: Uint32Array; count: number; first: Uint32Array } | undefined {
  const d: DirectArgs = { a: sharedInput(data as Int32Array), bits: validity ? sharedInput(validity) : null, n };
  let min = Infinity;
  let max = -Infinity;
  for (const [lo, hi] of runTask<[number, number]>('groupby/minmax', parts, d as unknown as Record<string, unknown>)) {
    if (lo < min) min = lo;
    if (hi > max) max = hi;
  }
  const range = max - min + 1;
  if (!(range >= 1 && range <= maxRange)) return undefined;
  d.min = min;
  // Each value's first row: with few threads and a small range, every thread fills a table of its
  // own over a run of rows and the tables are read in run order (the smallest row is in the
  // first run that has the value); else one shared table takes the smallest row by
  // compare-and-swap, which costs cache lines passed between threads at every store.
  const threads = threadCount();
  const own = threads * range * 4 <= FIRST_TABLES.maxBytes;
  const tables = own ? borrowScratch(Int32Array, threads * range).fill(-1) : undefined;
  const slot = tables ? tables.subarray(0, range) : sharedArray(Int32Array, range).fill(-1);
  if (tables) {
    d.tables = tables;
    d.range = range;
    runTask('groupby/first-own', threads, d as unknown as Record<string, unknown>);
  } else {
    d.slot = slot;
    runTask('groupby/first', parts, d as unknown as Record<string, unknown>);
  }
  // Number the used slots in value order (first rows into `first`; the slot then holds its group).
  const firstOf = (s: number): number => {
    if (!tables) return slot[s]!;
    for (let p = 0; p < threads; p++) {
      const r = tables[p * range + s]!;
      if (r >= 0) return r;
    }
    return -1;
  };
  let count = 0;
  for (let s = 0; s < range; s++) if (firstOf(s) >= 0) count++;
  const first = new Uint32Array(count + (firstNull >= 0 ? 1 : 0));
  for (let s = 0, g = 0; s < range; s++) {
    const r = firstOf(s); // read before slot[s] (the first table's) becomes a group number
    if (r >= 0) {
      first[g] = r;
      slot[s] = g++;
    }
  }
  if (firstNull >= 0) first[count] = firstNull;
  d.ids = sharedArray(Uint32Array, n);
  d.nullId = count;
  d.slot = slot;
  d.tables = undefined;
  runTask('groupby/lookup', parts, d as unknown as Record<string, unknown>);
  if (tables) releaseScratch(tables);
  return { ids: d.ids, count: count + (firstNull >= 0 ? 1 : 0), first };
}
