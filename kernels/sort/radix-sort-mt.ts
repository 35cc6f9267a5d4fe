/**
 * The radix argsort of ./radix-sort-cpu.ts on the thread pool (src/threads/pool.ts): the same
 * 11-bit LSD passes (passes whose digit is the same for every key skipped), each split into
 * parts of consecutive rows. One task maps the keys to order keys and counts every pass's
 * digits per part; then, per pass, the parts' counts of that digit (the first pass that runs
 * reuses the first task's counts; later ones count again, the keys having moved) become
 * per-part offsets, digit-major and part-minor, and each part scatters its rows in order.
 *
 * A stable sort's permutation is unique, so the result is the one-thread permutation bit for
 * bit, on any number of threads or parts. The number of parts depends on n only
 * (`partsFor`); below two parts' worth of keys, and on one thread, the one-thread sort runs.
 */
import { dtypeInfo, type DTypeName, type TypedArray } from '../../src/dtypes.js';
import { partsFor, runTask, sharedArray, sharedInput, threadCount } from '../../src/threads/pool.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gatherValuesParallel } from '../gather/gather-mt.js';
import { argsortCpu, BITS, identity, RADIX, radixSortCpu, words } from './radix-sort-cpu.js';
import { partOffsets, type CountArgs, type OrderArgs, type ScatterArgs } from './radix-parts.js';
import './radix-tasks.js';

/**
 * Rows per part (at least this many keys per part), and the keys below which the sort stays on
 * one thread (measured with `npm run bench:frame -- --workloads sort --libs
 * gpuframe-cpu,gpuframe-cpu-mt`, 2 cores: two threads were slower at 1e6 rows, 274 vs 211 ms,
 * even at 2e6, 375 vs 397 ms, and faster from 4e6, 873 vs 1321 ms). Neither changes the
 * permutation (a stable sort has one). Internal: tests lower them to reach the parts on small
 * inputs.
 */
export const SORT_MT_TUNING = { partRows: 1 << 17, minRows: 1 << 21 };

/**
 * The stable permutation that sorts `src` (see `argsortCpu`), on the thread pool where there
 * is more than one thread and more than one part's worth of keys.
 */
export function argsortParallel(src: TypedArray, dtype: DTypeName, descending: boolean): Uint32Array {
  const parts = partsFor(src.length, SORT_MT_TUNING.partRows);
  if (parts <= 1 || src.length < SORT_MT_TUNING.minRows || threadCount() <= 1) return argsortCpu(src, dtype, descending);
  return argsortParts(src, dtype, descending, parts);
}

/** Pass p's digits of all keys: whether it runs (no digit holds all n keys). */
function runningPasses(H: Uint32Array, parts: number, passes: number, n: number): boolean[] {
  const runs: boolean[] = [];
  const total = new Float64Array(RADIX);
  for (let p = 0; p < passes; p++) {
    total.fill(0);
    for (let q = 0; q < parts; q++) {
      const base = (q * passes + p) * RADIX;
      for (let d = 0; d < RADIX; d++) total[d]! += H[base + d]!;
    }
    runs.push(!total.some((c) => c === n));
  }
  return runs;
}

/**
 * The stable permutation that sorts `src`, split into `parts` parts (run on the pool; inline
 * where it has one thread). Internal: exported for the tests, which try any number of parts.
 */
export function argsortParts(src: TypedArray, dtype: DTypeName, descending: boolean, parts: number): Uint32Array {
  const n = src.length;
  const wide = dtypeInfo(dtype).bytes === 8;
  const passes = wide ? 6 : 3;
  let lo: Uint32Array = sharedArray(Uint32Array, n);
  let hi: Uint32Array | null = wide ? sharedArray(Uint32Array, n) : null;
  const H = sharedArray(Uint32Array, parts * passes * RADIX);
  const order: OrderArgs = { src: words(sharedInput(src), n, wide ? 2 : 1), dtype, flip: descending ? 0xffffffff : 0, lo, hi, H, passes };
  runTask('sort/radix-order', parts, order as unknown as Record<string, unknown>);
  const runs = runningPasses(H, parts, passes, n);
  const last = runs.lastIndexOf(true);
  if (last < 0) return identity(n);
  const C = sharedArray(Uint32Array, parts * RADIX);
  let lo2: Uint32Array = sharedArray(Uint32Array, n);
  let hi2: Uint32Array | null = wide ? sharedArray(Uint32Array, n) : null;
  let idx: Uint32Array | null = null;
  let i2: Uint32Array = sharedArray(Uint32Array, n);
  let first = true;
  for (let p = 0; p <= last; p++) {
    if (!runs[p]) continue;
    const onHi = p >= 3;
    const k = onHi ? hi! : lo;
    const shift = (p % 3) * BITS;
    if (first) {
      // The keys have not moved yet: the first task's counts of this pass are this pass's.
      for (let q = 0; q < parts; q++) C.set(H.subarray((q * passes + p) * RADIX, (q * passes + p + 1) * RADIX), q * RADIX);
    } else {
      const count: CountArgs = { k, shift, C };
      runTask('sort/radix-count', parts, count as unknown as Record<string, unknown>);
    }
    partOffsets(C, parts);
    const final = p === last;
    // A low-word pass of 64-bit keys carries the high word; the last pass writes no keys.
    const carry = wide && !onHi && !final;
    const scatter: ScatterArgs = {
      k,
      k2: final ? null : onHi ? hi2 : lo2,
      carry: carry ? hi : null,
      carry2: carry ? hi2 : null,
      idx,
      i2,
      O: C,
      shift,
    };
    runTask('sort/radix-scatter', parts, scatter as unknown as Record<string, unknown>);
    if (!final) {
      if (!onHi) [lo, lo2] = [lo2, lo];
      if (onHi || carry) [hi, hi2] = [hi2, hi];
    }
    const t = idx ?? sharedArray(Uint32Array, n);
    idx = i2;
    i2 = t;
    first = false;
  }
  return idx!;
}

/**
 * `radixSortCpu` with the argsort and the gathers of the keys and the payload on the pool:
 * the same outputs, bit for bit.
 */
export function radixSortParallel(
  keys: DataBuffer,
  values: DataBuffer<'uint32'> | undefined,
  descending: boolean,
  withKeys: boolean,
): { keys: DataBuffer | undefined; values: DataBuffer<'uint32'> } {
  const n = keys.length;
  if (partsFor(n, SORT_MT_TUNING.partRows) <= 1 || n < SORT_MT_TUNING.minRows || threadCount() <= 1) return radixSortCpu(keys, values, descending, withKeys);
  const op = 'sort/radix-sort';
  const src = keys.hostView(op);
  const perm = DataBuffer.fromHost(argsortParallel(src, keys.dtype, descending), 'uint32');
  const sorted = withKeys ? gatherValuesParallel(keys, perm) : undefined;
  if (!values) return { keys: sorted, values: perm };
  const vals = gatherValuesParallel(values, perm) as DataBuffer<'uint32'>;
  perm.dispose();
  return { keys: sorted, values: vals };
}
