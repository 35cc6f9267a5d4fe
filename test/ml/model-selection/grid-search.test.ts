// GridSearchCV and ParameterGrid against scikit-learn 1.2's GridSearchCV (test/fixtures/ml/grid-search.json,
// scripts/golden/grid_search_reference.py): Ridge, KNeighborsClassifier/Regressor grids on diabetes,
// iris and wine. On the CPU backend the worker-thread search (nJobs 2) equals the in-process one
// (nJobs 1) bit for bit; on WebGPU the batched search (candidates of a fold together) equals the
// sequential one (nJobs 1). Errors: the estimator's own typed error, naming the candidate.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { goldenCase, loadDataset, loadGolden, type DatasetName, type GoldenCase } from '../../helpers/ml-data.js';

type GridCase = GoldenCase & {
  dataset: DatasetName;
  estimator: 'Ridge' | 'KNeighborsClassifier' | 'KNeighborsRegressor';
  grid: gf.ParamGridInput;
  scoring: string | null;
  cv: number;
  returnTrainScore: boolean;
  params: Record<string, unknown>[];
  meanTestScore: number[];
  stdTestScore: number[];
  rankTestScore: number[];
  splitTestScores: number[][];
  bestParams: Record<string, unknown>;
  bestIndex: number;
  bestScore: number;
  meanTrainScore?: number[];
};
const golden = loadGolden<GridCase>('grid-search');
const onWebGPU = gf.hasWebGPU();

function make(name: GridCase['estimator']): gf.SearchEstimator {
  return name === 'Ridge' ? new gf.Ridge() : name === 'KNeighborsClassifier' ? new gf.KNeighborsClassifier() : new gf.KNeighborsRegressor();
}

function near(got: ArrayLike<number>, want: readonly number[], rel: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = rel * Math.max(Math.abs(want[i]!), 1e-300) + 1e-14;
    expect(Math.abs(got[i]! - want[i]!), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol);
  }
}

/** Every score array of two searches, bit for bit. */
function sameScores(a: gf.GridSearchCV, b: gf.GridSearchCV, folds: number): void {
  const keys = ['meanTestScore', 'stdTestScore', 'rankTestScore', ...Array.from({ length: folds }, (_, k) => `split${k}TestScore`)];
  for (const k of keys) expect(Array.from(a.cvResults[k as 'meanTestScore']), k).toEqual(Array.from(b.cvResults[k as 'meanTestScore']));
  expect(a.bestParams).toEqual(b.bestParams);
}

describe('ParameterGrid', () => {
  it("scikit-learn's order: keys sorted, the last varying fastest, grids in turn", () => {
    for (const c of golden.cases) expect([...new gf.ParameterGrid(c.grid)], c.id).toEqual(c.params);
    const g = new gf.ParameterGrid({ b: [1, 2, 3], a: ['x', 'y'] });
    expect(g.length).toBe(6);
    expect(g.at(4)).toEqual({ a: 'y', b: 2 });
    expect(g.keys).toEqual(['a', 'b']);
    expect([...new gf.ParameterGrid({})]).toEqual([{}]);
  });

  it('refuses a non-array value, an empty array, a bad index', () => {
    expect(() => new gf.ParameterGrid({ alpha: 1 as never })).toThrow(/option 'alpha' of the grid an array of values/);
    expect(() => new gf.ParameterGrid([{ a: [1] }, { alpha: [] }])).toThrow(/option 'alpha' of grid 1 a non-empty array/);
    expect(() => new gf.ParameterGrid({ a: [1] }).at(1)).toThrow(gf.ValueError);
  });
});

describe('GridSearchCV', () => {
  for (const c of golden.cases) {
    it(`${c.id}: scikit-learn's cv_results_ (mean within 1e-10, ranks and best identical); parallel equals sequential`, async () => {
      const ds = loadDataset(c.dataset);
      const opts = { cv: c.cv, scoring: c.scoring ?? undefined, returnTrainScore: c.returnTrainScore };
      const seq = await new gf.GridSearchCV(make(c.estimator), c.grid, { ...opts, nJobs: 1 }).fit(ds.X, ds.y);
      const r = seq.cvResults;
      expect(r.params).toEqual(c.params);
      near(r.meanTestScore, c.meanTestScore, 1e-10, 'meanTestScore');
      near(r.stdTestScore, c.stdTestScore, 1e-8, 'stdTestScore');
      c.splitTestScores.forEach((s, k) => near(r[`split${k}TestScore`], s, 1e-10, `split${k}TestScore`));
      expect(Array.from(r.rankTestScore)).toEqual(c.rankTestScore);
      expect(seq.bestIndex).toBe(c.bestIndex);
      expect(seq.bestParams).toEqual(c.bestParams);
      near([seq.bestScore], [c.bestScore], 1e-10, 'bestScore');
      if (c.meanTrainScore) near(r.meanTrainScore!, c.meanTrainScore, 1e-10, 'meanTrainScore');
      expect(seq.execution.mode).toBe('in-process');
      const par = await new gf.GridSearchCV(make(c.estimator), c.grid, { ...opts, nJobs: 2 }).fit(ds.X, ds.y);
      expect(par.execution.mode).toBe(onWebGPU ? 'device-batched' : 'workers');
      sameScores(par, seq, c.splitTestScores.length);
    });
  }

  it('accuracy means are the bits scikit-learn gives (numpy summation order), ties share the min rank', async () => {
    const c = goldenCase(golden, 'knn-iris-accuracy');
    const ds = loadDataset('iris');
    const s = await new gf.GridSearchCV(new gf.KNeighborsClassifier(), c.grid, { nJobs: 1 }).fit(ds.X, ds.y);
    expect(Array.from(s.cvResults.meanTestScore)).toEqual(c.meanTestScore);
    expect(new Set(c.rankTestScore).size).toBeLessThan(c.rankTestScore.length);
  });

  it('a frame with y a column name; refit predicts and scores as the best estimator fitted alone', async () => {
    const ds = loadDataset('diabetes');
    const df = new gf.DataFrame({ ...Object.fromEntries(ds.names.map((nm, j) => [nm, ds.X[j]!])), target: ds.y });
    const X = { frame: df, columns: ds.names };
    const grid = { alpha: [0.01, 1, 100] };
    const seq = await new gf.GridSearchCV(new gf.Ridge(), grid, { nJobs: 1, cv: 3 }).fit(X, 'target');
    const par = await new gf.GridSearchCV(new gf.Ridge(), grid, { nJobs: 2, cv: 3 }).fit(X, 'target');
    sameScores(par, seq, 3);
    const alone = await new gf.Ridge(seq.bestParams as gf.RidgeOptions).fit(X, df.column('target'));
    const pred = await seq.predict<gf.Column>(X);
    const values = async (c: gf.Column) => Array.from((await c.data.toArray()) as Float64Array);
    expect(await values(pred)).toEqual(await values(await alone.predict(X)));
    expect(await seq.score(X, df.column('target'))).toBe(await alone.score(X, df.column('target')));
    expect(seq.bestEstimator.isFitted).toBe(true);
    expect(seq.refitTime).toBeGreaterThanOrEqual(0);
  });

  it('a function scorer runs in process; refit: false has no bestEstimator', async () => {
    const ds = loadDataset('iris');
    const scoring = async (e: gf.ScoredEstimator, X: unknown, y: unknown) => gf.metrics.accuracyScore(y as gf.DataBuffer, (await e.predict!(X as never)) as gf.DataBuffer);
    const s = await new gf.GridSearchCV(new gf.KNeighborsClassifier(), { nNeighbors: [3, 9] }, { scoring, refit: false, nJobs: 2 }).fit(ds.X, ds.y);
    const named = await new gf.GridSearchCV(new gf.KNeighborsClassifier(), { nNeighbors: [3, 9] }, { scoring: 'accuracy', nJobs: 1 }).fit(ds.X, ds.y);
    expect(Array.from(s.cvResults.meanTestScore)).toEqual(Array.from(named.cvResults.meanTestScore));
    if (!onWebGPU) expect(s.execution).toMatchObject({ mode: 'in-process', reason: 'scoring is a function' });
    expect(() => s.bestEstimator).toThrow(gf.NotFittedError);
    await expect(s.predict(ds.X)).rejects.toThrow(/refit: true/);
  });

  for (const nJobs of [1, 2]) {
    it(`nJobs ${nJobs}: a failing fit is the estimator's typed error, naming the candidate and fold`, async () => {
      const ds = loadDataset('iris');
      const search = new gf.GridSearchCV(new gf.KNeighborsClassifier(), { nNeighbors: [3, 200, 300] }, { nJobs });
      const err = await search.fit(ds.X, ds.y).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(gf.ValueError);
      expect(err!.message).toMatch(/^GridSearchCV\.fit \(candidate 1 of 3, \{ nNeighbors: 200 \}, fold 0\): KNeighborsClassifier\.\w+: expected nNeighbors <= 120/);
    });
  }

  it('refuses unknown options, an empty grid, a bad option name or value (the estimator error, naming the candidate), bad scoring', async () => {
    const ds = loadDataset('diabetes');
    expect(() => new gf.GridSearchCV(new gf.Ridge(), { alpha: [1] }, { n_jobs: 2 } as never)).toThrow(/unknown option 'n_jobs' \(did you mean 'nJobs'/);
    expect(() => new gf.GridSearchCV(new gf.Ridge(), [])).toThrow(/at least one candidate/);
    expect(() => new gf.GridSearchCV(new gf.Ridge(), { alpha: [] })).toThrow(/non-empty array/);
    expect(() => new gf.GridSearchCV(new gf.Ridge(), { alpha: [1] }, { scoring: 'nope' })).toThrow(/scoring .*'accuracy'.*got 'nope'/);
    expect(() => new gf.GridSearchCV(new gf.Ridge(), { alpha: [1] }, { nJobs: 0 })).toThrow(/nJobs/);
    expect(() => new gf.GridSearchCV(new gf.Ridge(), { alpha: [1] }, { cv: 1 })).toThrow(/cv/);
    const bad = new gf.GridSearchCV(new gf.Ridge(), { alpha: [1, 2], alpha_: [3] });
    await expect(bad.fit(ds.X, ds.y)).rejects.toThrow(/^GridSearchCV\.fit \(candidate 0 of 2, \{ alpha: 1, alpha_: 3 \}\): Ridge: expected options among 'alpha', 'fitIntercept', got unknown option 'alpha_'/);
    await expect(new gf.GridSearchCV(new gf.Ridge(), { alpha: [1, -1] }).fit(ds.X, ds.y)).rejects.toThrow(/candidate 1 of 2, \{ alpha: -1 \}\): Ridge: expected option 'alpha'/);
    await expect(new gf.GridSearchCV(new gf.Ridge(), { alpha: [1] }).fit(ds.X, new Float64Array(3))).rejects.toThrow(gf.ShapeError);
    expect(() => new gf.GridSearchCV(new gf.Ridge(), { alpha: [1] }).cvResults).toThrow(gf.NotFittedError);
  });
});
