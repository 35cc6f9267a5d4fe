/**
 * RandomForestClassifier and RandomForestRegressor: scikit-learn's estimators with cuML's
 * histogram splits (./tree-model.ts, ./grow.ts). Each tree fits a bootstrap sample (n draws with
 * replacement, unless `bootstrap: false`) and draws `maxFeatures` candidate features per split;
 * the forest averages the trees' class distributions or values.
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { MatrixInput } from '../matrix-input.js';
import type { MatrixOutput } from '../output.js';
import { TreeModel, treeSpecs, type FitPlan, type TreeOptions } from './tree-model.js';

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
  ...treeSpecs(1),
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
export class RandomForestClassifier extends TreeModel<RandomForestClassifierOptions> {
  static override readonly estimatorName = 'RandomForestClassifier';
  protected readonly classifier = true;

  constructor(options?: RandomForestClassifierOptions) {
    super(CLASSIFIER_SPECS, options);
  }

  protected plan(): FitPlan {
    const p = this.params;
    return { nTrees: p.nEstimators, bootstrap: p.bootstrap, criterion: p.criterion === 'gini' ? 'gini' : 'entropy' };
  }

  /**
   * Class probabilities: the mean over trees of each leaf's class distribution, one float64
   * column per class (named by the class).
   *
   * @example
   * ```ts
   * const rf = await new gf.RandomForestClassifier({ nEstimators: 5 }).fit([[0], [1], [8], [9]], [0, 0, 1, 1]);
   * const p = await rf.predictProba([[0.5], [8.5]]); // DataBuffer[]: P(0), P(1)
   * await p[1]!.toArray(); // Float64Array [0, 1]
   * ```
   */
  async predictProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.proba(X, columns);
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
export class RandomForestRegressor extends TreeModel<RandomForestRegressorOptions> {
  static override readonly estimatorName = 'RandomForestRegressor';
  protected readonly classifier = false;

  constructor(options?: RandomForestRegressorOptions) {
    super(REGRESSOR_SPECS, options);
  }

  protected plan(): FitPlan {
    return { nTrees: this.params.nEstimators, bootstrap: this.params.bootstrap, criterion: 'squared_error' };
  }
}
registerEstimator(RandomForestRegressor);
