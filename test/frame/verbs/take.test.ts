import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';

// Row-selecting verbs (sort, filter, head, tail, slice) gather every column: 8- and 16-bit
// columns included (they are widened for the gather and narrowed back, exactly).
describe('row selection on every column type', () => {
  const mk = () =>
    new gf.DataFrame({
      a: new Int8Array([3, -128, 2, 127, -1]),
      b: new Uint16Array([1, 2, 3, 65535, 0]),
      c: gf.Column.from(new Int16Array([-32768, 5, 32767, 0, -1]), new Uint8Array([0b11011])),
      d: gf.Column.from(new Uint8Array([0, 255, 7, 8, 9])),
      x: new Float64Array([1, 2, 3, 4, 5]),
    });

  it('sort, filter, head, tail and slice keep 8- and 16-bit values and nulls on both backends', async () => {
    const sorted = await frameParity(() => mk().sort('a'));
    expect(sorted.map((r) => r.a)).toEqual([-128, -1, 2, 3, 127]);
    expect(sorted.map((r) => r.c)).toEqual([5, -1, null, -32768, 0]);
    expect(sorted.map((r) => r.b)).toEqual([2, 0, 3, 1, 65535]);
    const kept = await frameParity(() => mk().filter(gf.col('x').gt(1.5)));
    expect(kept.map((r) => r.d)).toEqual([255, 7, 8, 9]);
    expect(kept.map((r) => r.c)).toEqual([5, null, 0, -1]);
    expect((await frameParity(() => mk().head(2))).map((r) => r.b)).toEqual([1, 2]);
    expect((await frameParity(() => mk().tail(1))).map((r) => r.a)).toEqual([-1]);
    expect((await frameParity(() => mk().slice(1, 2))).map((r) => r.c)).toEqual([5, null]);
    expect(mk().sort('a').schema).toEqual({ a: 'int8', b: 'uint16', c: 'int16', d: 'uint8', x: 'float64' });
  });
});
