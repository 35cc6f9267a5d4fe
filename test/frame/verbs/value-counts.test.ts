import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES } from '../../helpers/random-frame.js';
import { dupFrame } from './dup-frame.js';
import { groupRowsRef, sameValue } from './group-reference.js';

describe('df.valueCounts: Polars semantics on both backends, against a plain-JS reference', () => {
  for (const column of ['k', 's', 'f', 'b', 'd', 'l', 't', 'z', 'i8', 'u16']) {
    it(`column ${column}: counts with nulls as a value, sorted by count then value`, async () => {
      for (const n of FRAME_SIZES) {
        const rows = await (await dupFrame(n, n + 5)).toRecords();
        const groups = groupRowsRef(rows, [column]);
        for (const sort of [true, false]) {
          const want = groups.map((g) => ({ v: g[0]![column], count: g.length }));
          if (sort) want.sort((a, b) => b.count - a.count); // stable: ties keep value order, null last
          const out = await frameParity(async () => (await dupFrame(n, n + 5)).valueCounts(column, { sort }));
          expect(out.length).toBe(want.length);
          out.forEach((o, i) => {
            if (!sameValue(o[column], want[i]!.v) || o.count !== want[i]!.count) expect.fail(`n=${n} sort=${sort} row ${i}: expected ${String(want[i]!.v)} × ${want[i]!.count}, got ${String(o[column])} × ${String(o.count)}`);
          });
        }
      }
    });
  }

  it("columns [column, 'count'], count uint32 (Polars); the name option; typed errors", async () => {
    const make = () => new gf.DataFrame({ s: ['b', null, 'a', 'b', null, 'b'] });
    const df = await make().valueCounts('s');
    expect(df.schema).toEqual({ s: 'utf8', count: 'uint32' });
    expect(await frameParity(() => make().valueCounts('s'))).toEqual([
      { s: 'b', count: 3 },
      { s: null, count: 2 },
      { s: 'a', count: 1 },
    ]);
    expect((await make().valueCounts('s', { name: 'n', sort: false })).schema).toEqual({ s: 'utf8', n: 'uint32' });
    await expect(make().valueCounts('s', { name: 's' })).rejects.toThrow(/valueCounts: expected a count column name other than 's', got 's'/);
    await expect(make().valueCounts('nope')).rejects.toThrow(gf.ColumnNotFoundError);
    expect(await frameParity(() => new gf.DataFrame({ x: new Float64Array(0) }).valueCounts('x'))).toEqual([]);
  });
});
