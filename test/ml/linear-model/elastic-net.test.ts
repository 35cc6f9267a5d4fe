// ElasticNet: scikit-learn 1.2 goldens (diabetes, cyclic coordinate descent), l1Ratio 0 against
// Ridge, sample weights, then the shared suite (both backends, shapes, inputs, persistence, errors).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { expectWeightsAsRepeats, linearSuite, problem } from './cases.js';
import { cdGoldens } from './cd-cases.js';
import { expectClose } from '../preprocessing/fixtures.js';

cdGoldens('ElasticNet', (o) => new gf.ElasticNet(o));

describe('ElasticNet: options', () => {
  it('with l1Ratio 0 minimises the Ridge objective (Ridge alpha = n * alpha)', async () => {
    const { X, y } = problem(120, 3, 4);
    const e = new gf.ElasticNet({ alpha: 0.05, l1Ratio: 0, tol: 1e-14, maxIter: 100_000 });
    await e.fit(X, y);
    const r = new gf.Ridge({ alpha: 0.05 * 120 });
    await r.fit(X, y);
    expectClose(e.coef, r.coef, 1e-8, 'coef');
    expectClose([e.intercept], [r.intercept], 1e-8, 'intercept');
  });

  it('treats integer sample weights as repeated rows', async () => {
    await expectWeightsAsRepeats(() => new gf.ElasticNet({ alpha: 0.02, l1Ratio: 0.7, tol: 1e-12, maxIter: 100_000 }), 3, 1e-8);
    expect(() => new gf.ElasticNet({ l1Ratio: 1.5 })).toThrow(/l1Ratio/);
    expect(() => new gf.ElasticNet({ maxIter: 0 })).toThrow(/maxIter/);
  });
});

linearSuite('ElasticNet', (o) => new gf.ElasticNet(o as gf.ElasticNetOptions), ['nIter', 'dualGap'], { alpha: 0.01, l1Ratio: 0.5 });
