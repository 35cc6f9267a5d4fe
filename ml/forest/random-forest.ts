/**
 * RandomForestClassifier and RandomForestRegressor: scikit-learn's estimators with cuML's
 * histogram splits (./tree-model.ts, ./grow.ts). Each tree fits a bootstrap sample (n draws with
 * replacement, unless `bootstrap: false`) and draws `maxFeatures` candidate features per split;
 * the forest averages the trees' class distributions or values.
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { TreeClassifier, TreeRegressor, treeSpecs, type TreeOptions } from './tree-model.js';

/** Options of {@link RandomForestClassifier}. */
export interface RandomForestClassifierOptions extends TreeOptions {
  /** Trees. Default 100. */
  nEstimators?: number;
  /** 'gini' (default), 'entropy' or 'log_loss' (the same as 'entropy', as in scikit-learn). */
  criterion?: 'gini' | 'entropy' | 'log_loss';
  /** Fit each tree on a bootstrap sample. Default true. */
  bootstrap?: boolean;
}

/** Options of {@link RandomForestRegressor}. */
export interface RandomForestRegressorOptions extends TreeOptions {
  /** Trees. Default 100. */
  nEstimators?: number;
  /** 'squared_error' (the only one). */
  criterion?: 'squared_error';
  /** Fit each tree on a bootstrap sample. Default true. */
  bootstrap?: boolean;
}

const FOREST = { nEstimators: { default: 100, check: is.positiveInt }, bootstrap: { default: true, check: is.boolean } } as const;

const CLASSIFIER_SPECS: ParamSpecs<RandomForestClassifierOptions> = {
  ...FOREST,
  criterion: { default: 'gini', check: is.oneOf('gini', 'entropy', 'log_loss') },
  ...treeSpecs('sqrt'),
};

const REGRESSOR_SPECS: ParamSpecs<RandomForestRegressorOptions> = {
  ...FOREST,
  criterion: { default: 'squared_error', check: is.oneOf('squared_error') },
  ...treeSpecs(null),
};

/**
 * A random forest classifier (scikit-learn 1.2's defaults: 100 trees, gini, maxFeatures 'sqrt',
 * bootstrap), trained with histogram splits (nBins 128) identically on both backends.
 *
 * @example
 * ```ts
 * const X = [[0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [6, 5]];
 * const rf = await new gf.RandomForestClassifier({ nEstimators: 10, seed: 1 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
 * const labels = await rf.predict([[0.5, 0.5], [5.5, 5.5]]); // a utf8 Column
 * await labels.toValues(); // ['a', 'b']
 * await rf.score(X, ['a', 'a', 'a', 'b', 'b', 'b']); // 1
 * ```
 */
export class RandomForestClassifier extends TreeClassifier<RandomForestClassifierOptions> {
  static override readonly estimatorName = 'RandomForestClassifier';

  constructor(options?: RandomForestClassifierOptions) {
    super(CLASSIFIER_SPECS, options);
  }
}
registerEstimator(RandomForestClassifier);

/**
 * A random forest regressor (scikit-learn 1.2's defaults: 100 trees, squared error, all features
 * per split, bootstrap), trained with histogram splits identically on both backends.
 *
 * @example
 * ```ts
 * const X = Array.from({ length: 20 }, (_, i) => [i < 10 ? i : i + 10]); // 0..9 and 20..29
 * const y = X.map(([x]) => (x! < 10 ? 1 : 5));
 * const rf = await new gf.RandomForestRegressor({ nEstimators: 20, seed: 3 }).fit(X, y);
 * await (await rf.predict([[1], [25]])).toArray(); // Float64Array [1, 5]
 * ```
 */
export class RandomForestRegressor extends TreeRegressor<RandomForestRegressorOptions> {
  static override readonly estimatorName = 'RandomForestRegressor';

  constructor(options?: RandomForestRegressorOptions) {
    super(REGRESSOR_SPECS, options);
  }
}
registerEstimator(RandomForestRegressor);
