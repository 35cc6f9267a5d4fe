// gf.loadXGBoost against XGBoost 1.7.4's own Booster.predict (test/fixtures/trees/, written by
// scripts/golden/trees.py): breast_cancer (binary:logistic, depth 4 and depth-1 stumps), digits
// (multi:softprob), diabetes (reg:squarederror) and a synthetic set with ~10% NaN (binary, 3-class,
// and a deep loss-guided regression model of depth 11), on the held-out rows (index % 5 == 0).
//
// Tolerance: 1e-6 relative (|ours - xgb| <= 1e-6·|xgb|), and in fact bit for bit for margins. XGBoost
// predicts in float32: features cast to float32 before `x < threshold`, leaf values float32, the
// margin summed in float32 one tree at a time in tree order from the float32 base margin. We do the
// same, so margins agree exactly (asserted). Probabilities go through exp, where glibc's expf and
// fround(Math.exp) may differ by one float32 ulp (6e-8 relative); one ulp in exp moves a sigmoid or
// softmax output by at most ~2 ulps (1.2e-7), under 1e-6.
// Runs on the active backend (GPUFRAME_BACKEND=cpu and =webgpu: the CPU walk on both for now).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { loadDataset, takeRows, type DatasetName } from '../helpers/ml-data.js';
import { rejection } from '../helpers/rejection.js';

const DIR = 'test/fixtures/trees/';
interface Case {
  id: string;
  dataset: string;
  model: string;
  params: { objective: string };
  trees: number;
  maxDepth: number;
  nTest: number;
  margin: number[] | number[][];
  proba?: number[] | number[][];
  pred?: number[];
  predLeaf?: number[][];
  testMissing?: number;
}
const golden = JSON.parse(readFileSync(`${DIR}xgboost.json`, 'utf8')) as {
  synthetic: { X: Array<Array<number | null>> };
  cases: Case[];
};
const path = (c: Case) => `${DIR}${c.model}`;
const caseOf = (id: string) => golden.cases.find((c) => c.id === id)!;

/** The test rows (index % 5 == 0) of a case's data set, one Float64Array per feature. */
function testColumns(dataset: string): Float64Array[] {
  if (dataset.startsWith('synthetic')) {
    const rows = golden.synthetic.X.filter((_, i) => i % 5 === 0);
    return rows[0]!.map((_, j) => Float64Array.from(rows, (r) => r[j] ?? NaN));
  }
  const ds = loadDataset(dataset as DatasetName);
  const idx = Array.from({ length: ds.n }, (_, i) => i).filter((i) => i % 5 === 0);
  return takeRows(ds, idx);
}

const f32 = (a: ArrayLike<number>) => Float32Array.from(a);
/** Golden rows × classes as one column per class. */
const byClass = (m: number[][]) => m[0]!.map((_, g) => f32(m.map((r) => r[g]!)));

function expectRel(ours: ArrayLike<number>, theirs: ArrayLike<number>, what: string): number {
  expect(ours.length, what).toBe(theirs.length);
  let worst = 0;
  for (let i = 0; i < theirs.length; i++) {
    const rel = Math.abs(ours[i]! - theirs[i]!) / Math.max(Math.abs(theirs[i]!), Number.MIN_VALUE);
    if (ours[i] !== theirs[i]) worst = Math.max(worst, rel);
    if (!(rel <= 1e-6)) expect.fail(`${what}[${i}]: ours ${ours[i]} vs XGBoost ${theirs[i]} (relative ${rel})`);
  }
  return worst;
}

const arrays = async (bufs: unknown) => (await Promise.all((bufs as gf.DataBuffer[]).map((b) => b.toArray()))) as Float32Array[];
const one = async (buf: unknown) => (await (buf as gf.DataBuffer).toArray()) as Float32Array;

describe('loadXGBoost: Booster.predict goldens', () => {
  for (const c of golden.cases) {
    it(`${c.id} (${c.params.objective}, ${c.trees} trees, depth ${c.maxDepth}${c.testMissing ? `, ${c.testMissing} NaN` : ''})`, async () => {
      const X = testColumns(c.dataset);
      const model = await gf.loadXGBoost(path(c));
      expect(model.objective).toBe(c.params.objective);
      expect([model.nTrees, model.forest.maxDepth]).toEqual([c.trees, c.maxDepth]);
      const multi = Array.isArray(c.margin[0]);
      const margin = await model.predictMargin(X);
      const ours = multi ? await arrays(margin as gf.DataBuffer[]) : [await one(margin)];
      const want = multi ? byClass(c.margin as number[][]) : [f32(c.margin as number[])];
      // Margins: bit for bit (float32, summed in XGBoost's order), hence within 1e-6.
      ours.forEach((m, g) => {
        expect(m).toBeInstanceOf(Float32Array);
        expectRel(m, want[g]!, `margin class ${g}`);
        expect(Array.from(m)).toEqual(Array.from(want[g]!));
      });
      if (c.proba) {
        const p = await arrays((await model.predictProba(X)) as gf.DataBuffer[]);
        const wantP = multi ? byClass(c.proba as number[][]) : [f32((c.proba as number[]).map((v) => 1 - Math.fround(v))), f32(c.proba as number[])];
        p.forEach((col, g) => expectRel(col, wantP[g]!, `proba class ${g}`));
        const labels = await one(await model.predict(X));
        const wantLabels = multi
          ? Array.from({ length: c.nTest }, (_, i) => wantP.reduce((b, col, g) => (col[i]! > wantP[b]![i]! ? g : b), 0))
          : Array.from(wantP[1]!, (v) => (v > 0.5 ? 1 : 0));
        expect(Array.from(labels)).toEqual(wantLabels);
      } else {
        expectRel(await one(await model.predict(X)), f32(c.pred!), 'pred');
      }
      if (c.predLeaf) {
        const leaves = await arrays((await model.predictLeaf(X)) as gf.DataBuffer[]);
        leaves.forEach((col, t) => expect(Array.from(col), `tree ${t}`).toEqual(c.predLeaf!.map((r) => r[t])));
      }
      // Per-tree outputs summed in tree order from the base margin give the margin again.
      if (!multi) {
        const per = await arrays((await model.predictTrees(X)) as gf.DataBuffer[]);
        const acc = new Float32Array(c.nTest).fill(model.forest.baseMargin[0]!);
        for (const col of per) for (let i = 0; i < acc.length; i++) acc[i] += col[i]!;
        expect(Array.from(acc)).toEqual(Array.from(want[0]!));
      }
      // Saved and reloaded: identical predictions.
      const back = gf.XGBoostModel.fromJSON(JSON.stringify(model));
      const again = await back.predictMargin(X);
      const oursBack = multi ? await arrays(again as gf.DataBuffer[]) : [await one(again)];
      expect(oursBack.map((a) => Array.from(a))).toEqual(ours.map((a) => Array.from(a)));
    });
  }

  it('a depth-1 model and a depth >= 10 model are among the goldens', () => {
    const depths = golden.cases.map((c) => c.maxDepth);
    expect(Math.min(...depths)).toBe(1);
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(10);
  });
});

describe('loadXGBoost: inputs and outputs', () => {
  it('the @example: a path, then predictMargin and a JSON round trip', async () => {
    const model = await gf.loadXGBoost('test/fixtures/trees/xgb-breast_cancer-logistic.json');
    expect(model.nTrees).toBe(30);
    const margin = (await model.predictMargin([new Array(30).fill(0)])) as gf.DataBuffer;
    const again = gf.XGBoostModel.fromJSON(JSON.stringify(model));
    expect(Array.from(await one(await again.predictMargin([new Array(30).fill(0)])))).toEqual(Array.from(await one(margin)));
    expect(gf.estimatorFromJSON(JSON.stringify(model))).toBeInstanceOf(gf.XGBoostModel);
  });

  it('JSON text and a parsed object load the same model as the path', async () => {
    const c = caseOf('digits-softprob');
    const text = readFileSync(path(c), 'utf8');
    const X = testColumns(c.dataset);
    const a = await arrays((await (await gf.loadXGBoost(text)).predictProba(X)) as gf.DataBuffer[]);
    const b = await arrays((await (await gf.loadXGBoost(JSON.parse(text) as object)).predictProba(X)) as gf.DataBuffer[]);
    expect(b.map((x) => Array.from(x))).toEqual(a.map((x) => Array.from(x)));
  });

  it('output kind mirrors the input: DataFrame in → Column / DataFrame out; nulls read as missing', async () => {
    const c = caseOf('synthetic-missing-softprob');
    const X = testColumns(c.dataset);
    const model = await gf.loadXGBoost(path(c));
    // The same rows as a frame whose NaN cells are nulls instead.
    const df = new gf.DataFrame(Object.fromEntries(X.map((col, j) => [`f${j}`, gf.Column.from(Array.from(col, (v) => (Number.isNaN(v) ? null : v)), undefined, 'float64')])));
    const proba = (await model.predictProba(df)) as gf.DataFrame;
    expect(proba).toBeInstanceOf(gf.DataFrame);
    expect(proba.columns).toEqual(['0', '1', '2']);
    const want = byClass(c.proba as number[][]);
    for (let g = 0; g < 3; g++) expectRel(await one(proba.column(String(g)).data), want[g]!, `class ${g}`);
    const labels = await model.predict(df);
    expect(labels).toBeInstanceOf(gf.Column);
    const leaves = (await model.predictLeaf(df)) as gf.DataFrame;
    expect(leaves.columns.length).toBe(c.trees);
    const reg = await gf.loadXGBoost(path(caseOf('synthetic-missing-deep')));
    expect(await reg.predict(df)).toBeInstanceOf(gf.Column);
    expect(await reg.predict(X)).toBeInstanceOf(gf.DataBuffer);
  });

  it('feature names saved with the model pick a frame\'s columns by name, in the model\'s order', async () => {
    const c = caseOf('breast_cancer-logistic');
    const X = testColumns(c.dataset);
    const doc = JSON.parse(readFileSync(path(c), 'utf8')) as { learner: { feature_names: string[] } };
    doc.learner.feature_names = X.map((_, j) => `f${j}`);
    const model = await gf.loadXGBoost(doc);
    expect(model.featureNamesIn).toEqual(doc.learner.feature_names);
    // Columns reversed, plus one the model does not know.
    const df = new gf.DataFrame(Object.fromEntries([['extra', new Float64Array(c.nTest)], ...X.map((col, j) => [`f${j}`, col] as const).reverse()]));
    const margin = (await model.predictMargin(df)) as gf.Column;
    expect(Array.from(await one(margin.data))).toEqual(Array.from(f32(c.margin as number[])));
  });

  it('a regression model has no predictProba; an unfitted XGBoostModel throws NotFittedError', async () => {
    const reg = await gf.loadXGBoost(path(caseOf('diabetes-squarederror')));
    const e = await rejection(reg.predictProba([new Array(10).fill(0)]));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/predictProba: expected a classifier .* got objective 'reg:squarederror'/);
    expect(await rejection(new gf.XGBoostModel().predict([[0]]))).toBeInstanceOf(gf.NotFittedError);
  });
});

describe('loadXGBoost: bad input', () => {
  const base = () => JSON.parse(readFileSync(path(caseOf('breast_cancer-logistic')), 'utf8')) as {
    learner: { objective: { name: string }; gradient_booster: { name: string; model: { trees: Array<Record<string, number[]>> } } };
  };
  const tmp = mkdtempSync(join(tmpdir(), 'gf-xgb-'));

  it('truncated model JSON: ParseError naming the file', async () => {
    const file = join(tmp, 'truncated.json');
    const text = readFileSync(path(caseOf('breast_cancer-logistic')), 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const e = await rejection(gf.loadXGBoost(file));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect((e as gf.ParseError).file).toBe(file);
    expect(e.message).toMatch(/loadXGBoost: expected XGBoost model JSON, got text that does not parse/);
  });

  it('malformed model JSON text: ParseError naming <json>', async () => {
    const e = await rejection(gf.loadXGBoost('{"learner": {"objective": }'));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect((e as gf.ParseError).file).toBe('<json>');
  });

  it('JSON that is not an XGBoost model: ParseError naming the missing field and the file', async () => {
    const file = join(tmp, 'not-a-model.json');
    writeFileSync(file, '{"version": [1, 7, 4]}');
    const e = await rejection(gf.loadXGBoost(file));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.message).toMatch(/expected 'learner\.gradient_booster\.name'/);
    expect((e as gf.ParseError).file).toBe(file);
    const m = base();
    (m.learner.gradient_booster.model.trees[2] as Record<string, unknown>).split_conditions = 'x';
    expect((await rejection(gf.loadXGBoost(m))).message).toMatch(/'split_conditions' as an array of \d+ numbers .* at tree 2/);
  });

  it('a path that does not exist: IOError naming it', async () => {
    const e = await rejection(gf.loadXGBoost(join(tmp, 'missing.json')));
    expect(e).toBeInstanceOf(gf.IOError);
    expect((e as gf.IOError).code).toBe('ENOENT');
  });

  it('unknown objective or booster: ValueError naming it', async () => {
    const m = base();
    m.learner.objective.name = 'reg:pseudohubererror';
    const e = await rejection(gf.loadXGBoost(m));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/expected an objective among reg:squarederror, binary:logistic, multi:softprob, got "reg:pseudohubererror"/);
    const d = base();
    d.learner.gradient_booster.name = 'dart';
    expect((await rejection(gf.loadXGBoost(d))).message).toMatch(/expected the 'gbtree' booster, got "dart"/);
  });

  it('a categorical split: ValueError naming the tree and node', async () => {
    const m = base();
    m.learner.gradient_booster.model.trees[1]!.split_type![0] = 1;
    const e = await rejection(gf.loadXGBoost(m));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/categorical split .*\(<object>, tree 1, node 0\)/);
  });

  it('a tree with a cycle: ParseError naming the file, tree and node', async () => {
    const m = base();
    const t = m.learner.gradient_booster.model.trees[3]!;
    t.left_children![1] = 0; // node 1 points back at the root
    const file = join(tmp, 'cycle.json');
    writeFileSync(file, JSON.stringify(m));
    const e = await rejection(gf.loadXGBoost(file));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect((e as gf.ParseError).file).toBe(file);
    expect(e.message).toMatch(/got node 0 reached again from node 1 \(a cycle or a shared child\) at tree 3, node 1/);
  });

  it('an out-of-range child: ParseError naming the file, tree and node', async () => {
    const m = base();
    m.learner.gradient_booster.model.trees[5]!.right_children![2] = 999;
    const e = await rejection(gf.loadXGBoost(JSON.stringify(m)));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect((e as gf.ParseError).file).toBe('<json>');
    expect(e.message).toMatch(/expected a right child in \[0, \d+\) .*got 999 at tree 5, node 2/);
  });

  it('a feature count that does not match X: ShapeError', async () => {
    const model = await gf.loadXGBoost(path(caseOf('breast_cancer-logistic')));
    const e = await rejection(model.predict([new Array(29).fill(0)]));
    expect(e).toBeInstanceOf(gf.ShapeError);
    expect(e.message).toBe("XGBoostModel.predict: expected 30 features (the model's num_feature), got 29");
  });

  it('a tampered saved model: ValueError or ParseError on fromJSON, never a wrong model', async () => {
    const model = await gf.loadXGBoost(path(caseOf('breast_cancer-stumps')));
    const saved = JSON.parse(JSON.stringify(model)) as { state: { forest: { left: { values: number[] } } } };
    saved.state.forest.left.values[0] = 0; // the root's left child is the root itself
    expect(() => gf.XGBoostModel.fromJSON(saved as never)).toThrow(/reached again .* at tree 0, node 0/);
  });
});
