// 'linalg/topk': the k nearest references per query, identical on both backends (distances
// bit for bit, indices exactly), against a sort of every pair by (distance, index) and the
// textbook distances; every metric, ties, self exclusion, specials, edge shapes, bad options,
// binding windows (maxBindingBytes cap) on the device.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { linalgTopk } from '../../../kernels/linalg/topk.js';
import { before, pairDistance, rowNorm, type NeighborMetric } from '../../../kernels/linalg/topk-cpu.js';
import { mat } from './linalg-data.js';
import { near, points, textbook, type Points } from './neighbor-data.js';

/** Every pair sorted by (distance, index): the first k per query. */
function oracle(metric: NeighborMetric, q: Points, r: Points, k: number, self: boolean): [Float64Array, Int32Array] {
  const dist = new Float64Array(q.n * k);
  const idx = new Int32Array(q.n * k);
  for (let i = 0; i < q.n; i++) {
    const nq = rowNorm(q.x, i, q.d);
    const all: Array<[number, number]> = [];
    for (let t = 0; t < r.n; t++) if (!(self && t === i)) all.push([pairDistance(metric, q.x, i, r.x, t, q.d, nq, rowNorm(r.x, t, r.d)), t]);
    all.sort((a, b) => (before(a[0], a[1], b[0], b[1]) ? -1 : 1));
    for (let p = 0; p < k; p++) [dist[i * k + p], idx[i * k + p]] = all[p]!;
  }
  return [dist, idx];
}

async function check(metric: NeighborMetric, q: Points, r: Points, k: number, self = false, what = ''): Promise<void> {
  const [d, i] = oracle(metric, q, r, k, self);
  const [dist] = (await parity(
    () => {
      const res = run(linalgTopk, mat(q.x, q.n, q.d), self ? mat(q.x, q.n, q.d) : mat(r.x, r.n, r.d), { k, metric, self });
      return [res.distances, res.indices];
    },
    { oracle: [d, i], what: `${metric} ${what}` },
  )) as [Float64Array];
  if (!what.includes('special')) {
    for (let a = 0; a < q.n; a++) {
      for (let p = 0; p < k; p++) expect(near(dist![a * k + p]!, textbook(metric, q, a, r, i[a * k + p]!)), `${metric} ${what} textbook ${a},${p}`).toBe(true);
    }
  }
}

const METRICS: NeighborMetric[] = ['euclidean', 'manhattan', 'cosine', 'haversine'];

describe('linalg/topk', () => {
  it('matches the sorted pairs for every metric and edge shapes', async () => {
    let seed = 1;
    for (const metric of METRICS) {
      const dims = metric === 'haversine' ? [2] : [1, 3, 8];
      const kind = metric === 'haversine' ? 'latlon' : 'random';
      for (const d of dims) {
        for (const [m, n, k] of [[0, 5, 2], [1, 1, 1], [2, 7, 7], [257, 40, 5], [3, 300, 1], [1, 3, 3]] as const) {
          await check(metric, points(m, d, seed++, kind), points(n, d, seed++, kind), k, false, `m=${m} n=${n} d=${d} k=${k}`);
        }
      }
    }
  });

  it('breaks distance ties by the smaller index and skips self', async () => {
    for (const metric of ['euclidean', 'manhattan', 'cosine'] as const) {
      const p = points(120, 2, 11, 'ties');
      await check(metric, p, p, 9, false, 'ties');
      await check(metric, p, p, 9, true, 'ties self');
    }
    const g = points(60, 2, 12, 'latlon');
    await check('haversine', g, g, 4, true, 'self');
    const same = points(1, 2, 13, 'latlon');
    await check('haversine', same, { x: Float64Array.from([...same.x, ...same.x, 0, Math.PI, ...same.x]), n: 4, d: 2 }, 4, false, 'duplicates');
  });

  it('ranks NaN distances last and treats ±0, ±Inf and huge values identically on both backends', async () => {
    for (const metric of ['euclidean', 'manhattan', 'cosine'] as const) await check(metric, points(40, 3, 21, 'special'), points(90, 3, 22, 'special'), 6, false, 'special');
    const zero = { x: new Float64Array(6), n: 3, d: 2 };
    await check('cosine', zero, points(5, 2, 23), 5, false, 'zero rows');
  });

  it('refuses bad shapes and options', () => {
    const q = mat(new Float64Array(6), 3, 2);
    expect(() => run(linalgTopk, q, q, { k: 4, metric: 'euclidean' })).toThrow(gf.ValueError);
    expect(() => run(linalgTopk, q, q, { k: 3, metric: 'euclidean', self: true })).toThrow(/k as an integer in \[1, 2\]/);
    expect(() => run(linalgTopk, q, q, { k: 0, metric: 'euclidean' })).toThrow(gf.ValueError);
    expect(() => run(linalgTopk, q, q, { k: 1, metric: 'chebyshev' as NeighborMetric })).toThrow(/metric among/);
    expect(() => run(linalgTopk, q, mat(new Float64Array(3), 1, 3), { k: 1, metric: 'euclidean' })).toThrow(gf.ShapeError);
    expect(() => run(linalgTopk, mat(new Float64Array(3), 1, 3), mat(new Float64Array(3), 1, 3), { k: 1, metric: 'haversine' })).toThrow(/2 columns/);
  });

  it.skipIf(!hasGpu())('gives the same neighbours when the binding cap forces query and reference windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      // 350 × 24 float64 = 67.2 KB: queries and references span windows of 256 rows.
      await check('euclidean', points(350, 24, 31), points(350, 24, 32), 20, false, 'windows');
      await check('haversine', points(20, 2, 34, 'latlon'), points(4500, 2, 33, 'latlon'), 3, false, 'windows');
    } finally {
      await gf.init();
    }
  });
});
