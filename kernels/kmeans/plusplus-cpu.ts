/**
 * CPU twin of greedy k-means++ seeding (./plusplus-gpu.ts, steps in ./plusplus-wgsl.ts): the
 * same draws, the same block-ordered sums, searches and gains, so both backends choose the
 * same centers. It computes every distance exactly (no f32 bracket: it is cheap here). The
 * row loops run in parts on the thread pool (./kmeans-parts.ts 'kmeans/seed-dist' and
 * 'kmeans/seed-gains'); their block partials are folded here in block order.
 */

import { DataBuffer } from '../../src/memory/data-buffer.js';
import { BLOCK, localTrials } from './layout.js';
import { sharedArray } from '../../src/threads/pool.js';
import { runRows } from '../part-rows.js';
import { foldBlocks, type SeedArgs } from './kmeans-parts.js';
import type { Matrix, PlusPlusDraws } from './types.js';

/** Rows per part of the seeding loops. */
const SEED_ROWS = 8192;

function concat(parts: Float64Array[], length: number): Float64Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float64Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function plusplusCpu(x: Matrix, k: number, draws: PlusPlusDraws): DataBuffer<'float64'> {
  const { n, d } = x;
  const m = x.data.hostView('kmeans/plusplus') as Float64Array;
  const trials = localTrials(k);
  const nb = Math.ceil(n / BLOCK);
  const centers = new Float64Array(k * d);
  centers.set(m.subarray(draws.first * d, draws.first * d + d), 0);
  const dd = sharedArray(Float64Array, n);
  const qp = new Float64Array(nb);
  const g = new Float64Array(trials * d);
  const gain = new Float64Array(trials);
  const cand = sharedArray(Float64Array, k > 1 ? n * trials : 0);
  const args: SeedArgs = { m, n, d, dd, cand, trials, first: centers.slice(0, d), best: -1 };
  let ps = concat(runRows<Float64Array>('kmeans/seed-dist', n, args, SEED_ROWS), nb);
  args.first = undefined;
  for (let c = 1; c < k; c++) {
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
    args.g = g;
    gain.fill(0);
    foldBlocks(gain, runRows<Float64Array>('kmeans/seed-gains', n, args, SEED_ROWS), trials);
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
    args.best = best;
    if (c + 1 < k) ps = concat(runRows<Float64Array>('kmeans/seed-dist', n, args, SEED_ROWS), nb);
  }
  return DataBuffer.fromHost(centers, 'float64');
}
