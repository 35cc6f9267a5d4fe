// 'cluster/pairwise-euclidean': rows of the euclidean distance matrix (strict upper triangle,
// +0 elsewhere), bit for bit on both backends and against an independent oracle; row ranges,
// binding windows, the 2-D grid, and NaN/±Inf/±0 coordinates.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng, withGridCap } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { pairwiseEuclidean } from '../../../kernels/cluster/pairwise-euclidean.js';

/** Row-major points: n x d, uniform in [-scale, scale). */
function points(n: number, d: number, seed: number, scale = 10): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n * d }, () => (r() * 2 - 1) * scale);
}

/** The oracle: plain loops over the rows, features summed left to right, then sqrt. */
function oracle(m: Float64Array, n: number, d: number, r0: number, r1: number): Float64Array {
  const out = new Float64Array((r1 - r0) * n);
  for (let i = r0; i < r1; i++) {
    for (let j = 0; j < n; j++) {
      if (j <= i) continue;
      let s = 0;
      for (let k = 0; k < d; k++) s += (m[i * d + k]! - m[j * d + k]!) ** 2;
      const v = Math.sqrt(s);
      out[(i - r0) * n + j] = Number.isNaN(v) ? NaN : v; // the canonical quiet NaN
    }
  }
  return out;
}

const call = (m: Float64Array, n: number, d: number, r0: number, r1: number) => () => {
  const data = gf.array(m);
  const out = run(pairwiseEuclidean, { data, n, d }, r0, r1);
  data.dispose();
  return out;
};

describe('cluster/pairwise-euclidean', () => {
  it('matches the oracle bit for bit at edge sizes and dimensions, whole and in row blocks', async () => {
    for (const n of [0, 1, 2, 3, 17, 255, 257]) {
      for (const d of [1, 2, 5]) {
        const m = points(n, d, n * 7 + d);
        await parity(call(m, n, d, 0, n), { oracle: [oracle(m, n, d, 0, n)], what: `n=${n} d=${d}` });
        if (n > 3) {
          const r0 = Math.floor(n / 3);
          const r1 = n - 1;
          await parity(call(m, n, d, r0, r1), { oracle: [oracle(m, n, d, r0, r1)], what: `n=${n} d=${d} rows ${r0}..${r1}` });
        }
      }
    }
  });

  it('is within 1e-15 of Math.hypot and symmetric across row blocks', async () => {
    const n = 60;
    const m = points(n, 2, 3, 1e6);
    const [full] = (await parity(call(m, n, 2, 0, n))) as Float64Array[];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const h = Math.hypot(m[2 * i]! - m[2 * j]!, m[2 * i + 1]! - m[2 * j + 1]!);
        expect(Math.abs(full![i * n + j]! - h)).toBeLessThanOrEqual(1e-15 * h);
      }
      for (let j = 0; j <= i; j++) expect(Object.is(full![i * n + j], 0)).toBe(true);
    }
  });

  it('handles NaN, ±Inf, ±0 and huge coordinates (canonical NaN on both)', async () => {
    const m = new Float64Array([0, -0, NaN, 1, Infinity, 2, Infinity, 3, -Infinity, 4, 1e300, -1e300, 5e-324, 0, -1e-310, 1]);
    const n = 8;
    await parity(call(m, n, 2, 0, n), { oracle: [oracle(m, n, 2, 0, n)] });
  });

  it('runs in binding windows (maxBindingBytes 65536) and on the 2-D grid, same results', async () => {
    const n = 300;
    const m = points(n, 3, 11);
    const want = oracle(m, n, 3, 0, n);
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      await parity(call(m, n, 3, 0, n), { oracle: [want], what: 'windows' });
    } finally {
      if (hasGpu()) await gf.init();
    }
    await withGridCap(async () => parity(call(m, n, 3, 0, n), { oracle: [want], what: '2-D grid' }));
  });

  it('refuses a bad row range', () => {
    const data = gf.array(new Float64Array(4));
    expect(() => gf.withBackend('cpu', () => run(pairwiseEuclidean, { data, n: 2, d: 2 }, 1, 3))).toThrow(gf.ShapeError);
    expect(() => gf.withBackend('cpu', () => run(pairwiseEuclidean, { data, n: 2, d: 2 }, 2, 1))).toThrow(/r0 <= r1/);
  });
});
