/**
 * WGSL bodies of 'linalg/cholesky' and 'linalg/cholesky-solve', in exact IEEE binary64
 * (soft-f64 add, sub, mul, div and sqrt on raw bits), performing the operations of the CPU
 * twins (./cholesky-cpu.ts) in the same order, so results agree bit for bit.
 */
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import { WG } from '../runner.js';

/** Soft binary64 (+ - * / sqrt) and the small predicates the linalg kernels share. */
export const LINALG_F64_WGSL = /* wgsl */ `
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
${SOFT_F64_SQRT_WGSL}
const LA_ZERO = vec2<u32>(0u, 0u);
const LA_ONE = vec2<u32>(0u, 0x3ff00000u);
fn la_abs(a: vec2<u32>) -> vec2<u32> { return vec2<u32>(a.x, a.y & 0x7fffffffu); }
fn la_finite(a: vec2<u32>) -> bool { return (a.y & 0x7ff00000u) != 0x7ff00000u; }
// a > b for non-negative, non-NaN a and b: their bits order as their values.
fn la_gt(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y > b.y || (a.y == b.y && a.x > b.x); }
// a < 0 (false for -0 and NaN), as JS a < 0.
fn la_neg(a: vec2<u32>) -> bool { return (a.y & 0x80000000u) != 0u && ((a.y & 0x7fffffffu) | a.x) != 0u && !sf64_is_nan(a); }
`;

/**
 * linalg/cholesky, one workgroup. Bindings: 1 A (d x d, lower triangle read), 2 L (d x d
 * out), 3 S (one u32: 0 or 1 + the failed pivot). Column j: the threads take rows
 * i = j .. d-1 and compute t_i = A[i][j] - sum_k L[i][k] L[j][k] in k order into L[i][j];
 * the pivot's thread checks t_j (positive and finite) and takes its square root; after a
 * barrier, rows below divide by the pivot. A failed pivot stops the loop and the columns
 * from it on (on and below the diagonal) become NaN. The strict upper triangle is +0.
 */
export function choleskyShader() {
  const code = /* wgsl */ `
struct Params { d: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> L: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> S: array<u32>;
var<workgroup> fail: u32;
${LINALG_F64_WGSL}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32) {
  let d = P.d;
  for (var e = lid; e < d * d; e = e + ${WG}u) {
    if (e % d > e / d) { L[e] = LA_ZERO; }
  }
  if (lid == 0u) { fail = 0u; }
  var j = 0u;
  loop {
    if (j >= d) { break; }
    for (var i = j + lid; i < d; i = i + ${WG}u) {
      var t = A[i * d + j];
      for (var k = 0u; k < j; k = k + 1u) { t = f64_sub(t, f64_mul(L[i * d + k], L[j * d + k])); }
      if (i == j) {
        if (la_finite(t) && !sf64_is_nan(t) && (t.y & 0x80000000u) == 0u && !sf64_is_zero(t)) {
          t = f64_sqrt(t);
        } else {
          fail = j + 1u;
        }
      }
      L[i * d + j] = t;
    }
    storageBarrier();
    if (workgroupUniformLoad(&fail) != 0u) { break; }
    let piv = L[j * d + j];
    for (var i = j + 1u + lid; i < d; i = i + ${WG}u) { L[i * d + j] = f64_div(L[i * d + j], piv); }
    storageBarrier();
    workgroupBarrier();
    j = j + 1u;
  }
  let f = workgroupUniformLoad(&fail);
  if (f != 0u) {
    for (var e = lid; e < d * d; e = e + ${WG}u) {
      if (e % d >= f - 1u && e % d <= e / d) { L[e] = SF64_QNAN; }
    }
  }
  if (lid == 0u) { S[0] = f; }
}`;
  return { label: 'linalg/cholesky', code };
}

/**
 * linalg/cholesky-solve: one thread per right-hand side c. Bindings: 1 L (d x d), 2 B (d x k),
 * 3 X (d x k out). Forward substitution L y = B[:, c] into X, then back substitution
 * Lᵀ x = y in place, each sum in increasing index order, as the CPU twin.
 */
export function choleskySolveShader() {
  const code = /* wgsl */ `
struct Params { d: u32, k: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> L: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> B: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> X: array<vec2<u32>>;
${LINALG_F64_WGSL}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = gid.x + gid.y * nwg.x * ${WG}u;
  let d = P.d;
  let k = P.k;
  if (c >= k) { return; }
  for (var i = 0u; i < d; i = i + 1u) {
    var t = B[i * k + c];
    for (var m = 0u; m < i; m = m + 1u) { t = f64_sub(t, f64_mul(L[i * d + m], X[m * k + c])); }
    X[i * k + c] = f64_div(t, L[i * d + i]);
  }
  for (var r = 0u; r < d; r = r + 1u) {
    let i = d - 1u - r;
    var t = X[i * k + c];
    for (var m = i + 1u; m < d; m = m + 1u) { t = f64_sub(t, f64_mul(L[m * d + i], X[m * k + c])); }
    X[i * k + c] = f64_div(t, L[i * d + i]);
  }
}`;
  return { label: 'linalg/cholesky-solve', code };
}
