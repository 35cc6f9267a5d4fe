// `fit(df, 'y')`: y given as a column name of X's frame is not a feature, for GaussianNB,
// MultinomialNB, KNeighborsClassifier and KNeighborsRegressor (as LogisticRegression and Ridge):
// the model equals `fit(df.drop('y'), df.column('y'))` (nFeaturesIn, featureNamesIn,
// predictions), with numeric and string labels; `score(df, 'y')` likewise; predict on the full
// frame (y still in it) fails as LogisticRegression's does; GridSearchCV and crossValScore pass a
// column-name y through the same way. On the active backend (GPUFRAME_BACKEND=cpu and =webgpu).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

// counts (MultinomialNB takes them): class p has a large a and a small b, class q the reverse
const a = new Float64Array([5, 6, 7, 0, 1, 0, 4, 1]);
const b = new Float64Array([0, 1, 0, 5, 7, 6, 1, 5]);
const numeric = new Float64Array([0, 0, 0, 1, 1, 1, 0, 1]);
const strings = ['p', 'p', 'p', 'q', 'q', 'q', 'p', 'q'];
const target = new Float64Array([1, 2, 3, 10, 11, 12, 1.5, 11.5]);

type Model = {
  fit(X: unknown, y: unknown, options?: { columns?: readonly string[] }): Promise<unknown>;
  predict(X: unknown, columns?: readonly string[]): Promise<unknown>;
  score(X: unknown, y: unknown, columns?: readonly string[]): Promise<number>;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
  dispose(): void;
};

const makers: Record<string, () => Model> = {
  GaussianNB: () => new gf.GaussianNB() as unknown as Model,
  MultinomialNB: () => new gf.MultinomialNB() as unknown as Model,
  KNeighborsClassifier: () => new gf.KNeighborsClassifier({ nNeighbors: 3 }) as unknown as Model,
  KNeighborsRegressor: () => new gf.KNeighborsRegressor({ nNeighbors: 2 }) as unknown as Model,
};

const values = async (p: unknown): Promise<unknown[]> => (p as gf.Column).toValues();

const labelCases = (est: string): Array<[string, Float64Array | string[]]> =>
  est === 'KNeighborsRegressor' ? [['numeric', target]] : [['numeric', numeric], ['string', strings]];

describe("fit(df, 'y') leaves y out of the features", () => {
  for (const [est, make] of Object.entries(makers)) {
    for (const [kind, y] of labelCases(est)) {
      it(`${est}, ${kind} y`, async () => {
        const df = new gf.DataFrame({ a, y: kind === 'string' ? gf.Column.from(y as string[]) : (y as Float64Array), b });
        const byName = make();
        await byName.fit(df, 'y');
        const byColumn = make();
        await byColumn.fit(df.drop('y'), df.column('y'));
        expect(byName.nFeaturesIn).toBe(2);
        expect(byName.featureNamesIn).toEqual(['a', 'b']);
        expect(byColumn.featureNamesIn).toEqual(['a', 'b']);
        const X = df.drop('y');
        const p1 = await values(await byName.predict(X));
        expect(p1).toEqual(await values(await byColumn.predict(X)));
        if (kind === 'string') expect(p1).toEqual(strings); // well separated: training rows predicted right
        // score(df, 'y') also leaves y out, and equals the score with y given as a vector.
        const s = await byName.score(df, 'y');
        expect(s).toBe(await byColumn.score(X, df.column('y')));
        if (est !== 'KNeighborsRegressor') expect(s).toBe(1);
        // an explicit column list still wins, and { frame, columns } reads y from the frame
        const sel = make();
        await sel.fit({ frame: df, columns: ['b'] }, 'y');
        expect(sel.featureNamesIn).toEqual(['b']);
        byName.dispose();
        byColumn.dispose();
        sel.dispose();
      });
    }
  }

  it('predict on the full frame (y still in it) fails as LogisticRegression does', async () => {
    for (const [kind, y] of [['numeric', numeric], ['string', strings]] as const) {
      const df = new gf.DataFrame({ a, b, y: kind === 'string' ? gf.Column.from(y as string[]) : (y as Float64Array) });
      const lr = await new gf.LogisticRegression().fit(df, 'y');
      const lrErr = await lr.predict(df).then(() => undefined, (e: Error) => e);
      expect(lrErr, kind).toBeInstanceOf(kind === 'string' ? gf.DTypeError : gf.ShapeError);
      for (const est of ['GaussianNB', 'MultinomialNB', 'KNeighborsClassifier']) {
        const m = makers[est]!();
        await m.fit(df, 'y');
        const err = await m.predict(df).then(() => undefined, (e: Error) => e);
        expect(err, `${est} ${kind}`).toBeInstanceOf(lrErr!.constructor);
        expect((err as Error).message).toContain(kind === 'string' ? "column 'y'" : 'expected X with 2 features (as in fit), got 3');
        // naming the features (or dropping y) is how to predict on that frame
        expect(await values(await m.predict(df, ['a', 'b']))).toEqual(Array.from(y as ArrayLike<unknown>));
        m.dispose();
      }
    }
  });

  it('GridSearchCV.fit(df, name) and crossValScore(est, df, name) leave y out too', async () => {
    const df = new gf.DataFrame({ a, y: gf.Column.from(strings), b });
    const search = await new gf.GridSearchCV(new gf.KNeighborsClassifier(), { nNeighbors: [1, 3] }, { cv: 2, nJobs: 1 }).fit(df, 'y');
    expect(search.bestEstimator.featureNamesIn).toEqual(['a', 'b']);
    expect(Array.from(search.cvResults.meanTestScore)).toEqual([1, 1]);
    const byName = await gf.crossValScore(new gf.GaussianNB(), df, 'y', { cv: 2 });
    const byColumn = await gf.crossValScore(new gf.GaussianNB(), df.drop('y'), df.column('y'), { cv: 2 });
    expect(Array.from(byName)).toEqual(Array.from(byColumn));
    await expect(gf.crossValScore(new gf.GaussianNB(), [a, b], 'y')).rejects.toThrow(/column name with X a DataFrame/);
    search.dispose();
  });
});
