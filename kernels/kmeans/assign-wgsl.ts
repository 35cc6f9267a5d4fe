/**
 * WGSL for the k-means assignment (nearest center per point). Every point first brackets
 * its squared distances in hardware f32 (./wgsl-common.ts), which proves most centers
 * farther than another; only the remaining candidates get exact soft-f64 distances, so the
 * labels and distances are exactly those of evaluating every distance in binary64, which
 * is what the CPU twin (./kmeans-cpu.ts) does.
 *
 * Labels only (the Lloyd iterations, predict): pass 1 settles the points with one
 * candidate; pass 2 strides over a list of the rest. With distances (the final pass,
 * score): one pass, exact for every point.
 */
import type { Spec } from './lloyd-wgsl.js';
import { approxFn, distFn, ENTRY, KM_PRELUDE, LINEAR, POINT_CACHE } from './wgsl-common.js';

// The candidate search shared by both assignment passes: `km_min_hi` returns the least f32
// upper bound over the centers and keeps the lower bounds of the first 32 (a center without
// a bracket gets -3e38: always a candidate); `km_mask` gives the candidates among centers
// c0 .. c0 + 31, those whose lower bound is <= min_hi. Any other center is provably farther
// than the one whose upper bound is min_hi. Needs POINT_CACHE loaded for the point.
const CANDIDATES = /* wgsl */ `
var<private> km_lo: array<f32, 32>;
fn km_lower(xb: u32, c: u32) -> f32 {
  if (c < 32u) { return km_lo[c]; }
  let a = km_approx_C(xb, c);
  return select(-3.0e38, a.x - a.y, a.y >= 0.0);
}
fn km_min_hi(xb: u32) -> f32 {
  var m = 3.0e38;
  for (var c = 0u; c < P.k; c = c + 1u) {
    let a = km_approx_C(xb, c);
    var l = -3.0e38;
    if (a.y >= 0.0) {
      m = min(m, a.x + a.y);
      l = a.x - a.y;
    }
    if (c < 32u) { km_lo[c] = l; }
  }
  return m;
}
fn km_mask(xb: u32, c0: u32, min_hi: f32) -> u32 {
  var mask = 0u;
  let cn = min(32u, P.k - c0);
  for (var c = 0u; c < cn; c = c + 1u) {
    if (km_lower(xb, c0 + c) <= min_hi) { mask = mask | (1u << c); }
  }
  return mask;
}`;

// Counting labels that differ from the previous ones: a workgroup total, then one global add.
const CHANGED = /* wgsl */ `
var<workgroup> changed: atomic<u32>;
fn km_count_changed(i: u32, label: i32) {
  if (P.hasOld == 0u || LO[i] != label) { atomicAdd(&changed, 1u); }
}
fn km_flush_changed(lid: u32) {
  workgroupBarrier();
  if (lid == 0u) {
    let c = atomicLoad(&changed);
    if (c != 0u) { atomicAdd(&CH[0], c); }
  }
}`;

// The exact argmin of point i among its candidate centers: each thread walks its own
// candidate masks in increasing order (strict <, so ties go to the smallest index), so the
// threads of one SIMD group compute their soft-f64 distances together. Returns the label
// (-1 for a non-finite point) and leaves the distance in km_bd.
const EXACT = /* wgsl */ `
var<private> km_bd: vec2<u32>;
fn km_exact(i: u32) -> i32 {
  let xb = i * P.d;
  km_bd = SF64_QNAN;
  for (var j = 0u; j < P.d; j = j + 1u) { if (!km_finite(M[xb + j])) { return -1; } }
  km_load_point(xb);
  let min_hi = km_min_hi(xb);
  var best = -1;
  for (var c0 = 0u; c0 < P.k; c0 = c0 + 32u) {
    var mask = km_mask(xb, c0, min_hi);
    while (mask != 0u) {
      let c = c0 + firstTrailingBit(mask);
      mask = mask & (mask - 1u);
      let dd = km_dist_C(xb, c * P.d);
      if (best < 0 || km_lt(dd, km_bd)) { km_bd = dd; best = i32(c); }
    }
  }
  return best;
}`;

/**
 * kmeans/assign, labels only, pass 1: each point brackets its distances in f32
 * (./wgsl-common.ts). When exactly one center is a candidate it is the label, found with no
 * soft-f64 work; otherwise the point's index goes on a list for `assignListShader`. A
 * non-finite point gets label -1. Counts changed labels of the points it settles.
 */
export function assignFastShader(): Spec {
  const code = /* wgsl */ `
// kmeans/assign-fast: one thread per point of the window. Bindings: 1 M (window),
// 2 CF (f32 centers + flags), 3 L (labels window), 4 LO (previous labels window),
// 5 LIST (word 0: count, then window indices of unsettled points), 6 CH (changed counter).
struct Params { n: u32, d: u32, k: u32, hasOld: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> CF: array<f32>;
@group(0) @binding(3) var<storage, read_write> L: array<i32>;
@group(0) @binding(4) var<storage, read> LO: array<i32>;
@group(0) @binding(5) var<storage, read_write> LIST: array<atomic<u32>>;
@group(0) @binding(6) var<storage, read_write> CH: array<atomic<u32>>;
${KM_PRELUDE}
${POINT_CACHE}
${approxFn('C', 'P.k')}
${CANDIDATES}
${CHANGED}
fn km_settle(i: u32) -> i32 {
  let xb = i * P.d;
  for (var j = 0u; j < P.d; j = j + 1u) { if (!km_finite(M[xb + j])) { return -1; } }
  km_load_point(xb);
  let min_hi = km_min_hi(xb);
  var count = 0u;
  var only = 0u;
  for (var c0 = 0u; c0 < P.k; c0 = c0 + 32u) {
    let mk = km_mask(xb, c0, min_hi);
    count = count + countOneBits(mk);
    if (mk != 0u) { only = c0 + firstTrailingBit(mk); }
  }
  return select(-2, i32(only), count == 1u);
}
${ENTRY} {
  let i = ${LINEAR};
  if (i < P.n) {
    let label = km_settle(i);
    if (label == -2) {
      atomicStore(&LIST[1u + atomicAdd(&LIST[0], 1u)], i);
    } else {
      L[i] = label;
      km_count_changed(i, label);
    }
  }
  km_flush_changed(lid);
}`;
  return { label: 'kmeans/assign-fast', code };
}

/**
 * kmeans/assign, labels only, pass 2: a fixed grid of threads strides over the list of
 * points pass 1 could not settle and labels them by exact distances. Keeping the soft-f64
 * code out of pass 1 matters on SwiftShader, where a large shader is slow to run even
 * where its code is skipped.
 */
export function assignListShader(): Spec {
  const code = /* wgsl */ `
// kmeans/assign-list. Bindings: 1 M (window), 2 C (centers), 3 CF (f32 centers + flags),
// 4 L (labels window), 5 LO (previous labels window), 6 LIST (from pass 1), 7 CH.
struct Params { n: u32, d: u32, k: u32, hasOld: u32, threads: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> CF: array<f32>;
@group(0) @binding(4) var<storage, read_write> L: array<i32>;
@group(0) @binding(5) var<storage, read> LO: array<i32>;
@group(0) @binding(6) var<storage, read> LIST: array<u32>;
@group(0) @binding(7) var<storage, read_write> CH: array<atomic<u32>>;
${KM_PRELUDE}
${POINT_CACHE}
${distFn('C')}
${approxFn('C', 'P.k')}
${CANDIDATES}
${CHANGED}
${EXACT}
${ENTRY} {
  let count = LIST[0];
  for (var q = ${LINEAR}; q < count; q = q + P.threads) {
    let i = LIST[1u + q];
    let label = km_exact(i);
    L[i] = label;
    km_count_changed(i, label);
  }
  km_flush_changed(lid);
}`;
  return { label: 'kmeans/assign-list', code };
}

/**
 * kmeans/assign with distances: every point's label by exact distances to its candidate
 * centers, and the squared distance to it (NaN and label -1 for a non-finite point).
 */
export function assignShader(): Spec {
  const code = /* wgsl */ `
// kmeans/assign. Bindings: 1 M (window), 2 C (k * d centers), 3 CF (f32 centers + flags),
// 4 L (labels window), 5 D (distances window), 6 LO (previous labels window), 7 CH.
struct Params { n: u32, d: u32, k: u32, hasOld: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> CF: array<f32>;
@group(0) @binding(4) var<storage, read_write> L: array<i32>;
@group(0) @binding(5) var<storage, read_write> D: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read> LO: array<i32>;
@group(0) @binding(7) var<storage, read_write> CH: array<atomic<u32>>;
${KM_PRELUDE}
${POINT_CACHE}
${distFn('C')}
${approxFn('C', 'P.k')}
${CANDIDATES}
${CHANGED}
${EXACT}
${ENTRY} {
  let i = ${LINEAR};
  if (i < P.n) {
    let label = km_exact(i);
    L[i] = label;
    D[i] = km_bd;
    km_count_changed(i, label);
  }
  km_flush_changed(lid);
}`;
  return { label: 'kmeans/assign', code };
}
