/**
 * Lasso: scikit-learn 1.2's `Lasso`, ElasticNet with l1Ratio = 1:
 *
 *   minimise 1/(2n) ‖y − Xw − b‖² + α ‖w‖₁
 *
 * by the same Gram-form coordinate descent and duality-gap rule (./elastic-net.ts). Not
 * supported: `positive`, `warmStart`, `precompute` (always the Gram form), multi-target y.
 */
import { registerEstimator, type ParamSpecs } from '../estimator.js';
import { LinearModel } from './base.js';
import type { FitInputs } from './common.js';
import { CD_SPECS, fitCd, type ElasticNetOptions, type ElasticNetState } from './elastic-net.js';

/** Options of {@link Lasso} (ElasticNet's without l1Ratio). */
export type LassoOptions = Omit<ElasticNetOptions, 'l1Ratio'>;

const SPECS: ParamSpecs<LassoOptions> = CD_SPECS;

/**
 * Linear regression with an L1 penalty (sparse coefficients), by coordinate descent. NaN,
 * ±Inf and nulls are refused naming the column; integer columns are read as float64.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 2, 3, 4]), b: new Float64Array([1, 0, 1, 0, 1]), y: new Float64Array([1, 3, 5, 7, 9]) });
 * const lasso = await new gf.Lasso({ alpha: 0.1 }).fit(df, 'y');
 * lasso.coef; // Float64Array [1.95, 0] (b dropped)
 * const yHat = await lasso.predict(df, ['a', 'b']);
 * await yHat.toValues(); // [1.1, 3.05, 5, 6.95, 8.9] (to rounding)
 * ```
 */
export class Lasso extends LinearModel<LassoOptions, ElasticNetState> {
  static override readonly estimatorName = 'Lasso';

  constructor(options?: LassoOptions) {
    super(SPECS, options);
  }

  protected solve(op: string, f: FitInputs): Promise<ElasticNetState> {
    return fitCd(op, f, { ...this.params, l1Ratio: 1 });
  }

  /** Coordinate-descent sweeps run (scikit-learn's n_iter_). */
  get nIter(): number {
    return this.state('nIter').nIter;
  }

  /** The duality gap at the end, divided by n (scikit-learn's dual_gap_). */
  get dualGap(): number {
    return this.state('dualGap').dualGap;
  }
}
registerEstimator(Lasso);
