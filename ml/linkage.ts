/**
 * The merge loop of agglomerative clustering, host-side, on a condensed distance matrix
 * (the strict upper triangle, row by row: pair (i, j), i < j, at `condensedIndex(n, i, j)`).
 *
 * These follow the code scikit-learn 1.2 runs step for step, so that on tie-free data the
 * merges, their order, the children ids and the merge distances are the same:
 * - single linkage: Prim's minimum-spanning-tree walk from point 0 as SciPy's
 *   `mst_single_linkage` and scikit-learn's `mst_linkage_core` (each step records the
 *   last-added point and the new point, which is all the dendrogram needs, Müllner 2011);
 * - complete and average linkage: SciPy's nearest-neighbour chain (`nn_chain`) with the
 *   Lance–Williams update (complete: max; average: (n_x d_xk + n_y d_yk) / (n_x + n_y)),
 *   whose order of updates fixes the rounding of average-linkage distances;
 * - then a stable sort of the merges by distance and union-find labelling: new node n + i
 *   for merge i; each pair ordered (smaller, larger) as SciPy's `label`, or, for
 *   scikit-learn's own single-linkage path (euclidean input), (root of the last-added point,
 *   root of the new point) as its `single_linkage_label`;
 * - the cut into k clusters: scikit-learn's `_hc_cut`, with Python's heapq replicated so the
 *   cluster numbers are the same too.
 *
 * Ties (equal distances) are broken as those codes break them (the first minimum in index
 * order, the chain's predecessor preferred), so tied data gives their dendrogram as well,
 * except where floating-point differences in the input distances decide a near tie.
 *
 * Time O(n^2), memory the condensed matrix (n (n - 1) / 2 float64; 400 MB at n = 10,000).
 */

/** Index of pair (i, j), i < j, in a condensed matrix of n points. */
export function condensedIndex(n: number, i: number, j: number): number {
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** The dendrogram: children (n - 1 rows of two node ids) and merge distances, ascending. */
export interface Dendrogram {
  readonly children: Int32Array;
  readonly distances: Float64Array;
}

export type LinkageMethod = 'single' | 'complete' | 'average';

/** Merges in discovery order: pairs (x, y) and their distances. */
interface Merges {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly dist: Float64Array;
}

/** Prim's walk from point 0 (SciPy's mst_single_linkage; reads D, leaves it intact). */
function primMerges(D: Float64Array, n: number): Merges {
  const a = new Int32Array(n - 1);
  const b = new Int32Array(n - 1);
  const dist = new Float64Array(n - 1);
  const merged = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let currentMin = Infinity;
    let y = -1;
    merged[x] = 1;
    // Pair (i, x) sits at `col` for i < x (stepping by n - i - 2), at rowBase + i for i > x.
    let col = x - 1;
    const rowBase = condensedIndex(n, x, x + 1) - (x + 1);
    for (let i = 0; i < n; i++) {
      const at = i < x ? col : rowBase + i;
      if (i < x) col += n - i - 2;
      if (merged[i] || i === x) continue;
      const d = D[at]!;
      if (best[i]! > d) best[i] = d;
      if (best[i]! < currentMin) {
        y = i;
        currentMin = best[i]!;
      }
    }
    a[k] = x;
    b[k] = y;
    dist[k] = currentMin;
    x = y;
  }
  return { a, b, dist };
}

/** SciPy's nn_chain for complete and average linkage (overwrites D). */
function nnChainMerges(D: Float64Array, n: number, method: 'complete' | 'average'): Merges {
  const a = new Int32Array(n - 1);
  const b = new Int32Array(n - 1);
  const dist = new Float64Array(n - 1);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  const at = (i: number, j: number) => (i < j ? condensedIndex(n, i, j) : condensedIndex(n, j, i));
  let len = 0;
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      len = 1;
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x = 0;
    let y = 0;
    let currentMin = Infinity;
    for (;;) {
      x = chain[len - 1]!;
      // Prefer the previous element of the chain as the minimum, to avoid cycles.
      if (len > 1) {
        y = chain[len - 2]!;
        currentMin = D[at(x, y)]!;
      } else currentMin = Infinity;
      let col = x - 1;
      const rowBase = condensedIndex(n, x, x + 1) - (x + 1);
      for (let i = 0; i < n; i++) {
        const ix = i < x ? col : rowBase + i;
        if (i < x) col += n - i - 2;
        if (size[i] === 0 || i === x) continue;
        const d = D[ix]!;
        if (d < currentMin) {
          currentMin = d;
          y = i;
        }
      }
      if (len > 1 && y === chain[len - 2]) break;
      chain[len++] = y;
    }
    len -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x]!;
    const ny = size[y]!;
    a[k] = x;
    b[k] = y;
    dist[k] = currentMin;
    size[x] = 0;
    size[y] = nx + ny;
    let colX = x - 1;
    let colY = y - 1;
    const baseX = condensedIndex(n, x, x + 1) - (x + 1);
    const baseY = condensedIndex(n, y, y + 1) - (y + 1);
    for (let i = 0; i < n; i++) {
      const ix = i < x ? colX : baseX + i;
      const iy = i < y ? colY : baseY + i;
      if (i < x) colX += n - i - 2;
      if (i < y) colY += n - i - 2;
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      D[iy] = method === 'complete' ? Math.max(D[ix]!, D[iy]!) : (nx * D[ix]! + ny * D[iy]!) / (nx + ny);
    }
  }
  return { a, b, dist };
}

/** Union-find root with path compression. */
function find(parent: Int32Array, x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r]!;
  while (parent[x] !== r) {
    const next = parent[x]!;
    parent[x] = r;
    x = next;
  }
  return r;
}

/** Stable sort by distance, then union-find labels (SciPy's `label`, or scikit-learn's single_linkage_label). */
function label(m: Merges, n: number, sortedPairs: boolean): Dendrogram {
  const order = Array.from({ length: n - 1 }, (_, i) => i);
  order.sort((p, q) => m.dist[p]! - m.dist[q]!);
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  const children = new Int32Array(2 * (n - 1));
  const distances = new Float64Array(n - 1);
  order.forEach((o, k) => {
    const rx = find(parent, m.a[o]!);
    const ry = find(parent, m.b[o]!);
    const swap = sortedPairs && ry < rx;
    children[2 * k] = swap ? ry : rx;
    children[2 * k + 1] = swap ? rx : ry;
    distances[k] = m.dist[o]!;
    parent[rx] = n + k;
    parent[ry] = n + k;
  });
  return { children, distances };
}

/**
 * The full dendrogram of n >= 2 points from a condensed matrix of finite distances. `D` is
 * overwritten for complete and average linkage. `sortedPairs` false gives scikit-learn's
 * single-linkage pair order (its euclidean path); true gives SciPy's (every other path).
 *
 * @example
 * ```ts
 * const D = gf.array(new Float64Array([0, 1, 4, 1, 0, 2, 4, 2, 0])); // 3 × 3
 * const ac = await new gf.AgglomerativeClustering({ distanceThreshold: 10, linkage: 'single', metric: 'precomputed' }).fit({ data: D, n: 3 });
 * ac.children; // Int32Array [0, 1, 2, 3]
 * ac.distances; // Float64Array [1, 2]
 * ```
 */
export function linkageTree(D: Float64Array, n: number, method: LinkageMethod, sortedPairs: boolean): Dendrogram {
  if (n < 2) return { children: new Int32Array(0), distances: new Float64Array(0) };
  const m = method === 'single' ? primMerges(D, n) : nnChainMerges(D, n, method);
  return label(m, n, sortedPairs);
}

/** Python's heapq on a list of numbers (min-heap): `_siftdown` and `_siftup` exactly. */
function siftDown(h: number[], start: number, pos: number): void {
  const item = h[pos]!;
  while (pos > start) {
    const p = (pos - 1) >> 1;
    if (item < h[p]!) {
      h[pos] = h[p]!;
      pos = p;
      continue;
    }
    break;
  }
  h[pos] = item;
}

function siftUp(h: number[], pos: number): void {
  const end = h.length;
  const start = pos;
  const item = h[pos]!;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(h[child]! < h[right]!)) child = right;
    h[pos] = h[child]!;
    pos = child;
    child = 2 * pos + 1;
  }
  h[pos] = item;
  siftDown(h, start, pos);
}

/**
 * Cut the dendrogram into k clusters as scikit-learn's `_hc_cut`: split the largest node k - 1
 * times; cluster i is the i-th node of the resulting heap. Needs 1 <= k <= n.
 *
 * @example
 * ```ts
 * const D = gf.array(new Float64Array([0, 1, 4, 1, 0, 2, 4, 2, 0])); // 3 × 3
 * const ac = await new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single', metric: 'precomputed' }).fit({ data: D, n: 3 });
 * await ac.labels.toArray(); // Int32Array [0, 0, 1], as scikit-learn
 * ```
 */
export function cutTree(k: number, children: Int32Array, n: number): Int32Array {
  const labels = new Int32Array(n);
  if (n < 2) return labels;
  const root = Math.max(children[2 * (n - 2)]!, children[2 * (n - 2) + 1]!) + 1;
  const heap = [-root];
  for (let s = 0; s < k - 1; s++) {
    const c = -heap[0]! - n;
    heap.push(-children[2 * c]!);
    siftDown(heap, 0, heap.length - 1);
    const item = -children[2 * c + 1]!;
    // heappushpop: the pushed item replaces the top when the top is smaller.
    if (heap[0]! < item) {
      heap[0] = item;
      siftUp(heap, 0);
    }
  }
  const stack: number[] = [];
  heap.forEach((neg, i) => {
    stack.push(-neg);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (v < n) labels[v] = i;
      else stack.push(children[2 * (v - n)]!, children[2 * (v - n) + 1]!);
    }
  });
  return labels;
}
