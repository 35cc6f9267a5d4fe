/**
 * Gather: out[j] = values[indices[j]], with nulls. Out-of-range indices give null (cuDF's
 * NULLIFY policy: value bits 0, validity bit 0); nulls of the input are carried through.
 *
 * GPU (shaders in ./gather-wgsl.ts):
 * - Values: one thread per output (per 4 outputs for bool), raw bits.
 * - Validity: one thread per output u32 word (32 outputs), so no atomics are needed.
 * - Long arrays: a double loop of binding windows, output windows × source windows.
 *   Each dispatch binds one source window and a thread reads only indices inside it;
 *   the first source window also writes the zeros/nulls for everything outside.
 * - An empty source: every index is out of range, so the values are zero bits (a cleared
 *   buffer) and no source is bound (a 64-bit view needs at least 8 bytes bound).
 * The output validity is a bitmap unless the input has none and the caller promises that
 * every index is in range (`inRange`): whether every index is in range is only known on the
 * device, and reading that back would cost a round trip.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, WORD_DTYPES, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { bitSlice } from '../scan/aligned-slice.js';
import { gatherBoolShader, gatherValidityShader, gatherWordShader } from './gather-wgsl.js';
import { gatherCpuParallel } from './gather-mt.js';

/** Dtypes gather and scatter move: every word dtype and bool. */
export const GATHER_DTYPES: readonly DTypeName[] = [...WORD_DTYPES, 'bool'];

/**
 * Throw unless `validity` is an Arrow bitmap ('uint8', ceil(n / 8) bytes) for n values. Internal.
 */
export function expectValidity(op: string, validity: DataBuffer | undefined, n: number): void {
  if (validity === undefined) return;
  expectDType(`${op} validity`, validity.dtype, ['uint8']);
  const want = Math.ceil(n / 8);
  if (validity.length !== want) throw new ShapeError(`${op}: expected a validity bitmap of ${want} bytes for ${n} values, got ${validity.length}`);
}

/** Source windows, with one empty window for an empty source (its pass writes the zeros; validity only). */
function sourceWindows(n: number, bytes: number, cap: number) {
  const w = windows(n, bytes, cap);
  return w.length ? w : [{ start: 0, count: 0 }];
}

/**
 * Record the value pass of a gather of `m` indices (u32 words in `I`) into a new device
 * buffer; out-of-range indices give zero bits. Internal: compaction gathers with it.
 * The caller submits the recorder and wraps the buffer
 * (`DataBuffer.fromDevice(ctx, values.dtype, m, out)`).
 */
export function recordGatherValues(rec: Recorder, values: DataBuffer, I: GPUBuffer, m: number): GPUBuffer {
  const ctx = rec.ctx;
  const bytes = dtypeInfo(values.dtype).bytes;
  const out = rec.output(m * bytes);
  if (values.length === 0) {
    // Every index is out of range: zero bits, and no empty source to bind.
    rec.clear(out);
    return out;
  }
  const V = values.deviceBuffer(ctx, 'gather');
  const cap = ctx.maxBindingBytes;
  const isBool = bytes === 1;
  const spec = isBool ? gatherBoolShader() : gatherWordShader(bytes === 8);
  const srcs = sourceWindows(values.length, bytes, cap);
  for (const o of windows(m, Math.max(4, bytes), cap)) {
    srcs.forEach((s, k) => {
      const u = new Uint32Array([o.count, s.start, s.count, k === 0 ? 1 : 0]);
      const binds = [slice(I, o.start, o.count, 4), slice(V, s.start, s.count, bytes), slice(out, o.start, o.count, bytes)];
      rec.dispatch(spec, u, binds, groups(isBool ? Math.ceil(o.count / 4) : o.count));
    });
  }
  return out;
}

/**
 * Record the validity pass of a gather into a new bitmap buffer of ceil(m / 32) words:
 * bit j is set when I[j] < n and the input bit there is set (or there is no bitmap).
 * Internal; the caller submits the recorder and wraps the words as a ceil(m / 8)-byte 'uint8'
 * bitmap.
 */
export function recordGatherValidity(rec: Recorder, n: number, validity: DataBuffer<'uint8'> | undefined, I: GPUBuffer, m: number): GPUBuffer {
  const ctx = rec.ctx;
  const out = rec.output(Math.ceil(m / 32) * 4);
  const cap = ctx.maxBindingBytes;
  const Vb = validity ? validity.deviceBuffer(ctx, 'gather') : rec.temp(4);
  const srcs = validity ? sourceWindows(n, 1, (cap - 256) * 8) : [{ start: 0, count: n }];
  const spec = gatherValidityShader();
  for (const o of windows(m, 4, cap)) {
    const ob = bitSlice(out, o.start, o.count);
    srcs.forEach((s, k) => {
      const v = validity ? bitSlice(Vb, s.start, s.count) : { binding: Vb, skip: 0 };
      const u = new Uint32Array([o.count, s.start, s.count, k === 0 ? 1 : 0, validity ? 1 : 0, v.skip, ob.skip / 32, 0]);
      rec.dispatch(spec, u, [slice(I, o.start, o.count, 4), v.binding, ob.binding], groups(Math.ceil(o.count / 32)));
    });
  }
  return out;
}

function gatherGpu(ctx: GpuContext, values: DataBuffer, indices: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean) {
  const m = indices.length;
  const rec = new Recorder(ctx);
  const I = indices.deviceBuffer(ctx, 'gather');
  const out = recordGatherValues(rec, values, I, m);
  const outV = inRange && !validity ? undefined : recordGatherValidity(rec, values.length, validity, I, m);
  rec.submit();
  return {
    values: DataBuffer.fromDevice(ctx, values.dtype, m, out),
    validity: outV && DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(m / 8), outV),
  };
}

export const gatherKernel = defineKernel({
  name: 'gather/gather',
  dtypes: GATHER_DTYPES,
  tolerance: EXACT,
  nulls: 'Input nulls are carried through; out-of-range indices give null with zero value bits (cuDF NULLIFY).',
  cpu: (values: DataBuffer, indices: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean) => gatherCpuParallel(values, indices, validity, inRange),
  gpu: (ctx, values: DataBuffer, indices: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean) => gatherGpu(ctx, values, indices, validity, inRange),
});

export interface GatherOptions {
  /** The input's validity bitmap (Arrow order); its nulls are carried through. */
  validity?: DataBuffer<'uint8'>;
  /**
   * The caller promises that every index is `< values.length` (row numbers from a sort, a
   * group or a compaction). Then an input without `validity` gives `validity: undefined`
   * instead of an all-valid bitmap. An index out of range despite the promise still reads
   * as zero bits, but is not marked null. Default false.
   */
  inRange?: boolean;
}

/**
 * Gather `values` at `indices`: `out[j] = values[indices[j]]`. Values move as raw bits
 * (NaN payloads and -0 are preserved). Indices may be uint32, or int32 read as their
 * unsigned bits, so a negative int32 index (such as -1 for "no match") is out of range.
 * An index `>= values.length` gives a null whose
 * value bits are 0; a null input slot stays null. The result carries a validity bitmap
 * (Arrow order, ceil(m / 8) bytes), except with `inRange` and no input `validity`, where
 * nothing can be null and `validity` is undefined.
 *
 * @example
 * ```ts
 * const v = gf.array(new Float64Array([10, 20, 30]));
 * const { values, validity } = gf.kernels.gather(v, gf.array(new Uint32Array([2, 0, 7])));
 * await values.toArray();   // Float64Array [30, 10, 0]
 * await validity.toArray(); // Uint8Array [0b011]: index 7 is out of range, so null
 * const rows = gf.kernels.gather(v, gf.array(new Uint32Array([1, 1])), { inRange: true });
 * rows.validity;            // undefined: no input nulls, every index in range
 * ```
 */
export function gather<D extends DTypeName>(
  values: DataBuffer<D>,
  indices: DataBuffer<'uint32' | 'int32'>,
  options?: GatherOptions & { inRange?: false },
): { values: DataBuffer<D>; validity: DataBuffer<'uint8'> };
export function gather<D extends DTypeName>(
  values: DataBuffer<D>,
  indices: DataBuffer<'uint32' | 'int32'>,
  options: GatherOptions,
): { values: DataBuffer<D>; validity: DataBuffer<'uint8'> | undefined };
export function gather<D extends DTypeName>(
  values: DataBuffer<D>,
  indices: DataBuffer<'uint32' | 'int32'>,
  options: GatherOptions = {},
): { values: DataBuffer<D>; validity: DataBuffer<'uint8'> | undefined } {
  expectBuffer('gather', values, 'values');
  expectDType('gather', values.dtype, GATHER_DTYPES);
  expectDType('gather indices', indices.dtype, ['uint32', 'int32']);
  expectValidity('gather', options.validity, values.length);
  const inRange = options.inRange ?? false;
  if (typeof inRange !== 'boolean') throw new ValueError(`gather: expected options.inRange to be a boolean, got ${typeof inRange}`);
  return run(gatherKernel, values, indices as DataBuffer<'uint32'>, options.validity, inRange) as { values: DataBuffer<D>; validity: DataBuffer<'uint8'> | undefined };
}
