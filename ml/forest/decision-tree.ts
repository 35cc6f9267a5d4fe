/**
 * DecisionTreeClassifier and DecisionTreeRegressor: one tree on every sample (no bootstrap), all
 * features per split by default, with the random forests' histogram splits (./tree-model.ts).
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { MatrixInput } from '../matrix-input.js';
import type { MatrixOutput } from '../output.js';
import { TreeModel, treeSpecs, type FitPlan, type TreeOptions } from './tree-model.js';

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

/** Depth and leaves of a fitted tree. */
function shape(forest: { depth: Int32Array; left: Int32Array }): { depth: number; leaves: number } {
  return { depth: forest.depth[0]!, leaves: forest.left.reduce((a, l) => a + (l < 0 ? 1 : 0), 0) };
}

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
export class DecisionTreeClassifier extends TreeModel<DecisionTreeClassifierOptions> {
  static override readonly estimatorName = 'DecisionTreeClassifier';
  protected readonly classifier = true;

  constructor(options?: DecisionTreeClassifierOptions) {
    super(CLASSIFIER_SPECS, options);
  }

  protected plan(): FitPlan {
    return { nTrees: 1, bootstrap: false, criterion: this.params.criterion === 'gini' ? 'gini' : 'entropy' };
  }

  /**
   * Class probabilities: the class distribution of each row's leaf, one float64 column per class.
   *
   * @example
   * ```ts
   * const tree = await new gf.DecisionTreeClassifier({ maxDepth: 1 }).fit([[0], [1], [2], [3]], [0, 0, 1, 0]);
   * const p = await tree.predictProba([[3]]);
   * await p[1]!.toArray(); // Float64Array [0.5] (the right leaf holds one row of each class)
   * ```
   */
  async predictProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.proba(X, columns);
  }

  /** Edges on the longest root-to-leaf path (scikit-learn's get_depth()). */
  get depth(): number {
    return shape(this.state('depth').forest).depth;
  }

  /** Number of leaves (scikit-learn's get_n_leaves()). */
  get nLeaves(): number {
    return shape(this.state('nLeaves').forest).leaves;
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
export class DecisionTreeRegressor extends TreeModel<DecisionTreeRegressorOptions> {
  static override readonly estimatorName = 'DecisionTreeRegressor';
  protected readonly classifier = false;

  constructor(options?: DecisionTreeRegressorOptions) {
    super(REGRESSOR_SPECS, options);
  }

  protected plan(): FitPlan {
    return { nTrees: 1, bootstrap: false, criterion: 'squared_error' };
  }

  /** Edges on the longest root-to-leaf path. */
  get depth(): number {
    return shape(this.state('depth').forest).depth;
  }

  /** Number of leaves. */
  get nLeaves(): number {
    return shape(this.state('nLeaves').forest).leaves;
  }
}
registerEstimator(DecisionTreeRegressor);
