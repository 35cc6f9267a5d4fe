import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';

/** Polars slice as a row filter: rows r with start <= r < start + length, start = offset (+ n if negative). */
function expectedRows(n: number, offset: number, length?: number): number[] {
  const start = offset < 0 ? n + offset : offset;
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if (r >= start && (length === undefined || r < start + length)) rows.push(r);
  return rows;
}

const same = (a: unknown, b: unknown) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('DataFrame.slice', () => {
  it('matches Polars offsets (negative from the end, clipped) on both backends', async () => {
    for (const n of FRAME_SIZES) {
      const all = await randomFrame(n, 5).toRecords();
      for (const [off, len] of [[0, 3], [1, undefined], [-2, undefined], [-7, 3], [n, 1], [n + 5, 2], [-n - 10, n + 20], [2, 0], [Math.floor(n / 2), 100]] as Array<[number, number | undefined]>) {
        const got = await frameParity(() => randomFrame(n, 5).slice(off, len));
        const want = expectedRows(n, off, len).map((r) => all[r]!);
        expect(got.length, `n=${n} slice(${off}, ${len})`).toBe(want.length);
        got.forEach((row, i) => Object.keys(row).forEach((k) => expect(same(row[k], want[i]![k]), `${k}`).toBe(true)));
      }
    }
  });

  it('pins Polars examples', async () => {
    const df = new gf.DataFrame({ a: new Int32Array([0, 1, 2, 3, 4]) });
    const a = async (f: gf.DataFrame) => (await f.toRecords()).map((r) => r.a);
    expect(await a(df.slice(-2))).toEqual([3, 4]);
    expect(await a(df.slice(-7, 3))).toEqual([0]);
    expect(await a(df.slice(1, 2))).toEqual([1, 2]);
    expect(await a(df.slice(9))).toEqual([]);
  });

  it('rejects non-integer offsets and negative lengths', () => {
    const df = randomFrame(4, 1);
    expect(() => df.slice(1.5)).toThrow(gf.ValueError);
    expect(() => df.slice(0, -1)).toThrow(gf.ValueError);
  });
});
