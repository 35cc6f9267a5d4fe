/**
 * The euclidean hot loop of the CPU twin of trajectory/hausdorff (./hausdorff-cpu.ts): the
 * directed distance of a pair on squared float64 distances, by Taha and Hanbury's early break
 * plus bounding boxes of runs of CHUNK consecutive points (a track's runs are short and tight).
 *
 * For a pair (A, B), A's runs are visited starting with the one farthest from B's box (the
 * maximum is usually there, and a large running maximum makes every later break come early);
 * a run of A is skipped when every one of its points is within the running maximum of B's
 * last nearest point; each point a first tries that point (the early break), then scans B's
 * runs, skipping a run whose box is no nearer than the best distance so far.
 *
 * Exact, equal to max over a of min over b of fl(fl(dx²) + fl(dy²)) (dx = fl(xa − xb)) in any
 * order: the bounds are computed from the box edges with the same operations, and rounding is
 * monotone, so a box bound is ≤ (lower) or ≥ (upper) the computed distance of every point in
 * the box, never only the real one. Skipped points are exactly those whose minimum cannot
 * exceed the maximum (upper bound ≤ it) or whose distance cannot lower the minimum (lower
 * bound ≥ it). Only for finite coordinates (the caller gives NaN for the other pairs).
 */

/** Points per run (bounding box). */
const CHUNK = 12;

/** Run boxes of every trajectory: run offsets (n + 1), x0 y0 x1 y1 per run, and per track. */
export interface RunBoxes {
  readonly runOff: Int32Array;
  readonly run: Float64Array;
  readonly track: Float64Array;
}

/** The run boxes of n trajectories (offsets into interleaved xy `c`, absolute). */
export function runBoxes(off: Int32Array, c: Float64Array, n: number): RunBoxes {
  const runOff = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) runOff[i + 1] = runOff[i]! + Math.ceil((off[i + 1]! - off[i]!) / CHUNK);
  const run = new Float64Array(4 * runOff[n]!);
  const track = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    let X0 = Infinity, Y0 = Infinity, X1 = -Infinity, Y1 = -Infinity;
    for (let q = runOff[i]!, p = off[i]!; q < runOff[i + 1]!; q++, p += CHUNK) {
      const e = Math.min(p + CHUNK, off[i + 1]!);
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let k = p; k < e; k++) {
        const x = c[2 * k]!, y = c[2 * k + 1]!;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      run[4 * q] = x0;
      run[4 * q + 1] = y0;
      run[4 * q + 2] = x1;
      run[4 * q + 3] = y1;
      if (x0 < X0) X0 = x0;
      if (y0 < Y0) Y0 = y0;
      if (x1 > X1) X1 = x1;
      if (y1 > Y1) Y1 = y1;
    }
    track[4 * i] = X0;
    track[4 * i + 1] = Y0;
    track[4 * i + 2] = X1;
    track[4 * i + 3] = Y1;
  }
  return { runOff, run, track };
}

/** The run of A to visit first: the one whose box is farthest from B's box (the first on ties). */
function farthestRun(bb: Float64Array, p0: number, p1: number, tb: Float64Array, j: number): number {
  const X0 = tb[4 * j]!, Y0 = tb[4 * j + 1]!, X1 = tb[4 * j + 2]!, Y1 = tb[4 * j + 3]!;
  let start = p0;
  let best = -1;
  for (let p = p0; p < p1; p++) {
    const ex = bb[4 * p]!, ey = bb[4 * p + 1]!, fx = bb[4 * p + 2]!, fy = bb[4 * p + 3]!;
    const mx = fx < X0 ? X0 - fx : ex > X1 ? ex - X1 : 0;
    const my = fy < Y0 ? Y0 - fy : ey > Y1 ? ey - Y1 : 0;
    const l = mx * mx + my * my;
    if (l > best) {
      best = l;
      start = p;
    }
  }
  return start;
}

/**
 * Squared directed Hausdorff distance from trajectory i to trajectory j (both non-empty, all
 * coordinates finite): max over i's points of the min over j's points of dx² + dy².
 */
export function directedEuclid2(c: Float64Array, off: Int32Array, boxes: RunBoxes, i: number, j: number): number {
  const { runOff, run: bb } = boxes;
  const a1 = off[i + 1]!, b0 = off[j]!, b1 = off[j + 1]!;
  const p0 = runOff[i]!, p1 = runOff[i + 1]!;
  const q0 = runOff[j]!, q1 = runOff[j + 1]!;
  const np = p1 - p0;
  const pFirst = farthestRun(bb, p0, p1, boxes.track, j);
  let cmax = 0;
  let from = b0; // B's point nearest to the last point of A scanned in full
  for (let s = 0; s < np; s++) {
    const p = pFirst + s < p1 ? pFirst + s : pFirst + s - np;
    const fx = c[2 * from]!, fy = c[2 * from + 1]!;
    const ux = fx - bb[4 * p]!, vx = bb[4 * p + 2]! - fx, uy = fy - bb[4 * p + 1]!, vy = bb[4 * p + 3]! - fy;
    const wx = ux > vx ? ux : vx, wy = uy > vy ? uy : vy;
    if (wx * wx + wy * wy <= cmax) continue; // every point of the run is within cmax of `from`
    const aStart = off[i]! + (p - p0) * CHUNK;
    const aEnd = aStart + CHUNK < a1 ? aStart + CHUNK : a1;
    for (let a = aStart; a < aEnd; a++) {
      const x = c[2 * a]!, y = c[2 * a + 1]!;
      let dx = x - c[2 * from]!, dy = y - c[2 * from + 1]!;
      let cmin = dx * dx + dy * dy;
      if (cmin < cmax) continue; // the early break
      let broke = false;
      for (let q = q0; q < q1 && !broke; q++) {
        const ex = bb[4 * q]!, ey = bb[4 * q + 1]!, gx = bb[4 * q + 2]!, gy = bb[4 * q + 3]!;
        const mx = x < ex ? ex - x : x > gx ? x - gx : 0;
        const my = y < ey ? ey - y : y > gy ? y - gy : 0;
        if (mx * mx + my * my >= cmin) continue; // no point of this run is nearer
        const bStart = b0 + (q - q0) * CHUNK;
        const bEnd = bStart + CHUNK < b1 ? bStart + CHUNK : b1;
        for (let b = bStart; b < bEnd; b++) {
          dx = x - c[2 * b]!;
          dy = y - c[2 * b + 1]!;
          const d = dx * dx + dy * dy;
          if (d < cmin) {
            cmin = d;
            from = b;
            if (d < cmax) {
              broke = true;
              break;
            }
          }
        }
      }
      if (!broke && cmin > cmax) cmax = cmin;
    }
  }
  return cmax;
}
