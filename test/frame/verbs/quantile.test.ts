import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';

type Method = 'nearest' | 'linear' | 'lower' | 'higher' | 'midpoint';

/** numpy/Polars quantile on the non-null values sorted with NaN largest. */
function refQuantile(values: unknown[], q: number, method: Method): number | null {
  const xs = values.filter((v) => v !== null).map(Number).sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  if (xs.length === 0) return null;
  const f = (xs.length - 1) * q;
  const lo = Math.floor(f);
  const hi = Math.ceil(f);
  switch (method) {
    case 'nearest': return xs[Math.floor(f + 0.5)]!;
    case 'lower': return xs[lo]!;
    case 'higher': return xs[hi]!;
    case 'midpoint': return lo === hi ? xs[lo]! : (xs[lo]! + xs[hi]!) / 2;
    case 'linear': return lo === hi ? xs[lo]! : xs[lo]! + (xs[hi]! - xs[lo]!) * (f - lo);
  }
}

const NUMERIC = ['k', 'i', 'l', 'u', 'f', 'g', 'z'];

describe('DataFrame.quantile', () => {
  it('matches a plain-JS reference for every interpolation on both backends', async () => {
    for (const n of FRAME_SIZES) {
      const rows = await randomFrame(n, 11).toRecords();
      for (const method of ['nearest', 'linear', 'lower', 'higher', 'midpoint'] as const) {
        for (const q of [0, 0.1, 0.5, 0.75, 1]) {
          const [got] = await frameParity(() => randomFrame(n, 11).quantile(q, { interpolation: method }));
          expect(Object.keys(got!)).toEqual(NUMERIC);
          for (const k of NUMERIC) {
            const want = refQuantile(rows.map((r) => r[k]), q, method);
            const g = got![k] as number | null;
            if (want === null || g === null || Number.isNaN(want)) expect(g === want || (Number.isNaN(g) && Number.isNaN(want))).toBe(true);
            else expect(g, `n=${n} ${method} q=${q} '${k}'`).toBeCloseTo(want, 9);
          }
        }
      }
    }
  });

  it("defaults to 'nearest' as Polars, skips nulls, and ranks NaN largest", async () => {
    const df = new gf.DataFrame({ x: gf.Column.from(new Float64Array([4, 1, 3, 2, 99]), new Uint8Array([0b01111])), y: new Float64Array([1, NaN, 2, 3, 4]) });
    expect((await (await df.quantile(0.5)).toRecords())[0]).toEqual({ x: 3, y: 3 }); // x: [1,2,3,4] index round(1.5) = 2
    expect((await (await df.quantile(0.5, { interpolation: 'linear' })).toRecords())[0]).toEqual({ x: 2.5, y: 3 });
    expect(Number.isNaN((await (await df.quantile(1)).toRecords())[0]!.y)).toBe(true);
  });

  it('rejects q outside [0, 1] and unknown interpolations', async () => {
    const df = randomFrame(5, 1);
    await expect(df.quantile(1.5)).rejects.toThrow(gf.ValueError);
    await expect(df.quantile(0.5, { interpolation: 'cubic' as never })).rejects.toThrow(gf.ValueError);
  });
});
