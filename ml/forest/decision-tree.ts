/**
 * DecisionTreeClassifier and DecisionTreeRegressor: one tree on every sample (no bootstrap), all
 * features per split by default, with the random forests' histogram splits (./tree-model.ts).
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { TreeClassifier, TreeRegressor, treeSpecs, type TreeOptions } from './tree-model.js';

/** Options of {@link DecisionTreeClassifier}. */
export interface DecisionTreeClassifierOptions extends TreeOptions {
  /** 'gini' (default), 'entropy' or 'log_loss' (the same as 'entropy'). */
  criterion?: 'gini' | 'entropy' | 'log_loss';
}

/** Options of {@link DecisionTreeRegressor}. */
export interface DecisionTreeRegressorOptions extends TreeOptions {
  /** 'squared_error' (the only one). */
  criterion?: 'squared_error';
}

const CLASSIFIER_SPECS: ParamSpecs<DecisionTreeClassifierOptions> = { criterion: { default: 'gini', check: is.oneOf('gini', 'entropy', 'log_loss') }, ...treeSpecs(null) };
const REGRESSOR_SPECS: ParamSpecs<DecisionTreeRegressorOptions> = { criterion: { default: 'squared_error', check: is.oneOf('squared_error') }, ...treeSpecs(null) };

/**
 * A decision tree classifier (scikit-learn 1.2's defaults: gini, grown until pure) with histogram
 * splits (nBins 128: exact splits for features of at most 128 distinct values).
 *
 * @example
 * ```ts
 * const tree = await new gf.DecisionTreeClassifier({ maxDepth: 2 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * tree.depth; // 1
 * tree.forest.threshold; // Float64Array [1.5, 0, 0] (x <= 1.5 goes left)
 * await (await tree.predict([[1.2], [2.7]])).toArray(); // Float64Array [0, 1] (labels in y's dtype)
 * ```
 */
export class DecisionTreeClassifier extends TreeClassifier<DecisionTreeClassifierOptions> {
  static override readonly estimatorName = 'DecisionTreeClassifier';

  constructor(options?: DecisionTreeClassifierOptions) {
    super(CLASSIFIER_SPECS, options);
  }
}
registerEstimator(DecisionTreeClassifier);

/**
 * A decision tree regressor (squared error; leaves hold their rows' mean target, exact binary64).
 *
 * @example
 * ```ts
 * const tree = await new gf.DecisionTreeRegressor().fit([[0], [1], [2], [3]], [1, 1, 4, 6]);
 * await (await tree.predict([[0.5], [3]])).toArray(); // Float64Array [1, 6]
 * tree.nLeaves; // 3
 * ```
 */
export class DecisionTreeRegressor extends TreeRegressor<DecisionTreeRegressorOptions> {
  static override readonly estimatorName = 'DecisionTreeRegressor';

  constructor(options?: DecisionTreeRegressorOptions) {
    super(REGRESSOR_SPECS, options);
  }
}
registerEstimator(DecisionTreeRegressor);
