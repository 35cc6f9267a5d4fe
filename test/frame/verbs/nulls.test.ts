import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';

const same = (a: unknown, b: unknown) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('DataFrame.fillNull', () => {
  it('fills per column (numbers, bigint, new string, bool, date) on both backends', async () => {
    const fill = { i: -5, l: -(2n ** 63n), u: 7, f: -0, g: 1.5, s: 'zz-new', b: true, d: 19000, t: 2n ** 40n, z: 2.5 };
    for (const n of FRAME_SIZES) {
      const before = await randomFrame(n, 4).toRecords();
      const got = await frameParity(() => randomFrame(n, 4).fillNull(fill));
      got.forEach((row, r) => {
        for (const k of Object.keys(row)) {
          const orig = before[r]![k];
          const want = orig === null && k in fill ? (fill as Record<string, unknown>)[k] : orig;
          if (!same(row[k], want)) expect.fail(`n=${n} row ${r} '${k}': ${String(row[k])} vs ${String(want)}`);
        }
      });
    }
  });

  it('fills every column that holds a scalar exactly, and leaves the others', async () => {
    const n = 257;
    const before = await randomFrame(n, 8).toRecords();
    const got = await frameParity(() => randomFrame(n, 8).fillNull(3));
    const filled = ['k', 'i', 'l', 'u', 'f', 'g', 'z'];
    got.forEach((row, r) => {
      for (const k of Object.keys(row)) {
        const orig = before[r]![k];
        const want = orig === null && filled.includes(k) ? (k === 'l' ? 3n : 3) : orig;
        if (!same(row[k], want)) expect.fail(`row ${r} '${k}': ${String(row[k])} vs ${String(want)}`);
      }
    });
    const half = await frameParity(() => randomFrame(n, 8).fillNull(0.5));
    expect(half.some((r) => r.i === null)).toBe(true); // 0.5 does not fit int32: left alone
    expect(half.every((r) => r.f !== null && r.z === 0.5)).toBe(true);
  });

  it('rejects a value that a named column cannot hold', () => {
    const df = randomFrame(10, 1);
    expect(() => df.fillNull({ i: 0.5 })).toThrow(gf.DTypeError);
    expect(() => df.fillNull({ s: 1 })).toThrow(/fillNull: expected a value that utf8 column 's' holds exactly/);
    expect(() => df.fillNull({ u: -1 })).toThrow(gf.DTypeError);
    expect(() => df.fillNull({ nope: 1 })).toThrow(gf.ColumnNotFoundError);
  });
});

describe('DataFrame.dropNulls', () => {
  it('keeps rows without a null in the subset (NaN stays) on both backends', async () => {
    for (const n of FRAME_SIZES) {
      const before = await randomFrame(n, 6).toRecords();
      for (const subset of [['f'], ['s', 'l', 'b'], 'd'] as Array<string | string[]>) {
        const names = typeof subset === 'string' ? [subset] : subset;
        const want = before.filter((r) => names.every((k) => r[k] !== null));
        const got = await frameParity(() => randomFrame(n, 6).dropNulls(subset));
        expect(got.length, `n=${n} ${names}`).toBe(want.length);
        got.forEach((row, i) => Object.keys(row).forEach((k) => expect(same(row[k], want[i]![k])).toBe(true)));
      }
      // Ten nullable columns (the batched path): a row survives only without any null.
      const noZ = before.filter((r) => Object.keys(r).every((k) => k === 'z' || r[k] !== null));
      const all = await frameParity(async () => (await randomFrame(n, 6, { nullRate: 0.02 }).drop('z').dropNulls()));
      const before2 = (await randomFrame(n, 6, { nullRate: 0.02 }).toRecords()).filter((r) => Object.keys(r).every((k) => k === 'z' || r[k] !== null));
      expect(all.length).toBe(before2.length);
      all.forEach((row, i) => Object.keys(row).forEach((k) => expect(same(row[k], before2[i]![k])).toBe(true)));
      expect(noZ.length).toBeLessThanOrEqual(n);
      // Every column: 'z' is all null, so no row survives.
      expect((await frameParity(() => randomFrame(n, 6).dropNulls())).length).toBe(0);
    }
  });

  it('keeps every row when the subset has no nulls', async () => {
    const df = randomFrame(20, 1, { nullRate: 0 });
    expect((await df.dropNulls(['f', 'i'])).numRows).toBe(20);
  });
});
