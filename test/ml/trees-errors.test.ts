// Issue 12: bad input to the tree learners is a typed error naming what is wrong (issue 12's
// acceptance 4 in spirit): non-finite or null features and targets name their column; a width
// mismatch at predict is a ShapeError; a method before fit is NotFittedError; unknown or refused
// options name the option (snake_case gets the camelCase hint); a tampered saved model is a
// ParseError naming the tree and node (a child out of range, a cycle). On the active backend.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';
import type { EstimatorJSON } from '../../ml/estimator.js';

const X = [new Float64Array([0, 1, 2, 3, 4, 5]), new Float64Array([5, 4, 3, 2, 1, 0])];
const yc = new Int32Array([0, 0, 0, 1, 1, 1]);
const yr = new Float64Array([0, 0.5, 1, 3, 3.5, 4]);

const CLASSES = [gf.RandomForestClassifier, gf.DecisionTreeClassifier] as const;
const REGRESSORS = [gf.RandomForestRegressor, gf.DecisionTreeRegressor] as const;
const ALL = [...CLASSES, ...REGRESSORS] as const;
const small = { nEstimators: 2 } as const;
const make = (C: (typeof ALL)[number], opts: object = {}) => new (C as unknown as new (o: object) => gf.RandomForestClassifier)(C === gf.RandomForestClassifier || C === gf.RandomForestRegressor ? { ...small, ...opts } : opts);

describe('features and targets', () => {
  for (const C of ALL) {
    const y = CLASSES.includes(C as never) ? yc : yr;
    it(`${C.name}.fit: NaN, ±Inf and nulls in a feature name the column`, async () => {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const Xb = [X[0]!, X[1]!.map((v, i) => (i === 3 ? bad : v))];
        const e = await rejection(make(C).fit(Xb, y));
        expect(e).toBeInstanceOf(gf.ValueError);
        expect(e.message).toBe(`${C.name}.fit: expected finite values in column 'X[1]', got NaN or ±Inf`);
      }
      const df = new gf.DataFrame({ a: gf.Column.from(X[0]!), height: gf.Column.from([1, 2, null, 4, 5, 6]), target: gf.Column.from(y) });
      const e = await rejection(make(C).fit(df, 'target'));
      expect(e).toBeInstanceOf(gf.ValueError);
      expect(e.message).toBe(`${C.name}.fit: expected no nulls in column 'height', got nulls (drop or fill them first)`);
      const inf = new gf.DataFrame({ a: gf.Column.from(X[0]!), width: gf.Column.from([1, 2, 3, -Infinity, 5, 6]), target: gf.Column.from(y) });
      expect((await rejection(make(C).fit(inf, 'target'))).message).toBe(`${C.name}.fit: expected finite values in column 'width', got NaN or ±Inf`);
    });
  }

  it('a regressor refuses NaN, ±Inf and nulls in y, naming the column', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const df = new gf.DataFrame({ a: gf.Column.from(X[0]!), price: gf.Column.from(yr.map((v, i) => (i === 2 ? bad : v))) });
      for (const C of REGRESSORS) {
        const e = await rejection(make(C).fit(df, 'price'));
        expect(e).toBeInstanceOf(gf.ValueError);
        expect(e.message).toBe(`${C.name}.fit: expected finite values in column 'price', got NaN or ±Inf`);
      }
    }
    const df = new gf.DataFrame({ a: gf.Column.from(X[0]!), price: gf.Column.from([1, 2, null, 4, 5, 6]) });
    const e = await rejection(make(gf.RandomForestRegressor).fit(df, 'price'));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/^RandomForestRegressor\.fit: expected no nulls in (column|y) .*'price'/);
  });

  it('a classifier refuses NaN and null labels, naming the column', async () => {
    const nan = new gf.DataFrame({ a: gf.Column.from(X[0]!), label: gf.Column.from([0, 0, NaN, 1, 1, 1]) });
    const e1 = await rejection(make(gf.RandomForestClassifier).fit(nan, 'label'));
    expect(e1).toBeInstanceOf(gf.ValueError);
    expect(e1.message).toMatch(/^RandomForestClassifier\.fit: expected no NaN in y \('label'\)/);
    const nul = new gf.DataFrame({ a: gf.Column.from(X[0]!), label: gf.Column.from(['x', 'x', null, 'y', 'y', 'y']) });
    const e2 = await rejection(make(gf.DecisionTreeClassifier).fit(nul, 'label'));
    expect(e2).toBeInstanceOf(gf.ValueError);
    expect(e2.message).toMatch(/^DecisionTreeClassifier\.fit: expected no nulls in y \('label'\)/);
  });

  it('y of another length, or no rows, is refused', async () => {
    expect(await rejection(make(gf.RandomForestClassifier).fit(X, new Int32Array([0, 1])))).toBeInstanceOf(gf.GpuframeError);
    expect(await rejection(make(gf.DecisionTreeRegressor).fit([new Float64Array(0)], new Float64Array(0)))).toBeInstanceOf(gf.ValueError);
  });

  it('a width mismatch at predict, predictProba, predictTrees and score is a ShapeError', async () => {
    for (const C of ALL) {
      const m = await make(C).fit(X, CLASSES.includes(C as never) ? yc : yr);
      const wide = [...X, X[0]!];
      const calls: Array<Promise<unknown>> = [m.predict(wide), m.predictTrees([X[0]!]), m.score(wide, yc)];
      if ('predictProba' in m) calls.push(m.predictProba(wide));
      for (const p of calls) {
        const e = await rejection(p);
        expect(e).toBeInstanceOf(gf.ShapeError);
        expect(e.message).toMatch(new RegExp(`^${C.name}\\.\\w+: expected X with 2 features \\(as in fit\\), got [13]$`));
      }
    }
  });
});

describe('state and options', () => {
  it('every method before fit is a NotFittedError naming it', async () => {
    for (const C of ALL) {
      const m = make(C);
      const calls: Array<[string, () => unknown]> = [
        ['predict', () => m.predict(X)],
        ['predictTrees', () => m.predictTrees(X)],
        ['score', () => m.score(X, yc)],
        ['forest', () => m.forest],
        ['featureImportances', () => m.featureImportances],
        ['nFeaturesIn', () => m.nFeaturesIn],
      ];
      if ('predictProba' in m) calls.push(['predictProba', () => m.predictProba(X)]);
      for (const [method, call] of calls) {
        const e = await rejection((async () => call())());
        expect(e).toBeInstanceOf(gf.NotFittedError);
        expect(e.message).toBe(`${C.name}.${method}: expected a fitted estimator, got one not fitted (await fit() first)`);
      }
    }
  });

  it('unknown options are refused with the camelCase hint', () => {
    for (const [key, hint] of [['n_estimators', 'nEstimators'], ['max_depth', 'maxDepth'], ['min_samples_leaf', 'minSamplesLeaf'], ['random_state', 'seed']] as const) {
      const e = (() => {
        try {
          new gf.RandomForestClassifier({ [key]: 3 } as gf.RandomForestClassifierOptions);
        } catch (err) {
          return err as Error;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(gf.ValueError);
      expect(e!.message).toMatch(new RegExp(`^RandomForestClassifier: expected options among .*got unknown option '${key}' \\(did you mean '${hint}'`));
    }
    // Decision trees take no nEstimators or bootstrap.
    expect(() => new gf.DecisionTreeClassifier({ nEstimators: 3 } as gf.DecisionTreeClassifierOptions)).toThrow(/unknown option 'nEstimators'/);
    expect(() => new gf.DecisionTreeRegressor({ bootstrap: true } as gf.DecisionTreeRegressorOptions)).toThrow(/unknown option 'bootstrap'/);
  });

  it('refused option values name the option', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => new gf.RandomForestClassifier({ nBins: 1 }), "option 'nBins' as an integer in 2..256, got 1"],
      [() => new gf.RandomForestClassifier({ nBins: 300 }), "option 'nBins' as an integer in 2..256, got 300"],
      [() => new gf.DecisionTreeRegressor({ nBins: 16.5 }), "option 'nBins' as an integer in 2..256, got 16.5"],
      [() => new gf.RandomForestRegressor({ criterion: 'mse' as 'squared_error' }), "option 'criterion'"],
      [() => new gf.RandomForestClassifier({ criterion: 'squared_error' as 'gini' }), "option 'criterion'"],
      [() => new gf.DecisionTreeRegressor({ criterion: 'gini' as 'squared_error' }), "option 'criterion'"],
      [() => new gf.RandomForestClassifier({ maxFeatures: 0 }), "option 'maxFeatures'"],
      [() => new gf.RandomForestClassifier({ maxFeatures: 1.5 }), "option 'maxFeatures'"],
      [() => new gf.RandomForestClassifier({ maxFeatures: 'auto' as 'sqrt' }), "option 'maxFeatures'"],
      [() => new gf.RandomForestClassifier({ maxDepth: 0 }), "option 'maxDepth' as an integer >= 1, got 0"],
      [() => new gf.RandomForestClassifier({ minSamplesLeaf: 0.6 }), "option 'minSamplesLeaf' as an integer >= 1 or a fraction in (0, 0.5], got 0.6"],
      [() => new gf.RandomForestClassifier({ minSamplesLeaf: 0 }), "option 'minSamplesLeaf'"],
      [() => new gf.RandomForestClassifier({ minSamplesSplit: 1 }), "option 'minSamplesSplit' as an integer >= 2 or a fraction in (0, 1], got 1"],
      [() => new gf.RandomForestClassifier({ nEstimators: 0 }), "option 'nEstimators' as an integer >= 1, got 0"],
      [() => new gf.RandomForestClassifier({ bootstrap: 'yes' as unknown as boolean }), "option 'bootstrap'"],
      [() => new gf.RandomForestClassifier({ seed: 1.5 }), "option 'seed' as an integer, got 1.5"],
      [() => new gf.RandomForestClassifier({ strategy: 'fast' as 'auto' }), "option 'strategy'"],
    ];
    for (const [build, want] of cases) {
      let e: unknown;
      try {
        build();
      } catch (err) {
        e = err;
      }
      expect(e, want).toBeInstanceOf(gf.ValueError);
      expect((e as Error).message).toContain(want);
    }
  });

  it('maxFeatures larger than the features is a ValueError at fit', async () => {
    for (const C of ALL) {
      const e = await rejection(make(C, { maxFeatures: 3 }).fit(X, CLASSES.includes(C as never) ? yc : yr));
      expect(e).toBeInstanceOf(gf.ValueError);
      expect(e.message).toBe(`${C.name}.fit: expected option 'maxFeatures' at most the 2 features, got 3`);
    }
    // 2 of 2 is fine.
    expect((await make(gf.RandomForestClassifier, { maxFeatures: 2 }).fit(X, yc)).forest.nTrees).toBe(2);
  });
});

describe('saved models', () => {
  /** A fitted forest's JSON with one edit to its saved forest. */
  async function tampered(edit: (forest: Record<string, { $typed: string; values: number[] }>) => void): Promise<EstimatorJSON> {
    const { X: Xs, y } = { X: [Float64Array.from({ length: 40 }, (_, i) => i), Float64Array.from({ length: 40 }, (_, i) => (i * 7) % 11)], y: Int32Array.from({ length: 40 }, (_, i) => (i % 3 === 0 || i > 30 ? 1 : 0)) };
    const m = await new gf.RandomForestClassifier({ nEstimators: 3, maxDepth: 4, seed: 1 }).fit(Xs, y);
    const j = JSON.parse(JSON.stringify(m.toJSON())) as EstimatorJSON;
    edit((j.state as { forest: Record<string, { $typed: string; values: number[] }> }).forest);
    return j;
  }

  it('an untampered save reloads (the edits below are what fails)', async () => {
    const back = gf.RandomForestClassifier.fromJSON(await tampered(() => {}));
    expect(back.forest.nTrees).toBe(3);
  });

  it('a child index out of range is a ParseError naming tree and node', async () => {
    let node = -1;
    const j = await tampered((f) => {
      const root = f.root!.values;
      node = f.left!.values.findIndex((l, i) => i >= root[1]! && i < root[2]! && l >= 0);
      f.left!.values[node] = 9999;
    });
    const e = (() => {
      try {
        gf.RandomForestClassifier.fromJSON(j);
      } catch (err) {
        return err as gf.ParseError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(gf.ParseError);
    const local = node - (j.state as { forest: { root: { values: number[] } } }).forest.root.values[1]!;
    expect(e!.message).toMatch(new RegExp(`^RandomForestClassifier\\.fromJSON: expected a left child in \\[0, \\d+\\) .*at tree 1, node ${local} \\(<json>\\)$`));
    expect(e!.file).toBe('<json>');
  });

  it('a cycle (a child pointing back at its root) is a ParseError naming tree and node', async () => {
    let local = -1;
    const j = await tampered((f) => {
      const root = f.root!.values;
      const at = f.right!.values.findIndex((r, i) => i > root[2]! && i < root[3]! && r >= 0);
      f.right!.values[at] = root[2]!;
      local = at - root[2]!;
    });
    expect(() => gf.RandomForestClassifier.fromJSON(j)).toThrow(gf.ParseError);
    expect(() => gf.RandomForestClassifier.fromJSON(j)).toThrow(new RegExp(`got node 0 reached again from node ${local} \\(a cycle or a shared child\\) at tree 2, node ${local} \\(<json>\\)$`));
  });

  it('a feature index past the features, tree offsets that do not cover the nodes, or a regressor save read as a classifier are refused', async () => {
    const feat = await tampered((f) => (f.feature!.values[0] = 7));
    expect(() => gf.RandomForestClassifier.fromJSON(feat)).toThrow(/expected a feature index in \[0, 2\), got 7 at tree 0, node 0 \(<json>\)/);
    const off = await tampered((f) => (f.root!.values[1] = 99999));
    expect(() => gf.RandomForestClassifier.fromJSON(off)).toThrow(gf.ValueError);
    const reg = await new gf.RandomForestRegressor(small).fit(X, yr);
    expect(() => gf.RandomForestClassifier.fromJSON(reg.toJSON())).toThrow(/expected a saved RandomForestClassifier, got a saved RandomForestRegressor/);
    expect(() => gf.RandomForestClassifier.fromJSON('{"format": "gpuframe.estimator", "version": 1, "estimator": "RandomForestClassifier"')).toThrow(gf.GpuframeError);
  });
});
