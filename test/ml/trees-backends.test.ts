// Issue 12, acceptance 2: the tree learners trained and predicted on the CPU and (with an adapter)
// on WebGPU give the same forests bit for bit (every array of model.forest), the same importances,
// predictions, probabilities and per-tree outputs, under every inference strategy. Cases: stumps
// and a depth-20 chain, NaN / null features with default directions (against a plain walk),
// 1e5 rows, training and inference past one storage binding, and the options.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { withBindingCap, BINDING_CAP } from '../helpers/binding-cap.js';
import { loadDataset } from '../helpers/ml-data.js';
import { classification, everyStrategy, expectSameForest, expectSameOutputs, fitBoth, forestsDiffer, leavesOf, outputs, regression, rowsOf, walkPredict } from './trees-data.js';

describe('depth 1 and depth 20', () => {
  it('stumps (maxDepth 1): one split per tree, identical on both backends and every strategy', async () => {
    const ds = loadDataset('breast_cancer');
    const [cpu] = await fitBoth(() => new gf.RandomForestClassifier({ nEstimators: 12, maxDepth: 1, seed: 5 }), ds.X, ds.y);
    const f = cpu!.model.forest;
    expect(f.maxDepth).toBe(1);
    expect(Array.from(f.depth)).toEqual(new Array(12).fill(1));
    expect(f.nNodes).toBe(36);
    expect(await cpu!.model.score(ds.X, ds.y)).toBeGreaterThan(0.85);
    await everyStrategy(cpu!.model, ds.X, 'stumps');
  });

  it('a regressor chain that reaches depth 20 (x = i, y = 1.5^i over 60 rows)', async () => {
    const n = 60;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => 1.5 ** i);
    const makes: Array<() => gf.DecisionTreeRegressor | gf.RandomForestRegressor> = [() => new gf.DecisionTreeRegressor({ maxDepth: 20 }), () => new gf.RandomForestRegressor({ nEstimators: 2, maxDepth: 20, bootstrap: false, seed: 2 })];
    for (const make of makes) {
      const [cpu] = await fitBoth(make, [x], y);
      const f = cpu!.model.forest;
      expect(f.maxDepth).toBe(20);
      // Each level peels off the largest remaining row: the 20 largest y sit alone in leaves, exactly in a
      // tree (or in both trees: no bootstrap, one feature; 2 trees keep 'perfect' within its padding budget).
      const pred = cpu!.out.predict as number[];
      for (let i = n - 20; i < n; i++) expect(pred[i]).toBe(y[i]);
      expect(pred).toEqual(Array.from(x, (v) => walkPredict(f, [v])[0]));
      await everyStrategy(cpu!.model, [x], 'depth 20');
    }
  });
});

describe('missing values at predict time', () => {
  it('a stump sends NaN and null to the child with more training weight', async () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i);
    for (const [cut, side] of [[3, 0], [7, 1]] as const) {
      // rows x < cut are class 'a' (left), the rest 'b': the heavier child takes missing values.
      const y = Array.from(x, (v) => (v < cut ? 'a' : 'b'));
      const [cpu] = await fitBoth(() => new gf.DecisionTreeClassifier({ maxDepth: 1 }), [x], y);
      const f = cpu!.model.forest;
      expect(f.threshold[0]).toBe(cut - 0.5);
      expect(f.defaultLeft[0]).toBe(side);
      const heavy = side === 1 ? 'a' : 'b';
      const q = new gf.DataFrame({ x: gf.Column.from([NaN, null, cut - 1, cut, NaN]) });
      // Fitted on arrays, so a frame's column is matched by position.
      const out = await everyStrategy(cpu!.model, q, `stump cut ${cut}`);
      expect(out.predict).toEqual([heavy, heavy, 'a', 'b', heavy]);
      expect(Array.from(out.proba[0]!)).toEqual([side, side, 1, 0, side]);
    }
  });

  it('a forest with NaN and null features: every backend and strategy matches a plain walk', async () => {
    const { X, y } = regression(600, 5, 31);
    const [cpu] = await fitBoth(() => new gf.RandomForestRegressor({ nEstimators: 6, maxDepth: 6, maxFeatures: 0.6, seed: 4 }), X, y, undefined, { trees: false });
    const f = cpu!.model.forest;
    // Queries: a third of the cells NaN, a third null, drawn per cell.
    const rows = rowsOf(X).slice(0, 300).map((r, i) => r.map((v, j) => ((i * 7 + j * 3) % 9 < 3 ? NaN : (i * 7 + j * 3) % 9 < 6 ? null : v)));
    const q = new gf.DataFrame(Object.fromEntries(X.map((_, j) => [`f${j}`, gf.Column.from(rows.map((r) => r[j]!))])));
    const out = await everyStrategy(cpu!.model, q, 'NaN forest');
    expect(out.predict).toEqual(rows.map((r) => walkPredict(f, r)[0]));
    // The walk's leaves agree with the per-tree outputs, and missing values took both directions.
    rows.forEach((r, i) => leavesOf(f, r).forEach((leaf, t) => expect(out.trees[t]![i]).toBe(f.value[leaf])));
    expect(new Set(Array.from(f.defaultLeft.filter((_, k) => f.left[k]! >= 0))).size).toBe(2);
  });
});

describe('size', () => {
  it('1e5 rows × 8 features: identical forests and predictions', async () => {
    const { X, y } = classification(100_000, 8, 3, 77);
    const t0 = performance.now();
    const [cpu] = await fitBoth(() => new gf.RandomForestClassifier({ nEstimators: 4, maxDepth: 8, seed: 9 }), X, y, undefined, { trees: false });
    const ms = performance.now() - t0;
    expect(cpu!.model.forest.maxDepth).toBe(8);
    expect(await cpu!.model.score(X, y)).toBeGreaterThan(0.8);
    console.log(`trees-backends: 1e5 rows × 8, 4 trees depth 8 on ${hasGpu() ? 'cpu + webgpu' : 'cpu'}: ${ms.toFixed(0)} ms`);
  });

  it('training under the 64 KiB binding cap (codes, weights and slots span many bindings) matches the CPU', async () => {
    const n = 20_000;
    const d = 4;
    const T = 4;
    expect(n * d).toBeGreaterThan(BINDING_CAP);
    expect(T * n * 4).toBeGreaterThan(BINDING_CAP);
    const { X, y } = classification(n, d, 4, 12);
    const make = () => new gf.RandomForestClassifier({ nEstimators: T, maxDepth: 7, maxFeatures: 2, seed: 3 });
    const ref = await gf.withBackendAsync('cpu', async () => {
      const m = await make().fit(X, y);
      return { model: m, out: await outputs(m, X) };
    });
    if (!hasGpu()) return;
    await withBindingCap(async () => {
      const m = await gf.withBackendAsync('webgpu', () => make().fit(X, y));
      expectSameForest(m.forest, ref.model.forest, 'capped training');
      expectSameOutputs(await gf.withBackendAsync('webgpu', () => outputs(m, X)), ref.out, 'capped training');
    });
  });

  it('inference of a forest whose arrays exceed 64 KiB, under the cap, every strategy, matches the CPU', async () => {
    const { X, y } = classification(3000, 6, 3, 5, 0.3);
    const model = await gf.withBackendAsync('cpu', () => new gf.RandomForestClassifier({ nEstimators: 30, maxDepth: 8, seed: 1 }).fit(X, y));
    const f = model.forest;
    expect(f.value.byteLength).toBeGreaterThan(BINDING_CAP);
    expect(f.threshold.byteLength + f.left.byteLength + f.right.byteLength + f.feature.byteLength).toBeGreaterThan(BINDING_CAP);
    // 700 query rows keep SwiftShader quick; the forest, not the rows, is what spans bindings here.
    const Xq = X.map((c) => c.slice(0, 700));
    const ref = await gf.withBackendAsync('cpu', () => outputs(model, Xq));
    if (!hasGpu()) return;
    await withBindingCap(async () => {
      for (const s of ['auto', 'gemm', 'perfect', 'traversal'] as const) {
        model.setParams({ strategy: s });
        expectSameOutputs(await gf.withBackendAsync('webgpu', () => outputs(model, Xq)), ref, `capped inference ${s}`);
      }
      model.setParams({ strategy: 'auto' });
    });
  });
});

describe('options', () => {
  const ds = loadDataset('breast_cancer');

  it('bootstrap false weighs every row once (leaf values are the class shares of the rows a walk sends there); bootstrap true does not', async () => {
    const make = (bootstrap: boolean) => () => new gf.RandomForestClassifier({ nEstimators: 3, bootstrap, maxDepth: 6, seed: 8 });
    const [noBoot] = await fitBoth(make(false), ds.X, ds.y, undefined, { trees: false });
    const [boot] = await fitBoth(make(true), ds.X, ds.y, undefined, { trees: false });
    const rows = rowsOf(ds.X);
    /** Trees whose every leaf holds exactly the class shares of the training rows walked there. */
    const unitWeighted = (f: gf.RandomForestClassifier['forest']) => {
      const counts = new Float64Array(f.nNodes * 2);
      rows.forEach((r, i) => leavesOf(f, r).forEach((leaf) => counts[leaf * 2 + ds.y[i]!]!++));
      return Array.from({ length: f.nTrees }, (_, t) => {
        for (let i = f.root[t]!; i < f.root[t + 1]!; i++) {
          if (f.left[i]! >= 0) continue;
          const w = counts[i * 2]! + counts[i * 2 + 1]!;
          if (f.value[i * 2] !== counts[i * 2]! / w || f.value[i * 2 + 1] !== counts[i * 2 + 1]! / w) return false;
        }
        return true;
      });
    };
    expect(unitWeighted(noBoot!.model.forest)).toEqual([true, true, true]);
    expect(unitWeighted(boot!.model.forest)).toEqual([false, false, false]);
    expect(forestsDiffer(boot!.model.forest, noBoot!.model.forest)).toBe(true);
  });

  it('minSamplesLeaf and minSamplesSplit as fractions hold on every node (rows counted by a walk)', async () => {
    const n = ds.n;
    const [cpu] = await fitBoth(() => new gf.DecisionTreeClassifier({ minSamplesLeaf: 0.05, minSamplesSplit: 0.2 }), ds.X, ds.y);
    const f = cpu!.model.forest;
    const rows = new Int32Array(f.nNodes);
    for (const r of rowsOf(ds.X)) {
      let i = 0;
      for (;;) {
        rows[i]!++;
        if (f.left[i]! < 0) break;
        i = r[f.feature[i]!]! <= f.threshold[i]! ? f.left[i]! : f.right[i]!;
      }
    }
    let splits = 0;
    for (let i = 0; i < f.nNodes; i++) {
      if (f.left[i]! < 0) expect(rows[i]).toBeGreaterThanOrEqual(Math.ceil(0.05 * n));
      else (splits++, expect(rows[i]).toBeGreaterThanOrEqual(Math.ceil(0.2 * n)));
    }
    expect(splits).toBeGreaterThan(2);
  });

  it("maxFeatures 'log2', 4 and 0.14 draw the same 4 of 30 features (identical forests); 'sqrt' (5) differs", async () => {
    const make = (maxFeatures: 'log2' | 'sqrt' | number) => () => new gf.RandomForestClassifier({ nEstimators: 4, maxDepth: 5, maxFeatures, seed: 21 });
    const [log2] = await fitBoth(make('log2'), ds.X, ds.y, undefined, { trees: false });
    const [four] = await fitBoth(make(4), ds.X, ds.y, undefined, { trees: false });
    const [frac] = await fitBoth(make(0.14), ds.X, ds.y, undefined, { trees: false });
    expectSameForest(four!.model.forest, log2!.model.forest, 'int vs log2');
    expectSameForest(frac!.model.forest, log2!.model.forest, 'fraction vs log2');
    const [sqrt] = await fitBoth(make('sqrt'), ds.X, ds.y, undefined, { trees: false });
    expect(forestsDiffer(sqrt!.model.forest, log2!.model.forest)).toBe(true);
  });

  it("entropy and gini both train identically on both backends; 'log_loss' is 'entropy'", async () => {
    const make = (criterion: 'gini' | 'entropy' | 'log_loss') => () => new gf.RandomForestClassifier({ nEstimators: 4, maxDepth: 6, criterion, seed: 13 });
    const [gini] = await fitBoth(make('gini'), ds.X, ds.y, undefined, { trees: false });
    const [entropy] = await fitBoth(make('entropy'), ds.X, ds.y, undefined, { trees: false });
    const logLoss = await make('log_loss')().fit(ds.X, ds.y);
    expectSameForest(logLoss.forest, entropy!.model.forest, 'log_loss vs entropy');
    expect(forestsDiffer(gini!.model.forest, entropy!.model.forest)).toBe(true);
    for (const m of [gini!.model, entropy!.model]) expect(await m.score(ds.X, ds.y)).toBeGreaterThan(0.95);
  });

  it('multi-class: digits (10 classes), ten probability columns summing to 1', async () => {
    const dg = loadDataset('digits');
    const [cpu] = await fitBoth(() => new gf.RandomForestClassifier({ nEstimators: 6, maxDepth: 7, seed: 2 }), dg.X, dg.y, undefined, { trees: false });
    expect(cpu!.out.proba.length).toBe(10);
    expect(cpu!.model.forest.leafWidth).toBe(10);
    for (let i = 0; i < dg.n; i += 97) expect(cpu!.out.proba.reduce((s, p) => s + p[i]!, 0)).toBeCloseTo(1, 12);
    expect(await cpu!.model.score(dg.X, dg.y)).toBeGreaterThan(0.85);
  });

  it('string classes, and a DataFrame (Column out) against arrays (DataBuffer out): the same forest', async () => {
    const names = ['benign', 'malignant'];
    const labels = Array.from(ds.y, (v) => names[1 - v]!);
    const df = new gf.DataFrame({ ...Object.fromEntries(ds.names.map((nm, j) => [nm, gf.Column.from(ds.X[j]!)])), label: gf.Column.from(labels) });
    const make = () => new gf.RandomForestClassifier({ nEstimators: 4, maxDepth: 5, seed: 6 });
    const q = { frame: df, columns: ds.names };
    const runs = await fitBoth(make, df, 'label', q, { trees: false });
    const arrays = await make().fit(ds.X, Int32Array.from(ds.y, (v) => 1 - v));
    for (const r of runs) {
      expect(r.model.classes).toEqual(names);
      expect(r.model.featureNamesIn).toEqual(ds.names);
      expectSameForest(r.model.forest, arrays.forest, `${r.backend} frame+strings vs arrays+codes`);
      expect(await r.model.predict(q)).toBeInstanceOf(gf.Column);
      expect(await r.model.predictProba(q)).toBeInstanceOf(gf.DataFrame);
    }
    const codes = await arrays.predict(ds.X);
    expect(codes).toBeInstanceOf(gf.DataBuffer);
    expect(runs[0]!.out.predict).toEqual(Array.from((await codes.toArray()) as Int32Array, (c) => names[c]));
    expect(Array.isArray(await arrays.predictProba(ds.X))).toBe(true);
  });

  it('the same seed gives the same forest, another seed another; importances sum to 1 with the informative feature first', async () => {
    const { X, y } = classification(2000, 6, 3, 44);
    const make = (seed: number) => () => new gf.RandomForestClassifier({ nEstimators: 5, maxDepth: 6, seed });
    const [a] = await fitBoth(make(1), X, y, undefined, { trees: false });
    const again = await make(1)().fit(X, y);
    expectSameForest(again.forest, a!.model.forest, 'same seed');
    const [b] = await fitBoth(make(2), X, y, undefined, { trees: false });
    expect(forestsDiffer(b!.model.forest, a!.model.forest)).toBe(true);
    for (const m of [a!.model, b!.model]) {
      const imp = Array.from(m.featureImportances);
      expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      expect(imp.indexOf(Math.max(...imp))).toBe(0);
      expect(imp[0]).toBeGreaterThan(0.5);
    }
    const { X: Xr, y: yr } = regression(1500, 4, 8);
    const [r] = await fitBoth(() => new gf.RandomForestRegressor({ nEstimators: 4, maxDepth: 6, seed: 3 }), Xr, yr, undefined, { trees: false });
    const imp = Array.from(r!.model.featureImportances);
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(imp.indexOf(Math.max(...imp))).toBe(0);
  });
});
