/**
 * join/concat-keys: the key values of the left frame followed by those of the right frame,
 * in one array, so that one sort and one boundary pass give both sides the same key ids.
 * Float keys are written with -0 as +0: a join treats them as one key (Polars, pandas), but
 * the total order the radix sort uses puts -0 before +0, which would split a multi-key
 * group. Every other value (NaN payloads included) keeps its bits; all NaNs already sort
 * together and compare equal in the boundary pass.
 *
 * GPU: integer keys are two buffer-to-buffer copies (no binding limit). Float keys run
 * `join/concat-keys-f32|f64`, one thread per value, over binding windows of each part; a
 * part's output window starts mid-buffer, so it is bound from the 256-byte boundary below
 * and the kernel skips `oskip` values.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, expectDType, WORD_DTYPES, type DTypeName } from '../../src/dtypes.js';
import { DTypeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { alignedSlice } from '../scan/aligned-slice.js';
import { ENTRY, LINEAR } from './common.js';

function canonShader(wide: boolean) {
  const T = wide ? 'vec2<u32>' : 'u32';
  const canon = wide
    ? 'fn canon(v: vec2<u32>) -> vec2<u32> { if (v.x == 0u && v.y == 0x80000000u) { return vec2<u32>(0u, 0u); } return v; }'
    : 'fn canon(v: u32) -> u32 { if (v == 0x80000000u) { return 0u; } return v; }';
  const code = /* wgsl */ `
// join/concat-keys: O[oskip + i] = canon(S[i]) for the count values of one source window;
// canon turns -0 into +0 and keeps every other bit pattern.
// Bindings: 0 uniforms {count, oskip}, 1 S (source window), 2 O (output window).
struct Params { count: u32, oskip: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> S: array<${T}>;
@group(0) @binding(2) var<storage, read_write> O: array<${T}>;
${canon}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  O[P.oskip + i] = canon(S[i]);
}`;
  return { label: `join/concat-keys-${wide ? 'f64' : 'f32'}`, code };
}

function concatGpu(ctx: GpuContext, a: DataBuffer, b: DataBuffer): DataBuffer {
  const info = dtypeInfo(a.dtype);
  const bytes = info.bytes;
  const n = a.length + b.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n * bytes);
  const isFloat = info.kind === 'float';
  let base = 0;
  for (const part of [a, b]) {
    if (part.length > 0) {
      const src = part.deviceBuffer(ctx, 'join');
      if (!isFloat) rec.copy(src, 0, out, base * bytes, part.length * bytes);
      else {
        const spec = canonShader(bytes === 8);
        // Windows leave 256 bytes of room for the output window's alignment skip.
        for (const w of windows(part.length, bytes, ctx.maxBindingBytes - 256)) {
          const o = alignedSlice(out, base + w.start, w.count, bytes);
          rec.dispatch(spec, new Uint32Array([w.count, o.skip, 0, 0]), [slice(src, w.start, w.count, bytes), o.binding], groups(w.count));
        }
      }
    }
    base += part.length;
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, a.dtype, n, out);
}

function concatCpu(a: DataBuffer, b: DataBuffer): DataBuffer {
  const info = dtypeInfo(a.dtype);
  const words = info.bytes / 4;
  const out = new info.array(a.length + b.length);
  const o = new Uint32Array(out.buffer, out.byteOffset, out.length * words);
  let base = 0;
  for (const part of [a, b]) {
    const h = part.hostView('join');
    o.set(new Uint32Array(h.buffer, h.byteOffset, part.length * words), base * words);
    base += part.length;
  }
  if (info.kind === 'float') {
    if (words === 2) {
      for (let i = 0; i < out.length; i++) if (o[2 * i] === 0 && o[2 * i + 1] === 0x80000000) o[2 * i + 1] = 0;
    } else {
      for (let i = 0; i < out.length; i++) if (o[i] === 0x80000000) o[i] = 0;
    }
  }
  return DataBuffer.fromHost(out, a.dtype);
}

export const concatKeysKernel = defineKernel({
  name: 'join/concat-keys',
  dtypes: WORD_DTYPES,
  tolerance: EXACT,
  nulls: 'Values only: null slots are copied as they are; the caller gives null keys the no-match id afterwards.',
  cpu: (a: DataBuffer, b: DataBuffer) => concatCpu(a, b),
  gpu: (ctx, a: DataBuffer, b: DataBuffer) => concatGpu(ctx, a, b),
});

/**
 * `a` followed by `b` (one word dtype), with float -0 written as +0: the join's key
 * columns of both frames in one array. Internal to `DataFrame.join`.
 * [1, -0] and [NaN] give [1, 0, NaN].
 */
export function concatKeys<D extends DTypeName>(a: DataBuffer<D>, b: DataBuffer<D>): DataBuffer<D> {
  expectDType('join', a.dtype, WORD_DTYPES);
  if (a.dtype !== b.dtype) throw new DTypeError(`join: expected key parts of one dtype, got ${a.dtype} and ${b.dtype}`);
  return run(concatKeysKernel, a, b) as DataBuffer<D>;
}
