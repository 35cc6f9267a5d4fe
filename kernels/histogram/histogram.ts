/**
 * Histogram of uint32 keys: out[b] = number of non-null keys equal to b, for b in
 * [0, bins). Keys >= bins are counted in no bin; null keys are skipped.
 *
 * GPU, two variants chosen by the number of bins:
 * - bins <= 4096 (`histogram/local`): each workgroup counts a tile of 16,384 keys (64 per
 *   thread, strided so neighbouring threads read neighbouring keys) into atomic counters
 *   in workgroup memory, then flushes its non-zero counters to the global bins with one
 *   atomicAdd each. The counter array is the smallest of 16, 256, 1024 or 4096 (16 KiB,
 *   the WebGPU default limit) that holds the bins: on SwiftShader a workgroup's cost
 *   grows with its workgroup memory (1M keys: 16 counters ~50 ms, 4096 counters ~0.25-2 s).
 * - more bins (`histogram/global`): one thread per key, atomicAdd on the global bin.
 * Keys run in binding windows; the bins too when they exceed one binding (each pass then
 * counts only the keys that fall in its bin window).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';
import { bitSlice } from '../scan/aligned-slice.js';
import { expectValidity } from '../gather/gather.js';
import { histogramCpu } from './histogram-cpu.js';
import { checkSize } from '../../src/memory/budget.js';

/** Largest bin count served by workgroup-local counters. */
export const LOCAL_BINS = 4096;
const ITEMS = 64;

const HEAD = /* wgsl */ `
struct Params { count: u32, hasV: u32, vskip: u32, binStart: u32, binCount: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> K: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> G: array<atomic<u32>>;
// The bin of key i relative to the bin window, or 0xffffffff when it counts in none here.
fn bin_of(i: u32) -> u32 {
  let key = K[i];
  if (key < P.binStart || key - P.binStart >= P.binCount) { return 0xffffffffu; }
  if (P.hasV == 1u) {
    let b = P.vskip + i;
    if (((V[b >> 5u] >> (b & 31u)) & 1u) == 0u) { return 0xffffffffu; }
  }
  return key - P.binStart;
}`;

/** Sizes of the workgroup counter array: the smallest that holds the bins is compiled. */
const LOCAL_CLASSES = [16, 256, 1024, LOCAL_BINS] as const;

const localShader = (size: number) => ({
  label: `histogram/local-${size}`,
  code: /* wgsl */ `
// histogram/local: workgroup-memory counters for up to ${size} bins; each workgroup
// counts ${WG * ITEMS} keys, then adds its non-zero counters to G with atomicAdd.
// Bindings: 0 uniforms, 1 K (keys window), 2 V (bitmap window or dummy), 3 G (bin window).
${HEAD}
var<workgroup> L: array<atomic<u32>, ${size}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) l: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let wg = wid.x + wid.y * nwg.x;
  for (var b = l.x; b < P.binCount; b += ${WG}u) { atomicStore(&L[b], 0u); }
  workgroupBarrier();
  let base = wg * ${WG * ITEMS}u;
  for (var k = 0u; k < ${ITEMS}u; k++) {
    let i = base + k * ${WG}u + l.x;
    if (i < P.count) {
      let b = bin_of(i);
      if (b != 0xffffffffu) { atomicAdd(&L[b], 1u); }
    }
  }
  workgroupBarrier();
  for (var b = l.x; b < P.binCount; b += ${WG}u) {
    let c = atomicLoad(&L[b]);
    if (c != 0u) { atomicAdd(&G[b], c); }
  }
}`,
});

const globalShader = {
  label: 'histogram/global',
  code: /* wgsl */ `
// histogram/global: one thread per key, atomicAdd on its global bin.
// Bindings: 0 uniforms, 1 K (keys window), 2 V (bitmap window or dummy), 3 G (bin window).
${HEAD}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.count) { return; }
  let b = bin_of(i);
  if (b != 0xffffffffu) { atomicAdd(&G[b], 1u); }
}`,
};

function histogramGpu(ctx: GpuContext, keys: DataBuffer<'uint32'>, bins: number, validity: DataBuffer<'uint8'> | undefined): DataBuffer<'uint32'> {
  const n = keys.length;
  const cap = ctx.maxBindingBytes;
  const rec = new Recorder(ctx);
  const out = rec.output(bins * 4);
  if (bins > 0) rec.clear(out, 0, bins * 4);
  const local = bins <= LOCAL_BINS;
  const perBins = Math.max(64, Math.floor(cap / 4 / 64) * 64);
  const spec = local ? localShader(LOCAL_CLASSES.find((c) => c >= Math.min(bins, perBins))!) : globalShader;
  const K = keys.deviceBuffer(ctx, 'histogram');
  const Vb = validity ? validity.deviceBuffer(ctx, 'histogram') : rec.temp(4);
  for (let bs = 0; bs < bins; bs += perBins) {
    const bc = Math.min(perBins, bins - bs);
    for (const { start, count } of windows(n, 4, cap)) {
      const v = validity ? bitSlice(Vb, start, count) : { binding: Vb, skip: 0 };
      const u = new Uint32Array([count, validity ? 1 : 0, v.skip, bs, bc, 0, 0, 0]);
      rec.dispatch(spec, u, [slice(K, start, count, 4), v.binding, slice(out, bs, bc, 4)], groups(count, local ? WG * ITEMS : WG));
    }
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint32', bins, out);
}

export const histogramKernel = defineKernel({
  name: 'histogram/histogram',
  dtypes: ['uint32'],
  tolerance: EXACT,
  nulls: 'Null keys are skipped (counted in no bin), as value_counts drops nulls by default.',
  cpu: (keys: DataBuffer<'uint32'>, bins: number, validity: DataBuffer<'uint8'> | undefined) => histogramCpu(keys, bins, validity),
  gpu: (ctx, keys: DataBuffer<'uint32'>, bins: number, validity: DataBuffer<'uint8'> | undefined) => histogramGpu(ctx, keys, bins, validity),
});

/**
 * Count uint32 keys into `bins` bins: `out[b]` = number of non-null keys equal to `b`.
 * Keys `>= bins` are counted in no bin; null keys (with `validity`) are skipped.
 *
 * @example
 * ```ts
 * const keys = gf.array(new Uint32Array([0, 2, 2, 9, 1]));
 * await gf.kernels.histogram(keys, 3).toArray(); // Uint32Array [1, 1, 2]: key 9 is in no bin
 * ```
 */
export function histogram(keys: DataBuffer<'uint32'>, bins: number, options: { validity?: DataBuffer<'uint8'> } = {}): DataBuffer<'uint32'> {
  expectBuffer('histogram', keys, 'keys');
  expectDType('histogram', keys.dtype, ['uint32']);
  if (!Number.isInteger(bins) || bins < 0 || bins > 0xffffffff) throw new ValueError(`histogram: expected bins to be an integer in [0, 2^32), got ${bins}`);
  expectValidity('histogram', options.validity, keys.length);
  checkSize('histogram', bins, 4);
  return run(histogramKernel, keys, bins, options.validity);
}
