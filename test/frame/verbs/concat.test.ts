import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';

const same = (a: unknown, b: unknown) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function expectRecords(got: Array<Record<string, unknown>>, want: Array<Record<string, unknown>>, what: string): void {
  expect(got.length, what).toBe(want.length);
  got.forEach((row, i) => Object.keys(want[i]!).forEach((k) => {
    if (!same(row[k], want[i]![k])) expect.fail(`${what} row ${i} '${k}': ${String(row[k])} vs ${String(want[i]![k])}`);
  }));
}

describe('gf.concat', () => {
  it('stacks frames with different string dictionaries and nulls at any bit offset', async () => {
    for (const n of FRAME_SIZES) {
      // Different key counts give different dictionaries for 's'; odd lengths put parts mid-word.
      const parts = () => [randomFrame(n, 1, { keys: 3 }), randomFrame(Math.floor(n / 3) + 1, 2, { keys: 13 }), randomFrame(0, 3), randomFrame(7, 4, { nullRate: 0 })];
      const want = (await Promise.all(parts().map((f) => f.toRecords()))).flat();
      const got = await frameParity(() => gf.concat(parts()));
      expectRecords(got, want, `n=${n}`);
    }
  });

  it('gives back the frame when it is cut into slices and stacked', async () => {
    const n = 3001;
    const want = await randomFrame(n, 9).toRecords();
    const got = await frameParity(() => {
      const df = randomFrame(n, 9);
      return gf.concat([df.slice(0, 37), df.slice(37, 1000), df.slice(1037)]);
    });
    expectRecords(got, want, 'slices');
  });

  it('merges dictionaries into one sorted dictionary', () => {
    const a = new gf.DataFrame({ s: ['b', 'd', null] });
    const b = new gf.DataFrame({ s: ['a', 'd'] });
    const c = gf.concat([a, b]).column('s');
    expect(c.dictionary).toEqual(['a', 'b', 'd']);
  });

  it('requires the same names and types (DTypeError naming the column)', () => {
    const a = new gf.DataFrame({ x: new Int32Array([1]), y: new Float64Array([1]) });
    expect(() => gf.concat([a, new gf.DataFrame({ x: new Int32Array([1]), y: new Float32Array([1]) })])).toThrow(/concat: expected column 'y' as float64 in every frame, got float32/);
    expect(() => gf.concat([a, new gf.DataFrame({ y: new Float64Array([1]), x: new Int32Array([1]) })])).toThrow(gf.ValueError);
    expect(() => gf.concat([])).toThrow(gf.ValueError);
    expect(() => gf.concat([a], { how: 'diagonal' as never })).toThrow(gf.ValueError);
  });
});
