/**
 * WGSL for greedy k-means++ seeding on the device (scikit-learn's algorithm). One step,
 * with D[i] the squared distance of point i to its nearest chosen center:
 *
 * 1. Block sums of D (./lloyd-wgsl.ts vsum) and their inclusive prefix QP over blocks
 *    (`prefix`, one thread, sequential). The potential is QP[nb - 1].
 * 2. `search`, one thread per trial t: u_t = r_t * potential (r_t from the host's seeded
 *    PRNG, in the uniforms), the first block whose prefix is >= u_t (binary search).
 * 3. `pick`, per window: walk that block from its exclusive prefix, adding D[i] in order,
 *    to the first point whose running sum is >= u_t (the block's last point if rounding
 *    leaves it short): the candidate. Its coordinates are copied to G.
 * 4. `candmin`: DD[i, t] = min(D[i], dist(x_i, candidate t)) for every point and trial.
 * 5. `gain`: for each candidate, the block sums of D[i] - DD[i, t] over the points it
 *    brings closer, folded over blocks in order (./lloyd-wgsl.ts fold): its gain.
 * 6. `select`, one thread: the candidate of least potential QP[nb - 1] - gain (first on
 *    ties; scikit-learn sums min(D, dist) directly, the same quantity up to rounding)
 *    becomes center c, and `adopt` sets D[i] = DD[i, best].
 *
 * `candmin` skips the soft-f64 distance to a candidate when its f32 lower bound
 * (./wgsl-common.ts) exceeds D[i]: the minimum is then D[i] whatever the exact value.
 */
import { BLOCK } from './layout.js';
import type { Spec } from './lloyd-wgsl.js';
import { approxFn, distFn, ENTRY, KM_PRELUDE, LINEAR, POINT_CACHE } from './wgsl-common.js';

/** D[i] = dist(x_i, C row), one thread per point (after the first center). */
export function mindistShader(): Spec {
  const code = /* wgsl */ `
// kmeans/mindist. Bindings: 1 M (window), 2 C (centers), 3 D (window).
struct Params { n: u32, d: u32, row: u32, q0: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> D: array<vec2<u32>>;
${KM_PRELUDE}
${distFn('C')}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  D[i] = km_dist_C(i * P.d, P.row * P.d);
}`;
  return { label: 'kmeans/mindist', code };
}

/** QP[b] = PS[0] + ... + PS[b], sequentially from +0, in one thread. */
export function prefixShader(): Spec {
  const code = /* wgsl */ `
// kmeans/prefix: inclusive prefix of the block sums. Bindings: 1 PS, 2 QP.
struct Params { nb: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PS: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> QP: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  if (${LINEAR} != 0u) { return; }
  var acc = KM_ZERO;
  for (var b = 0u; b < P.nb; b = b + 1u) {
    acc = f64_add(acc, PS[b]);
    QP[b] = acc;
  }
}`;
  return { label: 'kmeans/prefix', code };
}

/** One thread per trial: u = r * potential and the first block with prefix >= u. */
export function searchShader(): Spec {
  const code = /* wgsl */ `
// kmeans/search. Bindings: 1 QP (block prefixes), 2 CB (block per trial), 3 U (per trial:
// u, then the block's exclusive prefix).
struct Params { nb: u32, trials: u32, q0: u32, q1: u32, r: array<vec4<u32>, 16> }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> QP: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> CB: array<u32>;
@group(0) @binding(3) var<storage, read_write> U: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  if (t >= P.trials) { return; }
  let rv = P.r[t / 2u];
  var r = rv.xy;
  if ((t & 1u) == 1u) { r = rv.zw; }
  let u = f64_mul(r, QP[P.nb - 1u]);
  // First b with !(QP[b] < u); the last block when every prefix is below u.
  var lo = 0u;
  var hi = P.nb - 1u;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (km_lt(QP[mid], u)) { lo = mid + 1u; } else { hi = mid; }
  }
  CB[t] = lo;
  U[2u * t] = u;
  if (lo == 0u) { U[2u * t + 1u] = KM_ZERO; } else { U[2u * t + 1u] = QP[lo - 1u]; }
}`;
  return { label: 'kmeans/search', code };
}

/** Per window: each trial whose block lies in the window walks it and copies its candidate row. */
export function pickShader(): Spec {
  const code = /* wgsl */ `
// kmeans/pick. Bindings: 1 CB, 2 U, 3 D (window), 4 M (window), 5 G (trials * d),
// 6 GF (G in f32, then a below-2^40 flag per trial: see ./wgsl-common.ts rowsF32Shader).
struct Params { start: u32, cnt: u32, d: u32, trials: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> CB: array<u32>;
@group(0) @binding(2) var<storage, read> U: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> D: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read_write> G: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read_write> GF: array<f32>;
${KM_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  if (t >= P.trials) { return; }
  let bs = CB[t] * ${BLOCK}u;
  if (bs < P.start || bs - P.start >= P.cnt) { return; }
  let first = bs - P.start;
  let end = min(first + ${BLOCK}u, P.cnt);
  let u = U[2u * t];
  var run = U[2u * t + 1u];
  var idx = end - 1u;
  for (var i = first; i < end; i = i + 1u) {
    run = f64_add(run, D[i]);
    if (!km_lt(run, u)) { idx = i; break; }
  }
  var small = true;
  for (var j = 0u; j < P.d; j = j + 1u) {
    let w = M[idx * P.d + j];
    G[t * P.d + j] = w;
    GF[t * P.d + j] = km_f32(w);
    small = small && km_small(w);
  }
  GF[P.trials * P.d + t] = select(0.0, 1.0, small);
}`;
  return { label: 'kmeans/pick', code };
}

/**
 * Per window, one thread per point: DD[i * trials + t] = min(D[i], dist(x_i, G_t)). The
 * trials whose f32 lower bound does not clear D[i] form a bit mask that each thread walks
 * in order, so the soft-f64 distances of one SIMD group are computed together.
 */
export function candminShader(): Spec {
  const code = /* wgsl */ `
// kmeans/candmin. Bindings: 1 M (window), 2 D (window), 3 G (candidates), 4 GF (their f32
// copy and flags), 5 DD (window, row i holds the trials' values).
struct Params { n: u32, d: u32, trials: u32, q0: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> D: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> G: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> GF: array<f32>;
@group(0) @binding(5) var<storage, read_write> DD: array<vec2<u32>>;
${KM_PRELUDE}
${POINT_CACHE}
${distFn('G')}
${approxFn('G', 'P.trials')}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  let xb = i * P.d;
  let di = D[i];
  let up = km_upper(di);
  km_load_point(xb);
  var mask = 0u;
  for (var t = 0u; t < P.trials; t = t + 1u) {
    let a = km_approx_G(xb, t);
    if (a.y >= 0.0 && a.x - a.y > up) { DD[i * P.trials + t] = di; } else { mask = mask | (1u << t); }
  }
  while (mask != 0u) {
    let t = firstTrailingBit(mask);
    mask = mask & (mask - 1u);
    let dd = km_dist_G(xb, t * P.d);
    DD[i * P.trials + t] = select(di, dd, km_lt(dd, di));
  }
}`;
  return { label: 'kmeans/candmin', code };
}

/**
 * Level 1 of the candidates' gains: one thread per (block, trial) of the window, trial-major.
 * PS[pOff + b * trials + t] = sum over block b, in point order from +0, of D[i] - DD[i, t]
 * for the points the candidate brings closer (adding +0 for the others would change nothing).
 */
export function gainShader(): Spec {
  const code = /* wgsl */ `
// kmeans/gain. Bindings: 1 D (window), 2 DD (window), 3 PS (partials window).
struct Params { cnt: u32, nb: u32, pOff: u32, trials: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> D: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> DD: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> PS: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let q = ${LINEAR};
  let b = q % P.nb;
  let t = q / P.nb;
  if (t >= P.trials) { return; }
  let end = min((b + 1u) * ${BLOCK}u, P.cnt);
  var acc = KM_ZERO;
  for (var i = b * ${BLOCK}u; i < end; i = i + 1u) {
    let di = D[i];
    let m = DD[i * P.trials + t];
    if (m.x != di.x || m.y != di.y) { acc = f64_add(acc, f64_sub(di, m)); }
  }
  PS[P.pOff + b * P.trials + t] = acc;
}`;
  return { label: 'kmeans/gain', code };
}

/** Per window, one thread per point: D[i] = DD[i * trials + best]. */
export function adoptShader(): Spec {
  const code = /* wgsl */ `
// kmeans/adopt. Bindings: 1 DD (window), 2 BEST (one word), 3 D (window).
struct Params { n: u32, trials: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> DD: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> BEST: array<u32>;
@group(0) @binding(3) var<storage, read_write> D: array<vec2<u32>>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  D[i] = DD[i * P.trials + BEST[0]];
}`;
  return { label: 'kmeans/adopt', code };
}

/**
 * One thread: candidate t's potential is QP[nb - 1] - gain_t; the least (first on ties)
 * becomes center row `row`, and its index goes to BEST.
 */
export function selectShader(): Spec {
  const code = /* wgsl */ `
// kmeans/select. Bindings: 1 QP (block prefixes), 2 GAIN (trials), 3 G (candidates),
// 4 C (centers), 5 BEST (one word).
struct Params { d: u32, trials: u32, row: u32, nb: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> QP: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> GAIN: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> G: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> C: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read_write> BEST: array<u32>;
${KM_PRELUDE}
${ENTRY} {
  if (${LINEAR} != 0u) { return; }
  let pot = QP[P.nb - 1u];
  var best = 0u;
  var bp = f64_sub(pot, GAIN[0]);
  for (var t = 1u; t < P.trials; t = t + 1u) {
    let p = f64_sub(pot, GAIN[t]);
    if (km_lt(p, bp)) { best = t; bp = p; }
  }
  for (var j = 0u; j < P.d; j = j + 1u) { C[P.row * P.d + j] = G[best * P.d + j]; }
  BEST[0] = best;
}`;
  return { label: 'kmeans/select', code };
}
