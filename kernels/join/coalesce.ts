/**
 * join/coalesce: out[i] = a[i] where a[i] is valid, else b[i] (null only when both are
 * null): the key column of an outer join, taken from the left row when there is one and
 * from the right row otherwise (Polars `coalesce=True`). Values move as raw bits.
 *
 * GPU: `join/coalesce-u32|u64`, one thread per value, and `join/coalesce-validity`, one
 * thread per 32-row validity word (OR of the two words, bits past the end cleared). Long
 * arrays run in binding windows of 256-row multiples, so every bitmap window starts on a
 * whole u32 word (bound from the 256-byte boundary below, skipping whole words).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, expectDType, WORD_DTYPES, type DTypeName } from '../../src/dtypes.js';
import { DTypeError, ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { bitSlice } from '../scan/aligned-slice.js';
import { expectValidity } from '../gather/gather.js';
import { ENTRY, LINEAR } from './common.js';

function valuesShader(wide: boolean) {
  const T = wide ? 'vec2<u32>' : 'u32';
  const code = /* wgsl */ `
// join/coalesce: O[i] = A[i] if bit askip + i of VA is set, else B[i], for one window.
// Bindings: 0 uniforms {count, askip}, 1 A, 2 VA (A's bitmap), 3 B, 4 O.
struct Params { count: u32, askip: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<${T}>;
@group(0) @binding(2) var<storage, read> VA: array<u32>;
@group(0) @binding(3) var<storage, read> B: array<${T}>;
@group(0) @binding(4) var<storage, read_write> O: array<${T}>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  let b = P.askip + i;
  if (((VA[b >> 5u] >> (b & 31u)) & 1u) == 1u) { O[i] = A[i]; } else { O[i] = B[i]; }
}`;
  return { label: `join/coalesce-${wide ? 'u64' : 'u32'}`, code };
}

const VALIDITY = {
  label: 'join/coalesce-validity',
  code: /* wgsl */ `
// join/coalesce-validity: word w of the window: O = VA | VB, bits at or past count cleared.
// All three bitmaps are bound from the same word, skip words in (windows start on words).
// Bindings: 0 uniforms {count, skip}, 1 VA, 2 VB, 3 O.
struct Params { count: u32, skip: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> VA: array<u32>;
@group(0) @binding(2) var<storage, read> VB: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<u32>;
${ENTRY} {
  let w = ${LINEAR};
  if (w * 32u >= P.count) { return; }
  var word = VA[P.skip + w] | VB[P.skip + w];
  let left = P.count - w * 32u;
  if (left < 32u) { word &= (1u << left) - 1u; }
  O[P.skip + w] = word;
}`,
};

type Result = { values: DataBuffer; validity: DataBuffer<'uint8'> };

function coalesceGpu(ctx: GpuContext, a: DataBuffer, va: DataBuffer<'uint8'>, b: DataBuffer, vb: DataBuffer<'uint8'>): Result {
  const n = a.length;
  const bytes = dtypeInfo(a.dtype).bytes;
  const rec = new Recorder(ctx);
  const out = rec.output(n * bytes);
  const outV = rec.output(Math.ceil(n / 32) * 4);
  if (n > 0) {
    const A = a.deviceBuffer(ctx, 'join');
    const B = b.deviceBuffer(ctx, 'join');
    const VA = va.deviceBuffer(ctx, 'join');
    const VB = vb.deviceBuffer(ctx, 'join');
    const spec = valuesShader(bytes === 8);
    for (const w of windows(n, bytes, ctx.maxBindingBytes - 256)) {
      const av = bitSlice(VA, w.start, w.count);
      rec.dispatch(spec, new Uint32Array([w.count, av.skip, 0, 0]), [slice(A, w.start, w.count, bytes), av.binding, slice(B, w.start, w.count, bytes), slice(out, w.start, w.count, bytes)], groups(w.count));
      const bv = bitSlice(VB, w.start, w.count);
      const ov = bitSlice(outV, w.start, w.count);
      rec.dispatch(VALIDITY, new Uint32Array([w.count, av.skip / 32, 0, 0]), [av.binding, bv.binding, ov.binding], groups(Math.ceil(w.count / 32)));
    }
  }
  rec.submit();
  return { values: DataBuffer.fromDevice(ctx, a.dtype, n, out), validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), outV) };
}

function coalesceCpu(a: DataBuffer, va: DataBuffer<'uint8'>, b: DataBuffer, vb: DataBuffer<'uint8'>): Result {
  const info = dtypeInfo(a.dtype);
  const words = info.bytes / 4;
  const n = a.length;
  const A = a.hostView('join');
  const B = b.hostView('join');
  const aw = new Uint32Array(A.buffer, A.byteOffset, n * words);
  const bw = new Uint32Array(B.buffer, B.byteOffset, n * words);
  const VA = va.hostView('join') as Uint8Array;
  const VB = vb.hostView('join') as Uint8Array;
  const out = new info.array(n);
  const ow = new Uint32Array(out.buffer, out.byteOffset, n * words);
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    const okA = (VA[i >> 3]! >> (i & 7)) & 1;
    const okB = (VB[i >> 3]! >> (i & 7)) & 1;
    const src = okA ? aw : bw;
    for (let k = 0; k < words; k++) ow[i * words + k] = src[i * words + k]!;
    if (okA | okB) bits[i >> 3]! |= 1 << (i & 7);
  }
  return { values: DataBuffer.fromHost(out, a.dtype), validity: DataBuffer.fromHost(bits, 'uint8') };
}

export const coalesceKernel = defineKernel({
  name: 'join/coalesce',
  dtypes: WORD_DTYPES,
  tolerance: EXACT,
  nulls: 'Takes a where a is valid, else b; null only where both are null (Polars coalesce).',
  cpu: (a: DataBuffer, va: DataBuffer<'uint8'>, b: DataBuffer, vb: DataBuffer<'uint8'>) => coalesceCpu(a, va, b, vb),
  gpu: (ctx, a: DataBuffer, va: DataBuffer<'uint8'>, b: DataBuffer, vb: DataBuffer<'uint8'>) => coalesceGpu(ctx, a, va, b, vb),
});

/**
 * `a` where valid, else `b`, with the OR of their bitmaps: the coalesced key of an outer
 * join. Both arrays have one word dtype and length, and a bitmap each. Internal.
 */
export function coalesce<D extends DTypeName>(a: DataBuffer<D>, va: DataBuffer<'uint8'>, b: DataBuffer<D>, vb: DataBuffer<'uint8'>): { values: DataBuffer<D>; validity: DataBuffer<'uint8'> } {
  expectDType('join', a.dtype, WORD_DTYPES);
  if (a.dtype !== b.dtype) throw new DTypeError(`join: expected coalesced parts of one dtype, got ${a.dtype} and ${b.dtype}`);
  if (a.length !== b.length) throw new ShapeError(`join: expected coalesced parts of ${a.length} values, got ${b.length}`);
  expectValidity('join', va, a.length);
  expectValidity('join', vb, b.length);
  return run(coalesceKernel, a, va, b, vb) as { values: DataBuffer<D>; validity: DataBuffer<'uint8'> };
}
