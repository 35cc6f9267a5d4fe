/**
 * The distance from a point to a segment, as GEOS computes it (`Distance::pointToSegment`,
 * which shapely's `distance` uses), in IEEE float64: the same sequence of correctly rounded
 * operations in JS (the CPU twins) and in WGSL on raw bits (soft float64: ../f64/ and the
 * square root of ../groupby/soft-f64-sqrt.ts), so both backends give the same bits.
 *
 *   A == B           → |P − A|
 *   len2 = (B−A)·(B−A), r = ((P−A)·(B−A)) / len2
 *   r <= 0           → |P − A|;  r >= 1 → |P − B|
 *   otherwise        → |((A.y−P.y)(B.x−A.x) − (A.x−P.x)(B.y−A.y)) / len2| · sqrt(len2)
 *
 * with |D| = sqrt(D.x² + D.y²). A NaN coordinate gives NaN; every NaN result is the
 * canonical quiet NaN on both backends (NO_DISTANCE_BITS marks "none" in state words).
 *
 * Error: every difference of two float64 values is correctly rounded (relative error 2^-53),
 * so for coordinates that neither overflow nor underflow the computed value d' satisfies
 * |d' − d| <= c·2^-53·(d + |P − A|) with a small constant c, whatever the magnitude of the
 * coordinates. The grid search of ./nearest-linestring.ts relies on this bound.
 */
import { FLOAT_LIB } from '../pip/wgsl-lib.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';

/** GEOS's point-to-segment distance in native float64 (the CPU twins' body). */
export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  if (ax === bx && ay === by) return pointDistance(px, py, ax, ay);
  const ex = bx - ax;
  const ey = by - ay;
  const len2 = ex * ex + ey * ey;
  const r = ((px - ax) * ex + (py - ay) * ey) / len2;
  if (r <= 0) return pointDistance(px, py, ax, ay);
  if (r >= 1) return pointDistance(px, py, bx, by);
  const s = ((ay - py) * ex - (ax - px) * ey) / len2;
  return Math.abs(s) * Math.sqrt(len2);
}

function pointDistance(px: number, py: number, ax: number, ay: number): number {
  const dx = px - ax;
  const dy = py - ay;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * WGSL: `seg_dist(px, py, ax, ay, bx, by) -> vec2<u32>` (float64 bits), plus the float
 * library it needs (order keys, soft float64, pip's value helpers, square root). Each soft
 * operation has one call site (division and square root sit in short loops), which keeps
 * compile times low on drivers that inline every call.
 */
export const SEGMENT_DISTANCE_WGSL = /* wgsl */ `
${FLOAT_LIB}
${SOFT_F64_SQRT_WGSL}
const F64_ONE = vec2<u32>(0u, 0x3ff00000u);
fn f64_eq(a: vec2<u32>, b: vec2<u32>) -> bool {
  if (is_nan_f64(a) || is_nan_f64(b)) { return false; }
  return (a.x == b.x && a.y == b.y) || (((a.y | b.y) & 0x7fffffffu) == 0u && (a.x | b.x) == 0u);
}
fn seg_dist(px: vec2<u32>, py: vec2<u32>, ax: vec2<u32>, ay: vec2<u32>, bx: vec2<u32>, by: vec2<u32>) -> vec2<u32> {
  // mode 0: |P - A|, 1: |P - B|, 2: perpendicular.
  var mode = 0u;
  var s = vec2<u32>(0u, 0u);
  var len2 = vec2<u32>(0u, 0u);
  if (!(f64_eq(ax, bx) && f64_eq(ay, by))) {
    let ex = f64_sub(bx, ax);
    let ey = f64_sub(by, ay);
    len2 = f64_add(f64_mul(ex, ex), f64_mul(ey, ey));
    var num = f64_add(f64_mul(f64_sub(px, ax), ex), f64_mul(f64_sub(py, ay), ey));
    for (var k = 0u; k < 2u; k = k + 1u) {
      let q = f64_div(num, len2);
      if (k == 1u) { s = q; break; }
      let kq = key_f64(q);
      if (!is_nan_f64(q) && !lt64(key_f64(vec2<u32>(0u, 0u)), kq)) { break; }
      if (!is_nan_f64(q) && !lt64(kq, key_f64(F64_ONE))) { mode = 1u; break; }
      mode = 2u;
      num = f64_sub(f64_mul(f64_sub(ay, py), ex), f64_mul(f64_sub(ax, px), ey));
    }
  }
  var root_of = len2;
  if (mode != 2u) {
    let dx = f64_sub(px, select(ax, bx, mode == 1u));
    let dy = f64_sub(py, select(ay, by, mode == 1u));
    root_of = f64_add(f64_mul(dx, dx), f64_mul(dy, dy));
  }
  let root = f64_sqrt(root_of);
  if (mode != 2u) { return root; }
  return f64_mul(f64_abs(s), root);
}
`;
