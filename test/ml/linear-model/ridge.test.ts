// Ridge: scikit-learn 1.2 goldens (diabetes, solver 'cholesky'), the α = 0 cases (LinearRegression,
// and scikit-learn's 'svd' fallback on a singular system), sample weights, then the shared suite.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { dataset, expectClose, golden, rowsOf } from '../preprocessing/fixtures.js';
import { expectWeightsAsRepeats, linearSuite, problem, values } from './cases.js';

describe('Ridge: scikit-learn 1.2 goldens', () => {
  const ds = dataset('diabetes');
  for (const c of golden('LinearRegression-Ridge').cases.filter((x) => x.estimator === 'Ridge')) {
    it(c.id, async () => {
      const m = new gf.Ridge({ alpha: c.params.alpha, fitIntercept: c.params.fit_intercept });
      const df = new gf.DataFrame(ds.names.map((nm, j) => [nm, gf.array(ds.features[j]!)] as const));
      await m.fit(df, ds.target);
      expectClose(m.coef, c.fitted.coef_, 1e-10, 'coef');
      expectClose([m.intercept], [c.fitted.intercept_], 1e-10, 'intercept');
      const pred = await m.predict({ frame: df, columns: ds.names });
      expect(pred).toBeInstanceOf(gf.Column);
      expectClose(await values(await m.predict(rowsOf(ds.features, c.rows))), c.predict, 1e-10, 'predict');
      expectClose([await m.score(df, ds.target)], [c.r2], 1e-10, 'r2');
    });
  }
});

describe('Ridge: alpha 0 and weights', () => {
  it('equals LinearRegression at alpha 0, also on a singular system (scikit-learn falls back to its svd solver)', async () => {
    const { X, y } = problem(60, 2, 11);
    for (const cols of [X, [X[0]!, X[0]!, X[1]!]]) {
      const r = new gf.Ridge({ alpha: 0 });
      await r.fit(cols, y);
      const l = new gf.LinearRegression();
      await l.fit(cols, y);
      expectClose(r.coef, l.coef, 1e-9, 'coef');
      expectClose([r.intercept], [l.intercept], 1e-9, 'intercept');
    }
  });

  it('treats integer sample weights as repeated rows', async () => {
    for (const fitIntercept of [true, false]) await expectWeightsAsRepeats(() => new gf.Ridge({ alpha: 0.3, fitIntercept }), 3, 1e-10);
  });

  it('takes the sample weights by column name and leaves them out of the features', async () => {
    const { X, y } = problem(30, 2, 3);
    const sw = Float64Array.from({ length: 30 }, (_, i) => 0.5 + (i % 4));
    const df = new gf.DataFrame({ a: gf.array(X[0]!), b: gf.array(X[1]!), y: gf.array(y), w: gf.array(sw) });
    const m = new gf.Ridge();
    await m.fit(df, 'y', { sampleWeight: 'w' });
    expect(m.featureNamesIn).toEqual(['a', 'b']);
    const ref = new gf.Ridge();
    await ref.fit(X, y, { sampleWeight: sw });
    expect(m.coef).toEqual(ref.coef);
  });
});

linearSuite('Ridge', (o) => new gf.Ridge(o as gf.RidgeOptions), [], { alpha: 0.5 });
