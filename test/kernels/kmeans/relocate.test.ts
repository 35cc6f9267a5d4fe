// 'kmeans/relocate': scikit-learn's empty-cluster relocation and averaging from the update's
// sums, bitwise on both backends and against an oracle written from _relocate_empty_clusters_dense
// (weights, several empty clusters, a far point whose cluster loses it, every distance 0).
import { describe, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansAssign, kmeansFarthest, kmeansRelocate, kmeansUpdate } from '../../../kernels/kmeans/ops.js';
import { blobs, packed, rows, sqdist } from './blobs.js';

function oracle(cols: Float64Array[], old: Float64Array, k: number, w: Float64Array | undefined, changed: number): Float64Array[] {
  const d = cols.length;
  const n = cols[0]!.length;
  const m = rows(cols);
  const wt = (i: number) => (w ? w[i]! : 1);
  const labels = Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (sqdist(m, i, old, c, d) < sqdist(m, i, old, best, d)) best = c;
    return best;
  });
  const sums = new Float64Array(k * d);
  const weight = new Float64Array(k);
  for (let b = 0; b * 256 < n; b++) {
    const ps = new Float64Array(k * d);
    const pw = new Float64Array(k);
    for (let i = b * 256; i < Math.min(n, (b + 1) * 256); i++) {
      pw[labels[i]!]! += wt(i);
      for (let j = 0; j < d; j++) ps[labels[i]! * d + j]! += m[i * d + j]! * wt(i);
    }
    ps.forEach((v, q) => (sums[q]! += v));
    pw.forEach((v, c) => (weight[c]! += v));
  }
  const empty = [...weight.keys()].filter((c) => weight[c] === 0);
  const dist = Array.from({ length: n }, (_, i) => sqdist(m, i, old, labels[i]!, d));
  const far = [...dist.keys()].sort((a, b) => dist[b]! - dist[a]! || b - a);
  const tw = weight.slice();
  if (empty.length > 0 && dist[far[0]!]! !== 0) {
    empty.forEach((c, r) => {
      const f = far[r]!;
      const o = labels[f]!;
      for (let j = 0; j < d; j++) {
        sums[o * d + j]! -= m[f * d + j]! * wt(f);
        sums[c * d + j] = m[f * d + j]! * wt(f);
      }
      tw[c] = wt(f);
      tw[o]! -= wt(f);
    });
  }
  const next = sums.map((v, q) => (tw[Math.floor(q / d)]! > 0 ? v / tw[Math.floor(q / d)]! : old[q]!));
  const shift = Array.from(next, (v, q) => v - old[q]!).reduce((a, t) => a + t * t, 0);
  return [next, new Float64Array([shift, changed, tw.filter((x) => x === 0).length, 0])];
}

async function check(cols: Float64Array[], old: Float64Array, k: number, w: Float64Array | undefined, what: string) {
  await parity(
    async () => {
      const x = packed(cols);
      const ww = w ? gf.array(w) : undefined;
      const c = gf.array(old);
      const a = run(kmeansAssign, x, c, k, undefined, true);
      const u = run(kmeansUpdate, x, a.labels, c, k, a.changed, ww);
      const ctl = await u.control.toArray();
      const e = Math.max(1, ctl[2]!);
      const far = run(kmeansFarthest, a.distances!, e);
      const r = run(kmeansRelocate, { x, labels: a.labels, weights: ww, far: far.indices, farDistances: far.distances, sums: u.sums, wsum: u.weights, centers: c, k, changed: a.changed });
      return [r.centers, r.control];
    },
    { oracle: oracle(cols, old, k, w, cols[0]!.length), what },
  );
}

describe('kmeans/relocate', () => {
  it('moves the farthest points into the empty clusters, weighted and not, n in {5, 257, 4099}', async () => {
    for (const n of [5, 257, 4099]) {
      for (const d of [1, 3]) {
        const b = blobs(n, d, 2, n + d);
        const r = rng(n * d);
        const w = Float64Array.from({ length: n }, () => (r() < 0.1 ? 0 : 0.5 + r()));
        // Two centers on the data and three far away: three empty clusters.
        const old = new Float64Array(5 * d);
        for (let j = 0; j < d; j++) {
          old[j] = b.columns[j]![0]!;
          old[d + j] = b.columns[j]![1 % n]!;
          for (let c = 2; c < 5; c++) old[c * d + j] = 1e4 * c;
        }
        for (const ww of [undefined, w]) await check(b.columns, old, 5, ww, `n=${n} d=${d} ${ww ? 'weighted' : ''}`);
      }
    }
  });

  it('keeps the old center of an empty cluster when every distance is 0; no empty cluster: plain averages', async () => {
    await check([new Float64Array(40).fill(2), new Float64Array(40).fill(-3)], new Float64Array([2, -3, 9, 9]), 2, undefined, 'all on one center');
    const b = blobs(1000, 2, 3, 9);
    await check(b.columns, rows(b.columns).slice(0, 6), 3, undefined, 'none empty');
  });

  it.skipIf(!hasGpu())('gives the same centers when the binding cap forces windows', async () => {
    const b = blobs(20_011, 3, 3, 11);
    const old = new Float64Array([...rows(b.columns).slice(0, 6), 1e4, 1e4, 1e4]);
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(b.columns, old, 3, undefined, 'windows');
    } finally {
      await gf.init();
    }
  });
});
