/**
 * WGSL of 'linalg/svd-small': one-sided Jacobi (Hestenes) in exact binary64 (soft-f64 on
 * raw bits), one workgroup, with the operations of the CPU twin (./svd-cpu.ts, whose header
 * states them) in the same order.
 *
 * Bindings: 1 A (m × d row-major input), 2 W (d × m work, column-major), 3 V (d × d work,
 * column-major), 4 S (d: singular values out), 5 VT (d × d out), 6 U (m × d out).
 * Thread t rotates pair t of each round (rounds hold disjoint pairs, so the order inside a
 * round does not matter); a storage barrier ends each round. A sweep with no rotation ends
 * the loop (read back with workgroupUniformLoad, so the loop stays uniform). Then thread j
 * forms column j's singular value, its rank in the descending order, and writes its slot of
 * S, VT and U with the svd_flip sign. W (at least d long) holds S in rank order at the end.
 */
import { WG } from '../runner.js';
import { LINALG_F64_WGSL } from './cholesky-wgsl.js';

export function svdJacobiShader() {
  const code = /* wgsl */ `
struct Params { m: u32, d: u32, dp: u32, sign: u32, maxSweeps: u32, tolLo: u32, tolHi: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> W: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> V: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> S: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read_write> VT: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read_write> U: array<vec2<u32>>;
${LINALG_F64_WGSL}
// JS a > b for non-negative (or NaN) a, b: false when either is NaN.
fn gt_nonneg(a: vec2<u32>, b: vec2<u32>) -> bool { return !sf64_is_nan(a) && !sf64_is_nan(b) && sf64_lt64(b, a); }
// -a, with NaN left as it is (the twin's NaNs are canonical after its flips).
fn neg_keep_nan(a: vec2<u32>) -> vec2<u32> { return select(f64_neg(a), a, sf64_is_nan(a)); }
fn eq_bits(a: vec2<u32>, b: vec2<u32>) -> bool { return a.x == b.x && a.y == b.y; }
// sigma a (index ia) comes before sigma b (index ib): larger first, NaN first, ties by index.
fn before(a: vec2<u32>, ia: u32, b: vec2<u32>, ib: u32) -> bool {
  if (sf64_is_nan(a)) { return !sf64_is_nan(b) || ia < ib; }
  if (sf64_is_nan(b)) { return false; }
  return sf64_lt64(b, a) || (eq_bits(a, b) && ia < ib);
}
// The slot of column j's singular value in the descending order of the unordered S.
fn rank_of(j: u32) -> u32 {
  let sj = S[j];
  var rank = 0u;
  for (var k = 0u; k < P.d; k = k + 1u) { if (k != j && before(S[k], k, sj, j)) { rank = rank + 1u; } }
  return rank;
}
var<workgroup> rotated: atomic<u32>;
var<workgroup> any_rot: u32;

fn rotate_pair(p: u32, q: u32) {
  let m = P.m;
  let d = P.d;
  let wp = p * m;
  let wq = q * m;
  var al = LA_ZERO;
  var be = LA_ZERO;
  var ga = LA_ZERO;
  for (var i = 0u; i < m; i = i + 1u) {
    let xp = W[wp + i];
    let xq = W[wq + i];
    al = f64_add(al, f64_mul(xp, xp));
    be = f64_add(be, f64_mul(xq, xq));
    ga = f64_add(ga, f64_mul(xp, xq));
  }
  let tol = vec2<u32>(P.tolLo, P.tolHi);
  if (!gt_nonneg(la_abs(ga), f64_mul(f64_mul(tol, f64_sqrt(al)), f64_sqrt(be)))) { return; }
  atomicAdd(&rotated, 1u);
  let ze = f64_div(f64_sub(be, al), f64_add(ga, ga));
  let t0 = f64_div(LA_ONE, f64_add(la_abs(ze), f64_sqrt(f64_add(LA_ONE, f64_mul(ze, ze)))));
  let t = select(t0, f64_neg(t0), la_neg(ze));
  let c = f64_div(LA_ONE, f64_sqrt(f64_add(LA_ONE, f64_mul(t, t))));
  let s = f64_mul(c, t);
  for (var i = 0u; i < m; i = i + 1u) {
    let xp = W[wp + i];
    let xq = W[wq + i];
    W[wp + i] = f64_sub(f64_mul(c, xp), f64_mul(s, xq));
    W[wq + i] = f64_add(f64_mul(s, xp), f64_mul(c, xq));
  }
  for (var i = 0u; i < d; i = i + 1u) {
    let xp = V[p * d + i];
    let xq = V[q * d + i];
    V[p * d + i] = f64_sub(f64_mul(c, xp), f64_mul(s, xq));
    V[q * d + i] = f64_add(f64_mul(s, xp), f64_mul(c, xq));
  }
}

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32) {
  let m = P.m;
  let d = P.d;
  let dp = P.dp;
  for (var e = lid; e < m * d; e = e + ${WG}u) {
    let i = e / d;
    let j = e % d;
    W[j * m + i] = A[e];
  }
  for (var e = lid; e < d * d; e = e + ${WG}u) { V[e] = select(LA_ZERO, LA_ONE, e / d == e % d); }
  storageBarrier();
  workgroupBarrier();
  if (d > 1u) {
    for (var sweep = 0u; sweep < P.maxSweeps; sweep = sweep + 1u) {
      if (lid == 0u) { atomicStore(&rotated, 0u); }
      workgroupBarrier();
      for (var r = 0u; r < dp - 1u; r = r + 1u) {
        for (var t = lid; t < dp / 2u; t = t + ${WG}u) {
          var x = (r + t) % (dp - 1u);
          var y = (r + dp - 1u - t) % (dp - 1u);
          if (t == 0u) { x = dp - 1u; y = r; }
          let p = min(x, y);
          let q = max(x, y);
          if (q < d) { rotate_pair(p, q); }
        }
        storageBarrier();
        workgroupBarrier();
      }
      if (lid == 0u) { any_rot = atomicLoad(&rotated); }
      if (workgroupUniformLoad(&any_rot) == 0u) { break; }
    }
  }
  // Singular values into S (unordered), then each column to its ranked slot.
  for (var j = lid; j < d; j = j + ${WG}u) {
    var acc = LA_ZERO;
    for (var i = 0u; i < m; i = i + 1u) { acc = f64_add(acc, f64_mul(W[j * m + i], W[j * m + i])); }
    S[j] = f64_sqrt(acc);
  }
  storageBarrier();
  workgroupBarrier();
  for (var j = lid; j < d; j = j + ${WG}u) {
    let sj = S[j];
    let rank = rank_of(j);
    for (var i = 0u; i < d; i = i + 1u) { VT[rank * d + i] = V[j * d + i]; }
    let zero_s = ((sj.x | sj.y) == 0u) || rank >= m;
    for (var i = 0u; i < m; i = i + 1u) {
      var uv = LA_ZERO;
      if (!zero_s) { uv = f64_div(W[j * m + i], sj); }
      U[i * d + rank] = uv;
    }
    var best = vec2<u32>(0u, 0xbff00000u);
    var have = false;
    var at = 0u;
    let len = select(d, m, P.sign == 0u);
    for (var i = 0u; i < len; i = i + 1u) {
      var x = VT[rank * d + i];
      if (P.sign == 0u) { x = U[i * d + rank]; }
      x = la_abs(x);
      if (!sf64_is_nan(x) && (!have || sf64_lt64(best, x))) {
        best = x;
        at = i;
        have = true;
      }
    }
    var lead = LA_ZERO;
    if (P.sign == 0u) {
      if (m > 0u) { lead = U[at * d + rank]; }
    } else {
      lead = VT[rank * d + at];
    }
    if (la_neg(lead)) {
      for (var i = 0u; i < d; i = i + 1u) { VT[rank * d + i] = neg_keep_nan(VT[rank * d + i]); }
      for (var i = 0u; i < m; i = i + 1u) { U[i * d + rank] = neg_keep_nan(U[i * d + rank]); }
    }
  }
  storageBarrier();
  workgroupBarrier();
  // S in rank order: thread j moves its value after every thread has read the unordered S.
  for (var j = lid; j < d; j = j + ${WG}u) {
    let rank = rank_of(j);
    W[rank] = select(S[j], LA_ZERO, rank >= m);
  }
  storageBarrier();
  workgroupBarrier();
  for (var j = lid; j < d; j = j + ${WG}u) { S[j] = W[j]; }
}`;
  return { label: 'linalg/svd-small', code };
}
