/**
 * WGSL bodies of 'linalg/eigh': round-robin Jacobi in exact binary64 (soft-f64), performing
 * the operations of the CPU twin (./eigh-cpu.ts, whose header states the algorithm) in the same
 * order, so every bit agrees. Each pass runs in one workgroup:
 * - init: W = A with the lower triangle mirrored, Vᵀ = I, C = [state, sweeps] (state 2 when
 *   the lower triangle holds NaN or ±Inf);
 * - sweep (SWEEP_WG threads, recorded EIGH_MAX_SWEEPS times; a pass returns at once once C says converged,
 *   non-finite or out of sweeps): for each round, the pair threads compute (c, s) and update
 *   their diagonal blocks, then after a barrier the threads take the off-diagonal blocks and
 *   the rows of Vᵀ (disjoint entries, so in place);
 * - finish: eigenvalues descending by rank (total order, ties by index), each eigenvector a row
 *   with its largest |component| made positive; the info words.
 * Bindings: W, V (d x d float64 each, V holds Vᵀ), C (u32 [state, sweeps]); finish adds the
 * values (d), vectors (d x d) and info (2 u32) outputs.
 */
import { WG } from '../runner.js';
import { LINALG_F64_WGSL } from './cholesky-wgsl.js';

/**
 * Threads of the sweep pass. Fewer than WG: its many barriers dominate on software adapters, and
 * one workgroup of a d <= 512 problem is a small part of any GPU either way.
 */
export const SWEEP_WG = 64;

const PARAMS = /* wgsl */ `struct Params { d: u32, maxSweeps: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;`;

export function eighInitShader() {
  const code = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> W: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> V: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> C: array<u32>;
var<workgroup> bad: atomic<u32>;
${LINALG_F64_WGSL}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32) {
  let d = P.d;
  if (lid == 0u) { atomicStore(&bad, 0u); }
  workgroupBarrier();
  for (var e = lid; e < d * d; e = e + ${WG}u) {
    let i = e / d;
    let j = e % d;
    let x = A[max(i, j) * d + min(i, j)];
    if (!la_finite(x)) { atomicOr(&bad, 1u); }
    W[e] = x;
    V[e] = select(LA_ZERO, LA_ONE, i == j);
  }
  workgroupBarrier();
  if (lid == 0u) {
    C[0] = select(0u, 2u, atomicLoad(&bad) != 0u);
    C[1] = 0u;
  }
}`;
  return { label: 'linalg/eigh-init', code };
}

export function eighSweepShader() {
  const code = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read_write> W: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> V: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> C: array<u32>;
var<workgroup> wp: array<u32, ${WG}>;
var<workgroup> wq: array<u32, ${WG}>;
var<workgroup> wrot: array<u32, ${WG}>;
var<workgroup> wc: array<vec2<u32>, ${WG}>;
var<workgroup> ws: array<vec2<u32>, ${WG}>;
var<workgroup> wrun: u32;
var<workgroup> rotated: atomic<u32>;
${LINALG_F64_WGSL}
const EPS = vec2<u32>(0u, 0x3cb00000u);
const TWO = vec2<u32>(0u, 0x40000000u);
const HALF = vec2<u32>(0u, 0x3fe00000u);

fn pair_params(r: u32, k: u32, m: u32, d: u32) {
  let a = select((r + k) % (m - 1u), r, k == 0u);
  let b = select((r + m - 1u - k) % (m - 1u), m - 1u, k == 0u);
  let p = min(a, b);
  let q = max(a, b);
  wp[k] = p;
  wq[k] = q;
  wrot[k] = 0u;
  if (q >= d) { return; }
  let apq = W[p * d + q];
  let app = W[p * d + p];
  let aqq = W[q * d + q];
  let x = la_abs(apq);
  let thr = f64_mul(f64_mul(EPS, f64_sqrt(la_abs(app))), f64_sqrt(la_abs(aqq)));
  if (sf64_is_nan(x) || sf64_is_nan(thr) || (x.y >> 20u) == 0u || !la_gt(x, thr)) {
    W[p * d + q] = LA_ZERO;
    W[q * d + p] = LA_ZERO;
    return;
  }
  let theta = f64_div(f64_sub(aqq, app), f64_mul(TWO, apq));
  var t: vec2<u32>;
  if (((theta.y >> 20u) & 0x7ffu) >= 1524u && !sf64_is_nan(theta)) {
    t = f64_div(HALF, theta);
  } else {
    t = f64_div(LA_ONE, f64_add(la_abs(theta), f64_sqrt(f64_add(f64_mul(theta, theta), LA_ONE))));
    if (la_neg(theta)) { t = f64_neg(t); }
  }
  let c = f64_div(LA_ONE, f64_sqrt(f64_add(f64_mul(t, t), LA_ONE)));
  wc[k] = c;
  ws[k] = f64_mul(t, c);
  wrot[k] = 1u;
  atomicOr(&rotated, 1u);
  let ta = f64_mul(t, apq);
  W[p * d + p] = f64_sub(app, ta);
  W[q * d + q] = f64_add(aqq, ta);
  W[p * d + q] = LA_ZERO;
  W[q * d + p] = LA_ZERO;
}

// c x - s y and s x + c y, each product rounded, then the sum (no fused operations).
fn rot_lo(c: vec2<u32>, s: vec2<u32>, x: vec2<u32>, y: vec2<u32>) -> vec2<u32> { return f64_sub(f64_mul(c, x), f64_mul(s, y)); }
fn rot_hi(c: vec2<u32>, s: vec2<u32>, x: vec2<u32>, y: vec2<u32>) -> vec2<u32> { return f64_add(f64_mul(s, x), f64_mul(c, y)); }

fn block(pa: u32, qa: u32, d: u32) {
  let p1 = wp[pa];
  let q1 = wq[pa];
  let p2 = wp[qa];
  let q2 = wq[qa];
  let r1 = wrot[pa] != 0u;
  let r2 = wrot[qa] != 0u;
  let hq1 = q1 < d;
  let hq2 = q2 < d;
  var x11 = W[p1 * d + p2];
  var x12 = LA_ZERO;
  var x21 = LA_ZERO;
  var x22 = LA_ZERO;
  if (hq2) { x12 = W[p1 * d + q2]; }
  if (hq1) { x21 = W[q1 * d + p2]; }
  if (hq1 && hq2) { x22 = W[q1 * d + q2]; }
  if (r2) {
    let c2 = wc[qa];
    let s2 = ws[qa];
    let a = rot_lo(c2, s2, x11, x12);
    x12 = rot_hi(c2, s2, x11, x12);
    x11 = a;
    if (hq1) {
      let b = rot_lo(c2, s2, x21, x22);
      x22 = rot_hi(c2, s2, x21, x22);
      x21 = b;
    }
  }
  if (r1) {
    let c1 = wc[pa];
    let s1 = ws[pa];
    let a = rot_lo(c1, s1, x11, x21);
    x21 = rot_hi(c1, s1, x11, x21);
    x11 = a;
    if (hq2) {
      let b = rot_lo(c1, s1, x12, x22);
      x22 = rot_hi(c1, s1, x12, x22);
      x12 = b;
    }
  }
  W[p1 * d + p2] = x11;
  W[p2 * d + p1] = x11;
  if (hq2) { W[p1 * d + q2] = x12; W[q2 * d + p1] = x12; }
  if (hq1) { W[q1 * d + p2] = x21; W[p2 * d + q1] = x21; }
  if (hq1 && hq2) { W[q1 * d + q2] = x22; W[q2 * d + q1] = x22; }
}

@compute @workgroup_size(${SWEEP_WG})
fn main(@builtin(local_invocation_index) lid: u32) {
  let d = P.d;
  if (lid == 0u) {
    wrun = select(0u, 1u, C[0] == 0u && C[1] < P.maxSweeps);
    atomicStore(&rotated, 0u);
  }
  if (workgroupUniformLoad(&wrun) == 0u) { return; }
  let m = d + (d & 1u);
  let np = m / 2u;
  for (var r = 0u; r + 1u < m; r = r + 1u) {
    for (var k = lid; k < np; k = k + ${SWEEP_WG}u) { pair_params(r, k, m, d); }
    storageBarrier();
    workgroupBarrier();
    for (var e = lid; e < np * np; e = e + ${SWEEP_WG}u) {
      let pa = e / np;
      let qa = e % np;
      if (qa > pa && (wrot[pa] | wrot[qa]) != 0u) { block(pa, qa, d); }
    }
    for (var e = lid; e < np * d; e = e + ${SWEEP_WG}u) {
      let k = e / d;
      let i = e % d;
      if (wrot[k] != 0u) {
        let pb = wp[k] * d + i;
        let qb = wq[k] * d + i;
        let vp = V[pb];
        let vq = V[qb];
        V[pb] = rot_lo(wc[k], ws[k], vp, vq);
        V[qb] = rot_hi(wc[k], ws[k], vp, vq);
      }
    }
    storageBarrier();
    workgroupBarrier();
  }
  if (lid == 0u) {
    C[1] = C[1] + 1u;
    if (atomicLoad(&rotated) == 0u) { C[0] = 1u; }
  }
}`;
  return { label: 'linalg/eigh-sweep', code };
}

export function eighFinishShader() {
  const code = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> W: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> V: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> C: array<u32>;
@group(0) @binding(4) var<storage, read_write> VALS: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read_write> VECS: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read_write> INFO: array<u32>;
${LINALG_F64_WGSL}
// Total-order key (x = low word): unsigned (y, x) order is numeric order, +0 above -0.
fn la_key(a: vec2<u32>) -> vec2<u32> {
  if ((a.y & 0x80000000u) != 0u) { return vec2<u32>(~a.x, ~a.y); }
  return vec2<u32>(a.x, a.y ^ 0x80000000u);
}
fn canon(a: vec2<u32>) -> vec2<u32> { return select(a, SF64_QNAN, sf64_is_nan(a)); }

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32) {
  let d = P.d;
  let st = C[0];
  if (lid == 0u) {
    INFO[0] = select(select(1u, 0u, st == 1u), 2u, st == 2u);
    INFO[1] = C[1];
  }
  for (var i = lid; i < d; i = i + ${WG}u) {
    if (st == 2u) {
      VALS[i] = SF64_QNAN;
      for (var r = 0u; r < d; r = r + 1u) { VECS[i * d + r] = SF64_QNAN; }
      continue;
    }
    let ki = la_key(W[i * d + i]);
    var rank = 0u;
    for (var j = 0u; j < d; j = j + 1u) {
      let kj = la_key(W[j * d + j]);
      if (kj.y > ki.y || (kj.y == ki.y && (kj.x > ki.x || (kj.x == ki.x && j < i)))) { rank = rank + 1u; }
    }
    VALS[rank] = canon(W[i * d + i]);
    let ib = i * d;
    var big = 0u;
    for (var r = 1u; r < d; r = r + 1u) {
      let a = V[ib + r];
      let b = V[ib + big];
      if (!sf64_is_nan(a) && !sf64_is_nan(b) && la_gt(la_abs(a), la_abs(b))) { big = r; }
    }
    let flip = la_neg(V[ib + big]);
    for (var r = 0u; r < d; r = r + 1u) {
      let v = V[ib + r];
      VECS[rank * d + r] = canon(select(v, f64_neg(v), flip));
    }
  }
}`;
  return { label: 'linalg/eigh-finish', code };
}
