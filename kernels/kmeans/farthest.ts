/**
 * 'kmeans/farthest': the e points of largest squared distance, for scikit-learn's empty-cluster
 * relocation (`_relocate_empty_clusters_dense` takes `np.argpartition(distances, -e)[:-e-1:-1]`,
 * the e farthest points from the largest down). Output: e int32 indices and their e distances,
 * ordered by (distance, index) descending: equal distances go to the larger index first, as
 * numpy's partition picks the last of tied maxima for e = 1.
 *
 * Device: e rounds, each of two passes recorded into one Recorder (nothing is read back):
 * `blockmax`, one thread per block of BLOCK points (window by window), finds the largest
 * (distance, index) pair strictly below the previous round's pick; `pick`, one thread, folds
 * the block results in order and appends the winner. Distances are non-negative and not NaN
 * (squared distances of finite points), so their raw bits order as their values: the
 * comparisons are on integers and both bodies agree exactly.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { BLOCK, bindAt, blocksOf, pointWindows } from './layout.js';
import { ENTRY, LINEAR } from './wgsl-common.js';

const OP = 'kmeans/farthest';

export interface FarthestResult {
  /** e point indices, farthest first. */
  readonly indices: DataBuffer<'int32'>;
  /** Their e distances (descending). */
  readonly distances: DataBuffer<'float64'>;
}

function checkE(n: number, e: number): void {
  if (!Number.isInteger(e) || e < 1 || e > n) throw new ValueError(`${OP}: expected e as an integer in [1, ${n}] (the points), got ${e}`);
}

export function farthestCpu(dist: DataBuffer<'float64'>, e: number): FarthestResult {
  const n = dist.length;
  checkE(n, e);
  const v = dist.hostView(OP) as Float64Array;
  const idx = new Int32Array(e);
  const dv = new Float64Array(e);
  let pd = Infinity;
  let pi = -1;
  for (let r = 0; r < e; r++) {
    let bd = -1;
    let bi = -1;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      const below = r === 0 || x < pd || (x === pd && i < pi);
      if (below && (x > bd || (x === bd && i > bi))) {
        bd = x;
        bi = i;
      }
    }
    idx[r] = bi;
    dv[r] = bd;
    pd = bd;
    pi = bi;
  }
  return { indices: DataBuffer.fromHost(idx, 'int32'), distances: DataBuffer.fromHost(dv, 'float64') };
}

/** Helpers both passes use: a (hi, lo, index) pair order on raw bits. */
const PAIR = /* wgsl */ `
fn gt(a: vec3<u32>, b: vec3<u32>) -> bool {
  return a.x > b.x || (a.x == b.x && (a.y > b.y || (a.y == b.y && a.z > b.z)));
}`;

function blockmaxShader() {
  const code = /* wgsl */ `
// kmeans/farthest blockmax: one thread per block of the window. Bindings: 1 D (distances
// window), 2 BND (previous pick: hi, lo, index, valid), 3 PB (per block: hi, lo, index, found).
struct Params { cnt: u32, nb: u32, start: u32, pOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> D: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> BND: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read_write> PB: array<vec4<u32>>;
${PAIR}
${ENTRY} {
  let b = ${LINEAR};
  if (b >= P.nb) { return; }
  let bound = BND[0];
  var best = vec3<u32>(0u, 0u, 0u);
  var found = 0u;
  let end = min((b + 1u) * ${BLOCK}u, P.cnt);
  for (var i = b * ${BLOCK}u; i < end; i = i + 1u) {
    let w = D[i];
    let pr = vec3<u32>(w.y, w.x, P.start + i);
    if ((bound.w == 0u || gt(bound.xyz, pr)) && (found == 0u || gt(pr, best))) {
      best = pr;
      found = 1u;
    }
  }
  PB[P.pOff + b] = vec4<u32>(best, found);
}`;
  return { label: 'kmeans/farthest-blockmax', code };
}

function pickShader() {
  const code = /* wgsl */ `
// kmeans/farthest pick: one thread folds the nb block results in order. Bindings: 1 PB,
// 2 BND (becomes this round's pick), 3 IDX (e int32), 4 DV (e float64).
struct Params { nb: u32, r: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PB: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> BND: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read_write> IDX: array<u32>;
@group(0) @binding(4) var<storage, read_write> DV: array<vec2<u32>>;
${PAIR}
${ENTRY} {
  if (${LINEAR} != 0u) { return; }
  var best = vec3<u32>(0u, 0u, 0u);
  var found = 0u;
  for (var b = 0u; b < P.nb; b = b + 1u) {
    let c = PB[b];
    if (c.w == 1u && (found == 0u || gt(c.xyz, best))) {
      best = c.xyz;
      found = 1u;
    }
  }
  BND[0] = vec4<u32>(best, 1u);
  IDX[P.r] = best.z;
  DV[P.r] = vec2<u32>(best.y, best.x);
}`;
  return { label: 'kmeans/farthest-pick', code };
}

export function farthestGpu(ctx: GpuContext, dist: DataBuffer<'float64'>, e: number): FarthestResult {
  const n = dist.length;
  checkE(n, e);
  const nb = blocksOf(n);
  if (nb * 16 > ctx.maxBindingBytes) throw new ValueError(`${OP}: expected ${nb} block results to fit one binding of ${ctx.maxBindingBytes} bytes, got too many points`);
  const rec = new Recorder(ctx);
  const d = dist.deviceBuffer(ctx, OP);
  const bnd = rec.temp(16);
  rec.clear(bnd, 0, 16);
  const pb = rec.temp(nb * 16);
  const idx = rec.output(e * 4);
  const dv = rec.output(e * 8);
  const wins = pointWindows(OP, n, 16, ctx.maxBindingBytes);
  for (let r = 0; r < e; r++) {
    for (const w of wins) {
      const nbw = blocksOf(w.count);
      const p = bindAt(pb, w.start / BLOCK, nbw, 16);
      rec.dispatch(blockmaxShader(), new Uint32Array([w.count, nbw, w.start, p.off]), [slice(d, w.start, w.count, 8), bnd, p.binding], groups(nbw));
    }
    rec.dispatch(pickShader(), new Uint32Array([nb, r, 0, 0]), [pb, bnd, idx, dv], 1);
  }
  rec.submit();
  return { indices: DataBuffer.fromDevice(ctx, 'int32', e, idx), distances: DataBuffer.fromDevice(ctx, 'float64', e, dv) };
}

/** The e largest of n non-negative distances, (distance, index) descending. */
export const kmeansFarthest = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: the distances are of finite points (non-negative, never NaN), as the estimator guarantees.',
  cpu: (dist: DataBuffer<'float64'>, e: number) => farthestCpu(dist, e),
  gpu: (ctx, dist: DataBuffer<'float64'>, e: number) => farthestGpu(ctx, dist, e),
});
