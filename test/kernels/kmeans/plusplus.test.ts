// 'kmeans/plusplus': greedy k-means++ seeding from host draws, entirely on the device.
// Bitwise on both backends; every center is a data row; on well-separated blobs each blob
// gets one center; and on adversarial near-equidistant data the device's f32 bracket must
// not change which points a candidate brings closer.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansPlusPlus } from '../../../kernels/kmeans/ops.js';
import { localTrials } from '../../../kernels/kmeans/layout.js';
import { blobs, packed, rows, sqdist } from './blobs.js';

function draws(n: number, k: number, seed: number) {
  const r = rng(seed);
  return { first: Math.floor(r() * n), rands: Float64Array.from({ length: (k - 1) * localTrials(k) }, () => r()) };
}

async function seed(cols: Float64Array[], k: number, seedNo: number, what: string): Promise<Float64Array> {
  const n = cols[0]!.length;
  const dr = draws(n, k, seedNo);
  const [centers] = (await parity(
    () => {
      const x = packed(cols);
      const c = run(kmeansPlusPlus, x, k, dr);
      x.data.dispose();
      return c;
    },
    { what },
  )) as Float64Array[];
  // Oracle properties: every center is a data row, the first is the drawn one.
  const d = cols.length;
  const m = rows(cols);
  const rowSet = new Set(Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * d, i * d + d)).join(',')));
  for (let c = 0; c < k; c++) expect(rowSet.has(Array.from(centers!.subarray(c * d, c * d + d)).join(',')), `${what}: center ${c} is a row`).toBe(true);
  expect(Array.from(centers!.subarray(0, d))).toEqual(Array.from(m.subarray(dr.first * d, dr.first * d + d)));
  return centers as Float64Array;
}

describe('kmeans/plusplus', () => {
  it('seeds identically on both backends for n in {1, 257, 4099}, k in {1, 3, 8, 33}, d in {1, 2, 5}', async () => {
    for (const n of [1, 257, 4099]) {
      for (const k of [1, 3, 8, 33]) {
        if (k > n) continue;
        for (const d of [1, 2, 5]) await seed(blobs(n, d, 6, n + k + d).columns, k, 3 * n + k, `n=${n} k=${k} d=${d}`);
      }
    }
  });

  it('puts one center in each of 8 well-separated blobs (n = 2e4)', async () => {
    const b = blobs(20_000, 2, 8, 11, { spread: 50, std: 0.5 });
    const centers = await seed(b.columns, 8, 4, 'n=2e4');
    const owner = Array.from({ length: 8 }, (_, c) => {
      const ds = Array.from({ length: 8 }, (_, t) => sqdist(centers, c, b.centers, t, 2));
      return ds.indexOf(Math.min(...ds));
    });
    expect(new Set(owner).size).toBe(8);
  });

  it('chooses the same centers on near-equidistant data (points 1.75 float32 steps apart, jittered by ulps)', async () => {
    const r = rng(3);
    const n = 5000;
    const g = 2 ** -4;
    const x = Float64Array.from({ length: n }, (_, i) => {
      const v = 1e6 + (i % 400) * 1.75 * g;
      return v + Math.round((r() - 0.5) * 6) * 2 ** (Math.floor(Math.log2(v)) - 52);
    });
    const y = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 400) * 2 ** -40);
    for (const k of [5, 12]) await seed([x, y], k, 20 + k, `near-equidistant k=${k}`);
  });

  it('handles duplicate points (zero potential) and a single cluster', async () => {
    const x = new Float64Array(300).fill(2.5);
    const c = await seed([x, new Float64Array(300)], 3, 1, 'duplicates');
    expect([...c]).toEqual([2.5, 0, 2.5, 0, 2.5, 0]);
    await seed([Float64Array.from({ length: 10 }, (_, i) => i)], 1, 2, 'k=1');
  });
});
