/**
 * Scatter: out[indices[i]] = values[i] into a zero-filled target of `length` slots.
 *
 * GPU (shaders in ./gather-wgsl.ts): one thread per source element. Long arrays run as a
 * double loop of binding windows, source windows × target windows; a thread writes only
 * when its target falls inside the bound target window. Bool bytes and validity bits
 * share u32 words with their neighbours, so they are ORed in with atomics.
 *
 * Indices must be unique (a permutation or a partial one): with duplicates the device
 * picks an unspecified winner (and ORs bool bytes), so results may differ from the CPU.
 * Targets `>= length` are skipped.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { bitSlice } from '../scan/aligned-slice.js';
import { scatterBoolShader, scatterValidityShader, scatterWordShader } from './gather-wgsl.js';
import { scatterCpu } from './gather-cpu.js';
import { expectValidity, GATHER_DTYPES } from './gather.js';

function scatterGpu(ctx: GpuContext, values: DataBuffer, indices: DataBuffer<'uint32'>, length: number, validity: DataBuffer<'uint8'> | undefined) {
  const info = dtypeInfo(values.dtype);
  const bytes = info.bytes;
  const m = values.length;
  const cap = ctx.maxBindingBytes;
  const rec = new Recorder(ctx);
  const out = rec.output(length * bytes);
  if (length > 0) rec.clear(out, 0, Math.ceil((length * bytes) / 4) * 4);
  const I = indices.deviceBuffer(ctx, 'scatter');
  const V = values.deviceBuffer(ctx, 'scatter');
  const spec = bytes === 1 ? scatterBoolShader() : scatterWordShader(bytes === 8);
  const tgts = windows(length, bytes, cap);
  for (const s of windows(m, Math.max(4, bytes), cap)) {
    for (const t of tgts) {
      const binds = [slice(I, s.start, s.count, 4), slice(V, s.start, s.count, bytes), slice(out, t.start, t.count, bytes)];
      rec.dispatch(spec, new Uint32Array([s.count, t.start, t.count, 0]), binds, groups(s.count));
    }
  }
  let outV: GPUBuffer | undefined;
  if (validity) {
    const ob = rec.output(Math.ceil(length / 32) * 4);
    outV = ob;
    if (length > 0) rec.clear(ob, 0, Math.ceil(length / 32) * 4);
    const Vb = validity.deviceBuffer(ctx, 'scatter');
    const vspec = scatterValidityShader();
    const bitTgts = windows(length, 1, (cap - 256) * 8);
    for (const s of windows(m, 4, cap - 256)) {
      const sv = bitSlice(Vb, s.start, s.count);
      for (const t of bitTgts) {
        const tv = bitSlice(ob, t.start, t.count);
        rec.dispatch(vspec, new Uint32Array([s.count, t.start, t.count, sv.skip, tv.skip, 0, 0, 0]), [slice(I, s.start, s.count, 4), sv.binding, tv.binding], groups(s.count));
      }
    }
  }
  rec.submit();
  return {
    values: DataBuffer.fromDevice(ctx, values.dtype, length, out),
    validity: outV ? DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(length / 8), outV) : undefined,
  };
}

export const scatterKernel = defineKernel({
  name: 'gather/scatter',
  dtypes: GATHER_DTYPES,
  tolerance: EXACT,
  nulls: 'With a validity bitmap, a target is valid iff a valid source was scattered to it; unwritten targets are then null. Without one, no bitmap is returned.',
  cpu: (values: DataBuffer, indices: DataBuffer<'uint32'>, length: number, validity: DataBuffer<'uint8'> | undefined) => scatterCpu(values, indices, length, validity),
  gpu: (ctx, values: DataBuffer, indices: DataBuffer<'uint32'>, length: number, validity: DataBuffer<'uint8'> | undefined) =>
    scatterGpu(ctx, values, indices, length, validity),
});

/**
 * Scatter `values` to `indices` in a new array of `length` zero-filled slots:
 * `out[indices[i]] = values[i]`. Indices `>= length` are skipped. Indices must be unique:
 * duplicates leave an unspecified winner on the device. With `validity` (the values'
 * bitmap), the result has a bitmap too: a slot is valid iff a valid value landed there.
 *
 * @example
 * ```ts
 * const v = gf.array(new Int32Array([7, 8, 9]));
 * const { values } = gf.kernels.scatter(v, gf.array(new Uint32Array([2, 0, 1])), 4);
 * await values.toArray(); // Int32Array [8, 9, 7, 0]
 * ```
 */
export function scatter<D extends DTypeName>(
  values: DataBuffer<D>,
  indices: DataBuffer<'uint32'>,
  length: number,
  options: { validity?: DataBuffer<'uint8'> } = {},
): { values: DataBuffer<D>; validity: DataBuffer<'uint8'> | undefined } {
  expectBuffer('scatter', values, 'values');
  expectDType('scatter', values.dtype, GATHER_DTYPES);
  expectDType('scatter indices', indices.dtype, ['uint32']);
  if (indices.length !== values.length) throw new ShapeError(`scatter: expected ${values.length} indices (one per value), got ${indices.length}`);
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new ValueError(`scatter: expected length to be an integer in [0, 2^32), got ${length}`);
  expectValidity('scatter', options.validity, values.length);
  return run(scatterKernel, values, indices, length, options.validity) as { values: DataBuffer<D>; validity: DataBuffer<'uint8'> | undefined };
}
