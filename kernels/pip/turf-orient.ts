/**
 * Turf's point-in-polygon arithmetic, restated so that the CPU twin and the WGSL kernel can
 * reproduce it bit for bit.
 *
 * `@turf/boolean-point-in-polygon` (v7) calls `point-in-polygon-hao`, which for each edge
 * (x1,y1)→(x2,y2) forms u = x - px, v = y - py in float64 and, where the edge straddles the
 * point's latitude, asks `robust-predicates`' `orient2d(u1, u2, v1, v2, 0, 0)` for
 * f = u2·v1 - u1·v2. With c = 0 that predicate reduces to (for any inputs):
 *
 * 1. detleft = u2·v1, detright = u1·v2, det = detleft - detright,
 *    detsum = |detleft + detright|; if |det| >= CCW_A · detsum, f = det.
 * 2. Otherwise, if any of u1, u2, v1, v2 is not finite, f = NaN (the "tails" x - (x + 0)
 *    are NaN and every later expansion carries the NaN through to the result).
 * 3. Otherwise f = -estimate(B), where B is the 4-term expansion of u1·v2 - u2·v1 built
 *    from Dekker two-products (splitter 2^27 + 1) and a two-two-diff, and
 *    estimate(B) = ((B0 + B1) + B2) + B3. (For finite inputs the "tails" are exactly 0, so
 *    both returns of orient2dadapt's first stage give this same value.)
 *
 * Every operation is one IEEE binary64 add, sub or mul, so the WGSL twin (soft float on raw
 * bits) gives the same bits. Test: test/kernels/pip/pip.test.ts compares this against
 * robust-predicates' own orient2d on special and random values.
 */

import { exactOrient } from './exact-orient.js';

/** robust-predicates' epsilon (2^-53), splitter (2^27 + 1) and ccwerrboundA. */
export const EPSILON = 1.1102230246251565e-16;
export const SPLITTER = 134217729;
export const CCW_A = (3 + 16 * EPSILON) * EPSILON;

/** Low part of the Dekker two-product a·b whose rounded value is `p`. */
function twoProductTail(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const ahi = c - (c - a);
  const alo = a - ahi;
  c = SPLITTER * b;
  const bhi = c - (c - b);
  const blo = b - bhi;
  return alo * blo - (p - ahi * bhi - alo * bhi - ahi * blo);
}

/** Turf's f = orient2d(u1, u2, v1, v2, 0, 0): positive, negative, zero or NaN, with Turf's exact bits. */
export function turfOrient(u1: number, u2: number, v1: number, v2: number): number {
  const detleft = u2 * v1;
  const detright = u1 * v2;
  const det = detleft - detright;
  const detsum = Math.abs(detleft + detright);
  if (Math.abs(det) >= CCW_A * detsum) return det;
  if (!(Number.isFinite(u1) && Number.isFinite(u2) && Number.isFinite(v1) && Number.isFinite(v2))) return NaN;
  // orient2dadapt with acx = u1, bcx = v1, acy = u2, bcy = v2.
  const s1 = u1 * v2;
  const s0 = twoProductTail(u1, v2, s1);
  const t1 = u2 * v1;
  const t0 = twoProductTail(u2, v1, t1);
  let i = s0 - t0;
  let bvirt = s0 - i;
  const b0 = s0 - (i + bvirt) + (bvirt - t0);
  const j = s1 + i;
  bvirt = j - s1;
  const z = s1 - (j - bvirt) + (i - bvirt);
  i = z - t1;
  bvirt = z - i;
  const b1 = z - (i + bvirt) + (bvirt - t1);
  const u3 = j + i;
  bvirt = u3 - j;
  const b2 = j - (u3 - bvirt) + (i - bvirt);
  return -(b0 + b1 + b2 + u3);
}

/**
 * point-in-polygon-hao on one polygon (exterior + holes: ring r is vertices
 * [ro[r], ro[r+1]) of the interleaved `xy`), for rings r0 <= r < r1.
 * Returns 0 on a boundary (Turf: inside unless ignoreBoundary), 1 inside, -1 outside.
 * `exact`: the orientation's sign from ./exact-orient.ts (right for any finite coordinates)
 * instead of Turf's arithmetic (which overflows past 2^500 and underflows below 2^-460).
 */
export function turfPip(xy: Float64Array, ro: Int32Array, r0: number, r1: number, px: number, py: number, exact = false): number {
  let k = 0;
  for (let r = r0; r < r1; r++) {
    const a = ro[r]!;
    const b = ro[r + 1]!;
    if (b <= a) continue;
    let u1 = xy[2 * a]! - px;
    let v1 = xy[2 * a + 1]! - py;
    for (let v = a + 1; v < b; v++) {
      const u2 = xy[2 * v]! - px;
      const v2 = xy[2 * v + 1]! - py;
      if (v1 === 0 && v2 === 0) {
        if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return 0;
      } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
        const f = exact ? exactOrient(xy[2 * v - 2]!, xy[2 * v]!, xy[2 * v - 1]!, xy[2 * v + 1]!, px, py) : turfOrient(u1, u2, v1, v2);
        if (f === 0) return 0;
        if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) k++;
      }
      u1 = u2;
      v1 = v2;
    }
  }
  return k % 2 === 0 ? -1 : 1;
}

/**
 * A coordinate is "tame" when it is 0 or its magnitude is in [2^-460, 2^500). For tame
 * points and vertices, every nonzero difference is >= 2^-512 and every product of two
 * differences lies in [2^-1024, 2^1002]: no product underflows to 0 or overflows, so Turf's
 * f has the exact sign of u2·v1 - u1·v2. Then (a) a point outside a part's bounding box is
 * outside the part, and (b) an edge with both vertices strictly on one side of the point
 * has a sign known without arithmetic. Both shortcuts are taken only for tame data.
 */
export const TAME_MIN = 2 ** -460;
export const TAME_MAX = 2 ** 500;

export function isTame(c: number): boolean {
  const a = Math.abs(c);
  return a === 0 || (a >= TAME_MIN && a < TAME_MAX);
}
