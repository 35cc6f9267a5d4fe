/**
 * nulls/and: the validity of a row-wise op over several inputs. Row i is valid when it is
 * valid in every input bitmap (Arrow bit order): the bitmaps AND-ed word by word. Bits past
 * row n are 0 in the result.
 *
 * GPU: one thread per output u32 word; up to 4 bitmaps per dispatch (a shorter list binds
 * its first bitmap again; AND is idempotent), more are folded 4 at a time into the output. Long bitmaps run
 * in binding windows of whole words (window starts are multiples of 256 words, so every
 * binding offset is aligned); grids past 65,535 workgroups use a second dimension.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';

const AND_WGSL = /* wgsl */ `
// nulls/and: O[w] = A[w] & B[w] & C[w] & D[w] for the words of the window; the last word of
// the bitmap (index P.last, window-relative) keeps only its first P.tail bits (tail 0 = all 32).
// With P.acc = 1 (a later pass of a fold), O's own word is AND-ed in too.
// Bindings: 0 uniforms, 1..4 A, B, C, D (bitmap words, window), 5 O (words, window).
struct Params { count: u32, last: u32, tail: u32, acc: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<u32>;
@group(0) @binding(2) var<storage, read> B: array<u32>;
@group(0) @binding(3) var<storage, read> C: array<u32>;
@group(0) @binding(4) var<storage, read> D: array<u32>;
@group(0) @binding(5) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = gid.x + gid.y * nwg.x * ${WG}u;
  if (w >= P.count) { return; }
  var word = A[w] & B[w] & C[w] & D[w];
  if (P.acc == 1u) { word = word & O[w]; }
  if (w == P.last && P.tail != 0u) { word = word & ((1u << P.tail) - 1u); }
  O[w] = word;
}`;

function andCpu(bitmaps: readonly DataBuffer<'uint8'>[], n: number): DataBuffer<'uint8'> {
  const bytes = Math.ceil(n / 8);
  const out = new Uint8Array(bytes).fill(0xff);
  for (const b of bitmaps) {
    const v = b.hostView('validityAnd') as Uint8Array;
    for (let i = 0; i < bytes; i++) out[i]! &= v[i]!;
  }
  if (n % 8 !== 0) out[bytes - 1]! &= (1 << (n % 8)) - 1;
  return DataBuffer.fromHost(out, 'uint8');
}

function andGpu(ctx: GpuContext, bitmaps: readonly DataBuffer<'uint8'>[], n: number): DataBuffer<'uint8'> {
  const words = Math.ceil(n / 32);
  const tail = n % 32;
  const rec = new Recorder(ctx);
  const out = rec.output(4 * words);
  let src = bitmaps.map((b) => b.deviceBuffer(ctx, 'validityAnd'));
  // Fold 4 at a time: the first pass writes O, later passes AND their 4 into O.
  for (let pass = 0; src.length > 0; pass++) {
    const ins = src.slice(0, 4);
    src = src.slice(4);
    while (ins.length < 4) ins.push(ins[0]!);
    for (const { start, count } of windows(words, 4, ctx.maxBindingBytes)) {
      const last = words - 1 - start;
      const u = new Uint32Array([count, last < count ? last : 0xffffffff, tail, pass > 0 ? 1 : 0]);
      rec.dispatch({ label: 'nulls/and', code: AND_WGSL }, u, [...ins.map((b) => slice(b, start, count, 4)), slice(out, start, count, 4)], groups(count));
    }
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), out);
}

export const validityAndKernel = defineKernel({
  name: 'nulls/and',
  dtypes: ['uint8'],
  tolerance: EXACT,
  nulls: 'Combines validity bitmaps: a row is valid when it is valid in every input; bits past n are 0.',
  cpu: (bitmaps: readonly DataBuffer<'uint8'>[], n: number) => andCpu(bitmaps, n),
  gpu: (ctx, bitmaps: readonly DataBuffer<'uint8'>[], n: number) => andGpu(ctx, bitmaps, n),
});

/**
 * The validity of a row-wise op over several inputs: row i is valid when every bitmap has
 * bit i set. Inputs without nulls are left out by the caller; with none left the result is
 * undefined (no nulls). The result is always a new bitmap (one input is copied), so the
 * caller owns it. Internal: 0b1011 and 0b0111 over 4 rows give 0b0011.
 */
export function validityAnd(bitmaps: ReadonlyArray<DataBuffer<'uint8'> | undefined>, n: number): DataBuffer<'uint8'> | undefined {
  const present = bitmaps.filter((b): b is DataBuffer<'uint8'> => b !== undefined);
  present.forEach((b, i) => {
    expectDType(`validityAnd bitmap ${i}`, b.dtype, ['uint8']);
    if (b.length < Math.ceil(n / 8)) throw new ShapeError(`validityAnd: expected bitmap ${i} of ${Math.ceil(n / 8)} bytes, got ${b.length}`);
  });
  if (present.length === 0) return undefined;
  return run(validityAndKernel, present, n);
}
