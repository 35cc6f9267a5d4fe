/**
 * Stable LSD radix sort of word keys carrying a u32 payload, and argsort on top of it.
 *
 * Order: the total order of ../wgsl/order.ts: -Inf < ... < -0 < +0 < ... < +Inf < NaN for
 * floats (every NaN last, whatever its sign or payload), two's complement order for signed
 * integers, all 64 bits for int64/uint64/float64 (exact beyond 2^53). Descending is the exact
 * reverse order of distinct keys (NaN first), done by sorting on the inverted order key, so
 * equal keys keep their input order in both directions. Sorted keys keep their original bits.
 *
 * GPU: 8-bit digits, 4 passes for 32-bit keys and 8 for 64-bit keys, each a count, a scan
 * over the [digit][segment] counts and a stable scatter (see ./radix-sort-wgsl.ts), all
 * recorded into one Recorder and submitted once. argsort keeps the sorted keys in a
 * temporary instead of an output (the CPU twin does not build them at all). A segment is 512 consecutive keys owned by
 * one thread, so a grid passes 65,535 workgroups only past 2^33 keys. Arrays longer than one
 * binding are processed in windows: the scatter of each input window runs once per output
 * window and writes only the destinations inside it; segments lengthen until the counts
 * (256 x 4 bytes per segment) fit one binding. Passes are never skipped (the pass structure is
 * fixed when recorded; detecting a constant digit would need a read-back or a copy pass).
 *
 * CPU: ./radix-sort-cpu.ts, an 11-bit LSD radix argsort giving the identical permutation, run
 * on the thread pool by ./radix-sort-mt.ts (the same permutation on any number of threads).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { DeviceError, DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { DIGIT_BITS, SCAN_ADD_SHADER, SCAN_SEG, SCAN_SEG_SHADER, countShader, scatterShader } from './radix-sort-wgsl.js';
import { radixSortParallel } from './radix-sort-mt.js';

/** Key dtypes the sort accepts. */
const KEY_DTYPES: DTypeName[] = ['uint32', 'int32', 'float32', 'int64', 'uint64', 'float64'];

export interface SortOptions {
  /** Sort from largest to smallest (NaN first); equal keys still keep input order. Default false. */
  descending?: boolean;
}

export interface SortedPairs<D extends DTypeName = DTypeName> {
  /** The keys in sorted order, with their original bits. */
  keys: DataBuffer<D>;
  /** The payload, permuted with the keys. */
  values: DataBuffer<'uint32'>;
}

type Window = { start: number; count: number };

/** What the kernel returns: `keys` only when asked for (argsort skips building them). */
type KernelResult = { keys: DataBuffer | undefined; values: DataBuffer<'uint32'> };

/**
 * Tuning: digit bits (4 or 8) and keys per segment (a power of two). Measured on SwiftShader
 * at 2^20 keys, best of 3 (ms, uint32 / float64): 4-bit with 32..512-key segments 500-830 /
 * 1660-1950; 8-bit with 512..2048-key segments 310-590 / 900-1550. 8-bit with 512 keys keeps
 * n / 512 threads busy on real GPUs too. Internal: tests change it to reach other paths.
 */
export const SORT_TUNING: { bits: 4 | 8; seg: number } = { bits: DIGIT_BITS, seg: 512 };

/** Keys per segment: SORT_TUNING.seg, doubled until the counts fit one binding. */
function segmentLength(n: number, radix: number, cap: number): number {
  let seg = SORT_TUNING.seg;
  while (radix * Math.ceil(n / seg) * 4 > cap) seg *= 2;
  return seg;
}

/** Windows of whole segments (and whole 256-byte offsets) that fit one binding. */
function segmentWindows(n: number, seg: number, bytesPerElem: number, cap: number): Window[] {
  const unit = Math.max(seg, 64);
  const per = Math.floor(cap / bytesPerElem / unit) * unit;
  if (per === 0) throw new DeviceError(`sort/radix-sort: expected maxBindingBytes >= ${unit * bytesPerElem} for ${n} keys, got ${cap}`);
  const out: Window[] = [];
  for (let start = 0; start < n; start += per) out.push({ start, count: Math.min(per, n - start) });
  return out;
}

type Level = { m: number; threads: number; sums: GPUBuffer };

/** Record an in-place exclusive scan of `buf` (multi-level, serial per thread). */
function recordScan(rec: Recorder, levels: Level[], buf: GPUBuffer): void {
  let a = buf;
  for (const { m, threads, sums } of levels) {
    rec.dispatch(SCAN_SEG_SHADER, new Uint32Array([m, threads, 0, 0]), [slice(a, 0, m, 4), slice(sums, 0, threads, 4)], groups(threads));
    a = sums;
  }
  for (let l = levels.length - 2; l >= 0; l--) {
    const { m, threads, sums } = levels[l]!;
    const target = l === 0 ? buf : levels[l - 1]!.sums;
    rec.dispatch(SCAN_ADD_SHADER, new Uint32Array([m, threads, 0, 0]), [slice(target, 0, m, 4), slice(sums, 0, threads, 4)], groups(threads));
  }
}

function sortGpu(ctx: GpuContext, keys: DataBuffer, values: DataBuffer<'uint32'> | undefined, descending: boolean, withKeys: boolean): KernelResult {
  const op = 'sort/radix-sort';
  const d = keys.dtype;
  const bpe = dtypeInfo(d).bytes;
  const n = keys.length;
  const rec = new Recorder(ctx);
  // Without withKeys the last pass writes the keys into a temporary, released at submit.
  const outK = withKeys ? rec.output(n * bpe) : rec.temp(Math.max(n * bpe, 4));
  const outV = rec.output(n * 4);
  const done = (): KernelResult => ({ keys: withKeys ? DataBuffer.fromDevice(ctx, d, n, outK) : undefined, values: DataBuffer.fromDevice(ctx, 'uint32', n, outV) });
  if (n === 0) {
    rec.submit();
    return done();
  }
  const cap = ctx.maxBindingBytes;
  const bits = SORT_TUNING.bits;
  const radix = 1 << bits;
  const seg = segmentLength(n, radix, cap);
  const nseg = Math.ceil(n / seg);
  const m = radix * nseg;
  const wins = segmentWindows(n, seg, bpe, cap);
  const K0 = keys.deviceBuffer(ctx, op);
  const V0 = values?.deviceBuffer(ctx, op);
  const tmpK = rec.temp(n * bpe);
  const tmpV = rec.temp(n * 4);
  const C = rec.temp(m * 4);
  const levels: Level[] = [];
  for (let len = m; ; ) {
    const threads = Math.ceil(len / SCAN_SEG);
    levels.push({ m: len, threads, sums: rec.temp(threads * 4) });
    if (threads === 1) break;
    len = threads;
  }
  const count = countShader(d, bits);
  const scatter = scatterShader(d, bits);
  const passes = (bpe * 8) / bits;
  const perWord = 32 / bits;
  const flip = descending ? 0xffffffff : 0;
  let srcK = K0;
  let srcV = V0;
  for (let p = 0; p < passes; p++) {
    // The last pass writes the outputs; passes alternate between them and the temporaries.
    const toOut = (passes - 1 - p) % 2 === 0;
    const dstK = toOut ? outK : tmpK;
    const dstV = toOut ? outV : tmpV;
    const word = p >= perWord ? 1 : 0;
    const shift = (p % perWord) * bits;
    const uniform = (w: Window, out: Window): Uint32Array =>
      new Uint32Array([w.count, Math.ceil(w.count / seg), w.start / seg, nseg, seg, shift, word, flip, srcV ? 0 : 1, w.start, out.start, out.count]);
    for (const w of wins) {
      rec.dispatch(count, uniform(w, w), [slice(srcK, w.start, w.count, bpe), slice(C, 0, m, 4)], groups(Math.ceil(w.count / seg)));
    }
    recordScan(rec, levels, C);
    for (const w of wins) {
      const inK = slice(srcK, w.start, w.count, bpe);
      // Without a payload the kernel uses the global index and never reads V.
      const inV = srcV ? slice(srcV, w.start, w.count, 4) : inK;
      for (const o of wins) {
        const binds = [inK, inV, slice(C, 0, m, 4), slice(dstK, o.start, o.count, bpe), slice(dstV, o.start, o.count, 4)];
        rec.dispatch(scatter, uniform(w, o), binds, groups(Math.ceil(w.count / seg)));
      }
    }
    srcK = dstK;
    srcV = dstV;
  }
  rec.submit();
  return done();
}

export const radixSortKernel = defineKernel({
  name: 'sort/radix-sort',
  dtypes: KEY_DTYPES,
  tolerance: EXACT,
  nulls: 'keys are sorted by bits; the caller places nulls (first/last) by partitioning on validity before sorting',
  cpu: (keys: DataBuffer, values: DataBuffer<'uint32'> | undefined, descending: boolean, withKeys: boolean): KernelResult =>
    radixSortParallel(keys, values, descending, withKeys),
  gpu: (ctx, keys: DataBuffer, values: DataBuffer<'uint32'> | undefined, descending: boolean, withKeys: boolean): KernelResult =>
    sortGpu(ctx, keys, values, descending, withKeys),
});

function checkOptions(op: string, options: SortOptions | undefined): boolean {
  const desc = options?.descending ?? false;
  if (typeof desc !== 'boolean') throw new ValueError(`${op}: expected options.descending to be a boolean, got ${typeof desc}`);
  return desc;
}

/**
 * Stable sort of `keys` carrying a u32 payload (by default the identity 0..n-1, which makes
 * `values` the argsort). NaN sorts last (first when descending), -0 before +0, and 64-bit
 * keys are compared on all 64 bits. Keys come back with their original bits.
 *
 * @example
 * ```ts
 * const keys = gf.array(new Float64Array([3, NaN, -1, 3]));
 * const { keys: k, values: v } = gf.kernels.sortPairs(keys);
 * await k.toArray(); // Float64Array [-1, 3, 3, NaN]
 * await v.toArray(); // Uint32Array [2, 0, 3, 1]
 * const rows = gf.array(new Uint32Array([10, 11, 12, 13]), 'uint32');
 * const byDesc = gf.kernels.sortPairs(keys, rows, { descending: true });
 * await byDesc.values.toArray(); // Uint32Array [11, 10, 13, 12]
 * ```
 */
export function sortPairs<D extends DTypeName>(keys: DataBuffer<D>, values?: DataBuffer<'uint32'>, options?: SortOptions): SortedPairs<D> {
  expectBuffer('sortPairs', keys, 'keys');
  expectDType('sortPairs', keys.dtype, KEY_DTYPES);
  if (values !== undefined) {
    if (values.dtype !== 'uint32') throw new DTypeError(`sortPairs: expected payload dtype uint32, got ${values.dtype}`);
    if (values.length !== keys.length) throw new ShapeError(`sortPairs: expected a payload of length ${keys.length}, got ${values.length}`);
  }
  const descending = checkOptions('sortPairs', options);
  return run(radixSortKernel, keys, values, descending, true) as SortedPairs<D>;
}

/**
 * The stable permutation that sorts `keys`: `keys[perm[0]] <= keys[perm[1]] <= ...` in the
 * order of `sortPairs`, equal keys in input order (also when descending).
 *
 * @example
 * ```ts
 * const perm = gf.kernels.argsort(gf.array(new Int32Array([5, -2, 5, 0])), { descending: true });
 * await perm.toArray(); // Uint32Array [0, 2, 3, 1]
 * ```
 */
export function argsort(keys: DataBuffer, options?: SortOptions): DataBuffer<'uint32'> {
  expectBuffer('argsort', keys, 'keys');
  expectDType('argsort', keys.dtype, KEY_DTYPES);
  const descending = checkOptions('argsort', options);
  return run(radixSortKernel, keys, undefined, descending, false).values;
}
