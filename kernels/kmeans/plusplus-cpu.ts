/**
 * CPU twin of greedy k-means++ seeding (./plusplus-gpu.ts, steps in ./plusplus-wgsl.ts): the
 * same draws, the same block-ordered sums, searches and gains, so both backends choose the
 * same centers. It computes every distance exactly (no f32 bracket: it is cheap here).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { BLOCK, localTrials } from './layout.js';
import { blockSums, dist } from './kmeans-cpu.js';
import type { Matrix, PlusPlusDraws } from './types.js';

export function plusplusCpu(x: Matrix, k: number, draws: PlusPlusDraws): DataBuffer<'float64'> {
  const { n, d } = x;
  const m = x.data.hostView('kmeans/plusplus') as Float64Array;
  const trials = localTrials(k);
  const nb = Math.ceil(n / BLOCK);
  const centers = new Float64Array(k * d);
  centers.set(m.subarray(draws.first * d, draws.first * d + d), 0);
  const dd = new Float64Array(n);
  for (let i = 0; i < n; i++) dd[i] = dist(m, i * d, centers, 0, d);
  const qp = new Float64Array(nb);
  const g = new Float64Array(trials * d);
  const gain = new Float64Array(trials);
  const cand = new Float64Array(k > 1 ? n * trials : 0);
  for (let c = 1; c < k; c++) {
    const ps = blockSums(dd, n);
    let run = 0;
    for (let b = 0; b < nb; b++) qp[b] = run += ps[b]!;
    for (let t = 0; t < trials; t++) {
      const u = draws.rands[(c - 1) * trials + t]! * qp[nb - 1]!;
      let lo = 0;
      let hi = nb - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (qp[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      let acc = lo === 0 ? 0 : qp[lo - 1]!;
      const end = Math.min((lo + 1) * BLOCK, n);
      let idx = end - 1;
      for (let i = lo * BLOCK; i < end; i++) {
        acc += dd[i]!;
        if (!(acc < u)) {
          idx = i;
          break;
        }
      }
      g.set(m.subarray(idx * d, idx * d + d), t * d);
    }
    // DD[i, t] = min(D[i], dist(x_i, candidate t)); gain_t = block-ordered sum of D[i] - DD[i, t].
    for (let i = 0; i < n; i++) {
      const di = dd[i]!;
      for (let t = 0; t < trials; t++) {
        const v = dist(m, i * d, g, t * d, d);
        cand[i * trials + t] = v < di ? v : di;
      }
    }
    gain.fill(0);
    for (let b = 0; b < nb; b++) {
      const end = Math.min((b + 1) * BLOCK, n);
      for (let t = 0; t < trials; t++) {
        let acc = 0;
        for (let i = b * BLOCK; i < end; i++) {
          const v = cand[i * trials + t]!;
          if (v !== dd[i]) acc += dd[i]! - v;
        }
        gain[t]! += acc;
      }
    }
    const pot = qp[nb - 1]!;
    let best = 0;
    let bp = pot - gain[0]!;
    for (let t = 1; t < trials; t++) {
      const p = pot - gain[t]!;
      if (p < bp) {
        best = t;
        bp = p;
      }
    }
    centers.set(g.subarray(best * d, best * d + d), c * d);
    for (let i = 0; i < n; i++) dd[i] = cand[i * trials + best]!;
  }
  return DataBuffer.fromHost(centers, 'float64');
}
