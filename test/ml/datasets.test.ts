// The scikit-learn data sets in data/ml/ (test/helpers/ml-data.ts) and the goldens computed from
// them (test/fixtures/ml/, scripts/golden/sklearn_estimators.py): shapes, class counts, known
// values from each set's published description, and the goldens agreeing with the bytes the
// loader reads (so every ML golden test starts from the same data scikit-learn saw).
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASETS, loadDataset, loadGolden, goldenCase, row, splitEveryFifth, takeRows } from '../helpers/ml-data.js';

const counts = (y: ArrayLike<number>): number[] => {
  const c: number[] = [];
  for (let i = 0; i < y.length; i++) c[y[i]!] = (c[y[i]!] ?? 0) + 1;
  return c;
};
const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;

describe('data/ml data sets', () => {
  it('iris: 150 x 4, 50 per class, Fisher\'s first and last rows', () => {
    const ds = loadDataset('iris');
    expect([ds.n, ds.d, ds.X.length]).toEqual([150, 4, 4]);
    expect(ds.names).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(ds.y).toBeInstanceOf(Int32Array);
    expect(counts(ds.y)).toEqual([50, 50, 50]);
    expect(row(ds, 0)).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(row(ds, 149)).toEqual([5.9, 3.0, 5.1, 1.8]);
    expect(Math.min(...ds.X[0]!)).toBe(4.3);
    expect(Math.max(...ds.X[2]!)).toBe(6.9);
  });

  it('wine: 178 x 13, classes 59/71/48', () => {
    const ds = loadDataset('wine');
    expect([ds.n, ds.d]).toEqual([178, 13]);
    expect(counts(ds.y)).toEqual([59, 71, 48]);
    expect(ds.names[0]).toBe('alcohol');
    expect(ds.names[12]).toBe('proline');
    expect(row(ds, 0)).toEqual([14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065]);
    expect(Math.max(...ds.X[12]!)).toBe(1680);
  });

  it('breast_cancer: 569 x 30, 212 malignant (0) and 357 benign (1)', () => {
    const ds = loadDataset('breast_cancer');
    expect([ds.n, ds.d]).toEqual([569, 30]);
    expect(counts(ds.y)).toEqual([212, 357]);
    expect(ds.names[0]).toBe('mean radius');
    expect(ds.names[29]).toBe('worst fractal dimension');
    expect(ds.X[0]![0]).toBe(17.99);
    expect(Math.max(...ds.X[0]!)).toBe(28.11);
  });

  it('diabetes: 442 x 10 raw values, float target 25..346', () => {
    const ds = loadDataset('diabetes');
    expect([ds.n, ds.d]).toEqual([442, 10]);
    expect(ds.names).toEqual(['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']);
    expect(ds.y).toBeInstanceOf(Float64Array);
    expect(row(ds, 0)).toEqual([59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87]);
    expect([ds.y[0], Math.min(...ds.y), Math.max(...ds.y)]).toEqual([151, 25, 346]);
    expect(new Set(ds.X[1]!)).toEqual(new Set([1, 2]));
  });

  it('digits: 1797 x 64 pixels in 0..16, ten classes', () => {
    const ds = loadDataset('digits');
    expect([ds.n, ds.d]).toEqual([1797, 64]);
    expect(counts(ds.y)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(ds.names[0]).toBe('pixel_0_0');
    expect(ds.names[63]).toBe('pixel_7_7');
    expect(ds.X.every((c) => c.every((v) => Number.isInteger(v) && v >= 0 && v <= 16))).toBe(true);
    expect(ds.X[0]!.every((v) => v === 0)).toBe(true); // the corner pixel is always blank
    expect(row(ds, 0).slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });

  it('the fixed every-fifth split and takeRows', () => {
    const { train, test } = splitEveryFifth(12);
    expect(test).toEqual([0, 5, 10]);
    expect(train).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 11]);
    const iris = loadDataset('iris');
    expect([...takeRows(iris, [149, 0])[0]!]).toEqual([5.9, 5.1]);
  });
});

describe('test/fixtures/ml goldens', () => {
  const files = readdirSync(new URL('../fixtures/ml/', import.meta.url)).filter((f) => f.endsWith('.json'));

  it('every file records scikit-learn 1.2.1, its generator, notes and cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
    for (const f of files) {
      const g = loadGolden(f.replace(/\.json$/, ''));
      expect(g.versions.sklearn, f).toBe('1.2.1');
      expect(g.generator, f).toMatch(/^scripts\/golden\/[a-z_]+\.py$/);
      expect(existsSync(g.generator), `${f}: ${g.generator}`).toBe(true);
      expect(g.notes.length, f).toBeGreaterThan(20);
      expect(g.cases.length, f).toBeGreaterThan(0);
      for (const c of g.cases) {
        const n = DATASETS.includes(c.dataset as never) ? loadDataset(c.dataset as never).n : Infinity;
        for (const r of c.rows ?? []) expect(r >= 0 && r < n, `${f} ${c.id}`).toBe(true);
      }
    }
  });

  it('StandardScaler mean_ and MinMaxScaler data_max_ match the loaded bytes', () => {
    for (const ds of ['wine', 'diabetes'] as const) {
      const d = loadDataset(ds);
      const std = loadGolden('StandardScaler').cases.find((c) => c.dataset === ds)!;
      const means = (std.fitted as { mean_: number[] }).mean_;
      d.X.forEach((col, j) => expect(Math.abs(mean(col) - means[j]!)).toBeLessThanOrEqual(1e-12 * Math.abs(means[j]!)));
      const mm = loadGolden('MinMaxScaler').cases.find((c) => c.dataset === ds)!;
      expect((mm.fitted as { data_max_: number[] }).data_max_).toEqual(d.X.map((c) => Math.max(...c)));
    }
  });

  it('LabelEncoder codes are iris\' target; KNeighbors predicts one label per test row of the split', () => {
    const iris = loadDataset('iris');
    const le = goldenCase(loadGolden('LabelEncoder'), 'iris-species');
    expect(le.transform).toEqual([...iris.y]);
    const knn = goldenCase(loadGolden('KNeighbors'), 'wine-uniform');
    expect((knn.predict as number[]).length).toBe(splitEveryFifth(loadDataset('wine').n).test.length);
  });

  it('SimpleImputer missing positions lie inside wine', () => {
    const g = loadGolden('SimpleImputer');
    const wine = loadDataset('wine');
    const missing = g.missing as [number, number][];
    expect(missing.length).toBe(g.missingCount);
    for (const [i, j] of missing) expect(i < wine.n && j < wine.d).toBe(true);
  });
});
