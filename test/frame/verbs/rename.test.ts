import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';

describe('DataFrame.rename', () => {
  it('renames the listed columns, keeps order and values, on both backends', async () => {
    for (const n of FRAME_SIZES) {
      const before = await randomFrame(n, 3).toRecords();
      const got = await frameParity(() => randomFrame(n, 3).rename({ k: 'key', f: 'k' }));
      expect(Object.keys(got[0] ?? {})).toEqual(n ? ['key', 's', 'i', 'l', 'u', 'k', 'g', 'b', 'd', 't', 'z'] : []);
      got.forEach((r, i) => {
        expect(r.key).toBe(before[i]!.k);
        expect(Object.is(r.k, before[i]!.f) || (Number.isNaN(r.k) && Number.isNaN(before[i]!.f))).toBe(true);
      });
    }
    expect(randomFrame(2, 1).rename({ k: 'key', f: 'k' }).names).toEqual(['key', 's', 'i', 'l', 'u', 'k', 'g', 'b', 'd', 't', 'z']);
  });

  it('rejects a missing name (ColumnNotFoundError) and a resulting duplicate (ValueError)', () => {
    const df = randomFrame(3, 1);
    expect(() => df.rename({ nope: 'x' })).toThrow(gf.ColumnNotFoundError);
    expect(() => df.rename({ k: 's' })).toThrow(gf.ValueError);
    expect(() => df.rename({ k: 's' })).toThrow(/rename: expected unique column names, got 's' twice/);
  });
});
