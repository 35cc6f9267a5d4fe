/**
 * Layout of the k-means kernels. The fixed summation blocks and the binding windows are the
 * dense float64 ops' (../linalg/linalg-layout.ts), re-exported here; the k-means specifics
 * (clusters per update thread, k-means++ trials) live below.
 *
 * Data layout: the features are packed once into a row-major float64 matrix M (point i,
 * feature j at i * d + j), so a window of points is one contiguous byte range.
 *
 * Summation order (the CPU twins replicate it exactly): points are cut into blocks of BLOCK
 * consecutive points; a block's partial sum is accumulated sequentially in point order from
 * +0, and the block partials are then accumulated sequentially in block order from +0.
 * Point windows start at multiples of BLOCK, so no block straddles two windows and the
 * result does not depend on the binding limit.
 */
export { BLOCK, bindAt, blocksOf, f64Words, pointWindows, rowWindows, type Window } from '../linalg/linalg-layout.js';

/** Clusters one update thread accumulates at once (a private array of this size). */
export const MAXK = 32;

/** Trials per k-means++ step (scikit-learn's greedy k-means++): 2 + floor(ln k). */
export function localTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/** Most k-means++ trials the uniform block holds (k < e^30). */
export const MAX_TRIALS = 32;
