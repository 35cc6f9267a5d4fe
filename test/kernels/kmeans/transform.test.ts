// 'kmeans/transform': distances of every point to every center (n × k), sqrt of the squared
// distance summed in feature order: bitwise on both backends and against an oracle; sizes
// around the block, k up to 40, NaN coordinates, and a case past one storage binding.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, SIZES } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansTransform } from '../../../kernels/kmeans/ops.js';
import { blobs, packed, rows, sqdist } from './blobs.js';

function oracle(cols: Float64Array[], centers: Float64Array, k: number): Float64Array {
  const d = cols.length;
  const n = cols[0]!.length;
  const m = rows(cols);
  return Float64Array.from({ length: n * k }, (_, q) => Math.sqrt(sqdist(m, Math.floor(q / k), centers, q % k, d)));
}

async function check(cols: Float64Array[], centers: Float64Array, k: number, what: string) {
  return parity(
    () => {
      const x = packed(cols);
      const z = run(kmeansTransform, x, gf.array(centers), k);
      x.data.dispose();
      return z.data;
    },
    { oracle: [oracle(cols, centers, k)], what },
  );
}

describe('kmeans/transform', () => {
  it('matches the oracle at every size, k in {1, 3, 40}, d in {1, 2, 5}', async () => {
    for (const n of SIZES) {
      for (const k of [1, 3, 40]) {
        for (const d of [1, 2, 5]) {
          const b = blobs(n, d, 3, n + k + d);
          await check(b.columns, rows(blobs(k, d, 2, k * d).columns), k, `n=${n} k=${k} d=${d}`);
        }
      }
    }
  });

  it('gives NaN for a NaN coordinate and refuses a wrong number of centers', async () => {
    const [z] = await check([new Float64Array([0, NaN, 3]), new Float64Array([0, 1, 4])], new Float64Array([0, 0, 1, 1]), 2, 'NaN');
    expect(Number.isNaN(z![2])).toBe(true);
    expect(z![4]).toBe(5);
    expect(() => run(kmeansTransform, packed([new Float64Array(3)]), gf.array(new Float64Array(3)), 2)).toThrow(gf.ShapeError);
  });

  it.skipIf(!hasGpu())('gives the same distances when the binding cap forces windows', async () => {
    const b = blobs(20_011, 3, 4, 12);
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(b.columns, rows(b.columns).slice(0, 12), 4, 'windows');
    } finally {
      await gf.init();
    }
  });
});
