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
