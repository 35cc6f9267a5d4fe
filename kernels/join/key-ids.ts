/**
 * join/key-ids: dense key ids, back in row order, split into the two frames' rows.
 *
 * Input: the concatenated keys (left rows 0..nLeft-1, then right rows) sorted by a stable
 * permutation `perm`, and `flags` (bool), set where a sorted row starts a new key (see
 * groupBoundaries). The id of sorted row p is (flags[0] + ... + flags[p]) - 1, so equal keys
 * get equal ids and ids run 0..G-1 in key order. Row perm[p] of the left frame gets it in
 * left[perm[p]]; a right row perm[p] = nLeft + r gets it in right[r].
 *
 * GPU, no workgroup memory or barriers:
 * 1. `join/key-ids-widen`: the flag bytes as u32 words, one thread per row.
 * 2. An inclusive scan of those words (recordScanU32).
 * 3. `join/key-ids-scatter`: one thread per sorted row p writes id(p) to its row's slot.
 *    Windows: source windows (perm and scanned flags) × target windows of each output; a
 *    thread writes only when its target u = perm[p] - base lies inside the bound window
 *    (u wraps past 2^32 - nLeft for left rows when base = nLeft, outside every window).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { recordScanU32 } from '../scan/scan.js';
import { ENTRY, LINEAR } from './common.js';

const WIDEN = {
  label: 'join/key-ids-widen',
  code: /* wgsl */ `
// join/key-ids-widen: F[i] = flag byte i (0 or 1) as a u32 word, for one window of rows.
// Bindings: 0 uniforms {count}, 1 M (flag bytes, 4 per word), 2 F (words).
struct Params { count: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<u32>;
@group(0) @binding(2) var<storage, read_write> F: array<u32>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  F[i] = select(0u, 1u, ((M[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu) != 0u);
}`,
};

const SCATTER = {
  label: 'join/key-ids-scatter',
  code: /* wgsl */ `
// join/key-ids-scatter: for sorted row i of the source window, u = R[i] - base (wrapping);
// when u is inside the target window [tstart, tstart + tcount), O[u - tstart] = F[i] - 1
// (F holds the inclusive scan of the group-start flags).
// Bindings: 0 uniforms, 1 R (perm window), 2 F (scanned flags window), 3 O (target window).
struct Params { count: u32, base: u32, tstart: u32, tcount: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> R: array<u32>;
@group(0) @binding(2) var<storage, read> F: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<u32>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  let u = R[i] - P.base;
  if (u >= P.tstart && u - P.tstart < P.tcount) { O[u - P.tstart] = F[i] - 1u; }
}`,
};

type Ids = { left: DataBuffer<'uint32'>; right: DataBuffer<'uint32'> };

function keyIdsGpu(ctx: GpuContext, flags: DataBuffer<'bool'>, perm: DataBuffer<'uint32'>, nLeft: number): Ids {
  const n = flags.length;
  const nRight = n - nLeft;
  const cap = ctx.maxBindingBytes;
  const rec = new Recorder(ctx);
  const left = rec.output(nLeft * 4);
  const right = rec.output(nRight * 4);
  if (n > 0) {
    const F = rec.temp(n * 4);
    const M = flags.deviceBuffer(ctx, 'join');
    const R = perm.deviceBuffer(ctx, 'join');
    const src = windows(n, 4, cap);
    for (const w of src) rec.dispatch(WIDEN, new Uint32Array([w.count, 0, 0, 0]), [slice(M, w.start, w.count, 1), slice(F, w.start, w.count, 4)], groups(w.count));
    recordScanU32(rec, F, n, true);
    for (const [out, base, len] of [[left, 0, nLeft], [right, nLeft, nRight]] as const) {
      for (const t of windows(len, 4, cap)) {
        for (const s of src) {
          const u = new Uint32Array([s.count, base, t.start, t.count]);
          rec.dispatch(SCATTER, u, [slice(R, s.start, s.count, 4), slice(F, s.start, s.count, 4), slice(out, t.start, t.count, 4)], groups(s.count));
        }
      }
    }
  }
  rec.submit();
  return { left: DataBuffer.fromDevice(ctx, 'uint32', nLeft, left), right: DataBuffer.fromDevice(ctx, 'uint32', nRight, right) };
}

function keyIdsCpu(flags: DataBuffer<'bool'>, perm: DataBuffer<'uint32'>, nLeft: number): Ids {
  const n = flags.length;
  const M = flags.hostView('join') as Uint8Array;
  const R = perm.hostView('join') as Uint32Array;
  const left = new Uint32Array(nLeft);
  const right = new Uint32Array(n - nLeft);
  let id = -1;
  for (let p = 0; p < n; p++) {
    if (M[p] !== 0) id++;
    const t = R[p]!;
    if (t < nLeft) left[t] = id >>> 0;
    else if (t - nLeft < right.length) right[t - nLeft] = id >>> 0;
  }
  return { left: DataBuffer.fromHost(left, 'uint32'), right: DataBuffer.fromHost(right, 'uint32') };
}

export const keyIdsKernel = defineKernel({
  name: 'join/key-ids',
  dtypes: ['uint32'],
  tolerance: EXACT,
  nulls: 'Takes no bitmap: null keys get an id like any value, and the caller overwrites it with the no-match id.',
  cpu: (flags: DataBuffer<'bool'>, perm: DataBuffer<'uint32'>, nLeft: number) => keyIdsCpu(flags, perm, nLeft),
  gpu: (ctx, flags: DataBuffer<'bool'>, perm: DataBuffer<'uint32'>, nLeft: number) => keyIdsGpu(ctx, flags, perm, nLeft),
});

/**
 * Dense key ids in row order from group-start `flags` over rows sorted by the stable
 * permutation `perm` of nLeft + nRight concatenated rows: the ids of the first `nLeft` rows
 * (`left`) and of the rest (`right`). Internal to `DataFrame.join`.
 * Keys [5, 7 | 7, 9] (perm [0, 1, 2, 3], flags [1, 1, 0, 1], nLeft 2) give left [0, 1] and
 * right [1, 2].
 */
export function keyIds(flags: DataBuffer<'bool'>, perm: DataBuffer<'uint32'>, nLeft: number): Ids {
  expectDType('join flags', flags.dtype, ['bool']);
  expectDType('join permutation', perm.dtype, ['uint32']);
  if (perm.length !== flags.length) throw new ShapeError(`join: expected a permutation of ${flags.length} rows, got ${perm.length}`);
  if (!Number.isInteger(nLeft) || nLeft < 0 || nLeft > flags.length) throw new ShapeError(`join: expected nLeft in [0, ${flags.length}], got ${nLeft}`);
  return run(keyIdsKernel, flags, perm, nLeft);
}
