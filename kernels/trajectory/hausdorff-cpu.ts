/**
 * CPU twin of ./hausdorff.ts: the directed Hausdorff distance of every ordered pair, by
 * Taha and Hanbury's early break (the scan over v stops at the first point closer than the
 * running maximum, which cannot raise it) and their scan order (from the last nearest point),
 * so the result is exactly max over u of min over v.
 * Euclidean compares squared distances and takes one square root at the end, as SciPy does,
 * and prunes with bounding boxes of runs of points (./hausdorff-euclid.ts; exact as well).
 */
import type { MatrixBand } from '../matrix/symmetrize.js';
import { cpuPairBands, type PairOptions, type TrajectoryInput } from './pair-tiles.js';
import { directedEuclid2, runBoxes } from './hausdorff-euclid.js';

/**
 * Directed Hausdorff from the points [a0, a1) to [b0, b1) (both non-empty, in the domain).
 * The scan over v starts at the previous point's nearest v (consecutive track points have
 * nearby neighbours, so the break comes at once); the order does not change the minimum.
 */
export function directedHausdorff(c: Float64Array, a0: number, a1: number, b0: number, b1: number, dist: (c: Float64Array, a: number, b: number) => number): number {
  const m = b1 - b0;
  let cmax = 0;
  let from = 0;
  for (let a = a0; a < a1; a++) {
    let cmin = Infinity;
    let broke = false;
    for (let k = 0, b = from; k < m; k++, b = b + 1 === m ? 0 : b + 1) {
      const d = dist(c, a, b0 + b);
      if (d < cmax) {
        broke = true;
        from = b;
        break;
      }
      if (d < cmin) {
        cmin = d;
        from = b;
      }
    }
    if (!broke && cmin > cmax) cmax = cmin;
  }
  return cmax;
}

export function hausdorffCpu(input: TrajectoryInput, bandRows: number, opts: PairOptions): MatrixBand[] {
  const euclid = opts.metric === 'euclidean';
  return cpuPairBands(input, bandRows, opts, 'trajectory/hausdorff', (m, c, off) => {
    if (!euclid) return (i, j) => m.finish(directedHausdorff(c, off[i]!, off[i + 1]!, off[j]!, off[j + 1]!, m.dist));
    const boxes = runBoxes(off, c, input.n);
    return (i, j) => Math.sqrt(directedEuclid2(c, off, boxes, i, j));
  });
}
