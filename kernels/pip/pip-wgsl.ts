/**
 * WGSL for point-in-polygon: the part table, the vertex keys and their chunk ranges, the point
 * test (Turf's algorithm on raw float64 bits, with the exact orientation sign of
 * ./exact-orient.ts) and the validity packing. Grid shaders:
 * ./grid-wgsl.ts; shared helpers: ./wgsl-lib.ts.
 *
 * Part table PB, 12 u32 words per part: [0..8) keys of xmin, xmax, ymin, ymax (over
 * non-NaN vertices), 8 feature, 9 flags (1 = live: valid feature, vertices all finite; 2 =
 * tame), 10 first ring, 11 end ring.
 *
 * Vertex keys K (vec4 per vertex: key(x), key(y), -0 folded, NaN = all ones), followed at
 * vertex count V by one vec4 per chunk of CHUNK vertices: keys of the min and max y over
 * vertices [CHUNK·c - 1, CHUNK·c + CHUNK) (the edges ending in chunk c). When the point's
 * y is outside a chunk's range, none of its edges straddles the point's latitude or lies on
 * it, so they change nothing in Turf's loop and the scan jumps over them.
 */
import { WG } from '../runner.js';
import { EXACT_ORIENT_WGSL } from './exact-orient.js';
import { FLOAT_LIB, LINEAR, MAIN_ARGS } from './wgsl-lib.js';

/** Vertices per chunk of the y-range table. */
export const CHUNK = 16;

export { gridCountShader, gridFillShader, gridParamsShader } from './grid-wgsl.js';

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
const PENDING = 8u;
fn part_contains(koff: u32, r0: u32, r1: u32, px: vec2<u32>, py: vec2<u32>, pkx: vec2<u32>, pky: vec2<u32>, tame: bool) -> bool {
  var k = 0u;
  var r = r0;
  var v = 0u; // end vertex of the next edge; 0 = ring r not started
  var chk = 0u; // the next v at which a chunk starts
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
        chk = v;
        p1 = K[a];
        s1 = diff_class(p1.zw, pky);
      }
      if (v >= b) { r = r + 1u; v = 0u; continue; }
      if (v == chk) {
        // Skip a chunk whose y range misses the point's latitude.
        let c = v / ${CHUNK}u;
        chk = (c + 1u) * ${CHUNK}u;
        let yr = K[koff + c];
        if (lt64(pky, yr.xy) || lt64(yr.zw, pky)) {
          v = min(chk, b);
          p1 = K[v - 1u];
          s1 = diff_class(p1.zw, pky);
          continue;
        }
      }
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
      // Keys back to values (+0 for -0: zero signs never change the class of f). The exact
      // sign (./exact-orient.ts): Turf's for tame data, and right where Turf's overflows.
      let f = exact_orient(key_to_f64(q1.xy), key_to_f64(q2.xy), key_to_f64(q1.zw), key_to_f64(q2.zw), px, py);
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

export const partTableShader = {
  label: 'pip/part-table',
  code: /* wgsl */ `
// pip/part-table: one thread per part p. Its vertices are the contiguous range of its rings;
// it writes PB[12p..12p+12) (see the file header): keys of the box over non-NaN coordinates,
// its feature (binary search in GO), flags live (feature valid, box non-empty, every vertex
// finite: a part with a NaN or infinite vertex contains no point) and tame; and
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
  var finite = true;
  for (var v = RO[r0]; v < RO[r1]; v = v + 1u) {
    let c = C[v];
    K[v] = vec4<u32>(keyn(c.xy), keyn(c.zw));
    tame = tame && tame64(c.xy) && tame64(c.zw);
    finite = finite && f64_finite(c.xy) && f64_finite(c.zw);
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
  live = live && hasx && hasy && finite;
  let b = 12u * t;
  PB[b] = xmin.x; PB[b + 1u] = xmin.y; PB[b + 2u] = xmax.x; PB[b + 3u] = xmax.y;
  PB[b + 4u] = ymin.x; PB[b + 5u] = ymin.y; PB[b + 6u] = ymax.x; PB[b + 7u] = ymax.y;
  PB[b + 8u] = f;
  PB[b + 9u] = select(0u, 1u, live) | select(0u, 2u, tame);
  PB[b + 10u] = r0;
  PB[b + 11u] = r1;
}`,
};
export const chunkShader = {
  label: 'pip/chunks',
  code: /* wgsl */ `
// pip/chunks: thread c writes K[koff + c] = keys of the min and max y over vertices
// [${CHUNK}c - 1, ${CHUNK}c + ${CHUNK}) ∩ [0, nverts) (NaN, the all-ones key, counts as the largest).
// Bindings: 0 uniforms, 1 K (vertex keys, then the chunk ranges).
struct Params { nverts: u32, nchunks: u32, koff: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> K: array<vec4<u32>>;
fn lt64(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.nchunks) { return; }
  var lo = vec2<u32>(0xffffffffu, 0xffffffffu);
  var hi = vec2<u32>(0u, 0u);
  let first = max(t * ${CHUNK}u, 1u) - 1u;
  let last = min(t * ${CHUNK}u + ${CHUNK}u, P.nverts);
  for (var v = first; v < last; v = v + 1u) {
    let y = K[v].zw;
    if (lt64(y, lo)) { lo = y; }
    if (lt64(hi, y)) { hi = y; }
  }
  K[P.koff + t] = vec4<u32>(lo, hi);
}`,
};

export const pointShader = {
  label: 'pip/points',
  code: /* wgsl */ `
// pip/points: one thread per point of the window. A null point or one with a NaN or infinite
// coordinate has no feature. A tame point with a valid grid (mode 1) tests the parts of its
// cell and the big list, keeping the smallest containing feature; otherwise it tests every
// part in order and stops at the first that contains it (parts are ordered by feature). The
// box test is applied only when point and part are both tame.
// What it writes (P.emit): 0 the smallest containing feature (-1: none); 1 the number of
// containing features (u32); 2 the V[t]-th smallest (0-based; -1 for V[t] = 0xffffffff or
// past the last): V then holds ranks, not validity. Counting and ranking repeat the search for
// the smallest feature >= lo, lo moving past each one found; without the grid the scan resumes
// after the part found, since parts are in feature order.
// Bindings: 0 uniforms, 1 X, 2 Y (windows), 3 V point validity (bits from vskip) or ranks
// (window), 4 K vertex keys then chunk y ranges from koff, 5 RO, 6 PB part table, 7 G grid,
// 8 O (i32 feature or -1, or u32 count; window).
struct Params { n: u32, nparts: u32, mode: u32, hasV: u32, vskip: u32, cellOff: u32, bigOff: u32, entOff: u32, koff: u32, emit: u32, pad1: u32, pad2: u32 }
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
${EXACT_ORIENT_WGSL}
${PART_TEST}
// Worth testing: live, a feature in [lo, best), and (both tame) inside the box.
fn worth(p: u32, best: u32, lo: u32, pkx: vec2<u32>, pky: vec2<u32>, tp: bool) -> bool {
  let b = 12u * p;
  let flags = PB[b + 9u];
  let f = PB[b + 8u];
  if ((flags & 1u) == 0u || f >= best || f < lo) { return false; }
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
  // No feature: -1, or a count of 0.
  let none = select(-1, 0, P.emit == 1u);
  var want = 0u;
  if (P.emit == 2u) {
    want = V[t];
    if (want == 0xffffffffu) { O[t] = -1; return; }
  } else if (P.hasV == 1u) {
    let bit = P.vskip + t;
    if (((V[bit >> 5u] >> (bit & 31u)) & 1u) == 0u) { O[t] = none; return; }
  }
  let px = X[t];
  let py = Y[t];
  if (!f64_finite(px) || !f64_finite(py)) { O[t] = none; return; }
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
  var lo = 0u;
  var found = 0u;
  var result = NO_FEATURE;
  var j = 0u;
  loop {
    if (grid) { j = 0u; }
    var best = NO_FEATURE;
    // The part test runs once per iteration, after a tight loop finds the next candidate:
    // on lane-masked SIMD drivers its code then costs per candidate, not per part.
    loop {
      var p = 0u;
      var hit = false;
      loop {
        if (j >= m) { break; }
        if (!grid) { p = j; } else if (j < ncell) { p = G[P.entOff + cell_base + j]; } else { p = G[P.bigOff + j - ncell]; }
        j = j + 1u;
        if (worth(p, best, lo, pkx, pky, tp)) { hit = true; break; }
      }
      if (!hit) { break; }
      let b = 12u * p;
      if (part_contains(P.koff, PB[b + 10u], PB[b + 11u], px, py, pkx, pky, tp && (PB[b + 9u] & 2u) != 0u)) {
        best = PB[b + 8u];
        if (!grid) { break; }
      }
    }
    if (best == NO_FEATURE) { break; }
    if (P.emit == 0u || (P.emit == 2u && found == want)) { result = best; break; }
    found = found + 1u;
    lo = best + 1u;
  }
  if (P.emit == 1u) { O[t] = bitcast<i32>(found); } else { O[t] = select(bitcast<i32>(result), -1, result == NO_FEATURE); }
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
