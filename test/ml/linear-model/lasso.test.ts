// Lasso: scikit-learn 1.2 goldens (diabetes, cyclic coordinate descent), the zero solution above
// alpha_max, random selection, then the shared suite (both backends, shapes, inputs, persistence, errors).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { linearSuite, problem } from './cases.js';
import { cdGoldens } from './cd-cases.js';
import { expectClose } from '../preprocessing/fixtures.js';

cdGoldens('Lasso', (o) => new gf.Lasso(o));

describe('Lasso: options', () => {
  it('gives all-zero coefficients and intercept mean(y) for alpha >= max|Xcᵀyc|/n, in one sweep', async () => {
    const { X, y } = problem(100, 3, 2);
    const m = new gf.Lasso({ alpha: 1e6 });
    await m.fit(X, y);
    expect(Array.from(m.coef).every((v) => v === 0)).toBe(true); // ±0, as scikit-learn's fsign(tmp) * 0
    expectClose([m.intercept], [y.reduce((s, v) => s + v, 0) / y.length], 1e-13, 'intercept');
    expect(m.nIter).toBe(1);
    expect(Math.abs(await m.score(X, y))).toBeLessThan(1e-12);
  });

  it("reaches the same optimum with selection 'random' as with 'cyclic'", async () => {
    const { X, y } = problem(200, 4, 3);
    const a = new gf.Lasso({ alpha: 0.01, tol: 1e-12, maxIter: 100_000 });
    await a.fit(X, y);
    const b = new gf.Lasso({ alpha: 0.01, tol: 1e-12, maxIter: 100_000, selection: 'random', randomState: 7 });
    await b.fit(X, y);
    expectClose(b.coef, a.coef, 1e-7, 'coef');
    expect(() => new gf.Lasso({ selection: 'greedy' as 'cyclic' })).toThrow(/selection/);
    expect(() => new gf.Lasso({ l1Ratio: 0.5 } as object)).toThrow(/unknown option 'l1Ratio'/);
  });
});

linearSuite('Lasso', (o) => new gf.Lasso(o as gf.LassoOptions), ['nIter', 'dualGap'], { alpha: 0.01 });
