/**
 * WGSL for the k-means data passes: centroid update (optionally weighted), its finalisation
 * and the (optionally weighted) vector sum
 * (the assignment is in ./assign-wgsl.ts; pack, moments and the level-2 fold are the shared
 * dense ops in ../linalg/). Every float operation is exact binary64 on raw bits (see
 * ./wgsl-common.ts), so the CPU twins in ./kmeans-cpu.ts reproduce each result bit for bit.
 * Text comes only from the fixed fragments below, chosen by dtype and variant; sizes are
 * uniforms. Every point-wise kernel runs on one window of points at a time (see ./layout.ts).
 */
import { BLOCK, MAXK } from './layout.js';
import { ENTRY, KM_PRELUDE, LINEAR } from './wgsl-common.js';

export interface Spec {
  label: string;
  code: string;
}

/**
 * Level 1 of the centroid update: one thread per (block, feature) of the window, for the
 * clusters [c0, c0 + ck) (ck <= MAXK). Sums x_ij (times w_i when weighted: scikit-learn's
 * `X[i, j] * sample_weight[i]`) of the block's points of each cluster in point order from +0,
 * and (thread j = 0) their weights (1 each unweighted), as float64.
 */
export function updateShader(): Spec {
  const code = /* wgsl */ `
// kmeans/update level 1. Bindings: 1 M (window), 2 L (labels window), 3 PS (partial sums
// window: row b holds k * d values), 4 PW (partial weights window: row b holds k float64),
// 5 W (weights window, read when P.wt == 1).
struct Params { cnt: u32, d: u32, k: u32, nb: u32, c0: u32, ck: u32, pOff: u32, cOff: u32, wt: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> L: array<i32>;
@group(0) @binding(3) var<storage, read_write> PS: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> PW: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read> W: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  let b = t / P.d;
  let j = t % P.d;
  if (b >= P.nb) { return; }
  var acc: array<vec2<u32>, ${MAXK}>;
  var cw: array<vec2<u32>, ${MAXK}>;
  let end = min((b + 1u) * ${BLOCK}u, P.cnt);
  for (var i = b * ${BLOCK}u; i < end; i = i + 1u) {
    let l = u32(L[i]) - P.c0;
    if (l < P.ck) {
      if (P.wt == 1u) {
        let w = W[i];
        acc[l] = f64_add(acc[l], f64_mul(M[i * P.d + j], w));
        if (j == 0u) { cw[l] = f64_add(cw[l], w); }
      } else {
        acc[l] = f64_add(acc[l], M[i * P.d + j]);
        if (j == 0u) { cw[l] = f64_add(cw[l], KM_ONE); }
      }
    }
  }
  for (var c = 0u; c < P.ck; c = c + 1u) {
    PS[P.pOff + (b * P.k + P.c0 + c) * P.d + j] = acc[c];
    if (j == 0u) { PW[P.cOff + b * P.k + P.c0 + c] = cw[c]; }
  }
}`;
  return { label: 'kmeans/update', code };
}

/**
 * Thread 0 of a one-workgroup kernel writes the control words CTL: the squared shift of the
 * new centers CN from the old C summed over (cluster, feature) in order, the changed-label
 * count CH[0], the clusters whose weight in `weights` is exactly 0, and 0. Needs `kd`, `lid`,
 * P.k and those bindings in scope (kmeans/finalize and kmeans/relocate).
 */
export function controlWords(weights: string): string {
  return /* wgsl */ `  if (lid == 0u) {
    var shift = KM_ZERO;
    for (var q = 0u; q < kd; q = q + 1u) {
      let t = f64_sub(CN[q], C[q]);
      shift = f64_add(shift, f64_mul(t, t));
    }
    var empty = 0u;
    for (var c = 0u; c < P.k; c = c + 1u) { if (km_is_zero(${weights}[c])) { empty = empty + 1u; } }
    CTL[0] = shift;
    CTL[1] = km_from_u32(CH[0]);
    CTL[2] = km_from_u32(empty);
    CTL[3] = KM_ZERO;
  }`;
}

/**
 * Finalize the update in one workgroup, as scikit-learn's `_average_centers`: new center =
 * sum / weight where the cluster's weight is > 0, else the sum itself (+0 for a cluster with
 * no points: the estimator relocates empty clusters before using it); then thread 0 writes
 * the control words: the squared center shift summed over (cluster, feature) in order, the
 * changed-label count and the empty clusters (weight exactly 0).
 */
export function finalizeShader(): Spec {
  const code = /* wgsl */ `
// kmeans/finalize. Bindings: 1 T (k * d sums), 2 TW (k weights), 3 C (old centers),
// 4 CN (new centers), 5 CH (changed count), 6 CTL (4 float64: shift, changed, empty, 0).
struct Params { k: u32, d: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> T: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> TW: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> CN: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read> CH: array<u32>;
@group(0) @binding(6) var<storage, read_write> CTL: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let kd = P.k * P.d;
  for (var q = lid; q < kd; q = q + ${BLOCK}u) {
    let w = TW[q / P.d];
    if (km_positive(w)) { CN[q] = f64_div(T[q], w); } else { CN[q] = T[q]; }
  }
  storageBarrier();
${controlWords('TW')}
}`;
  return { label: 'kmeans/finalize', code };
}

/**
 * Level 1 of a vector sum: PS[pOff + b] = sum of V (times W when weighted: scikit-learn's
 * `sq_dist * sample_weight[i]`) over block b of the window, from +0.
 */
export function vsumShader(): Spec {
  const code = /* wgsl */ `
// kmeans/sum level 1: one thread per block of the window. Bindings: 1 V (window), 2 PS,
// 3 W (weights window, read when P.wt == 1).
struct Params { cnt: u32, nb: u32, pOff: u32, wt: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> PS: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> W: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let b = ${LINEAR};
  if (b >= P.nb) { return; }
  let end = min((b + 1u) * ${BLOCK}u, P.cnt);
  var acc = KM_ZERO;
  for (var i = b * ${BLOCK}u; i < end; i = i + 1u) {
    if (P.wt == 1u) { acc = f64_add(acc, f64_mul(V[i], W[i])); } else { acc = f64_add(acc, V[i]); }
  }
  PS[P.pOff + b] = acc;
}`;
  return { label: 'kmeans/vsum', code };
}
