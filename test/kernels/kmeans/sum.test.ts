// 'kmeans/sum' (the inertia) and 'kmeans/moments' (per-feature mean and variance): float64
// sums in the fixed block order, bitwise on both backends and against an oracle that states
// the order independently; and within 1e-12 of a plain sum.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, randomArray, rng, SIZES } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansMoments, kmeansSum } from '../../../kernels/kmeans/ops.js';
import { blobs, packed } from './blobs.js';

const BLOCK = 256;

/** Blocks of 256 summed in order from +0, then the block sums in order from +0. */
function blockOrder(v: ArrayLike<number>): number {
  const parts: number[] = [];
  for (let b = 0; b * BLOCK < v.length; b++) parts.push(Array.from({ length: Math.min(BLOCK, v.length - b * BLOCK) }, (_, i) => v[b * BLOCK + i]!).reduce((a, x) => a + x, 0));
  return parts.reduce((a, x) => a + x, 0);
}

describe('kmeans/sum', () => {
  it('sums in block order at every size (and n = 1e5 + 3), NaN propagating', async () => {
    const r = rng(5);
    for (const n of [...SIZES, 100_003]) {
      const v = Float64Array.from({ length: n }, () => r() * 10 ** Math.floor(r() * 6));
      const [s] = (await parity(() => run(kmeansSum, gf.array(v)), { oracle: [new Float64Array([blockOrder(v)])], what: `n=${n}` })) as Float64Array[];
      const naive = v.reduce((a, x) => a + x, 0);
      expect(Math.abs(s![0]! - naive)).toBeLessThanOrEqual(1e-12 * naive);
    }
    const [nan] = await parity(() => run(kmeansSum, gf.array(new Float64Array([1, NaN, 2]))));
    expect(Number.isNaN(nan![0])).toBe(true);
  });

  it('sums v * w in block order with weights (the weighted inertia), at every size', async () => {
    const r = rng(6);
    for (const n of [...SIZES, 100_003]) {
      const v = Float64Array.from({ length: n }, () => r() * 100);
      const w = Float64Array.from({ length: n }, () => (r() < 0.1 ? 0 : r() * 4));
      await parity(() => run(kmeansSum, gf.array(v), gf.array(w)), { oracle: [new Float64Array([blockOrder(v.map((x, i) => x * w[i]!))])], what: `weighted n=${n}` });
    }
  });
});

describe('kmeans/moments', () => {
  function oracle(cols: Float64Array[]): Float64Array {
    const n = cols[0]!.length;
    const means = cols.map((c) => blockOrder(c) / n);
    const vars = cols.map((c, j) => blockOrder(c.map((x) => (x - means[j]!) * (x - means[j]!))) / n);
    return new Float64Array([...means, ...vars]);
  }

  it('gives numpy-like mean and population variance per feature in block order', async () => {
    for (const n of [1, 255, 257, 4099, 100_000]) {
      for (const d of [1, 2, 5]) {
        const { columns } = blobs(n, d, 3, n + d, { std: 3 });
        const [mv] = (await parity(
          () => {
            const x = packed(columns);
            const r = run(kmeansMoments, x);
            x.data.dispose();
            return r;
          },
          { oracle: [oracle(columns)], what: `n=${n} d=${d}` },
        )) as Float64Array[];
        const mean = columns[0]!.reduce((a, x) => a + x, 0) / n;
        const v = columns[0]!.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
        expect(Math.abs(mv![d]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, v));
      }
    }
  });

  it('widens float32 features exactly before summing', async () => {
    const f = randomArray('float32', 1000, 3, { specialRate: 0 }) as Float32Array;
    const [a] = await parity(() => {
      const x = packed([f]);
      return run(kmeansMoments, x);
    });
    const [b] = await parity(() => run(kmeansMoments, packed([Float64Array.from(f)])), { oracle: [a!] });
    expect(b).toEqual(a);
  });
});
