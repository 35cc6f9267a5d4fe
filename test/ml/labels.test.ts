// Class labels (ml/labels.ts): sorted distinct classes and int32 codes, on the active
// backend, against np.unique(y, return_inverse=True) computed here in plain JS.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { decodeLabels, encodeLabels } from '../../ml/labels.js';
import { mulberry32 } from '../../src/random.js';

function reference(y: ArrayLike<number> | readonly string[]) {
  const vals = Array.from(y as ArrayLike<number | string>);
  const classes = [...new Set(vals)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { classes, codes: vals.map((v) => classes.indexOf(v)) };
}

describe('encodeLabels', () => {
  it('encodes numbers in input order with sorted classes (random, 3001 rows)', async () => {
    const r = mulberry32(7);
    const y = Int32Array.from({ length: 3001 }, () => Math.floor(r() * 9) * 3 - 5);
    const e = await encodeLabels('T.fit', 'y', undefined, y, 3001);
    const want = reference(y);
    expect(Array.from(e.classes as Int32Array)).toEqual(want.classes);
    expect(e.classes).toBeInstanceOf(Int32Array);
    expect(Array.from(await e.codes.toArray())).toEqual(want.codes);
    const back = decodeLabels(e.codes, e.classes);
    expect(Array.from((await back.data.toArray()) as Int32Array)).toEqual(Array.from(y));
    e.release();
  });
  it('encodes float and string labels, and a frame column by name', async () => {
    const f = await encodeLabels('T.fit', 'y', undefined, [2.5, -1, 2.5, 0.25]);
    expect(Array.from(f.classes as Float64Array)).toEqual([-1, 0.25, 2.5]);
    expect(Array.from(await f.codes.toArray())).toEqual([2, 0, 2, 1]);
    const names = ['virginica', 'setosa', 'versicolor', 'setosa', 'Zeta', 'ä'];
    const s = await encodeLabels('T.fit', 'y', undefined, names);
    expect(s.classes).toEqual(reference(names).classes);
    expect(Array.from(await s.codes.toArray())).toEqual(reference(names).codes);
    expect(await decodeLabels(s.codes, s.classes).toValues()).toEqual(names);
    const df = new gf.DataFrame({ sp: gf.Column.from(names) });
    const d = await encodeLabels('T.fit', 'y', df, 'sp', 6);
    expect(d.classes).toEqual(s.classes);
    expect(Array.from(await d.codes.toArray())).toEqual(reference(names).codes);
  });
  it('uses fitted classes and refuses unseen labels', async () => {
    const e = await encodeLabels('T.predict', 'y', undefined, [3, 1, 3], 3, new Float64Array([1, 2, 3]));
    expect(Array.from(await e.codes.toArray())).toEqual([2, 0, 2]);
    await expect(encodeLabels('T.score', 'y', undefined, [3, 4, 5], 3, new Float64Array([1, 2, 3]))).rejects.toThrow(/among the fitted classes, got 2 unseen/);
  });
  it('one class, one sample, and bad labels', async () => {
    const one = await encodeLabels('T.fit', 'y', undefined, [4]);
    expect(Array.from(one.classes as Float64Array)).toEqual([4]);
    expect(Array.from(await one.codes.toArray())).toEqual([0]);
    await expect(encodeLabels('T.fit', 'y', undefined, [1, NaN])).rejects.toThrow(/no NaN in y/);
    await expect(encodeLabels('T.fit', 'y', undefined, gf.Column.from(new Float64Array([1, 2]), new Uint8Array([1])))).rejects.toThrow(/no nulls in y/);
    await expect(encodeLabels('T.fit', 'y', undefined, [1, 2], 3)).rejects.toThrow(gf.ShapeError);
    await expect(encodeLabels('T.fit', 'y', undefined, [])).rejects.toThrow(/at least one label/);
    await expect(encodeLabels('T.fit', 'y', undefined, {} as never)).rejects.toThrow(gf.ValueError);
  });
});
