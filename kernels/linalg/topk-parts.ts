/**
 * The per-query loops of the CPU twins of 'linalg/topk' and 'linalg/radius' (distances and
 * order in ./topk-cpu.ts), in parts of the query rows on the thread pool. Each query is
 * independent: a top-k part writes its own rows of the shared outputs; a radius part returns
 * its queries' CSR piece, and the pieces are joined in part order. Same bits on any thread
 * count.
 */
import { sharedArray } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';
import { partRange, runRows } from '../part-rows.js';
import { before, pairDistance, rowNorm, type NeighborMetric } from './topk-cpu.js';

export interface PairRowsArgs {
  metric: NeighborMetric;
  q: Float64Array;
  m: number;
  r: Float64Array;
  n: number;
  d: number;
  self: boolean;
  /** Cosine: the reference rows' norms. */
  nr?: Float64Array;
  [key: string]: unknown;
}

export interface TopkArgs extends PairRowsArgs {
  k: number;
  dist: Float64Array;
  idx: Int32Array;
}

/** The k nearest references of the part's queries, into their rows of dist and idx. */
export function topkPart(part: number, parts: number, a: TopkArgs): void {
  const { metric, q, r, n, d, k, self, nr, dist, idx } = a;
  const [lo, hi] = partRange(part, parts, a.m);
  const bound = new Float64Array(k); // euclidean: the squared sums behind dist (for the early exit)
  for (let i = lo; i < hi; i++) {
    const nq = nr ? rowNorm(q, i, d) : 0;
    const D = i * k;
    let cnt = 0;
    for (let t = 0; t < n; t++) {
      if (self && t === i) continue;
      let v: number;
      let s = 0;
      if (metric === 'euclidean' || metric === 'manhattan') {
        // The partial sums only grow, so once one exceeds the k-th value the pair cannot enter.
        const lim = cnt < k ? Infinity : metric === 'euclidean' ? bound[k - 1]! : dist[D + k - 1]!;
        const qo = i * d, ro = t * d;
        let j = 0;
        if (metric === 'euclidean') {
          for (; j < d; j++) {
            const u = q[qo + j]! - r[ro + j]!;
            s = s + u * u;
            if (s > lim) break;
          }
        } else {
          for (; j < d; j++) {
            s = s + Math.abs(q[qo + j]! - r[ro + j]!);
            if (s > lim) break;
          }
        }
        if (j < d) continue;
        v = metric === 'euclidean' ? Math.sqrt(s) : s;
      } else v = pairDistance(metric, q, i, r, t, d, nq, nr ? nr[t]! : 0);
      if (cnt === k && !before(v, t, dist[D + k - 1]!, idx[D + k - 1]!)) continue;
      let p = cnt < k ? cnt++ : k - 1;
      while (p > 0 && before(v, t, dist[D + p - 1]!, idx[D + p - 1]!)) {
        dist[D + p] = dist[D + p - 1]!;
        idx[D + p] = idx[D + p - 1]!;
        bound[p] = bound[p - 1]!;
        p--;
      }
      dist[D + p] = v !== v ? NaN : v;
      idx[D + p] = t;
      bound[p] = s;
    }
  }
}

/** The references within `radius` of each of the part's queries: per-query counts, indices and distances. */
export function radiusPart(part: number, parts: number, a: PairRowsArgs & { radius: number }): { counts: Int32Array; idx: Int32Array; dist: Float64Array } {
  const { metric, q, r, n, d, self, nr, radius } = a;
  const [lo, hi] = partRange(part, parts, a.m);
  const counts = new Int32Array(hi - lo);
  let idx = new Int32Array(Math.max(16, hi - lo));
  let dist = new Float64Array(idx.length);
  let len = 0;
  for (let i = lo; i < hi; i++) {
    const nq = nr ? rowNorm(q, i, d) : 0;
    const start = len;
    for (let t = 0; t < n; t++) {
      if (self && t === i) continue;
      const v = pairDistance(metric, q, i, r, t, d, nq, nr ? nr[t]! : 0);
      if (!(v <= radius)) continue;
      if (len === idx.length) {
        const i2 = new Int32Array(len * 2);
        i2.set(idx);
        idx = i2;
        const d2 = new Float64Array(len * 2);
        d2.set(dist);
        dist = d2;
      }
      idx[len] = t;
      dist[len++] = v;
    }
    counts[i - lo] = len - start;
  }
  return { counts, idx: idx.slice(0, len), dist: dist.slice(0, len) };
}

defineTask('linalg/topk-rows', (part, parts, args) => topkPart(part, parts, args as TopkArgs));
defineTask('linalg/radius-rows', (part, parts, args) => radiusPart(part, parts, args as PairRowsArgs & { radius: number }));

/** Queries per part: at least about 2^17 pair-feature steps (n × d per query) each. */
function minQueries(n: number, d: number): number {
  return Math.max(1, Math.ceil((1 << 17) / Math.max(1, n * Math.max(1, d))));
}

function norms(metric: NeighborMetric, r: Float64Array, n: number, d: number): Float64Array | undefined {
  return metric === 'cosine' ? Float64Array.from({ length: n }, (_, t) => rowNorm(r, t, d)) : undefined;
}

/**
 * For each of the m query rows of q, the k nearest of the n reference rows of r: distances
 * (m × k float64) and indices (m × k int32), row-major. With `self`, queries are the
 * references (q === r) and query i skips reference i.
 */
export function topkRows(metric: NeighborMetric, q: Float64Array, m: number, r: Float64Array, n: number, d: number, k: number, self: boolean): { dist: Float64Array; idx: Int32Array } {
  const dist = sharedArray(Float64Array, m * k);
  const idx = sharedArray(Int32Array, m * k);
  const args: TopkArgs = { metric, q, m, r, n, d, k, self, nr: norms(metric, r, n, d), dist, idx };
  runRows<void>('linalg/topk-rows', m, args, minQueries(n, d));
  return { dist, idx };
}

/**
 * For each query row, the reference rows within `radius` (distance <= radius), indices
 * ascending: CSR offsets (m + 1 int32), indices (int32) and distances (float64).
 */
export function radiusRows(metric: NeighborMetric, q: Float64Array, m: number, r: Float64Array, n: number, d: number, radius: number, self: boolean): { offsets: Int32Array; idx: Int32Array; dist: Float64Array } {
  const args = { metric, q, m, r, n, d, self, nr: norms(metric, r, n, d), radius };
  const parts = runRows<{ counts: Int32Array; idx: Int32Array; dist: Float64Array }>('linalg/radius-rows', m, args, minQueries(n, d));
  const offsets = new Int32Array(m + 1);
  let total = 0;
  for (const p of parts) total += p.idx.length;
  const idx = new Int32Array(total);
  const dist = new Float64Array(total);
  let i = 0, len = 0;
  for (const p of parts) {
    for (const c of p.counts) offsets[i + 1] = offsets[i++]! + c;
    idx.set(p.idx, len);
    dist.set(p.dist, len);
    len += p.idx.length;
  }
  return { offsets, idx, dist };
}
