import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { randomFrame } from '../../helpers/random-frame.js';

/** The documented draw, written out independently: mulberry32, then Fisher–Yates or uniform draws. */
function refIndices(rows: number, k: number, seed: number, withReplacement: boolean, shuffle: boolean): number[] {
  let s = seed >>> 0;
  const r = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let out: number[];
  if (withReplacement) out = Array.from({ length: k }, () => Math.floor(r() * rows));
  else {
    const a = Array.from({ length: rows }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(r() * (rows - i));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    out = a.slice(0, k);
  }
  return shuffle ? out : out.sort((x, y) => x - y);
}

const same = (a: unknown, b: unknown) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('DataFrame.sample', () => {
  it('draws the documented rows for a seed, identical on both backends', async () => {
    for (const n of [1, 2, 255, 3001]) {
      const all = await randomFrame(n, 2).toRecords();
      for (const [opts, k] of [[{ n: 1 }, 1], [{ n: Math.min(n, 100) }, Math.min(n, 100)], [{ fraction: 0.5 }, Math.floor(0.5 * n)], [{ n: 2 * n, withReplacement: true }, 2 * n], [{ n, shuffle: true }, n]] as Array<[gf.SampleOptions, number]>) {
        const got = await frameParity(() => randomFrame(n, 2).sample({ ...opts, seed: 1234 }));
        const idx = refIndices(n, k, 1234, opts.withReplacement ?? false, opts.shuffle ?? false);
        expect(got.length).toBe(k);
        got.forEach((row, i) => Object.keys(row).forEach((c) => expect(same(row[c], all[idx[i]!]![c])).toBe(true)));
      }
    }
  });

  it('is reproducible for a seed and differs between seeds; without replacement rows are distinct', async () => {
    const df = randomFrame(500, 3);
    const a = await df.sample({ n: 50, seed: 7 }).toRecords();
    const b = await df.sample({ n: 50, seed: 7 }).toRecords();
    const c = await df.sample({ n: 50, seed: 8 }).toRecords();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const idx = refIndices(500, 500, 99, false, true);
    expect(new Set(idx).size).toBe(500);
  });

  it('rejects more rows than the frame without replacement, and n with fraction', () => {
    const df = randomFrame(5, 1);
    expect(() => df.sample({ n: 6 })).toThrow(gf.ValueError);
    expect(() => df.sample({ n: 1, fraction: 0.5 })).toThrow(gf.ValueError);
    expect(df.sample({ n: 0 }).numRows).toBe(0);
  });
});
