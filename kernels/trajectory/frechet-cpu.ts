/**
 * CPU twin of ./frechet.ts: the discrete Fréchet distance of every ordered pair by Eiter and
 * Mannila's dynamic programme, one rolling row of the column trajectory's length:
 *   ca(a, b) = max(d(a, b), min(ca(a-1, b), ca(a-1, b-1), ca(a, b-1))),
 * with the first row and column taking only their one predecessor. Euclidean runs on squared
 * distances and takes one square root at the end (√ is monotone, so max/min commute with it).
 * The matrix's rows run in parts on the thread pool (./pair-rows.ts).
 */

/** Discrete Fréchet (before `finish`) between the points [a0, a1) and [b0, b1), both non-empty; `row` has room for b1 - b0. */
export function discreteFrechet(c: Float64Array, a0: number, a1: number, b0: number, b1: number, dist: (c: Float64Array, a: number, b: number) => number, row: Float64Array): number {
  const m = b1 - b0;
  for (let a = a0; a < a1; a++) {
    let left = 0;
    let diag = 0;
    for (let k = 0; k < m; k++) {
      const d = dist(c, a, b0 + k);
      const up = row[k]!;
      let v: number;
      if (a === a0) v = k === 0 ? d : Math.max(d, left);
      else if (k === 0) v = Math.max(d, up);
      else v = Math.max(d, Math.min(up, diag, left));
      diag = up;
      row[k] = v;
      left = v;
    }
  }
  return row[m - 1]!;
}
