// The scikit-learn goldens of the coordinate-descent models (test/fixtures/ml/Lasso-ElasticNet.json):
// a fit reaches scikit-learn's objective within 1e-6 relative, with coefficients and predictions
// close; the objective is computed here from the fitted model's own predictions.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { dataset, expectClose, golden, rowsOf } from '../preprocessing/fixtures.js';
import { values, type Linear } from './cases.js';

/** 1/(2n)‖y − ŷ‖² + α·l1·‖w‖₁ + α(1 − l1)/2·‖w‖² (the fixture's `objective`). */
export function objective(y: Float64Array, pred: Float64Array, w: Float64Array, alpha: number, l1: number): number {
  let r2 = 0;
  for (let i = 0; i < y.length; i++) r2 += (y[i]! - pred[i]!) ** 2;
  let a1 = 0;
  let a2 = 0;
  for (const v of w) {
    a1 += Math.abs(v);
    a2 += v * v;
  }
  return r2 / (2 * y.length) + alpha * l1 * a1 + ((alpha * (1 - l1)) / 2) * a2;
}

export function cdGoldens(estimator: 'Lasso' | 'ElasticNet', make: (o: object) => Linear & { nIter: number; dualGap: number }): void {
  describe(`${estimator}: scikit-learn 1.2 goldens`, () => {
    const ds = dataset('diabetes');
    for (const c of golden('Lasso-ElasticNet').cases.filter((x) => x.estimator === estimator)) {
      it(c.id, async () => {
        const p = c.params;
        const opts = { alpha: p.alpha, fitIntercept: p.fit_intercept, maxIter: p.max_iter, tol: p.tol, selection: p.selection, ...(estimator === 'ElasticNet' && { l1Ratio: c.l1_ratio }) };
        const m = make(opts);
        const df = new gf.DataFrame(ds.names.map((nm, j) => [nm, gf.array(ds.features[j]!)] as const));
        await m.fit(df, ds.target);
        const pred = await values(await m.predict(df));
        const obj = objective(ds.target, pred, m.coef, p.alpha, c.l1_ratio);
        expect(Math.abs(obj - c.objective) / c.objective).toBeLessThan(1e-6);
        expect(obj).toBeLessThan(c.objective * (1 + 1e-9));
        const scale = Math.max(...c.fitted.coef_.map(Math.abs));
        expectClose(m.coef.map((v) => v / scale), c.fitted.coef_.map((v: number) => v / scale), 1e-6, 'coef / max|coef|');
        expect(m.coef.filter((v) => v !== 0)).toHaveLength(c.nonzero);
        expectClose([m.intercept], [c.fitted.intercept_], 1e-6, 'intercept');
        expectClose(await values(await m.predict(rowsOf(ds.features, c.rows))), c.predict, 1e-8, 'predict');
        expect(Math.abs(m.nIter - c.fitted.n_iter_)).toBeLessThanOrEqual(Math.max(2, 0.02 * c.fitted.n_iter_));
        const ybar = p.fit_intercept ? ds.target.reduce((s, v) => s + v, 0) / ds.n : 0;
        expect(m.dualGap).toBeLessThan((p.tol * ds.target.reduce((s, v) => s + (v - ybar) ** 2, 0)) / ds.n);
      });
    }
  });
}
