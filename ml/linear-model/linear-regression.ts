/**
 * LinearRegression: scikit-learn 1.2's ordinary least squares, which solves with scipy's
 * `lstsq` (LAPACK gelsd). Here: X and y centred by their (weighted) means when fitIntercept,
 * rows scaled by √w with sample weights (as scikit-learn's `_rescale_data`), then
 * 'linalg/qr' of [Xc | yc] and 'linalg/svd-small' of its d × d triangle, so one decomposition
 * gives `singular` (Xc's singular values), `rank` (those above eps · s_max, gelsd's rcond)
 * and the minimum-norm least-squares coefficients, also for rank-deficient X (n < d,
 * constant or repeated columns). Only the (d + 1)² triangle and the d × d SVD come back, as
 * control reads. Not supported: `positive` (non-negative least squares) and multi-target y.
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { LinearModel, type LinearState } from './base.js';
import { centers, interceptOf, lstsqParts, svdSolve, type FitInputs } from './common.js';

/** Options of {@link LinearRegression} (scikit-learn's names in camelCase). */
export interface LinearRegressionOptions {
  /** Fit an intercept (centre X and y first). Default true. */
  fitIntercept?: boolean;
}

interface LinearRegressionState extends LinearState {
  rank: number;
  singular: Float64Array;
}

const SPECS: ParamSpecs<LinearRegressionOptions> = {
  fitIntercept: { default: true, check: is.boolean },
};

const EPS = 2 ** -52;

/**
 * Ordinary least squares, y ≈ X · coef + intercept, with scikit-learn's semantics (the
 * minimum-norm solution when X is rank-deficient). NaN, ±Inf and nulls are refused naming
 * the column; integer columns are read as float64.
 *
 * @example
 * ```ts
 * const x = new Float64Array([0, 1, 2, 3]);
 * const lr = await new gf.LinearRegression().fit([x], new Float64Array([1, 3, 5, 7]));
 * lr.coef; // Float64Array [2]
 * lr.intercept; // 1
 * const yHat = await lr.predict([x]); // DataBuffer [1, 3, 5, 7]
 * ```
 */
export class LinearRegression extends LinearModel<LinearRegressionOptions, LinearRegressionState> {
  static override readonly estimatorName = 'LinearRegression';

  constructor(options?: LinearRegressionOptions) {
    super(SPECS, options);
  }

  protected async solve(op: string, f: FitInputs): Promise<LinearRegressionState> {
    const fi = this.params.fitIntercept;
    const c = await centers(op, f, fi);
    const p = await lstsqParts(op, f, c, fi);
    const cutoff = EPS * (p.s[0] ?? 0);
    const coef = svdSolve(p, 0, cutoff);
    const k = Math.min(f.m.n, f.m.d);
    return {
      coef,
      intercept: interceptOf(c, coef, fi),
      nFeaturesIn: f.m.d,
      featureNamesIn: f.m.kind === 'frame' ? f.m.names : null,
      rank: p.s.filter((v) => v > cutoff).length,
      singular: p.s.slice(0, k),
    };
  }

  /** Rank of the (centred, weighted) X: its singular values above eps · the largest (scikit-learn's rank_). */
  get rank(): number {
    return this.state('rank').rank;
  }

  /** Singular values of the (centred, weighted) X, min(n, d) of them, descending (scikit-learn's singular_). */
  get singular(): Float64Array {
    return this.state('singular').singular;
  }
}
registerEstimator(LinearRegression);
