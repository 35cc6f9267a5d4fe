// Tree learners at the ends of float64's range: targets near ±1.8e308 must not overflow the leaf
// means (grow.ts sums them scaled by a power of two), and importances stay finite. Runs on the
// active backend.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

describe('regression targets near the float64 limits', () => {
  it('a fully grown DecisionTreeRegressor predicts ±1e308-scale training targets exactly', async () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = [1e300, 1.1e300, 1e300, -1e308, -1.7e308, 5];
    const tree = await new gf.DecisionTreeRegressor().fit(X, y);
    expect(Array.from((await (await tree.predict(X)).toArray()) as Float64Array)).toEqual(y);
    expect(Array.from(tree.featureImportances)).toEqual([1]);
  });

  it('a leaf holding two huge targets has their mean, not ±Infinity or NaN', async () => {
    const tree = await new gf.DecisionTreeRegressor({ maxDepth: 1 }).fit([[0], [1], [2], [3]], [-1.7e308, -1.5e308, 3, 4]);
    const p = await (await tree.predict([[0], [3]])).toArray();
    expect(p[0]).toBe(-1.6e308);
    expect(p[1]).toBe(3.5);
  });
});

describe('validity bitmaps', () => {
  const bitmap = (n: number, nullAt?: number) => {
    const b = new Uint8Array(Math.ceil(n / 8)).fill(255);
    if (nullAt !== undefined) b[nullAt >> 3] &= ~(1 << (nullAt & 7));
    return gf.DataBuffer.fromHost(b, 'uint8');
  };
  const col = (v: number[], nullAt?: number) => new gf.Column({ type: 'float64', data: gf.DataBuffer.fromHost(Float64Array.from(v)), validity: bitmap(v.length, nullAt) });

  it('a column with a validity bitmap and no null fits as without one (readers often give such bitmaps)', async () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const withBitmap = await new gf.DecisionTreeRegressor().fit(new gf.DataFrame({ x: col(x), y: col(y) }), 'y');
    const plain = await new gf.DecisionTreeRegressor().fit([Float64Array.from(x)], y);
    expect(Array.from(withBitmap.forest.threshold)).toEqual(Array.from(plain.forest.threshold));
    expect(withBitmap.forest.threshold[0]).toBe(4.5);
  });

  it('a real null in a feature or in y is still a ValueError naming the column', async () => {
    const x = [0, 1, 2, 3];
    await expect(new gf.RandomForestRegressor({ nEstimators: 2 }).fit(new gf.DataFrame({ x: col(x, 2), y: col([1, 2, 3, 4]) }), 'y')).rejects.toThrow(/RandomForestRegressor\.fit: expected no nulls in column 'x'/);
    await expect(new gf.DecisionTreeRegressor().fit(new gf.DataFrame({ x: col(x), y: col([1, 2, 3, 4], 1) }), 'y')).rejects.toThrow(/DecisionTreeRegressor\.fit: expected no nulls in column 'y'/);
  });
});
