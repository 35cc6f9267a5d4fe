/**
 * WGSL of 'linalg/qr' (tall-skinny Householder QR over the fixed tree of ./qr-layout.ts),
 * in exact binary64 (soft-f64 on raw bits), with the operations of the CPU twin
 * (./qr-cpu.ts, whose header states them) in the same order.
 *
 * - `qrFactorShader`: one workgroup per block. Thread j owns column j (d <= 256): step k's
 *   scalars (s, norm, beta, u_k, g_k) come from thread 0, then every thread j > k forms its
 *   dot product and updates its column, rows in order; storage barriers separate the steps.
 *   Writes the block's d × d triangle (zeros below and past the block's height), u_k and g_k.
 * - `qrSignShader`: the sign rule on the final triangle (rows with R[k][k] < 0 negated) and
 *   E = diag(signs), the top of the Q expansion.
 * - `qrExpandShader`: one workgroup per block, thread j per column of Q: C = [E rows; 0],
 *   then the block's reflectors applied last first. Threads never share data: no barriers.
 *
 * Every binding is a window that may start below its first element; `off*` uniforms give
 * the element offset of the window's first element inside its binding.
 */
import { WG } from '../runner.js';
import { LINALG_F64_WGSL } from './cholesky-wgsl.js';

const PRELUDE = /* wgsl */ `
${LINALG_F64_WGSL}
fn is_zero_bits(a: vec2<u32>) -> bool { return (a.x | a.y) == 0u; }
// JS a >= 0: not NaN, and the sign bit clear or the value a zero.
fn ge_zero(a: vec2<u32>) -> bool { return !sf64_is_nan(a) && ((a.y & 0x80000000u) == 0u || ((a.y & 0x7fffffffu) | a.x) == 0u); }
// Every NaN as the canonical quiet NaN (a negated NaN or an input payload would differ from the twin's).
fn canon(a: vec2<u32>) -> vec2<u32> { return select(a, SF64_QNAN, sf64_is_nan(a)); }
`;

const PARAMS = /* wgsl */ `
struct Params { rows: u32, d: u32, rowsPer: u32, blocks: u32, offA: u32, offR: u32, offUG: u32, offC: u32 }
@group(0) @binding(0) var<uniform> P: Params;`;

const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32)`;

export function qrFactorShader() {
  const code = /* wgsl */ `
// linalg/qr-factor. Bindings: 1 A (window of the level's matrix, factored in place),
// 2 R (the blocks' triangles), 3 U (u_k per block and step), 4 G (g_k per block and step).
${PARAMS}
@group(0) @binding(1) var<storage, read_write> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> R: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> U: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> G: array<vec2<u32>>;
${PRELUDE}
var<workgroup> sh_u: vec2<u32>;
var<workgroup> sh_g: vec2<u32>;
var<workgroup> sh_skip: u32;
${ENTRY} {
  let b = wid.x + wid.y * nwg.x;
  if (b >= P.blocks) { return; }
  let d = P.d;
  let r0 = b * P.rowsPer;
  let m = min(P.rowsPer, P.rows - r0);
  let steps = min(m, d);
  let j = lid;
  let base = P.offA + r0 * d;
  if (j < d) {
    U[P.offUG + b * d + j] = LA_ZERO;
    G[P.offUG + b * d + j] = LA_ZERO;
  }
  for (var k = 0u; k < steps; k = k + 1u) {
    if (lid == 0u) {
      let kk = base + k * d + k;
      var s = LA_ZERO;
      for (var i = k + 1u; i < m; i = i + 1u) {
        let v = A[kk + (i - k) * d];
        s = f64_add(s, f64_mul(v, v));
      }
      if (is_zero_bits(s)) {
        sh_skip = 1u;
      } else {
        sh_skip = 0u;
        let alpha = A[kk];
        let nrm = f64_sqrt(f64_add(f64_mul(alpha, alpha), s));
        let beta = select(nrm, f64_neg(nrm), ge_zero(alpha));
        let uk = f64_sub(alpha, beta);
        let gk = f64_mul(nrm, f64_add(nrm, la_abs(alpha)));
        U[P.offUG + b * d + k] = uk;
        G[P.offUG + b * d + k] = gk;
        A[kk] = beta;
        sh_u = uk;
        sh_g = gk;
      }
    }
    workgroupBarrier();
    if (sh_skip == 0u && j > k && j < d) {
      let uk = sh_u;
      let gk = sh_g;
      let rk = base + k * d;
      var t = f64_mul(uk, A[rk + j]);
      for (var i = k + 1u; i < m; i = i + 1u) {
        let row = base + i * d;
        t = f64_add(t, f64_mul(A[row + k], A[row + j]));
      }
      let f = f64_div(t, gk);
      A[rk + j] = f64_sub(A[rk + j], f64_mul(f, uk));
      for (var i = k + 1u; i < m; i = i + 1u) {
        let row = base + i * d;
        A[row + j] = f64_sub(A[row + j], f64_mul(f, A[row + k]));
      }
    }
    storageBarrier();
    workgroupBarrier();
  }
  if (j < d) {
    let o = P.offR + b * d * d;
    for (var r = 0u; r < d; r = r + 1u) {
      var v = LA_ZERO;
      if (r < steps && r <= j) { v = canon(A[base + r * d + j]); }
      R[o + r * d + j] = v;
    }
  }
}`;
  return { label: 'linalg/qr-factor', code };
}

export function qrSignShader() {
  const code = /* wgsl */ `
// linalg/qr-sign: one thread per row k of the final triangle. Bindings: 1 R (d × d, in
// place), 2 E (d × d: diag(signs), the top of the Q expansion).
${PARAMS}
@group(0) @binding(1) var<storage, read_write> R: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> E: array<vec2<u32>>;
${PRELUDE}
${ENTRY} {
  let k = lid;
  let d = P.d;
  if (k >= d) { return; }
  let dk = R[k * d + k];
  let neg = !ge_zero(dk) && !sf64_is_nan(dk);
  if (neg) {
    for (var c = k; c < d; c = c + 1u) { R[k * d + c] = canon(f64_neg(R[k * d + c])); }
  }
  for (var c = 0u; c < d; c = c + 1u) {
    var v = LA_ZERO;
    if (c == k) { v = select(vec2<u32>(0u, 0x3ff00000u), vec2<u32>(0u, 0xbff00000u), neg); }
    E[k * d + c] = v;
  }
}`;
  return { label: 'linalg/qr-sign', code };
}

export function qrExpandShader() {
  const code = /* wgsl */ `
// linalg/qr-expand. Bindings: 1 A (window of the level's factored matrix), 2 E (window of
// the level above's Q rows: d × d per block), 3 U, 4 G (the level's reflector scalars),
// 5 C (window of this level's Q rows).
${PARAMS}
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> E: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> U: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> G: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read_write> C: array<vec2<u32>>;
${PRELUDE}
${ENTRY} {
  let b = wid.x + wid.y * nwg.x;
  let j = lid;
  let d = P.d;
  if (b >= P.blocks || j >= d) { return; }
  let r0 = b * P.rowsPer;
  let m = min(P.rowsPer, P.rows - r0);
  let steps = min(m, d);
  let base = P.offA + r0 * d;
  let cb = P.offC + r0 * d;
  for (var i = 0u; i < m; i = i + 1u) {
    var v = LA_ZERO;
    if (i < steps) { v = E[P.offR + (b * d + i) * d + j]; }
    C[cb + i * d + j] = v;
  }
  for (var kp = steps; kp > 0u; kp = kp - 1u) {
    let k = kp - 1u;
    let gk = G[P.offUG + b * d + k];
    if (is_zero_bits(gk)) { continue; }
    let uk = U[P.offUG + b * d + k];
    var t = f64_mul(uk, C[cb + k * d + j]);
    for (var i = k + 1u; i < m; i = i + 1u) {
      t = f64_add(t, f64_mul(A[base + i * d + k], C[cb + i * d + j]));
    }
    let f = f64_div(t, gk);
    C[cb + k * d + j] = f64_sub(C[cb + k * d + j], f64_mul(f, uk));
    for (var i = k + 1u; i < m; i = i + 1u) {
      C[cb + i * d + j] = f64_sub(C[cb + i * d + j], f64_mul(f, A[base + i * d + k]));
    }
  }
}`;
  return { label: 'linalg/qr-expand', code };
}
