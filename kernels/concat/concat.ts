/**
 * Concatenation of value buffers and validity bitmaps, end to end, for `concat` of frames.
 *
 * - `concat/values`: parts of one dtype laid end to end. GPU: 4- and 8-byte dtypes are
 *   buffer-to-buffer copies (offsets stay multiples of 4); bool (1 byte per value) runs
 *   `concat/bytes`, one thread per output u32 word, which merges the part's bytes into
 *   the word (read-modify-write: dispatches run in order, so neighbouring parts that share
 *   a word never race).
 * - `concat/bitmap`: Arrow validity bitmaps of parts placed at any bit offset. One thread
 *   per output u32 word the part touches; each of its 32 bits inside the part takes the
 *   source bit (or 1 for a part without a bitmap), the others keep what earlier parts
 *   wrote. The output is cleared first, so bits past the end are 0.
 *
 * Limits: a bool part, or a bitmap, must fit one binding (maxStorageBufferBindingSize).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { GATHER_DTYPES } from '../gather/gather.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { showValue } from '../../src/options.js';

const BYTES_WGSL = /* wgsl */ `
// concat/bytes: place n source bytes at byte offset off of O. Thread t owns output word
// w = off / 4 + t; bytes of w inside [off, off + n) take S[byte - off], others are kept.
// Bindings: 0 uniforms, 1 S (source bytes, 4 per word), 2 O (output words).
struct Params { n: u32, off: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> S: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  let w = (P.off >> 2u) + t;
  if (w * 4u >= P.off + P.n) { return; }
  var word = O[w];
  for (var b = 0u; b < 4u; b++) {
    let g = w * 4u + b;
    if (g >= P.off && g < P.off + P.n) {
      let j = g - P.off;
      let v = (S[j >> 2u] >> ((j & 3u) * 8u)) & 0xffu;
      word = (word & ~(0xffu << (b * 8u))) | (v << (b * 8u));
    }
  }
  O[w] = word;
}`;

const BITS_WGSL = /* wgsl */ `
// concat/bitmap: place the n bits of bitmap V (all ones when hasV == 0) at bit offset off
// of O. Thread t owns output word w = off / 32 + t and rewrites only its bits inside
// [off, off + n). Bindings: 0 uniforms, 1 V (source bitmap words), 2 O (output words).
struct Params { n: u32, off: u32, hasV: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  let w = (P.off >> 5u) + t;
  if (w * 32u >= P.off + P.n) { return; }
  var word = O[w];
  for (var b = 0u; b < 32u; b++) {
    let g = w * 32u + b;
    if (g >= P.off && g < P.off + P.n) {
      let j = g - P.off;
      var v = 1u;
      if (P.hasV == 1u) { v = (V[j >> 5u] >> (j & 31u)) & 1u; }
      word = (word & ~(1u << b)) | (v << b);
    }
  }
  O[w] = word;
}`;

function checkParts(op: string, parts: readonly DataBuffer[]): DTypeName {
  if (!Array.isArray(parts)) throw new ValueError(`${op}: expected an array of DataBuffers, got ${showValue(parts)}`);
  if (parts.length === 0) throw new ShapeError(`${op}: expected at least one part, got none`);
  parts.forEach((p, i) => expectBuffer(op, p, `part ${i}`));
  const d = parts[0]!.dtype;
  expectDType(op, d, GATHER_DTYPES);
  parts.forEach((p, i) => {
    if (p.dtype !== d) throw new DTypeError(`${op}: expected every part as ${d}, got ${p.dtype} in part ${i}`);
  });
  return d;
}

function valuesCpu(parts: readonly DataBuffer[]): DataBuffer {
  const d = parts[0]!.dtype;
  const info = dtypeInfo(d);
  const out = new info.array(parts.reduce((s, p) => s + p.length, 0));
  const dst = new Uint8Array(out.buffer);
  let off = 0;
  for (const p of parts) {
    const src = p.hostView('concat');
    dst.set(new Uint8Array(src.buffer, src.byteOffset, p.length * info.bytes), off * info.bytes);
    off += p.length;
  }
  return DataBuffer.fromHost(out, d);
}

function valuesGpu(ctx: GpuContext, parts: readonly DataBuffer[]): DataBuffer {
  const d = parts[0]!.dtype;
  const bytes = dtypeInfo(d).bytes;
  const total = parts.reduce((s, p) => s + p.length, 0);
  const rec = new Recorder(ctx);
  const out = rec.output(total * bytes);
  let off = 0;
  for (const p of parts) {
    if (p.length > 0) {
      const src = p.deviceBuffer(ctx, 'concat');
      if (bytes >= 4) rec.copy(src, 0, out, off * bytes, p.length * bytes);
      else rec.dispatch({ label: 'concat/bytes', code: BYTES_WGSL }, new Uint32Array([p.length, off, 0, 0]), [src, out], groups(Math.ceil(((off % 4) + p.length) / 4)));
    }
    off += p.length;
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, d, total, out);
}

/** One part of a bitmap concatenation: `length` rows, nulls where `validity` says (none without it). */
export interface BitmapPart {
  length: number;
  validity?: DataBuffer<'uint8'>;
}

function bitmapCpu(parts: readonly BitmapPart[]): DataBuffer<'uint8'> {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(Math.ceil(total / 8));
  let off = 0;
  for (const p of parts) {
    const bits = p.validity?.hostView('concat') as Uint8Array | undefined;
    for (let j = 0; j < p.length; j++) {
      const g = off + j;
      if (!bits || (bits[j >> 3]! >> (j & 7)) & 1) out[g >> 3]! |= 1 << (g & 7);
    }
    off += p.length;
  }
  return DataBuffer.fromHost(out, 'uint8');
}

function bitmapGpu(ctx: GpuContext, parts: readonly BitmapPart[]): DataBuffer<'uint8'> {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const nbytes = Math.ceil(total / 8);
  const rec = new Recorder(ctx);
  const out = rec.output(Math.ceil(nbytes / 4) * 4);
  rec.clear(out);
  let off = 0;
  for (const p of parts) {
    if (p.length > 0) {
      const v = p.validity ? p.validity.deviceBuffer(ctx, 'concat') : rec.temp(4);
      rec.dispatch({ label: 'concat/bitmap', code: BITS_WGSL }, new Uint32Array([p.length, off, p.validity ? 1 : 0, 0]), [v, out], groups(Math.ceil(((off % 32) + p.length) / 32)));
    }
    off += p.length;
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint8', nbytes, out);
}

export const concatValuesKernel = defineKernel({
  name: 'concat/values',
  dtypes: GATHER_DTYPES,
  tolerance: EXACT,
  nulls: 'Moves raw bits only; the validity of the parts is concatenated separately by concat/bitmap.',
  cpu: (parts: readonly DataBuffer[]) => valuesCpu(parts),
  gpu: (ctx, parts: readonly DataBuffer[]) => valuesGpu(ctx, parts),
});

export const concatBitmapKernel = defineKernel({
  name: 'concat/bitmap',
  dtypes: ['uint8'],
  tolerance: EXACT,
  nulls: 'Each part keeps its null bits at its new offset; a part without a bitmap is all valid.',
  cpu: (parts: readonly BitmapPart[]) => bitmapCpu(parts),
  gpu: (ctx, parts: readonly BitmapPart[]) => bitmapGpu(ctx, parts),
});

/**
 * The parts laid end to end (raw bits; every part of one dtype: a word dtype or bool).
 *
 * @example
 * ```ts
 * const ab = gf.kernels.concatValues([gf.array(new Int32Array([1, 2])), gf.array(new Int32Array([3]))]);
 * console.log(await ab.toArray()); // Int32Array [1, 2, 3]
 * ```
 */
export function concatValues<D extends DTypeName>(parts: ReadonlyArray<DataBuffer<D>>): DataBuffer<D> {
  checkParts('concatValues', parts);
  return run(concatValuesKernel, parts) as DataBuffer<D>;
}

/**
 * The validity bitmaps of consecutive parts as one Arrow bitmap (parts start at any bit):
 * parts of 3 rows with bits 0b101 and of 2 rows without a bitmap give 0b11101. Internal
 * (frame concat and windows use it).
 */
export function concatBitmaps(parts: readonly BitmapPart[]): DataBuffer<'uint8'> {
  parts.forEach((p, i) => {
    if (!Number.isInteger(p.length) || p.length < 0) throw new ShapeError(`concatBitmaps: expected a non-negative integer length in part ${i}, got ${p.length}`);
    if (p.validity && (p.validity.dtype !== 'uint8' || p.validity.length < Math.ceil(p.length / 8))) {
      throw new ShapeError(`concatBitmaps: expected a uint8 bitmap of ${Math.ceil(p.length / 8)} bytes in part ${i}, got ${p.validity.length} ${p.validity.dtype}`);
    }
  });
  return run(concatBitmapKernel, parts);
}
