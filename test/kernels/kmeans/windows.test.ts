// The k-means ops under a 64 KiB binding cap: every op runs in many windows and must give
// exactly the CPU twin's results ('kmeans/assign', 'kmeans/update', 'kmeans/plusplus',
// 'kmeans/moments', 'kmeans/sum' via parity()), so no result depends on the window size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansAssign, kmeansMoments, kmeansPlusPlus, kmeansSum, kmeansUpdate } from '../../../kernels/kmeans/ops.js';
import { localTrials } from '../../../kernels/kmeans/layout.js';
import { blobs, packed, rows } from './blobs.js';

describe.skipIf(!hasGpu())('kmeans ops in binding windows', () => {
  beforeAll(async () => {
    await gf.init({ maxBindingBytes: 65536 });
  });
  afterAll(async () => {
    await gf.init();
  });

  const n = 12_011; // > 8192 float64 per 64 KiB window: two windows per column
  const d = 5;

  it('assign, update, sum and moments match the CPU across windows (k = 33 and 300)', async () => {
    expect(gf.info().limits!.maxBindingBytes).toBe(65536);
    const b = blobs(n, d, 7, 1);
    for (const k of [33, 300]) {
      const centers = rows(blobs(k, d, 7, k).columns);
      const [labels] = (await parity(() => {
        const x = packed(b.columns);
        const a = run(kmeansAssign, x, gf.array(centers), k);
        return [a.labels, a.distances!, a.changed];
      }, { what: `assign k=${k}` })) as Int32Array[];
      await parity(() => {
        const x = packed(b.columns);
        const a = run(kmeansAssign, x, gf.array(centers), k, gf.array(labels as Int32Array), false);
        return [a.labels, a.changed];
      }, { oracle: [labels!, new Uint32Array([0])], what: `assign without distances k=${k}` });
      await parity(() => {
        const x = packed(b.columns);
        const u = run(kmeansUpdate, x, gf.array(labels as Int32Array), gf.array(centers), k, gf.array(new Uint32Array([1])));
        return [u.centers, u.control];
      }, { what: `update k=${k}` });
    }
    await parity(() => run(kmeansSum, gf.array(b.columns[0]!)), { what: 'sum' });
    await parity(() => run(kmeansMoments, packed(b.columns)), { what: 'moments' });
  });

  it('plusplus matches the CPU across windows', async () => {
    const b = blobs(n, d, 9, 2);
    const k = 9;
    const r = rng(4);
    const dr = { first: 17, rands: Float64Array.from({ length: (k - 1) * localTrials(k) }, () => r()) };
    await parity(() => run(kmeansPlusPlus, packed(b.columns), k, dr), { what: 'plusplus' });
  });
});
