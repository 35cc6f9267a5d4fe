/**
 * Two small helpers over groups of consecutive rows, for group-by, unique and valueCounts:
 *
 * - `segmentMask(flags, 'last' | 'single')`: from the group-start flags of
 *   ./boundaries.ts (bool, one byte per row), the rows that END a group ('last':
 *   flags[i + 1] set, or i is the last row) or that are a group on their own ('single':
 *   a start that is also an end). Output: bool, one byte per row; each thread packs 4 rows.
 * - `segmentSizes(starts, n)`: rows per group as uint32, sizes[g] = starts[g + 1] - starts[g]
 *   (the last group ends at n). One thread per group.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { maskMain } from '../wgsl/mask.js';

export type SegmentMaskMode = 'last' | 'single';

function maskShader(mode: SegmentMaskMode) {
  const code = /* wgsl */ `
// groupby/segment-mask (${mode}): rows that end a group${mode === 'single' ? ' and also start it' : ''}, from group-start flags.
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> F: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
fn flag(i: u32) -> bool { return ((F[i >> 2u] >> (8u * (i & 3u))) & 0xffu) != 0u; }
fn pick(i: u32) -> bool {
  let ends = i + 1u == P.n || flag(i + 1u);
  return ${mode === 'single' ? 'ends && flag(i)' : 'ends'};
}
${maskMain('pick')}`;
  return { label: `groupby/segment-mask-${mode}`, code };
}

const SIZES_WGSL = /* wgsl */ `
// groupby/segment-sizes: sizes[g] = (g + 1 < G ? starts[g + 1] : n) - starts[g].
struct Params { n: u32, g: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> S: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = gid.x + gid.y * nwg.x * ${WG}u;
  if (g >= P.g) { return; }
  var end = P.n;
  if (g + 1u < P.g) { end = S[g + 1u]; }
  O[g] = end - S[g];
}`;

function maskGpu(ctx: GpuContext, flags: DataBuffer<'bool'>, mode: SegmentMaskMode): DataBuffer<'bool'> {
  const n = flags.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n);
  rec.dispatch(maskShader(mode), new Uint32Array([n, 0, 0, 0]), [flags.deviceBuffer(ctx, 'groupBy'), out], groups(Math.ceil(n / 4)));
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'bool', n, out);
}

function maskCpu(flags: DataBuffer<'bool'>, mode: SegmentMaskMode): DataBuffer<'bool'> {
  const f = flags.hostView('groupBy') as Uint8Array;
  const n = f.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const ends = i + 1 === n || f[i + 1] !== 0;
    out[i] = (mode === 'single' ? ends && f[i] !== 0 : ends) ? 1 : 0;
  }
  return DataBuffer.fromHost(out, 'bool');
}

function sizesGpu(ctx: GpuContext, starts: DataBuffer<'uint32'>, n: number): DataBuffer<'uint32'> {
  const G = starts.length;
  const rec = new Recorder(ctx);
  const out = rec.output(G * 4);
  rec.dispatch({ label: 'groupby/segment-sizes', code: SIZES_WGSL }, new Uint32Array([n, G, 0, 0]), [starts.deviceBuffer(ctx, 'groupBy'), out], groups(G));
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint32', G, out);
}

function sizesCpu(starts: DataBuffer<'uint32'>, n: number): DataBuffer<'uint32'> {
  const S = starts.hostView('groupBy') as Uint32Array;
  const G = S.length;
  const out = new Uint32Array(G);
  for (let g = 0; g < G; g++) out[g] = (g + 1 < G ? S[g + 1]! : n) - S[g]!;
  return DataBuffer.fromHost(out, 'uint32');
}

export const segmentMaskKernel = defineKernel({
  name: 'groupby/segment-mask',
  dtypes: ['bool'],
  tolerance: EXACT,
  nulls: 'Takes group-start flags, which have no nulls (null keys were already grouped by the boundaries).',
  cpu: maskCpu,
  gpu: maskGpu,
});

export const segmentSizesKernel = defineKernel({
  name: 'groupby/segment-sizes',
  dtypes: ['uint32'],
  tolerance: EXACT,
  nulls: 'Counts rows, nulls included (the group starts carry no nulls).',
  cpu: sizesCpu,
  gpu: sizesGpu,
});

/**
 * Rows that end a group ('last') or form a group alone ('single'), from group-start flags:
 * flags [1, 0, 1, 1] give 'last' [0, 1, 1, 1]. Internal.
 */
export function segmentMask(flags: DataBuffer<'bool'>, mode: SegmentMaskMode): DataBuffer<'bool'> {
  expectDType('segmentMask', flags.dtype, ['bool']);
  if (mode !== 'last' && mode !== 'single') throw new ValueError(`segmentMask: expected mode 'last' | 'single', got '${String(mode)}'`);
  return run(segmentMaskKernel, flags, mode);
}

/**
 * Rows per group, from the groups' first rows (ascending) and the row count `n`:
 * starts [0, 3, 4] and n = 6 give [3, 1, 2]. Internal.
 */
export function segmentSizes(starts: DataBuffer<'uint32'>, n: number): DataBuffer<'uint32'> {
  expectDType('segmentSizes', starts.dtype, ['uint32']);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new ValueError(`segmentSizes: expected a row count 0 <= n < 2^32, got ${n}`);
  return run(segmentSizesKernel, starts, n);
}
