/**
 * CPU twin of ./hausdorff.ts: the directed Hausdorff distance of every ordered pair, by
 * Taha and Hanbury's early break (the scan over v stops at the first point closer than the
 * running maximum, which cannot raise it) in scan orders that make it come early (below), so
 * the result is exactly max over u of min over v whatever the order.
 * Euclidean compares squared distances and takes one square root at the end, as SciPy does,
 * and prunes with bounding boxes of runs of points (./hausdorff-euclid.ts; exact as well).
 * The matrix's rows run in parts on the thread pool (./pair-rows.ts).
 */

/**
 * Directed Hausdorff from the points [a0, a1) to [b0, b1) (both non-empty, in the domain).
 * Orders only, which do not change the result: the scan over u starts at the point farthest
 * (in coordinate units) from box k of `boxes` (x0 y0 x1 y1 of v's points: the maximum is
 * usually there, and a large running maximum makes every later break come early) and wraps
 * around; the scan over v walks outward from the previous point's nearest v (consecutive
 * track points have nearby neighbours, so the break comes at once).
 */
export function directedHausdorff(c: Float64Array, a0: number, a1: number, b0: number, b1: number, dist: (c: Float64Array, a: number, b: number) => number, boxes: Float64Array, k: number): number {
  const X0 = boxes[4 * k]!, Y0 = boxes[4 * k + 1]!, X1 = boxes[4 * k + 2]!, Y1 = boxes[4 * k + 3]!;
  let aFirst = a0;
  let best = -1;
  for (let a = a0; a < a1; a++) {
    const x = c[2 * a]!, y = c[2 * a + 1]!;
    const mx = x < X0 ? X0 - x : x > X1 ? x - X1 : 0;
    const my = y < Y0 ? Y0 - y : y > Y1 ? y - Y1 : 0;
    if (mx * mx + my * my > best) {
      best = mx * mx + my * my;
      aFirst = a;
    }
  }
  const n = a1 - a0, m = b1 - b0;
  let cmax = 0;
  let from = 0;
  for (let s = 0; s < n; s++) {
    const a = aFirst + s < a1 ? aFirst + s : aFirst + s - n;
    let cmin = Infinity;
    let broke = false;
    let near = from;
    // from, from + 1, from - 1, from + 2, ... (one side alone once the other is used up)
    for (let t = 0, b = from, lo = from - 1, hi = from + 1, up = true; t < m; t++) {
      const d = dist(c, a, b0 + b);
      if (d < cmax) {
        broke = true;
        near = b;
        break;
      }
      if (d < cmin) {
        cmin = d;
        near = b;
      }
      if ((up && hi < m) || lo < 0) {
        b = hi++;
        up = false;
      } else {
        b = lo--;
        up = true;
      }
    }
    from = near;
    if (!broke && cmin > cmax) cmax = cmin;
  }
  return cmax;
}
