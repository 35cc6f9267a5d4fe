/**
 * WGSL for point-in-polygon: Turf's arithmetic on raw float64 bits, and the shaders of ./pip.ts.
 *
 * Float64 values are vec2<u32> (x = low word). Comparisons use the order keys of
 * ../wgsl/order.ts on values with -0 folded to +0 (so they compare as IEEE does), and every
 * subtraction and product goes through the soft-float functions of ../f64/, which are
 * correctly rounded: the kernel computes exactly the float64 values Turf computes (see
 * ./turf-orient.ts for the arithmetic it reproduces).
 *
 * Part table PB, 12 u32 words per part: [0..8) keys of xmin, xmax, ymin, ymax (over
 * non-NaN vertices), 8 feature, 9 flags (1 = live, 2 = tame), 10 first ring, 11 end ring.
 *
 * Grid buffer G (u32 words): header [0..16): 0 valid, 1 c0x, 2 c0y (i32 cell of the total
 * box's min corner), 3 k (cells are 2^k wide), 4 nx, 5 ny, 6 number of big parts; then
 * cell starts (ncap + 1 words) at cellOff, the big list (one word per part) at bigOff, and
 * the cell entries (MAX_SPAN words per part) at entOff. Offsets travel in uniforms.
 */
import { ORDER_WGSL } from '../wgsl/order.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { WG } from '../runner.js';
import { MAX_SPAN } from './pip-cpu.js';
import { ORIENT_WGSL } from './orient-program.js';

/** Value helpers: -0 folding, classes, tameness, cells. */
const HELPERS = /* wgsl */ `
const CCW_A = vec2<u32>(0x00000004u, 0x3cb80000u);
const SPLITTER = vec2<u32>(0x02000000u, 0x41a00000u);
const NO_FEATURE = 0xffffffffu;
const CELL_SAT = 1073741824;

fn nz64(a: vec2<u32>) -> vec2<u32> { return select(a, vec2<u32>(0u, 0u), a.x == 0u && a.y == 0x80000000u); }
fn keyn(a: vec2<u32>) -> vec2<u32> { return key_f64(nz64(a)); }
fn key_to_f64(k: vec2<u32>) -> vec2<u32> {
  if ((k.y & 0x80000000u) != 0u) { return vec2<u32>(k.x, k.y & 0x7fffffffu); }
  return ~k;
}
fn f64_finite(a: vec2<u32>) -> bool { return (a.y & 0x7ff00000u) != 0x7ff00000u; }
fn f64_abs(a: vec2<u32>) -> vec2<u32> { return vec2<u32>(a.x, a.y & 0x7fffffffu); }
// 0 or magnitude in [2^-460, 2^500): see ./turf-orient.ts.
fn tame64(a: vec2<u32>) -> bool {
  let e = (a.y >> 20u) & 0x7ffu;
  return ((a.y & 0x7fffffffu) | a.x) == 0u || (e >= 563u && e <= 1522u);
}
// Class of a float64: 0 zero, 1 positive, 2 negative, 3 NaN.
fn f64_class(a: vec2<u32>) -> u32 {
  if (is_nan_f64(a)) { return 3u; }
  if (((a.y & 0x7fffffffu) | a.x) == 0u) { return 0u; }
  return select(1u, 2u, (a.y & 0x80000000u) != 0u);
}
// Class of a - p for a value given by its key ka (-0 folded; NaN is the all-ones key) and a
// finite p given by its key pk: the class of the float64 difference.
fn diff_class(ka: vec2<u32>, pk: vec2<u32>) -> u32 {
  if ((ka.x & ka.y) == 0xffffffffu) { return 3u; }
  if (lt64(ka, pk)) { return 2u; }
  if (lt64(pk, ka)) { return 1u; }
  return 0u;
}
fn le0(c: u32) -> bool { return c == 0u || c == 2u; }
fn ge0(c: u32) -> bool { return c == 0u || c == 1u; }
fn floor_log2(a: vec2<u32>) -> i32 {
  if (((a.y & 0x7fffffffu) | a.x) == 0u) { return -100000; }
  return max(i32((a.y >> 20u) & 0x7ffu), 1) - 1023;
}
// floor(a / 2^k), saturated to [-2^30, 2^30]: exact and monotone in a.
fn cell_coord(a: vec2<u32>, k: i32) -> i32 {
  let neg = (a.y & 0x80000000u) != 0u;
  let e = i32((a.y >> 20u) & 0x7ffu);
  let sat = select(CELL_SAT, -CELL_SAT, neg);
  if (e == 0x7ff) { return sat; }
  var m = vec2<u32>(a.x, a.y & 0xfffffu);
  if (e != 0) { m.y = m.y | 0x100000u; }
  if ((m.x | m.y) == 0u) { return 0; }
  let sh = max(e, 1) - 1075 - k;
  var q = 0u;
  var rem = false;
  if (sh >= 0) {
    if (sh >= 30 || m.y != 0u || (m.x >> u32(30 - sh)) != 0u) { return sat; }
    q = m.x << u32(sh);
  } else {
    let s = u32(-sh);
    var q64 = vec2<u32>(0u, 0u);
    if (s >= 64u) {
      rem = true;
    } else if (s < 32u) {
      q64 = vec2<u32>((m.x >> s) | (m.y << (32u - s)), m.y >> s);
      rem = (m.x << (32u - s)) != 0u;
    } else if (s == 32u) {
      q64 = vec2<u32>(m.y, 0u);
      rem = m.x != 0u;
    } else {
      q64 = vec2<u32>(m.y >> (s - 32u), 0u);
      rem = m.x != 0u || (m.y << (64u - s)) != 0u;
    }
    if (q64.y != 0u || q64.x >= u32(CELL_SAT)) { return sat; }
    q = q64.x;
  }
  if (neg) { return -(i32(q) + select(0, 1, rem)); }
  return i32(q);
}
`;

/**
 * point-in-polygon-hao over rings [r0, r1) of K (vec4 per vertex: keys of x and y, -0 folded)
 * and RO.
 * Returns true for inside or on a boundary (Turf's 0 or true).
 *
 * `tame` (point and part tame): an edge strictly on one side of the point has a known
 * orientation (right: f < 0 when it goes up, left: f > 0), no arithmetic needed. The other
 * straddling edges ("pending", edge v-1 → v) are queued, PENDING at a time; when the queue is
 * full or the part ends, their orientations are computed, then the scan resumes where it
 * stopped. Crossing parity does not depend on order, and any boundary edge makes the answer
 * true whenever it is met, so the result is Turf's. Keeping the soft-float code out of the
 * vertex loop matters on SIMD drivers that run every block of a loop body under a lane mask
 * (SwiftShader): with the call inside, the loop ran six times slower even when the call never
 * ran.
 */
const PART_TEST = /* wgsl */ `
const PENDING = 1u;
fn part_contains(r0: u32, r1: u32, px: vec2<u32>, py: vec2<u32>, pkx: vec2<u32>, pky: vec2<u32>, tame: bool) -> bool {
  var k = 0u;
  var r = r0;
  var v = 0u; // end vertex of the next edge; 0 = ring r not started
  var p1 = vec4<u32>();
  var s1 = 3u;
  var pend: array<u32, PENDING>;
  loop {
    var np = 0u;
    loop {
      if (r >= r1) { break; }
      let b = RO[r + 1u];
      if (v == 0u) {
        let a = RO[r];
        if (b <= a) { r = r + 1u; continue; }
        v = a + 1u;
        p1 = K[a];
        s1 = diff_class(p1.zw, pky);
      }
      if (v >= b) { r = r + 1u; v = 0u; continue; }
      let p2 = K[v];
      let s2 = diff_class(p2.zw, pky);
      if (s1 == 0u && s2 == 0u) {
        let t1 = diff_class(p1.xy, pkx);
        let t2 = diff_class(p2.xy, pkx);
        if ((le0(t2) && ge0(t1)) || (le0(t1) && ge0(t2))) { return true; }
      } else if ((ge0(s2) && le0(s1)) || (le0(s2) && ge0(s1))) {
        let t1 = diff_class(p1.xy, pkx);
        let t2 = diff_class(p2.xy, pkx);
        if (tame && t1 == t2 && t1 != 0u) {
          // Left of the point (t = 2): f > 0 going up and f < 0 going down, so both count.
          if (t1 == 2u && ((s2 == 1u && le0(s1)) || (le0(s2) && s1 == 1u))) { k = k + 1u; }
        } else {
          if (np == PENDING) { break; }
          pend[np] = v;
          np = np + 1u;
        }
      }
      p1 = p2;
      s1 = s2;
      v = v + 1u;
    }
    for (var j = 0u; j < np; j = j + 1u) {
      let e = pend[j];
      let q1 = K[e - 1u];
      let q2 = K[e];
      // Keys back to values (+0 for -0: zero signs never change the class of f).
      let f = turf_orient(key_to_f64(q1.xy), key_to_f64(q2.xy), key_to_f64(q1.zw), key_to_f64(q2.zw), px, py);
      if (f == 0u) { return true; }
      let c1 = diff_class(q1.zw, pky);
      let c2 = diff_class(q2.zw, pky);
      if ((f == 1u && c2 == 1u && le0(c1)) || (f == 2u && le0(c2) && c1 == 1u)) { k = k + 1u; }
    }
    if (r >= r1) { break; }
  }
  return (k & 1u) == 1u;
}
`;

const FLOAT_LIB = `${ORDER_WGSL}\n${SOFT_F64_WGSL}\n${SOFT_F64_MUL_WGSL}\n${HELPERS}`;

/** The functions a test kernel needs to call `turf_orient` and `f64_mul` directly. */
export const ORIENT_LIB_WGSL = `${FLOAT_LIB}\n${ORIENT_WGSL}`;

const LINEAR = `let t = gid.x + gid.y * nwg.x * ${WG}u;`;
const MAIN_ARGS = '@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>';

export const partTableShader = {
  label: 'pip/part-table',
  code: /* wgsl */ `
// pip/part-table: one thread per part p. Its vertices are the contiguous range of its rings;
// it writes PB[12p..12p+12) (see the file header): keys of the box over non-NaN coordinates,
// its feature (binary search in GO), flags live (feature valid, box non-empty) and tame; and
// the keys of its vertices to K (what the point test reads: one compare per coordinate).
// Bindings: 0 uniforms, 1 C coords (vec4 per vertex), 2 RO, 3 PO, 4 GO, 5 FV feature bitmap,
// 6 PB, 7 K (vec4 per vertex: key(x), key(y), -0 folded, NaN = all ones).
struct Params { nparts: u32, nfeat: u32, hasV: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> C: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> RO: array<u32>;
@group(0) @binding(3) var<storage, read> PO: array<u32>;
@group(0) @binding(4) var<storage, read> GO: array<u32>;
@group(0) @binding(5) var<storage, read> FV: array<u32>;
@group(0) @binding(6) var<storage, read_write> PB: array<u32>;
@group(0) @binding(7) var<storage, read_write> K: array<vec4<u32>>;
${FLOAT_LIB}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.nparts) { return; }
  var lo = 0u;
  var hi = P.nfeat - 1u;
  while (lo < hi) {
    let mid = (lo + hi + 1u) / 2u;
    if (GO[mid] <= t) { lo = mid; } else { hi = mid - 1u; }
  }
  let f = lo;
  var live = P.hasV == 0u || ((FV[f >> 5u] >> (f & 31u)) & 1u) == 1u;
  let r0 = PO[t];
  let r1 = PO[t + 1u];
  var xmin = vec2<u32>(0xffffffffu, 0xffffffffu);
  var ymin = xmin;
  var xmax = vec2<u32>(0u, 0u);
  var ymax = xmax;
  var hasx = false;
  var hasy = false;
  var tame = true;
  for (var v = RO[r0]; v < RO[r1]; v = v + 1u) {
    let c = C[v];
    K[v] = vec4<u32>(keyn(c.xy), keyn(c.zw));
    tame = tame && tame64(c.xy) && tame64(c.zw);
    if (!is_nan_f64(c.xy)) {
      let k = keyn(c.xy);
      hasx = true;
      if (lt64(k, xmin)) { xmin = k; }
      if (lt64(xmax, k)) { xmax = k; }
    }
    if (!is_nan_f64(c.zw)) {
      let k = keyn(c.zw);
      hasy = true;
      if (lt64(k, ymin)) { ymin = k; }
      if (lt64(ymax, k)) { ymax = k; }
    }
  }
  live = live && hasx && hasy;
  let b = 12u * t;
  PB[b] = xmin.x; PB[b + 1u] = xmin.y; PB[b + 2u] = xmax.x; PB[b + 3u] = xmax.y;
  PB[b + 4u] = ymin.x; PB[b + 5u] = ymin.y; PB[b + 6u] = ymax.x; PB[b + 7u] = ymax.y;
  PB[b + 8u] = f;
  PB[b + 9u] = select(0u, 1u, live) | select(0u, 2u, tame);
  PB[b + 10u] = r0;
  PB[b + 11u] = r1;
}`,
};

export const gridParamsShader = {
  label: 'pip/grid-params',
  code: /* wgsl */ `
// pip/grid-params: one workgroup. Reduces the box of the live tame parts (keys, in workgroup
// memory), then thread 0 picks square cells of 2^k: about ncap cells over the box, k at least
// floor(log2 max|coord|) - 28 so cell numbers stay below 2^30, and k raised until nx*ny <= ncap.
// Writes the header of G (valid = 0 when no part is live and tame).
// Bindings: 0 uniforms, 1 PB, 2 G.
struct Params { nparts: u32, ncap: u32, log2cap: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PB: array<u32>;
@group(0) @binding(2) var<storage, read_write> G: array<u32>;
${FLOAT_LIB}
var<workgroup> w_xmin: array<vec2<u32>, ${WG}>;
var<workgroup> w_xmax: array<vec2<u32>, ${WG}>;
var<workgroup> w_ymin: array<vec2<u32>, ${WG}>;
var<workgroup> w_ymax: array<vec2<u32>, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) l: vec3<u32>) {
  let lid = l.x;
  var xmin = vec2<u32>(0xffffffffu, 0xffffffffu);
  var ymin = xmin;
  var xmax = vec2<u32>(0u, 0u);
  var ymax = xmax;
  for (var p = lid; p < P.nparts; p = p + ${WG}u) {
    let b = 12u * p;
    if ((PB[b + 9u] & 3u) != 3u) { continue; }
    let a = vec2<u32>(PB[b], PB[b + 1u]);
    let c = vec2<u32>(PB[b + 2u], PB[b + 3u]);
    let d = vec2<u32>(PB[b + 4u], PB[b + 5u]);
    let e = vec2<u32>(PB[b + 6u], PB[b + 7u]);
    if (lt64(a, xmin)) { xmin = a; }
    if (lt64(xmax, c)) { xmax = c; }
    if (lt64(d, ymin)) { ymin = d; }
    if (lt64(ymax, e)) { ymax = e; }
  }
  w_xmin[lid] = xmin; w_xmax[lid] = xmax; w_ymin[lid] = ymin; w_ymax[lid] = ymax;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      if (lt64(w_xmin[lid + s], w_xmin[lid])) { w_xmin[lid] = w_xmin[lid + s]; }
      if (lt64(w_xmax[lid], w_xmax[lid + s])) { w_xmax[lid] = w_xmax[lid + s]; }
      if (lt64(w_ymin[lid + s], w_ymin[lid])) { w_ymin[lid] = w_ymin[lid + s]; }
      if (lt64(w_ymax[lid], w_ymax[lid + s])) { w_ymax[lid] = w_ymax[lid + s]; }
    }
    workgroupBarrier();
  }
  if (lid != 0u) { return; }
  G[6] = 0u;
  if (w_xmin[0].x == 0xffffffffu && w_xmin[0].y == 0xffffffffu) { G[0] = 0u; return; }
  let x0 = key_to_f64(w_xmin[0]);
  let x1 = key_to_f64(w_xmax[0]);
  let y0 = key_to_f64(w_ymin[0]);
  let y1 = key_to_f64(w_ymax[0]);
  // Spans' exponents (one f64_sub call site: each site costs compile time on some drivers).
  var lg = array<i32, 2>(0, 0);
  for (var d = 0u; d < 2u; d = d + 1u) { lg[d] = floor_log2(f64_sub(select(x1, y1, d == 1u), select(x0, y0, d == 1u))); }
  let ex = lg[0];
  let ey = lg[1];
  let em = max(max(floor_log2(x0), floor_log2(x1)), max(floor_log2(y0), floor_log2(y1)));
  let L = i32(P.log2cap);
  var k: i32;
  if (ex > -100000 && ey > -100000) { k = (ex + ey + 3 - L) >> 1u; }
  else if (ex > -100000 || ey > -100000) { k = max(ex, ey) + 1 - L; }
  else { k = em; }
  k = clamp(max(k, em - 28), -1200, 1200);
  var nx = 1u;
  var ny = 1u;
  for (var it = 0; it < 2500; it = it + 1) {
    nx = u32(cell_coord(x1, k) - cell_coord(x0, k)) + 1u;
    ny = u32(cell_coord(y1, k) - cell_coord(y0, k)) + 1u;
    if (nx <= P.ncap && ny <= P.ncap && nx <= P.ncap / ny) { break; }
    k = k + 1;
  }
  G[0] = 1u;
  G[1] = bitcast<u32>(cell_coord(x0, k));
  G[2] = bitcast<u32>(cell_coord(y0, k));
  G[3] = bitcast<u32>(k);
  G[4] = nx;
  G[5] = ny;
}`,
};

/** Shared by grid-count and grid-fill: the cell range of part p, or big (span or tameness). */
const PART_CELLS = /* wgsl */ `
struct Cells { lx: u32, ly: u32, hx: u32, hy: u32, big: bool }
fn part_cells(b: u32, k: i32, c0x: i32, c0y: i32, nx: u32, ny: u32, valid: bool) -> Cells {
  var c: Cells;
  c.big = true;
  if (!valid || (PB[b + 9u] & 2u) == 0u) { return c; }
  let lx = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b], PB[b + 1u])), k) - c0x, 0, i32(nx) - 1);
  let hx = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b + 2u], PB[b + 3u])), k) - c0x, 0, i32(nx) - 1);
  let ly = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b + 4u], PB[b + 5u])), k) - c0y, 0, i32(ny) - 1);
  let hy = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b + 6u], PB[b + 7u])), k) - c0y, 0, i32(ny) - 1);
  c.lx = u32(lx); c.hx = u32(hx); c.ly = u32(ly); c.hy = u32(hy);
  let w = c.hx - c.lx + 1u;
  let h = c.hy - c.ly + 1u;
  c.big = w > ${MAX_SPAN}u || h > ${MAX_SPAN}u || w * h > ${MAX_SPAN}u;
  return c;
}
`;

function gridPassShader(fill: boolean) {
  const label = fill ? 'pip/grid-fill' : 'pip/grid-count';
  const body = fill
    ? `let slot = atomicAdd(&A[cell], 1u);
        atomicStore(&G[P.entOff + atomicLoad(&G[P.cellOff + cell]) + slot], t);`
    : 'atomicAdd(&A[cell], 1u);';
  const big = fill ? '' : `let slot = atomicAdd(&G[6], 1u);\n    atomicStore(&G[P.bigOff + slot], t);`;
  const code = /* wgsl */ `
// ${label}: one thread per live part. ${fill ? 'For each cell of its range, takes a slot with an atomic cursor A[cell] and writes its index at G[entOff + start[cell] + slot] (the order within a cell does not matter: points keep the smallest feature).' : 'Counts it into A[cell] (atomics) for each cell of its range, or appends it to the big list when it is not tame or spans more than ' + MAX_SPAN + ' cells.'}
// Bindings: 0 uniforms, 1 PB, 2 G (grid buffer), 3 A (${fill ? 'cursors' : 'counts'}, zeroed).
struct Params { nparts: u32, cellOff: u32, bigOff: u32, entOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PB: array<u32>;
@group(0) @binding(2) var<storage, read_write> G: array<atomic<u32>>;
@group(0) @binding(3) var<storage, read_write> A: array<atomic<u32>>;
${FLOAT_LIB}
${PART_CELLS}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.nparts) { return; }
  let b = 12u * t;
  if ((PB[b + 9u] & 1u) == 0u) { return; }
  let nx = atomicLoad(&G[4]);
  let c = part_cells(b, bitcast<i32>(atomicLoad(&G[3])), bitcast<i32>(atomicLoad(&G[1])), bitcast<i32>(atomicLoad(&G[2])), nx, atomicLoad(&G[5]), atomicLoad(&G[0]) == 1u);
  if (c.big) {
    ${big}
    return;
  }
  for (var cy = c.ly; cy <= c.hy; cy = cy + 1u) {
    for (var cx = c.lx; cx <= c.hx; cx = cx + 1u) {
      let cell = cy * nx + cx;
      ${body}
    }
  }
}`;
  return { label, code };
}

export const gridCountShader = gridPassShader(false);
export const gridFillShader = gridPassShader(true);

export const pointShader = {
  label: 'pip/points',
  code: /* wgsl */ `
// pip/points: one thread per point of the window. A null point or one with a NaN or infinite
// coordinate gives -1. A tame point with a valid grid (mode 1) tests the parts of its cell and
// the big list, keeping the smallest containing feature; otherwise it tests every part in
// order and stops at the first that contains it (parts are ordered by feature). The box test
// is applied only when point and part are both tame.
// Bindings: 0 uniforms, 1 X, 2 Y (windows), 3 V point validity (bits from vskip), 4 K vertex
// keys (vec4 per vertex), 5 RO, 6 PB part table, 7 G grid, 8 O (i32 feature or -1, window).
struct Params { n: u32, nparts: u32, mode: u32, hasV: u32, vskip: u32, cellOff: u32, bigOff: u32, entOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Y: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> V: array<u32>;
@group(0) @binding(4) var<storage, read> K: array<vec4<u32>>;
@group(0) @binding(5) var<storage, read> RO: array<u32>;
@group(0) @binding(6) var<storage, read> PB: array<u32>;
@group(0) @binding(7) var<storage, read> G: array<u32>;
@group(0) @binding(8) var<storage, read_write> O: array<i32>;
${FLOAT_LIB}
${ORIENT_WGSL}
${PART_TEST}
// Worth testing: live, a smaller feature than the best so far, and (both tame) inside the box.
fn worth(p: u32, best: u32, pkx: vec2<u32>, pky: vec2<u32>, tp: bool) -> bool {
  let b = 12u * p;
  let flags = PB[b + 9u];
  if ((flags & 1u) == 0u || PB[b + 8u] >= best) { return false; }
  if (tp && (flags & 2u) != 0u) {
    return !(lt64(pkx, vec2<u32>(PB[b], PB[b + 1u])) || lt64(vec2<u32>(PB[b + 2u], PB[b + 3u]), pkx) ||
             lt64(pky, vec2<u32>(PB[b + 4u], PB[b + 5u])) || lt64(vec2<u32>(PB[b + 6u], PB[b + 7u]), pky));
  }
  return true;
}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.n) { return; }
  if (P.hasV == 1u) {
    let bit = P.vskip + t;
    if (((V[bit >> 5u] >> (bit & 31u)) & 1u) == 0u) { O[t] = -1; return; }
  }
  let px = X[t];
  let py = Y[t];
  if (!f64_finite(px) || !f64_finite(py)) { O[t] = -1; return; }
  let pkx = keyn(px);
  let pky = keyn(py);
  let tp = tame64(px) && tame64(py);
  // Candidates j < m: the cell's entries then the big list (grid), or every part in order.
  let grid = P.mode == 1u && G[0] == 1u && tp;
  var m = P.nparts;
  var cell_base = 0u;
  var ncell = 0u;
  if (grid) {
    let k = bitcast<i32>(G[3]);
    let cx = cell_coord(px, k) - bitcast<i32>(G[1]);
    let cy = cell_coord(py, k) - bitcast<i32>(G[2]);
    let nx = G[4];
    if (cx >= 0 && cy >= 0 && u32(cx) < nx && u32(cy) < G[5]) {
      let cell = u32(cy) * nx + u32(cx);
      cell_base = G[P.cellOff + cell];
      ncell = G[P.cellOff + cell + 1u] - cell_base;
    }
    m = ncell + G[6];
  }
  var best = NO_FEATURE;
  var j = 0u;
  // The part test runs once per outer iteration, after a tight loop finds the next
  // candidate: on lane-masked SIMD drivers its code then costs per candidate, not per part.
  loop {
    var p = 0u;
    var found = false;
    loop {
      if (j >= m) { break; }
      if (!grid) { p = j; } else if (j < ncell) { p = G[P.entOff + cell_base + j]; } else { p = G[P.bigOff + j - ncell]; }
      j = j + 1u;
      if (worth(p, best, pkx, pky, tp)) { found = true; break; }
    }
    if (!found) { break; }
    let b = 12u * p;
    if (part_contains(PB[b + 10u], PB[b + 11u], px, py, pkx, pky, tp && (PB[b + 9u] & 2u) != 0u)) {
      best = PB[b + 8u];
      if (!grid) { break; }
    }
  }
  O[t] = select(bitcast<i32>(best), -1, best == NO_FEATURE);
}`,
};

export const packShader = {
  label: 'pip/pack-validity',
  code: /* wgsl */ `
// pip/pack-validity: thread w packs the 32 results [32w, 32w + 32) of the window into one
// validity word (bit set where the feature index is >= 0) at W[wskip + w].
// Bindings: 0 uniforms, 1 I (feature indices, window), 2 W (validity words).
struct Params { n: u32, wskip: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<i32>;
@group(0) @binding(2) var<storage, read_write> W: array<u32>;
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t * 32u >= P.n) { return; }
  var word = 0u;
  for (var j = 0u; j < 32u; j = j + 1u) {
    let i = t * 32u + j;
    if (i < P.n && I[i] >= 0) { word = word | (1u << j); }
  }
  W[P.wskip + t] = word;
}`,
};
