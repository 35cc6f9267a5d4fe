// Host arrays in shared memory (the CPU thread pool's outputs, or a user's SharedArrayBuffer)
// go up to the device like any other: Dawn's writeBuffer takes no SharedArrayBuffer, so the
// upload stages them through plain arrays, in chunks (UPLOAD_STAGING, lowered here so small data
// crosses chunk boundaries). On the CPU backend nothing is uploaded and the same values come out.
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { UPLOAD_STAGING } from '../../src/memory/data-buffer.js';
import { hasGpu } from '../helpers/parity.js';

const saved = UPLOAD_STAGING.chunkBytes;
afterAll(() => {
  UPLOAD_STAGING.chunkBytes = saved;
});

function shared<T extends Float64Array | Int32Array | Int8Array>(ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new ctor(new SharedArrayBuffer(n * ctor.BYTES_PER_ELEMENT));
}

describe('columns in shared memory on the device', () => {
  for (const chunk of [1 << 24, 64, 6]) {
    it(`filter, groupBy and a sum give the values computed here (staging chunks of ${chunk} bytes)`, async () => {
      UPLOAD_STAGING.chunkBytes = chunk;
      const n = 1001;
      const x = shared(Float64Array, n);
      const k = shared(Int32Array, n);
      const b = shared(Int8Array, 7); // 7 bytes: not a multiple of 4
      for (let i = 0; i < n; i++) {
        x[i] = i === 5 ? Number.NaN : (i * 7919) % 1000 / 8;
        k[i] = i % 3;
      }
      b.set([1, -2, 3, -4, 5, -6, 7]);
      gf.resetStats();
      const df = new gf.DataFrame({ x, k });
      const kept = await df.filter(gf.col('x').gt(60));
      const want = [...x].filter((v) => v > 60 || Number.isNaN(v)); // gpuframe's NaN rule: NaN is above every number
      expect(kept.numRows).toBe(want.length);
      expect([...((await kept.getColumn('x').toValues()) as unknown as Float64Array)]).toEqual(want);
      const g = await (await df.groupBy('k').agg({ s: ['k', 'sum'], n: ['x', 'count'] })).toRecords();
      expect(g.map((r) => [r.k, Number(r.s), Number(r.n)])).toEqual([0, 1, 2].map((v) => [v, v * [...k].filter((q) => q === v).length, [...k].filter((q) => q === v).length])); // count: non-null rows (NaN is a value)
      const bs = await gf.array(b).toArray();
      expect([...bs]).toEqual([1, -2, 3, -4, 5, -6, 7]);
      if (hasGpu()) expect(gf.stats().uploads).toBeGreaterThan(0);
    });
  }
});
