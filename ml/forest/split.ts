/**
 * Split search over one node's histogram (the words of 'forest/histogram', layout in
 * kernels/forest/train-layout.ts), with scikit-learn's criteria and their proxies:
 * - 'gini': impurity 1 − Σ p_c²; proxy Σ_c wL_c² / wL + Σ_c wR_c² / wR;
 * - 'entropy' (scikit-learn's 'log_loss' too): impurity −Σ p_c log2 p_c; proxy −wL·H_L − wR·H_R;
 * - 'squared_error': proxy sL² / wL + sR² / wR over the fixed-point target sums.
 * The best split maximises the proxy; ties keep the first found (candidate features in drawn
 * order, bins ascending). Candidates are the boundaries between a node's non-empty bins; the
 * threshold bin is the middle of the empty run between them (scikit-learn's midpoint, in bins).
 * All host arithmetic on exact integer inputs, so both backends choose the same splits.
 */
import { readInt64 } from '../../kernels/forest/train-cpu.js';

export type Criterion = 'gini' | 'entropy' | 'squared_error';

/** A node's totals: rows, weight, and per-class weights (classification) or Σ w·q (regression). */
export interface NodeStats {
  rows: number;
  w: number;
  cls: Float64Array | null;
  sum: number;
}

export interface Split {
  k: number;
  bin: number;
  proxy: number;
  left: NodeStats;
  right: NodeStats;
}

/** The totals of a node from its histogram block k (its first candidate feature). */
export function statsOf(h: Uint32Array, at: number, nBins: number, ch: number, classes: number): NodeStats {
  const st: NodeStats = { rows: 0, w: 0, cls: classes > 0 ? new Float64Array(classes) : null, sum: 0 };
  for (let b = 0; b < nBins; b++) addBin(st, h, at + b * ch, classes);
  return st;
}

function addBin(st: NodeStats, h: Uint32Array, at: number, classes: number): void {
  st.rows += h[at]!;
  if (st.cls) {
    for (let c = 0; c < classes; c++) {
      const v = h[at + 1 + c]!;
      st.cls[c] = st.cls[c]! + v;
      st.w += v;
    }
  } else {
    st.w += h[at + 1]!;
    st.sum += readInt64(h, at + 2);
  }
}

/** The impurity of a node (for leaves' checks and feature importances). */
export function impurity(criterion: Criterion, st: NodeStats): number {
  if (!st.cls || st.w === 0) return 0;
  if (criterion === 'gini') {
    let s = 0;
    for (const v of st.cls) s += v * v;
    return 1 - s / (st.w * st.w);
  }
  return entropyTerm(st.cls, st.w);
}

/** Scratch for the scan (one per call site; grown on demand). */
const scratch = { left: new Float64Array(0), right: new Float64Array(0) };

function entropyTerm(cls: Float64Array, w: number): number {
  let e = 0;
  for (let c = 0; c < cls.length; c++) {
    const v = cls[c]!;
    if (v > 0) e -= (v / w) * Math.log2(v / w);
  }
  return e;
}

/**
 * Scan block k of a node's histogram (words from `at`) for the best split of feature `feature`
 * with at least `minLeaf` rows a side. Returns the best split if its proxy beats `best` (else
 * `best`), and whether the feature is constant in the node (one non-empty bin: scikit-learn
 * draws another feature in its place).
 */
export function scanFeature(h: Uint32Array, at: number, feature: number, nBins: number, ch: number, classes: number, total: NodeStats, criterion: Criterion, minLeaf: number, best: Split | null): { best: Split | null; constant: boolean } {
  if (scratch.left.length < classes) (scratch.left = new Float64Array(classes)), (scratch.right = new Float64Array(classes));
  const L = scratch.left.subarray(0, classes);
  const R = scratch.right.subarray(0, classes);
  L.fill(0);
  // The left side's totals so far, summed bin by bin as statsOf sums a whole node.
  const left: NodeStats = { rows: 0, w: 0, cls: classes > 0 ? L : null, sum: 0 };
  let b = 0;
  while (b < nBins && h[at + b * ch] === 0) b++;
  let nonEmpty = 0;
  while (b < nBins) {
    addBin(left, h, at + b * ch, classes);
    const { rows: rowsL, w: wL, sum: sumL } = left;
    nonEmpty++;
    let next = b + 1;
    while (next < nBins && h[at + next * ch] === 0) next++;
    if (next >= nBins) break;
    const wR = total.w - wL;
    if (rowsL >= minLeaf && total.rows - rowsL >= minLeaf && wL > 0 && wR > 0) {
      let p: number;
      if (classes === 0) {
        const sumR = total.sum - sumL;
        p = (sumL * sumL) / wL + (sumR * sumR) / wR;
      } else {
        for (let c = 0; c < classes; c++) R[c] = total.cls![c]! - L[c]!;
        if (criterion === 'gini') {
          let a = 0;
          let r = 0;
          for (let c = 0; c < classes; c++) (a += L[c]! * L[c]!), (r += R[c]! * R[c]!);
          p = a / wL + r / wR;
        } else p = -wL * entropyTerm(L, wL) - wR * entropyTerm(R, wR);
      }
      if (!best || p > best.proxy) {
        const right: NodeStats = { rows: total.rows - rowsL, w: wR, cls: classes > 0 ? R.slice() : null, sum: total.sum - sumL };
        best = { k: feature, bin: (b + next - 1) >> 1, proxy: p, left: { rows: rowsL, w: wL, cls: classes > 0 ? L.slice() : null, sum: sumL }, right };
      }
    }
    b = next;
  }
  return { best, constant: nonEmpty <= 1 };
}

/** Whether only one class has weight (a pure classification node). */
export function pureClasses(st: NodeStats): boolean {
  if (!st.cls) return false;
  let seen = 0;
  for (const v of st.cls) if (v > 0) seen++;
  return seen <= 1;
}
