/**
 * WGSL of spatial-index/nearest-linestring (sequence: ./nearest-linestring.ts).
 *
 * Segment table PB, 12 u32 words per vertex slot v (the segment that starts at vertex v),
 * laid out as point-in-polygon's part table so that its grid shaders (../pip/grid-wgsl.ts)
 * index segments unchanged: [0..8) keys of xmin, xmax, ymin, ymax; 8 line (row); 9 flags
 * (1 live: a segment of a valid row with no NaN coordinate; 2 tame: every coordinate 0 or of
 * magnitude in [2^-200, 2^201), where the distance bound of ./segment-distance.ts holds);
 * 10 first vertex a; 11 end vertex b (b = a for a part of one vertex).
 */
import { WG } from '../runner.js';
import { LINEAR, MAIN_ARGS } from '../pip/wgsl-lib.js';
import { SEGMENT_DISTANCE_WGSL } from './segment-distance.js';

const TAME = /* wgsl */ `
fn tame_seg(a: vec2<u32>) -> bool {
  let e = (a.y >> 20u) & 0x7ffu;
  return ((a.y & 0x7fffffffu) | a.x) == 0u || (e >= 823u && e <= 1223u);
}
`;

export const segmentTableShader = {
  label: 'spatial-index/segment-table',
  code: /* wgsl */ `
// spatial-index/segment-table: thread v writes PB[12v..12v+12) (file header). Its part p is
// found by binary search in PO (the last part starting at or before v), its row by binary
// search in RO (multi) or p itself. Vertex slots outside every part, and last vertices of
// parts of two or more vertices, are not live.
// Bindings: 0 uniforms, 1 C (vertices, vec4), 2 PO, 3 RO (multi), 4 LV (row validity), 5 PB.
struct Params { nvert: u32, nparts: u32, nrows: u32, multi: u32, hasV: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> C: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> PO: array<i32>;
@group(0) @binding(3) var<storage, read> RO: array<i32>;
@group(0) @binding(4) var<storage, read> LV: array<u32>;
@group(0) @binding(5) var<storage, read_write> PB: array<u32>;
${SEGMENT_DISTANCE_WGSL}
${TAME}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.nvert) { return; }
  let v = i32(t);
  var flags = 0u;
  var line = 0u;
  var b = t;
  if (P.nparts > 0u && PO[0] <= v && v < PO[P.nparts]) {
    var lo = 0u;
    var hi = P.nparts - 1u;
    while (lo < hi) {
      let mid = (lo + hi + 1u) / 2u;
      if (PO[mid] <= v) { lo = mid; } else { hi = mid - 1u; }
    }
    let s = PO[lo];
    let e = PO[lo + 1u];
    var ok = e - s == 1 || v + 1 < e;
    if (v + 1 < e) { b = t + 1u; }
    line = lo;
    if (P.multi == 1u) {
      let pi = i32(lo);
      ok = ok && P.nrows > 0u && RO[0] <= pi && pi < RO[P.nrows];
      var rl = 0u;
      var rh = max(P.nrows, 1u) - 1u;
      while (rl < rh) {
        let mid = (rl + rh + 1u) / 2u;
        if (RO[mid] <= pi) { rl = mid; } else { rh = mid - 1u; }
      }
      line = rl;
    }
    ok = ok && (P.hasV == 0u || ((LV[line >> 5u] >> (line & 31u)) & 1u) == 1u);
    let A = C[t];
    let B = C[b];
    ok = ok && !is_nan_f64(A.xy) && !is_nan_f64(A.zw) && !is_nan_f64(B.xy) && !is_nan_f64(B.zw);
    if (ok) {
      flags = 1u;
      if (tame_seg(A.xy) && tame_seg(A.zw) && tame_seg(B.xy) && tame_seg(B.zw)) { flags = 3u; }
    }
  }
  let A = C[t];
  let B = C[b];
  let ax = keyn(A.xy);
  let bx = keyn(B.xy);
  let ay = keyn(A.zw);
  let by = keyn(B.zw);
  let xmin = select(ax, bx, lt64(bx, ax));
  let xmax = select(bx, ax, lt64(bx, ax));
  let ymin = select(ay, by, lt64(by, ay));
  let ymax = select(by, ay, lt64(by, ay));
  let o = 12u * t;
  PB[o] = xmin.x; PB[o + 1u] = xmin.y; PB[o + 2u] = xmax.x; PB[o + 3u] = xmax.y;
  PB[o + 4u] = ymin.x; PB[o + 5u] = ymin.y; PB[o + 6u] = ymax.x; PB[o + 7u] = ymax.y;
  PB[o + 8u] = line;
  PB[o + 9u] = flags;
  PB[o + 10u] = t;
  PB[o + 11u] = b;
}`,
};

export const nearestPointShader = {
  label: 'spatial-index/nearest-points',
  code: /* wgsl */ `
// spatial-index/nearest-points: thread t (a point of the window) finds the segment with the
// smallest (distance, line) pair, distances by ./segment-distance.ts, and writes its line to O
// and the distance to D (-1 and +0 for none: a null or non-finite point, no live segment, or
// a best distance above maxD).
// Search: with a valid grid (mode 1, G[0] = 1), a tame point whose cell lies within 2^28
// cells of the grid, and 2^k in [2^-1000, 2^1000], it visits the big list, then the grid's
// cells ring by ring outward from its own cell (clipped to the grid; starting at the first
// ring that meets the grid). Before ring r >= 1 it computes m, the distance from the point to
// the outside of the square of rings < r, and stops when min(best, maxD) < m - (m + 64·2^k)·2^-40:
// every unvisited segment's box lies outside that square, so its exact distance exceeds m and
// its computed distance exceeds the threshold (segments in cells span at most 16 cells, and
// the computed distance errs by far less than 2^-40 of m + 64·2^k), so it cannot win or tie.
// Any other point visits every live segment. Both give the brute-force answer.
// Bindings: 0 uniforms, 1 X, 2 Y (windows), 3 V (point validity, bits from vskip), 4 C,
// 5 PB, 6 G (grid), 7 O (i32, window), 8 D (float64 bits, window).
struct Params { count: u32, nseg: u32, mode: u32, hasV: u32, vskip: u32, cellOff: u32, bigOff: u32, entOff: u32, maxlo: u32, maxhi: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Y: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> V: array<u32>;
@group(0) @binding(4) var<storage, read> C: array<vec4<u32>>;
@group(0) @binding(5) var<storage, read> PB: array<u32>;
@group(0) @binding(6) var<storage, read> G: array<u32>;
@group(0) @binding(7) var<storage, read_write> O: array<i32>;
@group(0) @binding(8) var<storage, read_write> D: array<vec2<u32>>;
${SEGMENT_DISTANCE_WGSL}
${TAME}
const F64_INF = vec2<u32>(0u, 0x7ff00000u);
fn pow2(k: i32) -> vec2<u32> { return vec2<u32>(0u, u32(k + 1023) << 20u); }
fn i32_f64(i: i32) -> vec2<u32> {
  let h = select(0u, 0xffffffffu, i < 0);
  return f64_from_i128(vec4<u32>(bitcast<u32>(i), h, h, h));
}
fn min64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return select(a, b, lt64(key_f64(b), key_f64(a))); }
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.count) { return; }
  O[t] = -1;
  D[t] = vec2<u32>(0u, 0u);
  if (P.hasV == 1u) {
    let bit = P.vskip + t;
    if (((V[bit >> 5u] >> (bit & 31u)) & 1u) == 0u) { return; }
  }
  let px = X[t];
  let py = Y[t];
  if (!f64_finite(px) || !f64_finite(py)) { return; }
  let maxD = vec2<u32>(P.maxlo, P.maxhi);
  let k = bitcast<i32>(G[3]);
  let tp = tame_seg(px) && tame_seg(py);
  var grid = P.mode == 1u && G[0] == 1u && tp && k >= -1000 && k <= 1000;
  var pcx = 0;
  var pcy = 0;
  var cx = 0;
  var cy = 0;
  let nx = i32(G[4]);
  let ny = i32(G[5]);
  if (grid) {
    pcx = cell_coord(px, k);
    pcy = cell_coord(py, k);
    cx = pcx - bitcast<i32>(G[1]);
    cy = pcy - bitcast<i32>(G[2]);
    grid = abs(cx) <= 268435456 && abs(cy) <= 268435456;
  }
  let r0 = max(0, max(max(-cx, cx - (nx - 1)), max(-cy, cy - (ny - 1))));
  let rmax = max(max(cx, nx - 1 - cx), max(cy, ny - 1 - cy));
  var best = F64_INF;
  var bl = 0xffffffffu;
  // Candidate enumeration: phase 0 the big list (grid) or every slot; 1 the rings; 2 done.
  var phase = 0u;
  var j = 0u;
  var jend = select(P.nseg, G[6], grid);
  var r = r0;
  var side = 5u;
  var q = 0;
  var qend = -1;
  loop {
    var cand = 0xffffffffu;
    loop {
      if (phase == 0u) {
        if (j < jend) {
          let s = select(j, G[P.bigOff + j], grid);
          j = j + 1u;
          if (grid || (PB[12u * s + 9u] & 1u) == 1u) { cand = s; break; }
          continue;
        }
        if (!grid) { phase = 2u; break; }
        phase = 1u;
        j = 0u;
        jend = 0u;
        r = r0;
        side = 5u;
        continue;
      }
      if (phase != 1u) { break; }
      if (j < jend) { cand = G[P.entOff + j]; j = j + 1u; break; }
      if (q <= qend) {
        var gx = q;
        var gy = q;
        if (side <= 1u) { gy = select(cy - r, cy + r, side == 1u); } else { gx = select(cx - r, cx + r, side == 3u); }
        q = q + 1;
        let cell = u32(gy * nx + gx);
        j = G[P.cellOff + cell];
        jend = G[P.cellOff + cell + 1u];
        continue;
      }
      // Next side; after side 3 the next ring (4); 5 starts ring r after the stopping test.
      if (side < 4u) { side = side + 1u; }
      if (side == 4u) { r = r + 1; side = 5u; }
      if (side == 5u) {
        if (r > rmax) { phase = 2u; break; }
        if (r >= 1) {
          let s = pow2(k);
          var m = F64_INF;
          for (var e = 0; e < 4; e = e + 1) {
            let c = select(select(pcx - r + 1, pcx + r, e == 1), select(pcy - r + 1, pcy + r, e == 3), e >= 2);
            let edge = f64_mul(i32_f64(c), s);
            let pv = select(px, py, e >= 2);
            let odd = (e & 1) == 1;
            m = min64(m, f64_sub(select(pv, edge, odd), select(edge, pv, odd)));
          }
          let thr = f64_sub(m, f64_mul(f64_add(m, pow2(k + 6)), pow2(-40)));
          if (lt64(key_f64(min64(best, maxD)), key_f64(thr))) { phase = 2u; break; }
        }
        side = 0u;
      }
      // Side ranges, clipped to the grid: 0 bottom row, 1 top row, 2 left and 3 right column.
      q = 0;
      qend = -1;
      if (side <= 1u) {
        let gy = select(cy - r, cy + r, side == 1u);
        if (gy >= 0 && gy < ny && (side == 0u || r > 0)) { q = max(cx - r, 0); qend = min(cx + r, nx - 1); }
      } else if (r > 0) {
        let gx = select(cx - r, cx + r, side == 3u);
        if (gx >= 0 && gx < nx) { q = max(cy - r + 1, 0); qend = min(cy + r - 1, ny - 1); }
      }
    }
    if (cand == 0xffffffffu) { break; }
    let o = 12u * cand;
    // Box test: skip a tame segment whose box is farther (on one axis) than min(best, maxD) plus a
    // margin the computed distance cannot undercut (see ./segment-distance.ts): no change
    // to the answer, most of the soft-float work saved.
    let lim = min64(best, maxD);
    if (tp && (PB[o + 9u] & 2u) != 0u && f64_finite(lim)) {
      var g = vec2<u32>(0u, 0xfff00000u);
      var span = vec2<u32>(0u, 0u);
      for (var e = 0u; e < 6u; e = e + 1u) {
        let lo = key_to_f64(vec2<u32>(PB[o + 4u * (e & 1u)], PB[o + 4u * (e & 1u) + 1u]));
        let hi = key_to_f64(vec2<u32>(PB[o + 4u * (e & 1u) + 2u], PB[o + 4u * (e & 1u) + 3u]));
        let pv = select(px, py, (e & 1u) == 1u);
        var a = lo;
        var b = pv;
        if (e == 2u || e == 3u) { a = pv; b = hi; } else if (e >= 4u) { a = hi; b = lo; }
        let diff = f64_sub(a, b);
        if (e < 4u) { g = select(g, diff, lt64(key_f64(g), key_f64(diff))); } else { span = f64_add(span, diff); }
      }
      let thr = f64_add(lim, f64_mul(f64_add(lim, span), pow2(-40)));
      if (lt64(key_f64(thr), key_f64(g))) { continue; }
    }
    let A = C[PB[o + 10u]];
    let B = C[PB[o + 11u]];
    let d = seg_dist(px, py, A.xy, A.zw, B.xy, B.zw);
    let line = PB[o + 8u];
    if (!is_nan_f64(d)) {
      let kd = key_f64(d);
      let kb = key_f64(best);
      if (lt64(kd, kb) || (kd.x == kb.x && kd.y == kb.y && line < bl)) { best = d; bl = line; }
    }
  }
  if (bl == 0xffffffffu || lt64(key_f64(maxD), key_f64(best))) { return; }
  O[t] = bitcast<i32>(bl);
  D[t] = best;
}`,
};
