// 'kmeans/update': new centers from block-ordered per-cluster sums of x (x * w weighted) and
// of the weights (an empty cluster gets its sums, +0, as scikit-learn's _average_centers leaves
// it), the control words (squared shift, changed, empty) and the sums. Bitwise on both
// backends and against an oracle that states the documented order independently.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansUpdate } from '../../../kernels/kmeans/ops.js';
import { blobs, packed, rows } from './blobs.js';

const BLOCK = 256;

/** Cluster c, feature j: the sum over blocks (in order, from +0) of each block's sum (in point order, from +0). */
function oracle(cols: Float64Array[], labels: Int32Array, old: Float64Array, k: number, changed: number, w?: Float64Array): Float64Array[] {
  const d = cols.length;
  const n = labels.length;
  const next = new Float64Array(k * d);
  const sums = new Float64Array(k * d);
  const weights = Float64Array.from({ length: k }, (_, c) => {
    let total = 0;
    for (let b = 0; b * BLOCK < n; b++) {
      let part = 0;
      for (let i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) if (labels[i] === c) part += w ? w[i]! : 1;
      total += part;
    }
    return total;
  });
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      let total = 0;
      for (let b = 0; b * BLOCK < n; b++) {
        let part = 0;
        for (let i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) if (labels[i] === c) part += w ? cols[j]![i]! * w[i]! : cols[j]![i]!;
        total += part;
      }
      sums[c * d + j] = total;
      next[c * d + j] = weights[c]! > 0 ? total / weights[c]! : total;
    }
  }
  const shift = Array.from(next, (v, q) => v - old[q]!).reduce((a, t) => a + t * t, 0);
  return [next, new Float64Array([shift, changed, weights.filter((x) => x === 0).length, 0]), sums, weights];
}

async function check(cols: Float64Array[], labels: Int32Array, old: Float64Array, k: number, what: string, changed = 7, w?: Float64Array): Promise<Float64Array[]> {
  return (await parity(
    () => {
      const x = packed(cols);
      const u = run(kmeansUpdate, x, gf.array(labels), gf.array(old), k, gf.array(new Uint32Array([changed])), w ? gf.array(w) : undefined);
      x.data.dispose();
      return [u.centers, u.control, u.sums, u.weights];
    },
    { oracle: oracle(cols, labels, old, k, changed, w), what },
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
          const labels = randomLabels(n, k, n * k + d);
          await check(columns, labels, old, k, `n=${n} k=${k} d=${d}`);
          const r = rng(n + k);
          const w = Float64Array.from({ length: n }, () => (r() < 0.1 ? 0 : r() * 3));
          await check(columns, labels, old, k, `n=${n} k=${k} d=${d} weighted`, 7, w);
        }
      }
    }
  });

  it('gives an empty cluster its sums (+0) and counts it', async () => {
    const { columns } = blobs(1000, 2, 3, 1);
    const old = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const [next, control] = await check(columns, randomLabels(1000, 4, 2, [1, 3]), old, 4, 'empty');
    expect([next![2], next![3], next![6], next![7]]).toEqual([0, 0, 0, 0]);
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
    // Weight 2 everywhere: the same means, the weights doubled.
    const [twice, , , wsum] = await check(columns, truth, means!, 5, 'twice', 0, new Float64Array(5000).fill(2));
    expect(twice).toEqual(means);
    expect([...wsum!]).toEqual(Array.from({ length: 5 }, (_, c) => 2 * truth.filter((l) => l === c).length));
  });
});
