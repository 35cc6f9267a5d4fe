/**
 * WGSL of the DBSCAN passes. One thread per point; the neighbour loop is generated per space
 * mode from fixed fragments. Distances are exact binary64 (soft-f64 on raw bits), in the
 * CPU twin's order, and compared with the threshold's bits, so neighbour sets are identical.
 *
 * Bindings: 0 uniform P; 1 X (float64 bits); 2 K (sorted cell keys); 3 Q (points in key
 * order); 4 G (cell of each point); 5 C (neighbour counts); 6 M (components, atomic u32,
 * 0xffffffff = not core); 7 A (per-pass: flags, ranks); 8 O (per-pass output).
 */
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { WG, type ShaderSpec } from '../runner.js';

export type Mode = 'grid' | 'brute' | 'precomputed';
export type Pass = 'count' | 'init' | 'prop' | 'jump' | 'roots' | 'labels';

const HEADER = /* wgsl */ `
struct Params { n: u32, d: u32, nx: u32, ny: u32, thr: vec2<u32>, min_s: u32, nkeys: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> K: array<u32>;
@group(0) @binding(3) var<storage, read> Q: array<u32>;
@group(0) @binding(4) var<storage, read> G: array<u32>;
@group(0) @binding(5) var<storage, read_write> C: array<u32>;
@group(0) @binding(6) var<storage, read_write> M: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read_write> A: array<atomic<u32>>;
@group(0) @binding(8) var<storage, read_write> O: array<u32>;
const NONE = 0xffffffffu;
// a <= b for float64 bits of non-negative, non-NaN values (-0 counts as +0).
fn le_nonneg(a: vec2<u32>, b: vec2<u32>) -> bool {
  var x = a; if ((x.y & 0x7fffffffu) == 0u && x.x == 0u) { x = vec2<u32>(0u, 0u); }
  return x.y < b.y || (x.y == b.y && x.x <= b.x);
}
fn lower_bound(v: u32) -> u32 {
  var lo = 0u; var hi = P.nkeys;
  loop { if (lo >= hi) { break; } let mid = (lo + hi) >> 1u; if (K[mid] < v) { lo = mid + 1u; } else { hi = mid; } }
  return lo;
}
`;

const NEAR: Record<Mode, string> = {
  grid: /* wgsl */ `
fn near(i: u32, j: u32) -> bool {
  let dx = f64_sub(X[2u * i], X[2u * j]);
  let dy = f64_sub(X[2u * i + 1u], X[2u * j + 1u]);
  return le_nonneg(f64_add(f64_mul(dx, dx), f64_mul(dy, dy)), P.thr);
}`,
  brute: /* wgsl */ `
fn near(i: u32, j: u32) -> bool {
  var acc = vec2<u32>(0u, 0u);
  for (var k = 0u; k < P.d; k++) {
    let t = f64_sub(X[i * P.d + k], X[j * P.d + k]);
    acc = f64_add(acc, f64_mul(t, t));
  }
  return le_nonneg(acc, P.thr);
}`,
  precomputed: /* wgsl */ `
fn near(i: u32, j: u32) -> bool { return le_nonneg(X[i * P.n + j], P.thr); }`,
};

/** The neighbour loop of point i around `body` (which sees j). */
function loopOver(mode: Mode, body: string): string {
  if (mode !== 'grid') return `for (var j = 0u; j < P.n; j++) { if (near(i, j)) { ${body} } }`;
  return /* wgsl */ `
  let c = G[i]; let cx = c % P.nx; let cy = c / P.nx;
  for (var r = max(cy, 1u) - 1u; r <= min(cy + 1u, P.ny - 1u); r++) {
    let k1 = lower_bound(r * P.nx + min(cx + 1u, P.nx - 1u) + 1u);
    for (var k = lower_bound(r * P.nx + max(cx, 1u) - 1u); k < k1; k++) {
      let j = Q[k];
      if (near(i, j)) { ${body} }
    }
  }`;
}

const BODY: Record<Pass, (mode: Mode) => string> = {
  // Neighbour count; for a precomputed matrix, A[0] = 1 when D[i, j] <= eps but not D[j, i].
  count: (mode) => `var cnt = 0u;
  ${loopOver(mode, `cnt++;${mode === 'precomputed' ? ' if (!near(j, i)) { atomicStore(&A[0], 1u); }' : ''}`)}
  C[i] = cnt;`,
  init: () => `atomicStore(&M[i], select(NONE, i, C[i] >= P.min_s));`,
  // Hook: the smallest component id among core neighbours, written to i and to i's old id.
  prop: (mode) => `let own = atomicLoad(&M[i]);
  if (own == NONE) { return; }
  var m = own;
  ${loopOver(mode, `let q = atomicLoad(&M[j]); if (q != NONE) { m = min(m, q); }`)}
  if (m < own) { atomicMin(&M[i], m); atomicMin(&M[own], m); atomicStore(&A[0], 1u); }`,
  jump: () => `let own = atomicLoad(&M[i]);
  if (own == NONE) { return; }
  let up = atomicLoad(&M[own]);
  if (up < own) { atomicMin(&M[i], up); }`,
  roots: () => `O[i] = select(0u, 1u, atomicLoad(&M[i]) == i);`,
  // Labels: core points take their component's rank (A holds the exclusive scan of roots);
  // others the smallest rank among core neighbours, or NONE (-1).
  labels: (mode) => `let own = atomicLoad(&M[i]);
  if (own != NONE) { O[i] = atomicLoad(&A[own]); return; }
  var best = NONE;
  ${loopOver(mode, `let q = atomicLoad(&M[j]); if (q != NONE) { best = min(best, atomicLoad(&A[q])); }`)}
  O[i] = best;`,
};

const cache = new Map<string, ShaderSpec>();

export function dbscanShader(mode: Mode, pass: Pass): ShaderSpec {
  const label = `dbscan/${pass}-${mode}`;
  let s = cache.get(label);
  if (!s) {
    const code = `// ${label}
${HEADER}
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
${NEAR[mode]}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = (wid.x + wid.y * nwg.x) * ${WG}u + li;
  // Never true: every binding is referenced, so 'auto' layouts keep all eight.
  if (P.n == 0u && li == 0u && P.nkeys == 0xffffffffu) { O[0] = K[0] + Q[0] + G[0] + C[0] + atomicLoad(&M[0]) + atomicLoad(&A[0]) + X[0].x; }
  if (i >= P.n) { return; }
  ${BODY[pass](mode)}
}`;
    s = { label, code };
    cache.set(label, s);
  }
  return s;
}

/** Cell keys: floor((y - oy) / s) * nx + floor((x - ox) / s), exactly (soft-f64). */
export const CELLS_SHADER: ShaderSpec = {
  label: 'dbscan/cells',
  code: /* wgsl */ `
struct Params { n: u32, nx: u32, p0: u32, p1: u32, ox: vec2<u32>, oy: vec2<u32>, s: vec2<u32>, p2: vec2<u32> }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
// floor of a non-negative float64 below 2^32, as u32.
fn floor_u32(v: vec2<u32>) -> u32 {
  let e = i32((v.y >> 20u) & 0x7ffu) - 1075;
  if (e < -52) { return 0u; }
  let hi = (v.y & 0xfffffu) | 0x100000u;
  if (e >= 0) { return v.x << u32(e); }
  let sh = u32(-e);
  if (sh >= 32u) { return hi >> (sh - 32u); }
  return (v.x >> sh) | (hi << (32u - sh));
}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = (wid.x + wid.y * nwg.x) * ${WG}u + li;
  if (i >= P.n) { return; }
  let cx = floor_u32(f64_div(f64_sub(X[2u * i], P.ox), P.s));
  let cy = floor_u32(f64_div(f64_sub(X[2u * i + 1u], P.oy), P.s));
  O[i] = cy * P.nx + cx;
}`,
};
