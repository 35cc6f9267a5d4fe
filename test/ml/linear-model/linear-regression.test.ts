// LinearRegression: scikit-learn 1.2 goldens (diabetes), lstsq semantics on rank-deficient X,
// sample weights, then the shared suite (both backends, shapes, inputs, persistence, errors).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { dataset, expectClose, golden, rowsOf } from '../preprocessing/fixtures.js';
import { expectWeightsAsRepeats, linearSuite, problem, values } from './cases.js';

describe('LinearRegression: scikit-learn 1.2 goldens', () => {
  const ds = dataset('diabetes');
  for (const c of golden('LinearRegression-Ridge').cases.filter((x) => x.estimator === 'LinearRegression')) {
    it(c.id, async () => {
      const df = new gf.DataFrame([...ds.names.map((nm, j) => [nm, gf.array(ds.features[j]!)] as const), ['target', gf.array(ds.target)] as const]);
      const m = new gf.LinearRegression({ fitIntercept: c.params.fit_intercept });
      await m.fit(df, 'target');
      expect(m.featureNamesIn).toEqual(ds.names);
      expectClose(m.coef, c.fitted.coef_, 1e-10, 'coef');
      expectClose([m.intercept], [c.fitted.intercept_], 1e-10, 'intercept');
      expect(m.rank).toBe(10);
      expect(m.singular).toHaveLength(10);
      expectClose(await values(await m.predict(rowsOf(ds.features, c.rows))), c.predict, 1e-10, 'predict');
      expectClose([await m.score(df, 'target')], [c.r2], 1e-10, 'r2');
    });
  }
});

describe('LinearRegression: least squares as scipy lstsq', () => {
  it('gives the minimum-norm solution for a repeated column (rank d - 1) and n < d', async () => {
    const { X, y } = problem(50, 2, 1);
    const one = new gf.LinearRegression();
    await one.fit([X[0]!], y);
    const two = new gf.LinearRegression();
    await two.fit([X[0]!, X[0]!], y);
    expect(two.rank).toBe(1);
    expectClose(two.coef, [one.coef[0]! / 2, one.coef[0]! / 2], 1e-12, 'split coef');
    expectClose([two.intercept], [one.intercept], 1e-12, 'intercept');
    // n = 3 < d = 5: the fit interpolates and coef lies in the row space of the centred X
    const w = problem(3, 5, 2);
    const m = new gf.LinearRegression();
    await m.fit(w.X, w.y);
    expect(m.rank).toBe(2);
    expect(m.singular).toHaveLength(3);
    expectClose(await values(await m.predict(w.X)), w.y, 1e-9, 'interpolates');
  });

  it('reports singular values of the centred X (sum of squares = squared Frobenius norm)', async () => {
    const { X, y } = problem(200, 2, 5);
    const m = new gf.LinearRegression();
    await m.fit(X, y);
    let fro = 0;
    for (const c of X) {
      const mu = c.reduce((s, v) => s + v, 0) / c.length;
      for (const v of c) fro += (v - mu) ** 2;
    }
    expectClose([m.singular.reduce((s, v) => s + v * v, 0)], [fro], 1e-12, 'sum s^2');
    expect(m.rank).toBe(2);
    expect(m.singular[0]).toBeGreaterThanOrEqual(m.singular[1]!);
  });

  it('treats integer sample weights as repeated rows', async () => {
    for (const fitIntercept of [true, false]) await expectWeightsAsRepeats(() => new gf.LinearRegression({ fitIntercept }), 2, 1e-10);
  });
});

// scikit-learn gives a constant column a noise coefficient too (its centred values are rounding
// errors, not zeros), so the suite does not ask for a zero there.
linearSuite('LinearRegression', (o) => new gf.LinearRegression(o as gf.LinearRegressionOptions), ['rank', 'singular'], {}, false);
