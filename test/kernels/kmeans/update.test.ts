// 'kmeans/update': new centers from block-ordered per-cluster sums and counts (an empty
// cluster keeps its center), and the control words (squared shift, changed, empty). Bitwise
// on both backends and against an oracle that states the documented order independently.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansUpdate } from '../../../kernels/kmeans/ops.js';
import { blobs, packed, rows } from './blobs.js';

const BLOCK = 256;

/** Cluster c, feature j: the sum over blocks (in order, from +0) of each block's sum (in point order, from +0). */
function oracle(cols: Float64Array[], labels: Int32Array, old: Float64Array, k: number, changed: number): [Float64Array, Float64Array] {
  const d = cols.length;
  const n = labels.length;
  const next = new Float64Array(k * d);
  const counts = Array.from({ length: k }, (_, c) => labels.filter((l) => l === c).length);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      let total = 0;
      for (let b = 0; b * BLOCK < n; b++) {
        let part = 0;
        for (let i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) if (labels[i] === c) part += cols[j]![i]!;
        total += part;
      }
      next[c * d + j] = counts[c] ? total / counts[c]! : old[c * d + j]!;
    }
  }
  const shift = Array.from(next, (v, q) => v - old[q]!).reduce((a, t) => a + t * t, 0);
  return [next, new Float64Array([shift, changed, counts.filter((x) => x === 0).length, 0])];
}

async function check(cols: Float64Array[], labels: Int32Array, old: Float64Array, k: number, what: string, changed = 7): Promise<Float64Array[]> {
  return (await parity(
    () => {
      const x = packed(cols);
      const u = run(kmeansUpdate, x, gf.array(labels), gf.array(old), k, gf.array(new Uint32Array([changed])));
      x.data.dispose();
      return [u.centers, u.control];
    },
    { oracle: oracle(cols, labels, old, k, changed), what },
  )) as Float64Array[];
}

function randomLabels(n: number, k: number, seed: number, empty: number[] = []): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, () => {
    let l = Math.floor(r() * k);
    while (empty.includes(l)) l = (l + 1) % k;
    return l;
  });
}

describe('kmeans/update', () => {
  it('matches the oracle for n in {1, 255, 256, 257, 4099}, k in {1, 3, 8, 33, 70}, d in {1, 2, 5}', async () => {
    for (const n of [1, 255, 256, 257, 4099]) {
      for (const k of [1, 3, 8, 33, 70]) {
        for (const d of [1, 2, 5]) {
          const { columns } = blobs(n, d, 4, n + k + d);
          const old = rows(blobs(k, d, 2, 5 * k).columns);
          await check(columns, randomLabels(n, k, n * k + d), old, k, `n=${n} k=${k} d=${d}`);
        }
      }
    }
  });

  it('keeps the center of an empty cluster and counts it', async () => {
    const { columns } = blobs(1000, 2, 3, 1);
    const old = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const [next, control] = await check(columns, randomLabels(1000, 4, 2, [1, 3]), old, 4, 'empty');
    expect([next![2], next![3], next![6], next![7]]).toEqual([3, 4, 7, 8]);
    expect([...control!].slice(1)).toEqual([7, 2, 0]);
  });

  it('sums 1e5 points into 8 clusters in the fixed order (391 blocks)', async () => {
    const b = blobs(100_000, 2, 8, 3);
    const [next] = await check(b.columns, b.truth, new Float64Array(16), 8, 'n=1e5', 100_000);
    // Sanity: the means sit near the true blob centers.
    for (let q = 0; q < 16; q++) expect(Math.abs(next![q]! - b.centers[q]!)).toBeLessThan(0.05);
  });

  it('reports a zero shift when the centers are already the means', async () => {
    const { columns, truth } = blobs(5000, 3, 5, 4);
    const [means] = await check(columns, truth, new Float64Array(15), 5, 'first');
    const [again, control] = await check(columns, truth, means!, 5, 'again', 0);
    expect(again).toEqual(means);
    expect([...control!]).toEqual([0, 0, 0, 0]);
  });
});
