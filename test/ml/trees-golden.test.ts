// The tree learners against scikit-learn 1.2.1 (test/fixtures/trees/sklearn-forest.json, written by
// scripts/golden/trees.py): RandomForestClassifier/Regressor and DecisionTreeClassifier/Regressor on
// breast_cancer, digits and diabetes with scikit-learn's options, trained on the rows whose index
// % 5 != 0 and scored on the others. Acceptance (issue 12): our test accuracy (or R²) is within 1.5
// points of scikit-learn's or better. Our splits are histogram splits (nBins 128: exact for features
// of at most 128 distinct values) and our seeds are not NumPy's, so the trees differ from
// scikit-learn's; the scores must not be worse by more than 1.5 points.
// Also: a fitted model saved with toJSON and reloaded predicts identically.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { loadDataset, splitEveryFifth, takeRows, type DatasetName } from '../helpers/ml-data.js';

interface Case {
  id: string;
  dataset: DatasetName;
  estimator: 'RandomForestClassifier' | 'RandomForestRegressor' | 'DecisionTreeClassifier' | 'DecisionTreeRegressor';
  params: Record<string, number | string | boolean | null>;
  metric: 'accuracy' | 'r2';
  score: number;
  depth?: number;
}
const golden = JSON.parse(readFileSync('test/fixtures/trees/sklearn-forest.json', 'utf8')) as { versions: { sklearn: string }; cases: Case[] };
/** A buffer's values as numbers. */
const values = async (b: gf.DataBuffer | Promise<gf.DataBuffer>) => Array.from((await (await b).toArray()) as ArrayLike<number>);
const CLASSES = { RandomForestClassifier: gf.RandomForestClassifier, RandomForestRegressor: gf.RandomForestRegressor, DecisionTreeClassifier: gf.DecisionTreeClassifier, DecisionTreeRegressor: gf.DecisionTreeRegressor };

/** scikit-learn's params in our spelling. */
function optionsOf(c: Case): Record<string, unknown> {
  const p = c.params;
  // scikit-learn's max_features=1.0 (all features) reaches JSON as 1, which is one feature here: null says all.
  const o: Record<string, unknown> = { criterion: p.criterion, maxDepth: p.max_depth, minSamplesSplit: p.min_samples_split, minSamplesLeaf: p.min_samples_leaf, maxFeatures: p.max_features === 1 ? null : p.max_features };
  if (c.estimator.startsWith('RandomForest')) Object.assign(o, { nEstimators: p.n_estimators, bootstrap: p.bootstrap });
  return o;
}

function split(name: DatasetName) {
  const ds = loadDataset(name);
  const { train, test } = splitEveryFifth(ds.n);
  const y = (idx: number[]) => (ds.y instanceof Int32Array ? Int32Array.from(idx, (i) => ds.y[i]!) : Float64Array.from(idx, (i) => ds.y[i]!));
  return { Xtr: takeRows(ds, train), ytr: y(train), Xte: takeRows(ds, test), yte: y(test) };
}

describe(`tree learners within 1.5 points of scikit-learn ${golden.versions.sklearn}`, () => {
  for (const c of golden.cases) {
    it(`${c.id}: ${c.metric} >= scikit-learn's ${c.score.toFixed(4)} - 0.015`, async () => {
      const d = split(c.dataset);
      const model = await new CLASSES[c.estimator](optionsOf(c) as never).fit(d.Xtr, d.ytr);
      const ours = await model.score(d.Xte, d.yte);
      expect(ours).toBeGreaterThanOrEqual(c.score - 0.015);
      if (c.metric === 'accuracy') expect(ours).toBeLessThanOrEqual(1);
      // The estimator's parameters are what scikit-learn had.
      if (c.depth !== undefined && typeof c.params.max_depth === 'number') expect((model as gf.DecisionTreeClassifier).depth).toBeLessThanOrEqual(c.params.max_depth);
      if ('nEstimators' in optionsOf(c)) expect(model.forest.nTrees).toBe(c.params.n_estimators);
    }, 120_000);
  }
});

describe('trained forests saved with toJSON and reloaded predict identically', () => {
  it('RandomForestClassifier on breast_cancer: labels and probabilities, bit for bit', async () => {
    const d = split('breast_cancer');
    const rf = await new gf.RandomForestClassifier({ nEstimators: 20, seed: 7 }).fit(d.Xtr, d.ytr);
    const text = JSON.stringify(rf);
    const back = gf.RandomForestClassifier.fromJSON(text);
    const again = gf.estimatorFromJSON(text) as gf.RandomForestClassifier;
    expect(again).toBeInstanceOf(gf.RandomForestClassifier);
    const a = await values(rf.predict(d.Xte));
    for (const m of [back, again]) {
      expect(await values(m.predict(d.Xte))).toEqual(a);
      const p0 = await rf.predictProba(d.Xte);
      const p1 = await m.predictProba(d.Xte);
      for (let c = 0; c < 2; c++) expect(await values(p1[c]!)).toEqual(await values(p0[c]!));
    }
    expect(back.featureImportances).toEqual(rf.featureImportances);
    expect(back.getParams()).toEqual(rf.getParams());
  });

  it('RandomForestRegressor on diabetes and DecisionTreeClassifier on digits', async () => {
    const d = split('diabetes');
    const rf = await new gf.RandomForestRegressor({ nEstimators: 15, maxDepth: 6, seed: 2 }).fit(d.Xtr, d.ytr);
    const back = gf.RandomForestRegressor.fromJSON(JSON.parse(JSON.stringify(rf)));
    expect(await values(back.predict(d.Xte))).toEqual(await values(rf.predict(d.Xte)));
    const g = split('digits');
    const dt = await new gf.DecisionTreeClassifier({ criterion: 'entropy', maxDepth: 10 }).fit(g.Xtr, g.ytr);
    const dt2 = gf.DecisionTreeClassifier.fromJSON(JSON.stringify(dt));
    expect(dt2.depth).toBe(dt.depth);
    expect(dt2.nLeaves).toBe(dt.nLeaves);
    expect(await values(dt2.predict(g.Xte))).toEqual(await values(dt.predict(g.Xte)));
  });

  it('a saved classifier without its classes is a ValueError, not a regressor', async () => {
    const dt = await new gf.DecisionTreeClassifier().fit([[0], [1]], [0, 1]);
    const j = JSON.parse(JSON.stringify(dt));
    delete j.state.classes;
    expect(() => gf.DecisionTreeClassifier.fromJSON(j)).toThrow(/DecisionTreeClassifier.fromJSON: expected a saved DecisionTreeClassifier, got no classes/);
  });
});

describe("maxFeatures: scikit-learn's 1.0 is null here", () => {
  it('RandomForestRegressor looks at every feature by default (its root splits on the informative one in every tree)', async () => {
    const rf = new gf.RandomForestRegressor({ nEstimators: 8, maxDepth: 1, seed: 5 });
    expect(rf.getParams().maxFeatures).toBeNull();
    const n = 200;
    const X = [0, 1, 2].map((j) => Float64Array.from({ length: n }, (_, i) => (j === 2 ? i : (i * 7919 + j * 104729) % n)));
    const y = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 10));
    await rf.fit(X, y);
    const f = rf.forest;
    for (let t = 0; t < f.nTrees; t++) expect(f.feature[f.root[t]!]).toBe(2);
    // With 1 (one feature per split) some roots must split on a noise feature.
    const one = await new gf.RandomForestRegressor({ nEstimators: 8, maxDepth: 1, seed: 5, maxFeatures: 1 }).fit(X, y);
    const roots = Array.from({ length: 8 }, (_, t) => one.forest.feature[one.forest.root[t]!]);
    expect(roots.some((r) => r !== 2)).toBe(true);
  });
});
