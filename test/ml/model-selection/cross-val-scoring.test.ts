// crossValScore's `scoring` takes GridSearchCV's scorer names (one shared table): each fold's
// score equals GridSearchCV's split score for the same candidate and folds, and gf.metrics on
// the same KFold folds computed by hand; unknown names are refused naming the valid ones. On the
// active backend (GPUFRAME_BACKEND=cpu and =webgpu).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rng } from '../../helpers/parity.js';

const n = 30;
const r = rng(7);
const x0 = Float64Array.from({ length: n }, () => r() * 10);
const x1 = Float64Array.from({ length: n }, () => r() * 10);
const yReg = Float64Array.from({ length: n }, (_, i) => 2 * x0[i]! - x1[i]! + r());
const yCls = Int32Array.from({ length: n }, (_, i) => (x0[i]! + r() * 3 > x1[i]! ? 1 : 0));

const splits = (g: gf.GridSearchCV<never>, folds: number): number[] =>
  Array.from({ length: folds }, (_, f) => g.cvResults[`split${f}TestScore`]![0]!);

describe('crossValScore scoring by name', () => {
  for (const [name, make, y] of [
    ['neg_mean_absolute_error', () => new gf.KNeighborsRegressor({ nNeighbors: 3 }), yReg],
    ['neg_mean_squared_error', () => new gf.Ridge({ alpha: 1 }), yReg],
    ['r2', () => new gf.KNeighborsRegressor({ nNeighbors: 3 }), yReg],
    ['accuracy', () => new gf.GaussianNB(), yCls],
    ['f1_macro', () => new gf.KNeighborsClassifier({ nNeighbors: 3 }), yCls],
  ] as const) {
    it(`'${name}' equals GridSearchCV's split scores`, async () => {
      const cv = new gf.KFold({ nSplits: 3 });
      const scores = await gf.crossValScore(make() as never, [x0, x1], y, { cv, scoring: name });
      const param: Record<string, number[]> = name.startsWith('neg_mean_squared') ? { alpha: [1] } : name === 'accuracy' ? { varSmoothing: [1e-9] } : { nNeighbors: [3] };
      const g = await new gf.GridSearchCV(make() as never, param, { cv, scoring: name, nJobs: 1, refit: false }).fit([x0, x1], y);
      expect(scores).toHaveLength(3);
      expect(Array.from(scores)).toEqual(splits(g as never, 3));
      g.dispose();
    });
  }

  it("'neg_mean_absolute_error' equals −gf.metrics.meanAbsoluteError on the same folds", async () => {
    const scores = await gf.crossValScore(new gf.KNeighborsRegressor({ nNeighbors: 2 }), Array.from(x0, (v, i) => [v, x1[i]!]), yReg, { cv: 3, scoring: 'neg_mean_absolute_error' });
    const expected: number[] = [];
    for await (const { train, test } of new gf.KFold({ nSplits: 3 }).split(yReg)) {
      const tr = Array.from(await train.toArray() as Int32Array);
      const te = Array.from(await test.toArray() as Int32Array);
      const knn = await new gf.KNeighborsRegressor({ nNeighbors: 2 }).fit(tr.map((i) => [x0[i]!, x1[i]!]), tr.map((i) => yReg[i]!));
      const pred = await knn.predict(te.map((i) => [x0[i]!, x1[i]!]));
      expected.push(-(await gf.metrics.meanAbsoluteError(te.map((i) => yReg[i]!), pred)));
      train.dispose();
      test.dispose();
      knn.dispose();
    }
    expect(Array.from(scores)).toEqual(expected);
    expect(scores.every((s) => s < 0)).toBe(true);
  });

  it('refuses an unknown scorer name, listing the valid ones', async () => {
    const err = await gf.crossValScore(new gf.Ridge(), [x0, x1], yReg, { scoring: 'mean_absolute_error' }).then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(gf.ValueError);
    expect((err as Error).message).toContain("crossValScore: expected scoring undefined (the estimator's score), a function or one of 'accuracy'");
    expect((err as Error).message).toContain("'neg_mean_absolute_error'");
    expect((err as Error).message).toContain("got 'mean_absolute_error'");
  });

  it('a function scorer and the default still work', async () => {
    const cv = new gf.KFold({ nSplits: 3 });
    const byDefault = await gf.crossValScore(new gf.Ridge(), [x0, x1], yReg, { cv });
    const byR2 = await gf.crossValScore(new gf.Ridge(), [x0, x1], yReg, { cv, scoring: 'r2' });
    const byFn = await gf.crossValScore(new gf.Ridge(), [x0, x1], yReg, { cv, scoring: async (e, X, y) => (e as gf.Ridge).score(X as never, y as never) });
    expect(Array.from(byR2)).toEqual(Array.from(byDefault));
    expect(Array.from(byFn)).toEqual(Array.from(byDefault));
  });
});
