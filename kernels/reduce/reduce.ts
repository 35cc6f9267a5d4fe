/**
 * Whole-array reductions: sum, min, max, count and mean, with nulls skipped.
 *
 * GPU: a multi-level tree reduction (see ./reduce-wgsl.ts). Every level folds each run of
 * 16 consecutive elements (or states) into one state, in order, until one state is left; a
 * one-thread kernel then writes the 1-element result and a validity word. Long arrays run
 * in binding windows that start at multiples of 4096 elements, so the tree (and hence every
 * float result bit) does not depend on the window size or the device's binding limit.
 *
 * Semantics (pandas/Polars):
 * - Nulls (validity bit 0) are skipped by every op. `count` is the number of non-null
 *   values, as int64.
 * - `sum` of no values is 0. int32/uint32 sums return int64/uint64 and are always exact.
 *   int64/uint64 sums are exact too (128-bit accumulation); when the exact sum does not fit
 *   the result dtype, the result holds its low 64 bits and its validity is 0, and
 *   `reduceValue` throws OverflowError. float32 and float64 sums return float64: float32
 *   values are widened exactly, and both accumulate in float64 with correctly rounded adds
 *   in the fixed pairwise order, so the CPU and the GPU agree bit for bit (tolerance exact).
 *   A sum containing NaN, or +Inf and -Inf, is NaN; a sum that is zero is +0.
 * - `min`/`max` skip NaN unless every non-null value is NaN (then NaN). -0 < +0, so
 *   min(-0, +0) = -0 and max(-0, +0) = +0. 64-bit values compare exactly on their bits.
 * - `mean` = sum / count in float64: an integer sum is converted once (rounded to nearest),
 *   then divided (correctly rounded), as JS `Number(sum) / count`.
 * - `min`, `max` and `mean` of no non-null values are null: validity 0, with the value a
 *   placeholder (NaN for float results, 0 for integers).
 * - Every NaN result is the canonical quiet NaN (bits 0x7ff8000000000000 / 0x7fc00000).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTYPES, dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { DTypeError, OverflowError, ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, type Binding } from '../runner.js';
import { FAN_IN, WINDOW_QUANTUM, reduceCpu, resultDType, type ReduceOp } from './reduce-cpu.js';
import { finalShader, levelShader, mainKind, stateBytes, type StageKind } from './reduce-wgsl.js';

export type { ReduceOp } from './reduce-cpu.js';

const WORD: DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'];
const OPS: readonly ReduceOp[] = ['sum', 'min', 'max', 'count', 'mean'];

export interface ReduceOptions {
  /** Arrow validity bitmap ('uint8', at least ceil(n / 8) bytes): bit 0 marks a null to skip. */
  validity?: DataBuffer<'uint8'>;
}

/** A reduction's result: the value and whether it is valid. */
export interface ReduceResult {
  /** One element of the result dtype (device-resident on WebGPU). */
  readonly value: DataBuffer;
  /** One 'uint8' byte: 1 valid; 0 null (min/max/mean of no values) or, for 'sum', overflow. */
  readonly validity: DataBuffer<'uint8'>;
}

/** Fold `n` elements (from `src`, or only the validity for count) down to one state. */
function chain(rec: Recorder, kind: StageKind, dtype: DTypeName, src: GPUBuffer | undefined, valid: GPUBuffer | undefined, n: number): GPUBuffer {
  const sb = stateBytes(kind);
  if (n === 0) {
    const t = rec.temp(sb);
    rec.clear(t, 0, sb);
    return t;
  }
  const maxBytes = rec.ctx.maxBindingBytes;
  let input = src;
  let len = n;
  let inBytes = kind === 'count' ? 0 : dtypeInfo(dtype).bytes;
  for (let lvl = 0; ; lvl++) {
    const first = lvl === 0;
    const outLen = Math.ceil(len / FAN_IN);
    const dst = rec.temp(outLen * sb);
    const spec = levelShader(kind, dtype, first ? dtype : 'state', first && valid !== undefined);
    // Windows start at multiples of WINDOW_QUANTUM (a multiple of FAN_IN, so the tree is
    // the same as in one pass) and each fits one binding.
    const perByte = Math.max(inBytes, first && valid ? 1 / 8 : 0, sb / FAN_IN);
    const per = Math.max(WINDOW_QUANTUM, Math.floor(maxBytes / perByte / WINDOW_QUANTUM) * WINDOW_QUANTUM);
    for (let start = 0; start < len; start += per) {
      const count = Math.min(per, len - start);
      const threads = Math.ceil(count / FAN_IN);
      const outStart = start / FAN_IN;
      const outByte = Math.floor((outStart * sb) / 256) * 256;
      const off = outStart - outByte / sb;
      const binds: Binding[] = [{ buffer: dst, offset: outByte, size: (off + threads) * sb }];
      if (!first || kind !== 'count') binds.push(slice(input!, start, count, inBytes));
      if (first && valid) binds.push(slice(valid, start / 8, Math.ceil(count / 8), 1));
      rec.dispatch(spec, new Uint32Array([count, off, 0, 0]), binds, groups(threads));
    }
    input = dst;
    len = outLen;
    inBytes = sb;
    if (outLen === 1) return dst;
  }
}

function reduceGpu(ctx: GpuContext, values: DataBuffer, op: ReduceOp, validity?: DataBuffer<'uint8'>): [DataBuffer, DataBuffer<'uint8'>] {
  const d = values.dtype;
  const n = values.length;
  const rec = new Recorder(ctx);
  const valid = validity && n > 0 ? validity.deviceBuffer(ctx, `reduce/${op}`) : undefined;
  const kind = mainKind(op, d);
  const binds: Binding[] = [];
  const value = rec.output(8);
  const ok = rec.output(4);
  binds.push(value, ok);
  if (kind) {
    const src = n > 0 ? values.deviceBuffer(ctx, `reduce/${op}`) : undefined;
    binds.push(chain(rec, kind, d, src, valid, n));
  }
  const withCount = (op === 'count' || op === 'mean') && validity !== undefined;
  if (withCount) binds.push(chain(rec, 'count', d, undefined, valid, n));
  rec.dispatch(finalShader(op, d, kind !== undefined, withCount), new Uint32Array([n >>> 0, Math.floor(n / 2 ** 32), 0, 0]), binds, 1);
  rec.submit();
  return [DataBuffer.fromDevice(ctx, resultDType(op, d), 1, value), DataBuffer.fromDevice(ctx, 'uint8', 1, ok)];
}

export const reduceKernel = defineKernel({
  name: 'reduce/reduce',
  dtypes: WORD,
  tolerance: EXACT,
  nulls: 'Nulls are skipped by every op: count counts non-nulls, sum of none is 0, and min/max/mean of none are null (validity 0).',
  cpu: (values: DataBuffer, op: ReduceOp, validity?: DataBuffer<'uint8'>) => reduceCpu(values, op, validity),
  gpu: (ctx, values: DataBuffer, op: ReduceOp, validity?: DataBuffer<'uint8'>) => reduceGpu(ctx, values, op, validity),
});

function check(values: DataBuffer, op: ReduceOp, options: ReduceOptions): void {
  if (!OPS.includes(op)) throw new ValueError(`reduce: expected op ${OPS.join(' | ')}, got '${String(op)}'`);
  expectDType(`reduce/${op}`, values.dtype, op === 'count' ? DTYPES : WORD);
  const v = options.validity;
  if (v !== undefined) {
    if (v.dtype !== 'uint8') throw new DTypeError(`reduce/${op}: expected a 'uint8' validity bitmap, got ${v.dtype}`);
    const need = Math.ceil(values.length / 8);
    if (v.length < need) throw new ShapeError(`reduce/${op}: expected a validity bitmap of at least ${need} bytes, got ${v.length}`);
  }
}

/**
 * Reduce to a value and its validity. The validity byte is 0 when the result is null
 * (min/max/mean of no non-null values) or, for an int64/uint64 'sum', when the exact sum
 * does not fit the result dtype.
 *
 * @example
 * ```ts
 * const x = gf.array(new Float64Array([1, NaN, 3]));
 * const nulls = gf.array(new Uint8Array([0b101]), 'uint8'); // slot 1 is null
 * const { value, validity } = gf.kernels.reduceWithValidity(x, 'max', { validity: nulls });
 * console.log((await value.toArray())[0], (await validity.toArray())[0]); // 3 1
 * ```
 */
export function reduceWithValidity(values: DataBuffer, op: ReduceOp, options: ReduceOptions = {}): ReduceResult {
  check(values, op, options);
  const [value, validity] = run(reduceKernel, values, op, options.validity);
  return { value, validity };
}

/**
 * Reduce an array to one element: 'sum' | 'min' | 'max' | 'count' | 'mean', nulls skipped.
 * The result stays on the device under WebGPU. Result dtypes: sum of int32/uint32 →
 * int64/uint64, of float32 → float64; count → int64; mean → float64; min/max keep the dtype.
 * Word dtypes only (int32, uint32, float32, int64, uint64, float64); count takes any dtype.
 * A null result (min/max/mean of no values) reads as NaN (floats) or 0 (integers), and an
 * overflowing int64/uint64 sum as its low 64 bits: use `reduceValue` or
 * `reduceWithValidity` to tell them apart.
 *
 * @example
 * ```ts
 * const s = gf.kernels.reduce(gf.array(new Int32Array([2147483647, 1])), 'sum');
 * console.log(await s.toArray()); // BigInt64Array [2147483648n]
 * ```
 */
export function reduce(values: DataBuffer, op: ReduceOp, options: ReduceOptions = {}): DataBuffer {
  const { value, validity } = reduceWithValidity(values, op, options);
  validity.dispose();
  return value;
}

/**
 * Reduce and read the result: a number, a bigint (int64/uint64 results: integer sums,
 * count, 64-bit min/max), or null for min/max/mean of no non-null values. Throws
 * OverflowError when an int64/uint64 sum does not fit its dtype.
 *
 * @example
 * ```ts
 * console.log(await gf.kernels.reduceValue(gf.array(new Float64Array([1, 2, 4])), 'mean')); // 2.3333333333333335
 * console.log(await gf.kernels.reduceValue(gf.array(new Float64Array(0)), 'min'));           // null
 * const big = gf.array(new BigInt64Array([2n ** 62n, 2n ** 62n]));
 * await gf.kernels.reduceValue(big, 'sum').catch((e: Error) => console.log(e.name)); // OverflowError
 * ```
 */
export async function reduceValue(values: DataBuffer, op: ReduceOp, options: ReduceOptions = {}): Promise<number | bigint | null> {
  const { value, validity } = reduceWithValidity(values, op, options);
  try {
    const ok = (await validity.toArray())[0] === 1;
    const v = (await value.toArray())[0]!;
    if (ok) return v;
    if (op === 'sum') throw new OverflowError(`reduce/sum: expected the exact sum of ${values.dtype} values to fit ${value.dtype}, got a sum outside its range`);
    return null;
  } finally {
    value.dispose();
    validity.dispose();
  }
}
