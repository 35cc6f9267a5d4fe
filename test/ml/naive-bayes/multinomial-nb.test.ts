// MultinomialNB: scikit-learn goldens (digits, alpha 1 and 0.5: featureLogProb, classLogPrior,
// classCount within 1e-10; predict identical; probabilities), priors, kinds, persistence, bad
// input; on the active backend (GPUFRAME_BACKEND=cpu and =webgpu).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { loadDataset, loadGolden, takeRows } from '../../helpers/ml-data.js';
import { columns, expectClose } from './nb-helpers.js';

interface Case {
  id: string;
  params: { alpha: number };
  fitted: { feature_log_prob_: number[][]; class_log_prior_: number[]; class_count_: number[] };
  predict: number[];
  rows: number[];
  predictProba: number[][];
}

const golden = loadGolden<Case>('MultinomialNB');

describe('MultinomialNB goldens', () => {
  for (const c of golden.cases) {
    it(c.id, async () => {
      const ds = loadDataset('digits');
      const X = hasGpu() ? takeRows(ds, Array.from({ length: 400 }, (_, i) => i)) : ds.X;
      const y = hasGpu() ? ds.y.slice(0, 400) : ds.y;
      const nb = await new gf.MultinomialNB({ alpha: c.params.alpha }).fit(ds.X, ds.y);
      expectClose(nb.featureLogProb, c.fitted.feature_log_prob_.flat(), 'featureLogProb');
      expectClose(nb.classLogPrior, c.fitted.class_log_prior_, 'classLogPrior');
      expectClose(nb.classCount, c.fitted.class_count_, 'classCount');
      const pred = (await (await nb.predict(X)).toArray()) as Int32Array;
      expect(Array.from(pred)).toEqual(c.predict.slice(0, y.length));
      const P = await columns(await nb.predictProba(takeRows(ds, c.rows)));
      c.rows.forEach((_, i) => expectClose(P.map((col) => col[i]!), c.predictProba[i]!, `proba ${i}`, 1e-8, 1e-13));
    });
  }
});

describe('MultinomialNB behaviour', () => {
  it('uses fixed or uniform priors, counts per class, and takes frames', async () => {
    const X = [new Float64Array([3, 0, 1, 0]), new Float64Array([0, 4, 0, 2])];
    const y = ['spam', 'ham', 'spam', 'ham'];
    const nb = await new gf.MultinomialNB({ fitPrior: false }).fit(X, y);
    expect(Array.from(nb.classLogPrior)).toEqual([-Math.log(2), -Math.log(2)]);
    expect(Array.from(nb.featureCount)).toEqual([0, 6, 4, 0]);
    expect(Array.from(nb.featureLogProb)).toEqual([Math.log(1) - Math.log(8), Math.log(7) - Math.log(8), Math.log(5) - Math.log(6), Math.log(1) - Math.log(6)]);
    expect(await ((await nb.predict(X)) as unknown as gf.Column).toValues()).toEqual(y);
    const fixed = await new gf.MultinomialNB({ classPrior: [0.9, 0.1] }).fit(X, y);
    expect(Array.from(fixed.classLogPrior)).toEqual([Math.log(0.9), Math.log(0.1)]);
    const df = new gf.DataFrame({ a: gf.Column.from(new Int32Array([3, 0, 1, 0])), b: gf.Column.from(new Int32Array([0, 4, 0, 2])), y: gf.Column.from(y) });
    const f = await new gf.MultinomialNB().fit(df, 'y', { columns: ['a', 'b'] });
    expect((await f.predictLogProba(df, ['a', 'b'])).names).toEqual(['ham', 'spam']);
    expect(await f.score(df, 'y', ['a', 'b'])).toBe(1);
  });

  it('round-trips toJSON / fromJSON', async () => {
    const ds = loadDataset('digits');
    const nb = await new gf.MultinomialNB().fit(ds.X, ds.y);
    const back = gf.MultinomialNB.fromJSON(JSON.stringify(nb));
    const q = takeRows(ds, [1, 2, 3]);
    expect(Array.from((await (await back.predict(q)).toArray()) as Int32Array)).toEqual(Array.from((await (await nb.predict(q)).toArray()) as Int32Array));
  });

  it('refuses negative counts, bad priors and bad input', async () => {
    await expect(new gf.MultinomialNB().fit([[1, -1], [2, 0]], [0, 1])).rejects.toThrow(/non-negative values \(counts\) in column 'X\[1\]'/);
    await expect(new gf.MultinomialNB({ classPrior: [0.5] }).fit([[1], [2]], [0, 1])).rejects.toThrow(/2 values/);
    expect(() => new gf.MultinomialNB({ alpha: -1 })).toThrow(/alpha/);
    await expect(new gf.MultinomialNB().predictProba([[1]])).rejects.toThrow(gf.NotFittedError);
    await expect(new gf.MultinomialNB().fit([[1], [NaN]], [0, 1])).rejects.toThrow(/finite values/);
  });
});
