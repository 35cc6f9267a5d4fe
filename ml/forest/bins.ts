/**
 * Feature binning for the tree learners (cuML's `n_bins`): per feature at most nBins bins whose
 * cut points come from the training data's quantiles, then every value as its bin code, packed
 * in the layout of kernels/forest/train-layout.ts.
 *
 * Cuts: with at most nBins distinct values, a cut between every two neighbouring values (each
 * value its own bin, as exact as scikit-learn's splitter); otherwise a cut after the value at
 * each rank k·n/nBins (k = 1 … nBins − 1), duplicates merged. A cut sits halfway between the two
 * distinct values it separates (scikit-learn's thresholds are midpoints), or on the lower one when
 * the halfway point rounds up to the upper. A value's code is the number of cuts below it, so
 * `x <= cuts[b]` exactly when the code is <= b: a split "codes <= b go left" is the threshold
 * cuts[b] under the forest's 'f64-le' rule, and prediction retraces training's partition.
 */
import { codeWords, BLOCK_ROWS, BLOCK_WORDS } from '../../kernels/forest/train-layout.js';

/** The cut points of one feature (ascending, distinct). */
export function cutsOf(values: Float64Array, nBins: number): Float64Array {
  const n = values.length;
  if (n === 0) return new Float64Array(0);
  const s = values.slice().sort();
  const distinct: number[] = [s[0]!];
  for (let i = 1; i < n && distinct.length <= nBins; i++) if (s[i] !== s[i - 1]) distinct.push(s[i]!);
  const cuts: number[] = [];
  if (distinct.length <= nBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(halfway(distinct[i]!, distinct[i + 1]!));
    return Float64Array.from(cuts);
  }
  for (let k = 1; k < nBins; k++) {
    const a = s[Math.floor((k * n) / nBins) - 1]!;
    const j = upperBound(s, a);
    if (j >= n) break;
    const c = halfway(a, s[j]!);
    if (cuts.length === 0 || c > cuts[cuts.length - 1]!) cuts.push(c);
  }
  return Float64Array.from(cuts);
}

/** The first index of sorted s holding a value > a. */
function upperBound(s: Float64Array, a: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! <= a) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function halfway(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m >= b || m < a ? a : m;
}

/** The code of x: the number of cuts below it. */
export function codeOf(cuts: Float64Array, x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pack the codes of n rows × d features (one Float64Array per feature) with their cuts. */
export function packCodes(cols: readonly Float64Array[], cuts: readonly Float64Array[], n: number): Uint32Array {
  const d = cols.length;
  const words = new Uint32Array(codeWords(n, d));
  for (let f = 0; f < d; f++) {
    const x = cols[f]!;
    const c = cuts[f]!;
    for (let i = 0; i < n; i++) {
      const w = Math.floor(i / BLOCK_ROWS) * d * BLOCK_WORDS + f * BLOCK_WORDS + ((i % BLOCK_ROWS) >> 2);
      words[w] = (words[w]! | (codeOf(c, x[i]!) << ((i & 3) * 8))) >>> 0;
    }
  }
  return words;
}
