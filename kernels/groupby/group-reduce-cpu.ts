/**
 * Reductions by group number, on the CPU: one pass over the rows in row order with one
 * accumulator per group, so each group's values are combined in row order, exactly as the
 * segmented reduction (./segmented-reduce.ts) combines a group's rows after a stable sort by
 * key. The CPU twin of the segmented reduction is this function with group numbers taken
 * from the segment starts, so both share one implementation of the semantics:
 * - float sums add in row order (IEEE binary64, from 0); means divide that sum by the count.
 * - 32-bit integer sums are exact (float64 partial sums, folded into a BigInt every 2^20
 *   values of a group); 64-bit integer sums are BigInt; an int64/uint64 total outside 64 bits
 *   sets the overflow flag.
 * - var/std: two passes (mean, then Σ (x - mean)² in row order), ddof 1.
 * - min/max: by the order key (../wgsl/order-cpu.ts), NaN ignored unless a group has only NaN.
 * - Every NaN result is the canonical quiet NaN; a var/std slot without a result holds 0.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName, type TypedArray } from '../../src/dtypes.js';
import { partRange, runTask, sharedArray, sharedInput, threadCount, type TypedArrayCtor } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';
import { keyF32, keyF64, keyI32, keyI64, keyU32, keyU64 } from '../wgsl/order-cpu.js';
import type { SegOp, SegmentedResult } from './segmented-reduce.js';
import { countIds } from './count-ids.js';

/** The output dtype of segmented/grouped `op` over `dtype` (shared by both bodies; lives here so the CPU twin imports no value from the kernel module). */
export function segResultType(op: SegOp, dtype: DTypeName): DTypeName {
  if (op === 'count') return 'int64';
  if (op === 'mean' || op === 'var' || op === 'std') return 'float64';
  if (op === 'sum') return dtype === 'float32' || dtype === 'float64' ? 'float64' : dtype === 'uint32' || dtype === 'uint64' ? 'uint64' : 'int64';
  return dtype;
}

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n, UINT64_MAX = 2n ** 64n - 1n;
const TWO32 = 4294967296;

/** Write a safe integer as the two u32 words of an int64/uint64 slot. */
function writeWords(w: Uint32Array, g: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  w[2 * g] = v - hi * TWO32;
  w[2 * g + 1] = hi;
}

/** Exact per-group sums of 32-bit integers: float64 partial sums folded into BigInts. */
class IntSums {
  readonly part: Float64Array;
  big: bigint[] | undefined;
  constructor(readonly G: number) {
    this.part = new Float64Array(G);
  }
  /** Fold group g's partial sum (call when its count reaches a multiple of 2^20). */
  fold(g: number): void {
    (this.big ??= new Array<bigint>(this.G).fill(0n))[g]! += BigInt(this.part[g]!);
    this.part[g] = 0;
  }
  /** The exact total of group g: a number when it is a safe integer, else a BigInt. */
  total(g: number): number | bigint {
    if (!this.big || this.big[g] === 0n) return this.part[g]!;
    return this.big[g]! + BigInt(this.part[g]!);
  }
}

/** Per-group totals in row order and valid counts: what sum, mean, var and std share. */
interface Totals {
  /** float64 sums (float input), or exact integer totals (number when safe, else BigInt). */
  sums: Float64Array | (number | bigint)[];
  cnt: Uint32Array;
}

/**
 * When the reductions use the thread pool: at least this many rows and groups (with few groups
 * each part's pass over every row costs more than its share of the adds saves). Internal.
 */
export const GROUP_REDUCE_TUNING = { minRows: 1 << 18, minGroups: 1 << 14 };

// The hot loops live in small functions of their own, so the JIT compiles each one whole.

/** acc[ids[i]] += x[i] in row order, for every row of a group (ids[i] < acc.length); the counts come from countIds. */
function addFloats(x: Float64Array | Float32Array, ids: Uint32Array, acc: Float64Array): void {
  const G = acc.length;
  for (let i = 0; i < ids.length; i++) {
    const g = ids[i]!;
    if (g < G) acc[g] += x[i]!;
  }
}

/**
 * acc[g] += x[i] in row order and cnt[g]++ for one part of several (a range of the groups,
 * g = ids[i] - g0): rows of other groups add into a
 * spare last slot, chosen without a branch (a branch on "is this row's group mine?" is a coin
 * toss per row with random ids), so acc and cnt have one slot more than the range.
 */
function sumFloatsRange(x: Float64Array | Float32Array, ids: Uint32Array, acc: Float64Array, cnt: Uint32Array, g0: number): void {
  const G = acc.length - 1;
  for (let i = 0; i < ids.length; i++) {
    const g = (ids[i]! - g0) >>> 0;
    const k = G + Number(g < G) * (g - G); // g when g < G, else the spare slot G
    acc[k] += x[i]!;
    cnt[k]++;
  }
}

/** acc[g] += x[i] in row order and cnt[g]++ over the rows whose validity bit is set (g = ids[i] - g0 < acc.length). */
function sumValidFloats(x: Float64Array | Float32Array, bits: Uint8Array, ids: Uint32Array, acc: Float64Array, cnt: Uint32Array, g0: number): void {
  const G = acc.length;
  for (let i = 0; i < ids.length; i++) {
    const g = (ids[i]! - g0) >>> 0;
    if (g < G && (bits[i >> 3]! >> (i & 7)) & 1) {
      acc[g] += x[i]!;
      cnt[g]++;
    }
  }
}

/** out[g] = sums[g] / cnt[g] (0 / 0: NaN for a group without values). */
function divide(sums: Float64Array, cnt: Uint32Array, out: Float64Array): void {
  for (let g = 0; g < out.length; g++) out[g] = sums[g]! / cnt[g]!;
}

/** Set the validity bit of every group (with `cnt`: of every group with more than `min` values). */
function markValid(ov: Uint8Array, G: number, cnt?: Uint32Array, min = 0): void {
  if (!cnt) {
    ov.fill(0xff);
    if (G & 7) ov[ov.length - 1] = (1 << (G & 7)) - 1;
    return;
  }
  for (let g = 0; g < G; g++) if (cnt[g]! > min) ov[g >> 3]! |= 1 << (g & 7);
}

/** Canonical quiet NaN bits (0x7ff8000000000000) for every NaN of a float64 array, as the device writes them. */
function canonicalNaN64(f: Float64Array): void {
  const w = new Uint32Array(f.buffer, f.byteOffset, 2 * f.length);
  for (let g = 0; g < f.length; g++) {
    if (f[g] !== f[g]) {
      w[2 * g] = 0;
      w[2 * g + 1] = 0x7ff80000;
    }
  }
}

/** One pass over the rows: each group's total (in row order) and count of valid values. */
function totals(x: TypedArray, d: DTypeName, bits: Uint8Array | undefined, ids: Uint32Array, g0: number, G: number, whole = true): Totals {
  const n = ids.length;
  const ok = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
  const cnt = new Uint32Array(G);
  if (d === 'float32' || d === 'float64') {
    if (!bits && !whole) {
      const acc = new Float64Array(G + 1);
      const c = new Uint32Array(G + 1);
      sumFloatsRange(x as Float64Array, ids, acc, c, g0);
      return { sums: acc.subarray(0, G), cnt: c.subarray(0, G) };
    }
    const acc = new Float64Array(G);
    if (!bits) {
      // All the groups (whole: g0 is 0). The adds stay in row order on this thread; the counts
      // (integers) split over the pool.
      addFloats(x as Float64Array, ids, acc);
      return { sums: acc, cnt: countIds(ids, G).subarray(1) };
    }
    sumValidFloats(x as Float64Array, bits, ids, acc, cnt, g0);
    return { sums: acc, cnt };
  }
  if (dtypeInfo(d).bytes === 8) {
    const b = x as BigInt64Array;
    const big = new Array<bigint>(G).fill(0n);
    for (let i = 0; i < n; i++) {
      const g = (ids[i]! - g0) >>> 0;
      if (g < G && ok(i)) {
        big[g]! += b[i]!;
        cnt[g]++;
      }
    }
    return { sums: big, cnt };
  }
  const a = x as Int32Array;
  const s = new IntSums(G);
  const part = s.part;
  for (let i = 0; i < n; i++) {
    const g = (ids[i]! - g0) >>> 0;
    if (g < G && ok(i)) {
      part[g] += a[i]!;
      if ((++cnt[g]! & 0xfffff) === 0) s.fold(g);
    }
  }
  return { sums: s.big ? Array.from({ length: G }, (_, g) => s.total(g)) : part, cnt };
}

/**
 * Reduce `values` (rows with a clear `validity` bit skipped) into `G` groups: row i goes to
 * group `ids[i]` (rows with `ids[i] >= G` belong to no group). See the module comment.
 * Internal: values [1, 2, 4] with ids [1, 0, 1] and G = 2 sum to [2, 5].
 */
export function groupReduceCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, ids: Uint32Array, G: number, op: SegOp): SegmentedResult {
  return groupReduceManyCpu(values, validity, ids, G, [op])[0]!;
}

/**
 * Several reductions of one column at once: count, sum, mean, var and std share one pass
 * over the rows (var and std take a second one for the squared deviations). Internal (the CPU
 * body of `gf.kernels.groupReduce`).
 *
 * On the thread pool the groups split into ranges (`partRange` over G, whole validity bytes),
 * one part per thread: each part reads every row and reduces the rows of its own groups, in
 * row order, into its slice of the shared outputs. A group's result depends on its rows in row
 * order only, never on the ranges, so it is the same bits on any number of threads (and the
 * number of parts may follow the thread count).
 */
export function groupReduceManyCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, ids: Uint32Array, G: number, ops: readonly SegOp[]): SegmentedResult[] {
  const bits = validity?.hostView('groupBy') as Uint8Array | undefined;
  const d = values.dtype;
  const n = values.length;
  const threads = threadCount();
  const parts = threads > 1 && n >= GROUP_REDUCE_TUNING.minRows && G >= GROUP_REDUCE_TUNING.minGroups ? threads : 1;
  const mt = parts > 1;
  const x = values.hostView('groupBy');
  const outs = ops.map((op) => {
    const A = dtypeInfo(segResultType(op, d)).array as unknown as TypedArrayCtor<TypedArray>;
    return mt ? sharedArray(A, G) : new A(G);
  });
  const ovs = ops.map(() => (mt ? sharedArray(Uint8Array, Math.ceil(G / 8)) : new Uint8Array(Math.ceil(G / 8))));
  const args: GroupReduceArgs = {
    x: mt ? sharedInput(x) : x,
    dtype: d,
    bits: bits ? (mt ? sharedInput(bits) : bits) : null,
    ids: mt ? sharedInput(ids) : ids,
    G,
    ops,
    outs,
    ovs,
  };
  const flags = runTask<number[]>('groupby/reduce', parts, args as unknown as Record<string, unknown>);
  return ops.map((op, k) => ({
    values: DataBuffer.fromHost(outs[k]!, segResultType(op, d)),
    validity: DataBuffer.fromHost(ovs[k]!, 'uint8'),
    overflow: op === 'sum' && (d === 'int64' || d === 'uint64') ? DataBuffer.fromHost(new Uint32Array([flags.some((f) => f[k] !== 0) ? 1 : 0]), 'uint32') : undefined,
  }));
}

/** Arguments of 'groupby/reduce': the column, its row ids, the group count, the ops and their outputs (G values, G bits each). */
export interface GroupReduceArgs {
  x: TypedArray;
  dtype: DTypeName;
  bits: Uint8Array | null;
  ids: Uint32Array;
  G: number;
  ops: readonly SegOp[];
  outs: TypedArray[];
  ovs: Uint8Array[];
}

/** Part `part` of 'groupby/reduce': every op over the groups of its range; returns each op's overflow flag. */
export function groupReducePart(part: number, parts: number, a: GroupReduceArgs): number[] {
  const [g0, g1] = partRange(part, parts, a.G, 8);
  const span = g1 - g0;
  const bits = a.bits ?? undefined;
  let shared: Totals | undefined;
  return a.ops.map((op, k) => {
    const out = a.outs[k]!.subarray(g0, g1) as TypedArray;
    const ov = a.ovs[k]!.subarray(g0 >> 3, (g1 + 7) >> 3);
    if (op === 'min' || op === 'max') return reduceOne(a.x, a.dtype, bits, a.ids, g0, span, op, undefined, out, ov);
    if (op === 'count' && !shared && a.ops.every((o) => o === 'count' || o === 'min' || o === 'max')) return reduceOne(a.x, a.dtype, bits, a.ids, g0, span, op, undefined, out, ov);
    shared ??= totals(a.x, a.dtype, bits, a.ids, g0, span, parts === 1);
    return reduceOne(a.x, a.dtype, bits, a.ids, g0, span, op, shared, out, ov);
  });
}

/** One op over the groups [g0, g0 + G) into `out` and `ov` (that range's slices); returns the overflow flag. */
function reduceOne(x: TypedArray, d: DTypeName, bits: Uint8Array | undefined, ids: Uint32Array, g0: number, G: number, op: SegOp, t: Totals | undefined, out: TypedArray, ov: Uint8Array): number {
  const n = ids.length;
  const ok = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
  const outType = segResultType(op, d);
  const setValid = (g: number) => (ov[g >> 3]! |= 1 << (g & 7));
  let overflow = 0;
  const isF = d === 'float32' || d === 'float64';

  if (op === 'count') {
    let cnt = t?.cnt;
    if (!cnt) {
      cnt = new Uint32Array(G);
      for (let i = 0; i < n; i++) {
        const g = (ids[i]! - g0) >>> 0;
        if (g < G && ok(i)) cnt[g]++;
      }
    }
    const w = new Uint32Array(out.buffer, out.byteOffset, 2 * G);
    for (let g = 0; g < G; g++) {
      w[2 * g] = cnt[g]!;
      setValid(g);
    }
  } else if (t) {
    const { sums, cnt } = t;
    if (op === 'var' || op === 'std') {
      const mean = new Float64Array(G);
      for (let g = 0; g < G; g++) mean[g] = Number(sums[g]!) / cnt[g]!;
      const ss = new Float64Array(G);
      for (let i = 0; i < n; i++) {
        const g = (ids[i]! - g0) >>> 0;
        if (g < G && ok(i)) {
          const dv = Number(x[i]!) - mean[g]!;
          ss[g] += dv * dv;
        }
      }
      const o = out as Float64Array;
      for (let g = 0; g < G; g++) {
        const c = cnt[g]!;
        if (c > 1) {
          o[g] = op === 'std' ? Math.sqrt(ss[g]! / (c - 1)) : ss[g]! / (c - 1);
          setValid(g);
        }
      }
    } else if (op === 'mean') {
      const o = out as Float64Array;
      if (sums instanceof Float64Array) divide(sums, cnt, o);
      else for (let g = 0; g < G; g++) o[g] = Number(sums[g]!) / cnt[g]!; // 0 / 0: NaN for a group without values
      markValid(ov, G, cnt);
    } else if (isF) {
      (out as Float64Array).set(sums as Float64Array);
      markValid(ov, G);
    } else {
      const signed = outType === 'int64';
      const w = new Uint32Array(out.buffer, out.byteOffset, 2 * G);
      const o = out as BigInt64Array;
      for (let g = 0; g < G; g++) {
        const v = sums[g]!;
        if (typeof v === 'number' && Number.isSafeInteger(v) && (signed || v >= 0)) writeWords(w, g, v);
        else {
          const big = BigInt(v);
          if (signed ? big < INT64_MIN || big > INT64_MAX : big < 0n || big > UINT64_MAX) overflow = 1;
          o[g] = signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
        }
        setValid(g);
      }
    }
  } else {
    // min / max by the order key; the first row with the best key wins (equal keys are equal bits).
    const key = (d === 'float32' ? keyF32 : d === 'float64' ? keyF64 : d === 'int32' ? keyI32 : d === 'uint32' ? keyU32 : d === 'int64' ? keyI64 : keyU64) as (v: number | bigint) => number | bigint;
    const best = new Int32Array(G).fill(-1);
    const bestKey: (number | bigint)[] = new Array(G);
    const nan = new Uint8Array(G);
    const isMin = op === 'min';
    for (let i = 0; i < n; i++) {
      const g = (ids[i]! - g0) >>> 0;
      if (g >= G || !ok(i)) continue;
      const v = x[i]!;
      if (isF && Number.isNaN(v as number)) {
        nan[g] = 1;
        continue;
      }
      const k = key(v);
      if (best[g]! < 0 || (isMin ? k < bestKey[g]! : k > bestKey[g]!)) {
        best[g] = i;
        bestKey[g] = k;
      }
    }
    for (let g = 0; g < G; g++) {
      const r = best[g]!;
      if (r >= 0) (out as Float64Array)[g] = x[r] as number;
      else if (nan[g]) (out as Float64Array)[g] = NaN;
      if (r >= 0 || nan[g]) setValid(g);
    }
  }
  // Canonical NaN bits, as the device writes them.
  if (outType === 'float64') canonicalNaN64(out as Float64Array);
  else if (outType === 'float32') {
    const w = new Uint32Array(out.buffer, out.byteOffset, G);
    const f = out as Float32Array;
    for (let g = 0; g < G; g++) if (Number.isNaN(f[g])) w[g] = 0x7fc00000;
  }
  return overflow;
}

defineTask('groupby/reduce', (part, parts, args) => groupReducePart(part, parts, args as unknown as GroupReduceArgs));
