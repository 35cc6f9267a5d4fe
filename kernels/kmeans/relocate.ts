/**
 * 'kmeans/relocate': scikit-learn 1.2's `_relocate_empty_clusters_dense` followed by
 * `_average_centers` and the control words, from the per-cluster sums of 'kmeans/update'.
 * Empty clusters (weight exactly 0, in index order) take the far points of 'kmeans/farthest'
 * (farthest first): for empty cluster c and far point f of weight w and label o,
 * sums[o] -= x_f * w, sums[c] = x_f * w, weight[c] = w, weight[o] -= w. Nothing moves when the
 * largest distance is 0 (every distinct point already has a center: more clusters than
 * distinct points). Then center = sums / weight where weight > 0, else the OLD center: a
 * cluster left empty keeps its center (a data point from k-means++, so duplicate points give
 * duplicate centers, as scikit-learn's relocation does), never the zero vector of its empty
 * sums. The control words are the squared shift from the old centers (summed in order), the
 * changed count and the clusters still of weight 0.
 *
 * Device: a gather pass per point window copies each far point's coordinates, weight and
 * label into a small e × (d + 2) buffer; one workgroup then runs the sequential relocation
 * (thread 0, in scikit-learn's order), the divisions (all threads) and the control words.
 * Every float operation is exact binary64 (soft-f64), so both bodies agree bit for bit.
 */
import type { GpuContext } from '../../src/device/index.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { BLOCK, pointWindows } from './layout.js';
import { finalizeCpu } from './kmeans-cpu.js';
import { controlWords } from './lloyd-wgsl.js';
import { ENTRY, KM_PRELUDE, LINEAR } from './wgsl-common.js';
import type { Matrix, UpdateResult } from './types.js';

const OP = 'kmeans/relocate';

/** What 'kmeans/relocate' reads: the update's sums and weights, and the far points. */
export interface RelocateInput {
  readonly x: Matrix;
  readonly labels: DataBuffer<'int32'>;
  /** Sample weights (n), or undefined for weight 1 each. */
  readonly weights: DataBuffer<'float64'> | undefined;
  /** The far points, farthest first (at least one per empty cluster), and their distances. */
  readonly far: DataBuffer<'int32'>;
  readonly farDistances: DataBuffer<'float64'>;
  readonly sums: DataBuffer<'float64'>;
  readonly wsum: DataBuffer<'float64'>;
  /** The centers the labels were assigned to. */
  readonly centers: DataBuffer<'float64'>;
  readonly k: number;
  readonly changed: DataBuffer<'uint32'>;
}

export function relocateCpu(a: RelocateInput): Pick<UpdateResult, 'centers' | 'control'> {
  const { n, d } = a.x;
  const m = a.x.data.hostView(OP) as Float64Array;
  const lab = a.labels.hostView(OP) as Int32Array;
  const wv = a.weights?.hostView(OP) as Float64Array | undefined;
  const far = a.far.hostView(OP) as Int32Array;
  const fd = a.farDistances.hostView(OP) as Float64Array;
  const tw0 = a.wsum.hostView(OP) as Float64Array;
  const t = (a.sums.hostView(OP) as Float64Array).slice();
  const tw = tw0.slice();
  const e = far.length;
  if (e > 0 && fd[0] !== 0) {
    let r = 0;
    for (let c = 0; c < a.k && r < e; c++) {
      if (tw0[c] !== 0) continue;
      // A far index outside the points reads as zeros (the device's gather leaves them).
      const f = far[r]!;
      const ok = f >= 0 && f < n;
      const w = ok ? (wv ? wv[f]! : 1) : 0;
      const o = ok ? lab[f]! : 0;
      for (let j = 0; j < d; j++) {
        const xw = (ok ? m[f * d + j]! : 0) * w;
        t[o * d + j] = t[o * d + j]! - xw;
        t[c * d + j] = xw;
      }
      tw[c] = w;
      tw[o] = tw[o]! - w;
      r++;
    }
  }
  const ch = (a.changed.hostView(OP) as Uint32Array)[0]!;
  const { next, control } = finalizeCpu(t, tw, a.centers.hostView(OP) as Float64Array, a.k, d, ch, true);
  return { centers: DataBuffer.fromHost(next, 'float64'), control: DataBuffer.fromHost(control, 'float64') };
}

function gatherShader() {
  const code = /* wgsl */ `
// kmeans/relocate gather: one thread per (far point r, feature j). Bindings: 1 M (window),
// 2 L (labels window), 3 W (weights window, read when P.wt == 1), 4 FAR (e indices),
// 5 GX (e rows of d coordinates, the weight, then the label in the low word).
struct Params { start: u32, cnt: u32, d: u32, e: u32, wt: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> L: array<i32>;
@group(0) @binding(3) var<storage, read> W: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> FAR: array<i32>;
@group(0) @binding(5) var<storage, read_write> GX: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  if (t >= P.e * P.d) { return; }
  let r = t / P.d;
  let j = t % P.d;
  let f = u32(FAR[r]);
  if (f < P.start || f - P.start >= P.cnt) { return; }
  let li = f - P.start;
  let base = r * (P.d + 2u);
  GX[base + j] = M[li * P.d + j];
  if (j == 0u) {
    if (P.wt == 1u) { GX[base + P.d] = W[li]; } else { GX[base + P.d] = KM_ONE; }
    GX[base + P.d + 1u] = vec2<u32>(u32(L[li]), 0u);
  }
}`;
  return { label: 'kmeans/relocate-gather', code };
}

function relocateShader() {
  const code = /* wgsl */ `
// kmeans/relocate: one workgroup. Bindings: 1 CN (the sums on entry, the centers on exit),
// 2 TW (weights as summed), 3 TW2 (a copy of TW, updated), 4 C (old centers), 5 FD (far
// distances), 6 GX (gathered far points), 7 CH (changed count), 8 CTL (4 float64).
struct Params { k: u32, d: u32, e: u32, q0: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> CN: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> TW: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> TW2: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read> FD: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read> GX: array<vec2<u32>>;
@group(0) @binding(7) var<storage, read> CH: array<u32>;
@group(0) @binding(8) var<storage, read_write> CTL: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let kd = P.k * P.d;
  if (lid == 0u && P.e > 0u && !km_is_zero(FD[0])) {
    var r = 0u;
    for (var c = 0u; c < P.k && r < P.e; c = c + 1u) {
      if (!km_is_zero(TW[c])) { continue; }
      let base = r * (P.d + 2u);
      let w = GX[base + P.d];
      let o = GX[base + P.d + 1u].x;
      for (var j = 0u; j < P.d; j = j + 1u) {
        let xw = f64_mul(GX[base + j], w);
        CN[o * P.d + j] = f64_sub(CN[o * P.d + j], xw);
        CN[c * P.d + j] = xw;
      }
      TW2[c] = w;
      TW2[o] = f64_sub(TW2[o], w);
      r = r + 1u;
    }
  }
  storageBarrier();
  for (var q = lid; q < kd; q = q + ${BLOCK}u) {
    let w = TW2[q / P.d];
    if (km_positive(w)) { CN[q] = f64_div(CN[q], w); } else { CN[q] = C[q]; }
  }
  storageBarrier();
${controlWords('TW2')}
}`;
  return { label: 'kmeans/relocate', code };
}

export function relocateGpu(ctx: GpuContext, a: RelocateInput): Pick<UpdateResult, 'centers' | 'control'> {
  const { n, d } = a.x;
  const k = a.k;
  const e = a.far.length;
  const rec = new Recorder(ctx);
  const m = a.x.data.deviceBuffer(ctx, OP);
  const lb = a.labels.deviceBuffer(ctx, OP);
  const wb = a.weights ? a.weights.deviceBuffer(ctx, OP) : rec.temp(8);
  const far = a.far.deviceBuffer(ctx, OP);
  const gx = rec.temp(Math.max(1, e) * (d + 2) * 8);
  rec.clear(gx, 0, Math.max(1, e) * (d + 2) * 8);
  if (e > 0) {
    for (const w of pointWindows(OP, n, d * 8, ctx.maxBindingBytes)) {
      const ww = a.weights ? slice(wb, w.start, w.count, 8) : wb;
      const u = new Uint32Array([w.start, w.count, d, e, a.weights ? 1 : 0, 0, 0, 0]);
      rec.dispatch(gatherShader(), u, [slice(m, w.start * d, w.count * d, 8), slice(lb, w.start, w.count, 4), ww, far, gx], groups(e * d));
    }
  }
  const cn = rec.output(k * d * 8);
  rec.copy(a.sums.deviceBuffer(ctx, OP), 0, cn, 0, k * d * 8);
  const tw = a.wsum.deviceBuffer(ctx, OP);
  const tw2 = rec.temp(k * 8);
  rec.copy(tw, 0, tw2, 0, k * 8);
  const control = rec.output(4 * 8);
  const binds = [cn, tw, tw2, a.centers.deviceBuffer(ctx, OP), a.farDistances.deviceBuffer(ctx, OP), gx, a.changed.deviceBuffer(ctx, OP), control];
  rec.dispatch(relocateShader(), new Uint32Array([k, d, e, 0]), binds, 1);
  rec.submit();
  return { centers: DataBuffer.fromDevice(ctx, 'float64', k * d, cn), control: DataBuffer.fromDevice(ctx, 'float64', 4, control) };
}

/** Empty-cluster relocation and averaging, as scikit-learn's Lloyd step. */
export const kmeansRelocate = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: the matrix comes from pack, and the estimator refuses flagged input first.',
  cpu: (a: RelocateInput) => relocateCpu(a),
  gpu: (ctx, a: RelocateInput) => relocateGpu(ctx, a),
});
