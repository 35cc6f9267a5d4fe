// KNeighborsClassifier / KNeighborsRegressor: scikit-learn goldens on the every-5th-row split
// (iris, wine, digits, diabetes; weights uniform and distance), output kinds, score,
// persistence, bad input; on the active backend (GPUFRAME_BACKEND=cpu and =webgpu).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { loadDataset, loadGolden, splitEveryFifth, takeRows, type DatasetName } from '../../helpers/ml-data.js';
import { close, host } from './nn-helpers.js';

interface Case {
  id: string;
  estimator: 'KNeighborsClassifier' | 'KNeighborsRegressor';
  dataset: DatasetName;
  params: { n_neighbors: number; weights: 'uniform' | 'distance' };
  predict: number[];
  neighbors: number[][];
  ambiguous: boolean[];
  predictDirectDistances?: number[];
  predictProbaRows?: number[];
  predictProba?: number[][];
}

const golden = loadGolden<Case>('KNeighbors');
const heavy = (c: Case) => hasGpu() && c.dataset === 'digits';

describe('KNeighbors goldens', () => {
  for (const c of golden.cases) {
    it.skipIf(heavy(c))(`${c.estimator} ${c.id}`, async () => {
      const ds = loadDataset(c.dataset);
      const { train, test } = splitEveryFifth(ds.n);
      const Xtr = takeRows(ds, train);
      const Xte = takeRows(ds, test);
      const ytr = Float64Array.from(train, (i) => ds.y[i]!);
      const opts = { nNeighbors: c.params.n_neighbors, weights: c.params.weights };
      if (c.estimator === 'KNeighborsClassifier') {
        const m = await new gf.KNeighborsClassifier(opts).fit(Xtr, Int32Array.from(ytr));
        const pred = await host<Int32Array>((await m.predict(Xte)) as gf.DataBuffer);
        c.predict.forEach((p, i) => {
          if (!c.ambiguous[i]) expect(pred[i], `${c.id} row ${i}`).toBe(p);
        });
        const { indices } = await m.kneighbors(Xte);
        const ix = await host<Int32Array>(indices);
        c.neighbors.forEach((g, i) => {
          if (!c.ambiguous[i]) expect(Array.from(ix.subarray(i * 5, i * 5 + 5)).sort((a, b) => a - b), `${c.id} nb ${i}`).toEqual([...g].sort((a, b) => a - b));
        });
        const rows = c.predictProbaRows!;
        const proba = await m.predictProba(Xte.map((col) => Float64Array.from(rows, (r) => col[r]!)));
        const P = await Promise.all((proba as gf.DataBuffer[]).map((b) => host<Float64Array>(b)));
        rows.forEach((_, i) => {
          if (c.ambiguous[rows[i]!]) return;
          c.predictProba![i]!.forEach((v, j) => expect(close(P[j]![i]!, v, 1e-7, 1e-12), `${c.id} proba ${i},${j}`).toBe(true));
        });
        const acc = await m.score(Xte, Int32Array.from(test, (i) => ds.y[i]!));
        const agree = c.predict.filter((p, i) => p === ds.y[test[i]!]).length / test.length;
        expect(close(acc, agree, 1e-12)).toBe(true);
      } else {
        const m = await new gf.KNeighborsRegressor(opts).fit(Xtr, ytr);
        const pred = await host<Float64Array>((await m.predict(Xte)) as gf.DataBuffer);
        const want = c.predictDirectDistances ?? c.predict;
        want.forEach((p, i) => {
          if (!c.ambiguous[i]) expect(close(pred[i]!, p), `${c.id} row ${i}: ${pred[i]} vs ${p}`).toBe(true);
        });
        const yte = Float64Array.from(test, (i) => ds.y[i]!);
        const mean = yte.reduce((s, v) => s + v, 0) / yte.length;
        const r2 = 1 - yte.reduce((s, v, i) => s + (v - pred[i]!) ** 2, 0) / yte.reduce((s, v) => s + (v - mean) ** 2, 0);
        expect(close(await m.score(Xte, yte), r2, 1e-12)).toBe(true);
      }
    });
  }
});

describe('KNeighbors behaviour', () => {
  it('predicts string labels from a frame, probabilities as a frame named by class', async () => {
    const df = new gf.DataFrame({ a: gf.Column.from(new Float64Array([0, 0.1, 5, 5.2, 9])), s: gf.Column.from(['lo', 'lo', 'hi', 'hi', 'hi']) });
    const m = await new gf.KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit(df, 's', { columns: ['a'] });
    expect(m.classes).toEqual(['hi', 'lo']);
    const pred = await m.predict(df, ['a']);
    expect(await pred.toValues()).toEqual(['lo', 'lo', 'hi', 'hi', 'hi']);
    const p = await m.predictProba({ frame: df, columns: ['a'] });
    expect(p.names).toEqual(['hi', 'lo']);
    expect(await p.column('hi').toValues()).toEqual([0, 0, 1, 1, 1]);
    expect(await m.score(df, 's', ['a'])).toBe(1);
  });

  it('weights exact-distance neighbours alone, and votes ties to the smallest class', async () => {
    const x = [new Float64Array([0, 1, 1, 2])];
    const m = await new gf.KNeighborsClassifier({ nNeighbors: 2, weights: 'distance' }).fit(x, new Int32Array([7, 3, 5, 5]));
    expect(Array.from(await host<Int32Array>((await m.predict([new Float64Array([1, 0.5])])) as gf.DataBuffer))).toEqual([3, 3]);
    const r = await new gf.KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(x, new Float64Array([10, 20, 40, 80]));
    expect(Array.from(await host<Float64Array>((await r.predict([new Float64Array([1, 0.5, 3])])) as gf.DataBuffer))).toEqual([30, (10 / 0.5 + 20 / 0.5 + 40 / 0.5) / (3 / 0.5), (80 / 1 + 40 / 2 + 20 / 2) / (1 + 1 / 2 + 1 / 2)]);
  });

  it('handles one class, d = 1, n < d and constant columns', async () => {
    const m = await new gf.KNeighborsClassifier({ nNeighbors: 2 }).fit([[1, 1, 1], [1, 1, 2]], new Int32Array([4, 4]));
    expect(Array.from(await host<Int32Array>((await m.predict([[0, 0, 0]])) as gf.DataBuffer))).toEqual([4]);
    const p = (await m.predictProba([[0, 0, 0]])) as gf.DataBuffer[];
    expect(Array.from(await host<Float64Array>(p[0]))).toEqual([1]);
  });

  it('round-trips toJSON / fromJSON', async () => {
    const ds = loadDataset('iris');
    const m = await new gf.KNeighborsClassifier({ weights: 'distance' }).fit(ds.X, ds.y);
    await m.fetchFitData();
    const back = gf.KNeighborsClassifier.fromJSON(JSON.stringify(m));
    const q = takeRows(ds, [0, 70, 120]);
    expect(Array.from(await host<Int32Array>((await back.predict(q)) as gf.DataBuffer))).toEqual(Array.from(await host<Int32Array>((await m.predict(q)) as gf.DataBuffer)));
    const r = await new gf.KNeighborsRegressor().fit(ds.X, Float64Array.from(ds.y));
    await r.fetchFitData();
    const rb = gf.KNeighborsRegressor.fromJSON(JSON.stringify(r));
    expect(Array.from(await host<Float64Array>((await rb.predict(q)) as gf.DataBuffer))).toEqual(Array.from(await host<Float64Array>((await r.predict(q)) as gf.DataBuffer)));
  });

  it('refuses bad input', async () => {
    await expect(new gf.KNeighborsClassifier().predict([[1]])).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.KNeighborsRegressor({ weights: 'gaussian' as never })).toThrow(/weights/);
    await expect(new gf.KNeighborsClassifier().fit([[1], [2]], new Int32Array([1, 2, 3]))).rejects.toThrow(gf.ShapeError);
    await expect(new gf.KNeighborsRegressor().fit([[1], [2]], new Float64Array([1]))).rejects.toThrow(gf.ShapeError);
    await expect(new gf.KNeighborsClassifier({ nNeighbors: 3 }).fit([[1], [2]], new Int32Array([1, 2])).then((m) => m.predict([[1]]))).rejects.toThrow(/nNeighbors <= 2/);
    const df = new gf.DataFrame({ a: gf.Column.from(new Float64Array([1, 2, NaN])), y: gf.Column.from(new Float64Array([1, 2, 3])) });
    await expect(new gf.KNeighborsRegressor({ nNeighbors: 1 }).fit(df, 'y', { columns: ['a'] })).rejects.toThrow(/column 'a'/);
  });

  it('agrees with a host vote on 1e5 rows (the device at 1e4)', async () => {
    const n = hasGpu() ? 10_000 : 100_000;
    const r = rng(3);
    const a = Float64Array.from({ length: n }, () => r());
    const b = Float64Array.from({ length: n }, () => r());
    const y = Int32Array.from(a, (v, i) => (v + b[i]! > 1 ? 1 : 0));
    const m = await new gf.KNeighborsClassifier({ nNeighbors: 5 }).fit([a, b], y);
    const q = [Float64Array.from([0.2, 0.5, 0.9]), Float64Array.from([0.1, 0.5001, 0.95])];
    const pred = await host<Int32Array>((await m.predict(q)) as gf.DataBuffer);
    for (let t = 0; t < 3; t++) {
      const ds = Array.from({ length: n }, (_, i) => [Math.hypot(a[i]! - q[0]![t]!, b[i]! - q[1]![t]!), i] as const).sort((p, s) => p[0] - s[0] || p[1] - s[1]);
      const ones = ds.slice(0, 5).filter(([, i]) => y[i] === 1).length;
      expect(pred[t]).toBe(ones >= 3 ? 1 : 0);
    }
  });
});
