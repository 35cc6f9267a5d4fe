// GaussianNB: scikit-learn goldens (iris, wine: theta, var, priors, counts, epsilon within
// 1e-10; predict identical; probabilities and joint log-likelihoods), kinds, priors, one
// class, persistence, bad input; on the active backend (GPUFRAME_BACKEND=cpu and =webgpu).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { loadDataset, loadGolden, takeRows, type DatasetName } from '../../helpers/ml-data.js';
import { columns, expectClose } from './nb-helpers.js';

interface Case {
  id: string;
  dataset: DatasetName;
  fitted: { theta_: number[][]; var_: number[][]; class_prior_: number[]; class_count_: number[]; epsilon_: number };
  predict: number[];
  rows: number[];
  predictProba: number[][];
  predictJointLogProba: number[][];
}

const golden = loadGolden<Case>('GaussianNB');

describe('GaussianNB goldens', () => {
  for (const c of golden.cases) {
    it(c.id, async () => {
      const ds = loadDataset(c.dataset);
      const nb = await new gf.GaussianNB().fit(ds.X, ds.y);
      expectClose(nb.theta, c.fitted.theta_.flat(), 'theta');
      expectClose(nb.var, c.fitted.var_.flat(), 'var');
      expectClose(nb.classPrior, c.fitted.class_prior_, 'classPrior');
      expectClose(nb.classCount, c.fitted.class_count_, 'classCount');
      expectClose([nb.epsilon], [c.fitted.epsilon_], 'epsilon');
      expect(Array.from(nb.classes as Int32Array)).toEqual([...new Set(c.predict)].sort((a, b) => a - b));
      const pred = (await (await nb.predict(ds.X)).toArray()) as Int32Array;
      expect(Array.from(pred)).toEqual(c.predict);
      const q = takeRows(ds, c.rows);
      const P = await columns(await nb.predictProba(q));
      const J = await columns(await nb.predictJointLogProba(q));
      const L = await columns(await nb.predictLogProba(q));
      c.rows.forEach((_, i) => {
        expectClose(P.map((col) => col[i]!), c.predictProba[i]!, `proba ${i}`, 1e-8, 1e-13);
        expectClose(J.map((col) => col[i]!), c.predictJointLogProba[i]!, `jll ${i}`, 1e-10, 1e-9);
        expectClose(L.map((col) => Math.exp(col[i]!)), c.predictProba[i]!, `log proba ${i}`, 1e-8, 1e-13);
      });
      expect(await nb.score(ds.X, ds.y)).toBeCloseTo(c.predict.filter((p, i) => p === ds.y[i]).length / ds.n, 12);
    });
  }
});

describe('GaussianNB behaviour', () => {
  it('takes a frame with a label column name and gives Columns and a frame of probabilities', async () => {
    const ds = loadDataset('iris');
    const names = ['setosa', 'versicolor', 'virginica'];
    const df = new gf.DataFrame({ ...Object.fromEntries(ds.names.map((n, j) => [n, gf.Column.from(ds.X[j]!)])), species: gf.Column.from(Array.from(ds.y, (v) => names[v]!)) });
    const nb = await new gf.GaussianNB().fit(df, 'species', { columns: ds.names });
    expect(nb.classes).toEqual(names);
    expect(nb.featureNamesIn).toEqual(ds.names);
    const pred = await nb.predict(df, ds.names);
    expect(pred).toBeInstanceOf(gf.Column);
    const numeric = await new gf.GaussianNB().fit(ds.X, ds.y);
    const codes = (await (await numeric.predict(ds.X)).toArray()) as Int32Array;
    expect(await pred.toValues()).toEqual(Array.from(codes, (v) => names[v]));
    const p = await nb.predictProba({ frame: df, columns: ds.names });
    expect(p.names).toEqual(names);
    expect(await nb.score(df, 'species', ds.names)).toBeGreaterThan(0.9);
  });

  it('uses given priors, handles one class, d = 1, constant columns and n < d', async () => {
    const ds = loadDataset('iris');
    const nb = await new gf.GaussianNB({ priors: [0.5, 0.25, 0.25] }).fit(ds.X, ds.y);
    expect(Array.from(nb.classPrior)).toEqual([0.5, 0.25, 0.25]);
    const one = await new gf.GaussianNB().fit([[1, 5, 2], [2, 5, 3]], ['a', 'a']);
    expect(await ((await one.predict([[0, 0, 0]])) as unknown as gf.Column).toValues()).toEqual(['a']);
    expect(Array.from(one.var)).toEqual([0.25, 0, 0.25].map((v) => v + 1e-9 * 0.25));
    const d1 = await new gf.GaussianNB().fit([new Float64Array([0, 0.1, 5, 5.1])], new Int32Array([0, 0, 1, 1]));
    expect(Array.from((await (await d1.predict([new Float64Array([0.2, 4.8])])).toArray()) as Int32Array)).toEqual([0, 1]);
  });

  it('round-trips toJSON / fromJSON', async () => {
    const ds = loadDataset('wine');
    const nb = await new gf.GaussianNB().fit(ds.X, ds.y);
    const back = gf.GaussianNB.fromJSON(JSON.stringify(nb));
    expect(back.theta).toEqual(nb.theta);
    expect(Array.from((await (await back.predict(ds.X)).toArray()) as Int32Array)).toEqual(Array.from((await (await nb.predict(ds.X)).toArray()) as Int32Array));
  });

  it('refuses bad input', async () => {
    await expect(new gf.GaussianNB().predict([[1]])).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.GaussianNB({ var_smoothing: 1 } as never)).toThrow(/varSmoothing/);
    await expect(new gf.GaussianNB({ priors: [0.5, 0.6] }).fit([[1], [2]], [0, 1])).rejects.toThrow(/summing to 1/);
    await expect(new gf.GaussianNB({ priors: [1] }).fit([[1], [2]], [0, 1])).rejects.toThrow(/2 values/);
    await expect(new gf.GaussianNB().fit([[1], [2]], [0, 1, 1])).rejects.toThrow(gf.ShapeError);
    const df = new gf.DataFrame({ a: gf.Column.from(new Float64Array([1, Infinity])), s: gf.Column.from(['u', 'v']) });
    await expect(new gf.GaussianNB().fit(df, [0, 1], { columns: ['a'] })).rejects.toThrow(/column 'a'/);
    await expect(new gf.GaussianNB().fit(df, [0, 1], { columns: ['s'] })).rejects.toThrow(/utf8/);
    const nb = await new gf.GaussianNB().fit([[1, 2], [2, 3]], [0, 1]);
    await expect(nb.predict([[1]])).rejects.toThrow(gf.ShapeError);
  });

  it('agrees with a host fit on 1e5 rows (the device at 2e4)', async () => {
    const n = hasGpu() ? 20_000 : 100_000;
    const r = rng(5);
    const y = Int32Array.from({ length: n }, () => Math.floor(r() * 3));
    const X = [0, 1].map((j) => Float64Array.from(y, (c) => c * (j + 1) + r() * 2));
    const nb = await new gf.GaussianNB().fit(X, y);
    for (let c = 0; c < 3; c++) {
      const idx = Array.from(y.keys()).filter((i) => y[i] === c);
      for (let j = 0; j < 2; j++) {
        const mean = idx.reduce((s, i) => s + X[j]![i]!, 0) / idx.length;
        expect(Math.abs(nb.theta[c * 2 + j]! - mean)).toBeLessThan(1e-12 * Math.abs(mean) + 1e-12);
      }
    }
  });
});
