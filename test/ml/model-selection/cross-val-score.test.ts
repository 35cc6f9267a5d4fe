// crossValScore: scikit-learn 1.2's cross_val_score with estimators gpuframe has (Ridge: KFold,
// R² per fold; KNeighborsClassifier: StratifiedKFold, accuracy per fold; goldens in
// model_selection_extra.json), KMeans (unsupervised, y undefined) against a hand-rolled loop,
// custom scorers and bad input. The LogisticRegression golden of model_selection.json runs
// once gf.LogisticRegression exists (it is being written beside this), on the CPU backend.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { loadDataset, loadGolden, type GoldenCase } from '../../helpers/ml-data.js';

type CvCase = GoldenCase & { kind: string; scores?: number[]; nSplits?: number };
const extra = loadGolden<CvCase>('model_selection_extra');
const cvCase = (id: string) => extra.cases.find((c) => c.id === id)!;

function close(got: Float64Array, want: number[], rel: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!), `fold ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(rel * Math.abs(want[i]!)));
}

describe('crossValScore', () => {
  it('Ridge on diabetes: KFold (cv 5 and a KFold of 3), R² per fold as scikit-learn', async () => {
    const ds = loadDataset('diabetes');
    close(await gf.crossValScore(new gf.Ridge({ alpha: 1 }), ds.X, ds.y), cvCase('ridge-diabetes-cv5').scores!, 1e-9);
    const df = new gf.DataFrame({ ...Object.fromEntries(ds.names.map((nm, j) => [nm, ds.X[j]!])), target: ds.y });
    const X = { frame: df, columns: ds.names };
    close(await gf.crossValScore(new gf.Ridge({ alpha: 1 }), X, df.column('target'), { cv: new gf.KFold({ nSplits: 3 }) }), cvCase('ridge-diabetes-cv3').scores!, 1e-9);
  });

  for (const ds of ['iris', 'wine'] as const) {
    it(`KNeighborsClassifier on ${ds}: a classifier gets StratifiedKFold, accuracy per fold as scikit-learn`, async () => {
      const d = loadDataset(ds);
      const knn = new gf.KNeighborsClassifier({ nNeighbors: 5 });
      expect(gf.isClassifier(knn)).toBe(true);
      expect(gf.isClassifier(new gf.Ridge())).toBe(false);
      close(await gf.crossValScore(knn, d.X, d.y), cvCase(`knn-${ds}-cv5`).scores!, 1e-15);
    });
  }

  /** KMeans (not yet on the Estimator base, so without clone) behind the clone/fit/score contract. */
  class KMeansCv {
    readonly model: gf.KMeans;
    constructor(readonly options: gf.KMeansOptions) {
      this.model = new gf.KMeans(options);
    }
    clone(): KMeansCv {
      return new KMeansCv(this.options);
    }
    async fit(X: gf.DataBuffer[]): Promise<this> {
      await this.model.fit(X);
      return this;
    }
    score(X: gf.DataBuffer[]): Promise<number> {
      return this.model.score(X);
    }
  }

  it('KMeans without y: the scores of clone/fit/score on each KFold fold; a custom scorer', async () => {
    const d = loadDataset('iris');
    const km = new KMeansCv({ nClusters: 3, seed: 1, nInit: 1 });
    const scores = await gf.crossValScore(km, d.X, undefined, { cv: 3 });
    const want: number[] = [];
    for await (const { train, test } of new gf.KFold({ nSplits: 3 }).split(d.X)) {
      const tr = await train.toArray();
      const te = await test.toArray();
      const m = new gf.KMeans(km.options);
      await m.fit(d.X.map((c) => gf.array(Float64Array.from(tr, (i) => c[i]!))));
      want.push(await m.score(d.X.map((c) => gf.array(Float64Array.from(te, (i) => c[i]!)))));
    }
    expect(Array.from(scores)).toEqual(want);
    const sizes = await gf.crossValScore(km, d.X, undefined, { cv: 3, scoring: async (_e, Xt) => (Xt as gf.DataBuffer[])[0]!.length });
    expect(Array.from(sizes)).toEqual([50, 50, 50]);
  });

  it('refuses bad cv, unknown options, y of another length', async () => {
    const d = loadDataset('iris');
    await expect(gf.crossValScore(new gf.Ridge(), d.X, d.y, { cv: 'five' as never })).rejects.toThrow(/cv/);
    await expect(gf.crossValScore(new gf.Ridge(), d.X, d.y, { folds: 3 } as never)).rejects.toThrow(/options among/);
    await expect(gf.crossValScore(new gf.Ridge(), d.X, new Float64Array(10))).rejects.toThrow(gf.ShapeError);
    await expect(gf.crossValScore({} as never, d.X, d.y)).rejects.toThrow(/clone, fit and score/);
  });

  const Logistic = (gf as unknown as Record<string, unknown>).LogisticRegression as (new (o: object) => gf.CrossValEstimator) | undefined;
  const base = loadGolden<GoldenCase & { crossValScore?: { scores: number[] } }>('model_selection');
  for (const c of base.cases.filter((x) => x.crossValScore)) {
    // On SwiftShader the five lbfgs fits take minutes (iris ~3 min, wine > 10 min), so the
    // golden runs on the CPU backend; the folds themselves are tested on both above.
    it.runIf(Logistic !== undefined && gf.info().backend === 'cpu')(`${c.id}: LogisticRegression(C=1) folds as scikit-learn (enabled once LogisticRegression lands)`, async () => {
      const d = loadDataset(c.dataset as 'iris' | 'wine');
      const est = new Logistic!({ C: 1, tol: 1e-10, maxIter: 100000 });
      const got = await gf.crossValScore(est, d.X, d.y, { cv: new gf.StratifiedKFold({ nSplits: 5 }) });
      expect(Array.from(got)).toEqual(c.crossValScore!.scores);
    });
  }
});
