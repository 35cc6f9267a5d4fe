// KFold / StratifiedKFold / trainTestSplit: scikit-learn 1.2's folds and unshuffled splits
// exactly (test/fixtures/ml/model_selection.json and model_selection_extra.json), seeded
// shuffles reproducible and well-formed, output kinds mirroring the input, and bad input.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { loadDataset, loadGolden, type GoldenCase } from '../../helpers/ml-data.js';

type FoldCase = GoldenCase & { splitter: string; testFolds: number[][]; dataset?: string; n?: number; nSplits?: number; y?: string[] };
const base = loadGolden<FoldCase>('model_selection');
const extra = loadGolden<FoldCase & { kind: string; train?: number[]; test?: number[]; testSize?: number | null; trainSize?: number | null }>('model_selection_extra');

async function folds(cv: gf.KFold | gf.StratifiedKFold, X: unknown, y?: unknown): Promise<Array<{ train: number[]; test: number[] }>> {
  const out: Array<{ train: number[]; test: number[] }> = [];
  for await (const f of cv.split(X as gf.SplitInput, y)) {
    expect([f.train.dtype, f.test.dtype]).toEqual(['int32', 'int32']);
    out.push({ train: Array.from(await f.train.toArray()), test: Array.from(await f.test.toArray()) });
    f.train.dispose();
    f.test.dispose();
  }
  return out;
}

const complement = (n: number, test: number[]) => Array.from({ length: n }, (_, i) => i).filter((i) => !test.includes(i));

describe('KFold and StratifiedKFold (shuffle false) equal scikit-learn 1.2', () => {
  for (const c of base.cases) {
    it(c.id, async () => {
      const ds = loadDataset(c.dataset as 'iris' | 'wine');
      const cv = c.splitter === 'KFold' ? new gf.KFold({ nSplits: 5 }) : new gf.StratifiedKFold({ nSplits: 5 });
      expect(cv.getNSplits()).toBe(5);
      const got = await folds(cv, ds.X, ds.y);
      expect(got.map((f) => f.test)).toEqual(c.testFolds);
      got.forEach((f, i) => expect(f.train).toEqual(complement(ds.n, c.testFolds[i]!)));
    });
  }
  for (const c of extra.cases.filter((x) => x.kind === 'folds')) {
    it(c.id, async () => {
      const k = c.nSplits!;
      const got = c.splitter === 'KFold'
        ? await folds(new gf.KFold({ nSplits: k }), [new Float64Array(c.n!)])
        : await folds(new gf.StratifiedKFold({ nSplits: k }), [new Float64Array(c.y!.length)], c.y);
      expect(got.map((f) => f.test)).toEqual(c.testFolds);
    });
  }
});

describe('shuffled folds (the project generator, not numpy)', () => {
  it('KFold: a partition with scikit-learn fold sizes, reproducible for a seed', async () => {
    const X = [new Float64Array(23)];
    const a = await folds(new gf.KFold({ nSplits: 4, shuffle: true, seed: 3 }), X);
    const b = await folds(new gf.KFold({ nSplits: 4, shuffle: true, seed: 3 }), X);
    const c = await folds(new gf.KFold({ nSplits: 4, shuffle: true, seed: 4 }), X);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.map((f) => f.test.length)).toEqual([6, 6, 6, 5]);
    expect(a.flatMap((f) => f.test).sort((x, y) => x - y)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    a.forEach((f) => expect(f.train).toEqual(complement(23, f.test)));
  });

  it("StratifiedKFold: the unshuffled per-fold class counts, rows shuffled within classes", async () => {
    const ds = loadDataset('wine');
    const plain = await folds(new gf.StratifiedKFold({ nSplits: 5 }), ds.X, ds.y);
    const mixed = await folds(new gf.StratifiedKFold({ nSplits: 5, shuffle: true, seed: 11 }), ds.X, ds.y);
    const counts = (rows: number[]) => [0, 1, 2].map((k) => rows.filter((i) => ds.y[i] === k).length);
    expect(mixed.map((f) => counts(f.test))).toEqual(plain.map((f) => counts(f.test)));
    expect(mixed.map((f) => f.test)).not.toEqual(plain.map((f) => f.test));
  });
});

describe('trainTestSplit', () => {
  for (const c of extra.cases.filter((x) => x.kind === 'trainTestSplit')) {
    it(`${c.id}: scikit-learn's rows without shuffling`, async () => {
      const opts = { shuffle: false, ...(c.testSize != null ? { testSize: c.testSize } : {}), ...(c.trainSize != null ? { trainSize: c.trainSize } : {}) };
      const x = Float64Array.from({ length: c.n! }, (_, i) => i * 10);
      const { XTrain, XTest, yTrain } = await gf.trainTestSplit([x], Int32Array.from({ length: c.n! }, (_, i) => i), opts);
      expect(Array.from((await XTrain[0]!.toArray()) as Float64Array)).toEqual(c.train!.map((i) => i * 10));
      expect(Array.from((await XTest[0]!.toArray()) as Float64Array)).toEqual(c.test!.map((i) => i * 10));
      expect(Array.from((await yTrain.toArray()) as Float64Array)).toEqual(c.train);
    });
  }

  it('gives frames for a frame, Columns for Columns, DataBuffers for arrays, and keeps rows paired', async () => {
    const n = 40;
    const a = Float64Array.from({ length: n }, (_, i) => i);
    const df = new gf.DataFrame({ a, b: Float64Array.from(a, (v) => -v), s: Array.from(a, (v) => `r${v}`) });
    const { XTrain, XTest, yTrain, yTest } = await gf.trainTestSplit(df, df.column('a'), { testSize: 0.25, seed: 5 });
    expect(XTrain).toBeInstanceOf(gf.DataFrame);
    expect([XTrain.numRows, XTest.numRows]).toEqual([30, 10]);
    expect(yTrain).toBeInstanceOf(gf.Column);
    const ta = Array.from((await XTrain.column('a').toValues()) as number[]);
    expect((await XTrain.column('b').toValues()) as number[]).toEqual(ta.map((v) => -v));
    expect(await XTrain.column('s').toValues()).toEqual(ta.map((v) => `r${v}`));
    expect(await yTrain.toValues()).toEqual(ta);
    const all = [...ta, ...((await yTest.toValues()) as number[])].sort((x, y) => x - y);
    expect(all).toEqual(Array.from(a));
    const again = await gf.trainTestSplit(df, undefined, { testSize: 0.25, seed: 5 });
    expect(await again.XTrain.column('a').toValues()).toEqual(ta);
    expect(again.yTrain).toBeUndefined();
    const cols = await gf.trainTestSplit([df.column('a')], ['x', ...Array.from({ length: n - 1 }, () => 'y')], { testSize: 10, seed: 1 });
    expect(cols.XTrain[0]).toBeInstanceOf(gf.Column);
    expect(cols.yTest).toBeInstanceOf(gf.Column);
    const arr = await gf.trainTestSplit([a], Array.from(a), { trainSize: 0.5, seed: 2 });
    expect(arr.XTrain[0]).toBeInstanceOf(gf.DataBuffer);
    expect(Array.from((await arr.XTrain[0]!.toArray()) as Float64Array)).toEqual(Array.from((await arr.yTrain.toArray()) as Float64Array));
    const rows = await gf.trainTestSplit(Array.from({ length: n }, (_, i) => [i, 2 * i]), undefined, { testSize: 0.5, seed: 2 });
    expect(rows.XTest.length).toBe(2);
    expect(Array.from((await rows.XTest[1]!.toArray()) as Float64Array)).toEqual(Array.from((await rows.XTest[0]!.toArray()) as Float64Array, (v) => 2 * v));
  });

  it('stratify keeps class proportions (scikit-learn per-class counts)', async () => {
    const ds = loadDataset('iris');
    const { yTrain, yTest } = await gf.trainTestSplit(ds.X, ds.y, { testSize: 0.2, seed: 9, stratify: ds.y });
    const count = async (b: gf.DataBuffer) => {
      const v = Array.from((await b.toArray()) as ArrayLike<number>);
      return [0, 1, 2].map((k) => v.filter((x) => x === k).length);
    };
    expect(await count(yTest)).toEqual([10, 10, 10]);
    expect(await count(yTrain)).toEqual([40, 40, 40]);
  });

  it('refuses bad sizes, unknown options, stratify without shuffle, y of another length', async () => {
    const x = [new Float64Array(10)];
    await expect(gf.trainTestSplit(x, undefined, { testSize: 1.5 })).rejects.toThrow(/testSize/);
    await expect(gf.trainTestSplit(x, undefined, { testSize: 0.6, trainSize: 0.6 })).rejects.toThrow(/at most 1/);
    await expect(gf.trainTestSplit(x, undefined, { test_size: 0.2 } as never)).rejects.toThrow(/did you mean 'testSize'/);
    await expect(gf.trainTestSplit(x, new Float64Array(10), { shuffle: false, stratify: new Float64Array(10) })).rejects.toThrow(/stratify/);
    await expect(gf.trainTestSplit(x, new Float64Array(9))).rejects.toThrow(gf.ShapeError);
    await expect(gf.trainTestSplit(x, undefined, { seed: 1, stratify: new Float64Array(9) })).rejects.toThrow(gf.ShapeError);
    await expect(gf.trainTestSplit(x, undefined, { seed: 1, stratify: Float64Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 2]) })).rejects.toThrow(/at least 2 members/);
  });
});

describe('splitter options and errors', () => {
  it('refuses bad options and too many folds', async () => {
    expect(() => new gf.KFold({ nSplits: 1 })).toThrow(gf.ValueError);
    expect(() => new gf.KFold({ n_splits: 3 } as never)).toThrow(/did you mean 'nSplits'/);
    expect(() => new gf.KFold({ seed: 1 })).toThrow(/shuffle: true/);
    await expect(folds(new gf.KFold({ nSplits: 5 }), [new Float64Array(4)])).rejects.toThrow(/at most the number of samples/);
    await expect(folds(new gf.StratifiedKFold({ nSplits: 5 }), [new Float64Array(8)], [0, 0, 0, 0, 1, 1, 1, 1])).rejects.toThrow(/members/);
    await expect(folds(new gf.StratifiedKFold({ nSplits: 2 }), [new Float64Array(4)])).rejects.toThrow(/expected y/);
    await expect(folds(new gf.StratifiedKFold({ nSplits: 2 }), [new Float64Array(4)], [0, 1, 0])).rejects.toThrow(gf.ShapeError);
    await expect(folds(new gf.StratifiedKFold({ nSplits: 2 }), [new Float64Array(4)], [0, NaN, 0, 1])).rejects.toThrow(/NaN/);
  });
});
