// 'linalg/radius': every reference within a radius, CSR in index order, identical on both
// backends and equal to a scan of every pair; every metric, self exclusion, ties at the
// radius, radius 0, specials, empty inputs, windows past one binding on the device.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { linalgRadius } from '../../../kernels/linalg/radius.js';
import { pairDistance, rowNorm, type NeighborMetric } from '../../../kernels/linalg/topk-cpu.js';
import { mat } from './linalg-data.js';
import { near, points, textbook, type Points } from './neighbor-data.js';

function oracle(metric: NeighborMetric, q: Points, r: Points, radius: number, self: boolean): [Int32Array, Int32Array, Float64Array] {
  const off = [0];
  const idx: number[] = [];
  const dist: number[] = [];
  for (let i = 0; i < q.n; i++) {
    for (let t = 0; t < r.n; t++) {
      if (self && t === i) continue;
      const v = pairDistance(metric, q.x, i, r.x, t, q.d, rowNorm(q.x, i, q.d), rowNorm(r.x, t, r.d));
      if (v <= radius) {
        idx.push(t);
        dist.push(v);
      }
    }
    off.push(idx.length);
  }
  return [Int32Array.from(off), Int32Array.from(idx), Float64Array.from(dist)];
}

async function check(metric: NeighborMetric, q: Points, r: Points, radius: number, self = false, what = ''): Promise<void> {
  const want = oracle(metric, q, r, radius, self);
  await parity(
    async () => {
      const res = await run(linalgRadius, mat(q.x, q.n, q.d), self ? mat(q.x, q.n, q.d) : mat(r.x, r.n, r.d), { radius, metric, self });
      return [res.offsets, res.indices, res.distances];
    },
    { oracle: want, what: `${metric} ${what}` },
  );
  if (!what.includes('special')) {
    for (let i = 0; i < q.n; i++) {
      for (let p = want[0][i]!; p < want[0][i + 1]!; p++) expect(near(want[2][p]!, textbook(metric, q, i, r, want[1][p]!))).toBe(true);
    }
  }
}

describe('linalg/radius', () => {
  it('matches the pair scan for every metric and edge shapes', async () => {
    let seed = 100;
    // Haversine's radius shaders take over 10 minutes to compile on SwiftShader; the device's
    // haversine distances (the same WGSL function) are checked by topk.test.ts.
    const metrics = hasGpu() ? (['euclidean', 'manhattan', 'cosine'] as const) : (['euclidean', 'manhattan', 'cosine', 'haversine'] as const);
    for (const metric of metrics) {
      const d = metric === 'haversine' ? 2 : 3;
      const kind = metric === 'haversine' ? 'latlon' : 'random';
      const radius = { euclidean: 4, manhattan: 5, cosine: 0.3, haversine: 0.8 }[metric];
      for (const [m, n] of [[0, 4], [1, 1], [3, 0], [257, 60], [40, 300]] as const) await check(metric, points(m, d, seed++, kind), points(n, d, seed++, kind), radius, false, `m=${m} n=${n}`);
    }
  });

  it('includes ties at the radius, radius 0 and skips self', async () => {
    const p = points(150, 2, 7, 'ties');
    await check('euclidean', p, p, 1, false, 'ties at r');
    await check('manhattan', p, p, 0, true, 'radius 0 self');
    await check('cosine', p, p, 0, false, 'radius 0');
    await check('euclidean', points(30, 3, 8, 'special'), points(50, 3, 9, 'special'), 6, false, 'special');
  });

  it('refuses a bad radius', async () => {
    const q = mat(new Float64Array(4), 2, 2);
    await expect(run(linalgRadius, q, q, { radius: -1, metric: 'euclidean' })).rejects.toThrow(gf.ValueError);
    await expect(run(linalgRadius, q, q, { radius: NaN, metric: 'euclidean' })).rejects.toThrow(gf.ValueError);
  });

  it.skipIf(!hasGpu())('gives the same lists when the binding cap forces query and reference windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check('euclidean', points(350, 24, 41), points(350, 24, 42), 15, false, 'windows');
      const q = points(350, 24, 41);
      await expect(run(linalgRadius, mat(q.x, 350, 24), mat(q.x, 350, 24), { radius: 1000, metric: 'euclidean' })).rejects.toThrow(/fit one binding/);
    } finally {
      await gf.init();
    }
  });
});
