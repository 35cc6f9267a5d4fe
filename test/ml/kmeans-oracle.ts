// An independent plain-JS k-means (scikit-learn's Lloyd loop, textbook sums in point order)
// and a brute-force nearest-center labeller, for checking KMeans within rounding.

/** Nearest center of each point (the first on ties) by brute force. */
export function nearest(cols: ReadonlyArray<ArrayLike<number>>, centers: ArrayLike<number>, k: number): Int32Array {
  const d = cols.length;
  const n = cols[0]!.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bd = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (cols[j]![i]! - centers[c * d + j]!) ** 2;
      if (s < bd) {
        bd = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/**
 * scikit-learn 1.2's _kmeans_single_lloyd with sample weights and its empty-cluster
 * relocation (_relocate_empty_clusters_dense: the farthest points, farthest first).
 */
export function lloydOracle(cols: ReadonlyArray<ArrayLike<number>>, init: Float64Array, k: number, maxIter: number, tol: number, weights?: ArrayLike<number>) {
  const d = cols.length;
  const n = cols[0]!.length;
  const wt = (i: number) => (weights ? weights[i]! : 1);
  const variances = cols.map((c) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += c[i]!;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (c[i]! - m) ** 2;
    return v / n;
  });
  const tolAbs = (variances.reduce((a, b) => a + b, 0) / d) * tol;
  const sq = (i: number, c: Float64Array, cl: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (cols[j]![i]! - c[cl * d + j]!) ** 2;
    return s;
  };
  let centers = Float64Array.from(init);
  let labels: Int32Array = new Int32Array(n).fill(-1);
  let nIter = 0;
  let strict = false;
  for (let it = 0; it < maxIter; it++) {
    const next = nearest(cols, centers, k);
    const sums = new Float64Array(k * d);
    const weight = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      weight[next[i]!]! += wt(i);
      for (let j = 0; j < d; j++) sums[next[i]! * d + j]! += cols[j]![i]! * wt(i);
    }
    const empty = [...weight.keys()].filter((c) => weight[c] === 0);
    if (empty.length > 0) {
      const dist = Array.from({ length: n }, (_, i) => sq(i, centers, next[i]!));
      const far = [...dist.keys()].sort((a, b) => dist[b]! - dist[a]! || b - a).slice(0, empty.length);
      if (dist[far[0]!]! > 0) {
        empty.forEach((c, r) => {
          const f = far[r]!;
          const o = next[f]!;
          for (let j = 0; j < d; j++) {
            sums[o * d + j]! -= cols[j]![f]! * wt(f);
            sums[c * d + j] = cols[j]![f]! * wt(f);
          }
          weight[c] = wt(f);
          weight[o]! -= wt(f);
        });
      }
    }
    // A cluster still empty (nothing to relocate: every distance 0) keeps its old center.
    const moved = sums.map((v, q) => (weight[Math.floor(q / d)]! > 0 ? v / weight[Math.floor(q / d)]! : centers[q]!));
    let shift = 0;
    for (let q = 0; q < k * d; q++) shift += (moved[q]! - centers[q]!) ** 2;
    centers = moved;
    nIter = it + 1;
    const same = next.every((l, i) => l === labels[i]);
    labels = next;
    if (same) {
      strict = true;
      break;
    }
    if (shift <= tolAbs) break;
  }
  if (!strict) labels = nearest(cols, centers, k);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sq(i, centers, labels[i]!) * wt(i);
  return { centers, labels, inertia, nIter };
}
