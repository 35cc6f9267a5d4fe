// 'kmeans/farthest': the e largest distances, (distance, index) descending — ties to the
// larger index first — exactly on both backends and against a sort oracle; sizes around the
// block, e up to 40, ties, zeros, one point, and a case past one storage binding.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng, SIZES } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansFarthest } from '../../../kernels/kmeans/ops.js';

function oracle(v: Float64Array, e: number): [Int32Array, Float64Array] {
  const idx = [...v.keys()].sort((a, b) => v[b]! - v[a]! || b - a).slice(0, e);
  return [Int32Array.from(idx), Float64Array.from(idx, (i) => v[i]!)];
}

async function check(v: Float64Array, e: number, what: string) {
  return parity(
    () => {
      const r = run(kmeansFarthest, gf.array(v), e);
      return [r.indices, r.distances];
    },
    { oracle: oracle(v, e), what },
  );
}

describe('kmeans/farthest', () => {
  it('matches the sort oracle at every size, e in {1, 3, 40}, with ties and zeros', async () => {
    const r = rng(3);
    for (const n of SIZES.filter((s) => s > 0)) {
      for (const e of [1, 3, 40].filter((x) => x <= n)) {
        const v = Float64Array.from({ length: n }, () => (r() < 0.2 ? 0 : Math.floor(r() * 50) / 4));
        await check(v, e, `n=${n} e=${e}`);
      }
    }
    const [i1] = await check(new Float64Array([1, 3, 3, 2, 0, 3]), 1, 'ties');
    expect([...i1!]).toEqual([5]); // numpy's argpartition(d, -1)[-1]: the last of the tied maxima
    await check(new Float64Array(300), 4, 'all zero');
  });

  it('refuses e outside [1, n]', () => {
    expect(() => run(kmeansFarthest, gf.array(new Float64Array(3)), 4)).toThrow(gf.ValueError);
    expect(() => run(kmeansFarthest, gf.array(new Float64Array(3)), 0)).toThrow(gf.ValueError);
  });

  it.skipIf(!hasGpu())('gives the same indices when the binding cap forces windows', async () => {
    const r = rng(4);
    const v = Float64Array.from({ length: 20_011 }, () => r() * 1e6);
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(v, 5, 'windows');
    } finally {
      await gf.init();
    }
  });
});
