/**
 * Ridge: scikit-learn 1.2's `Ridge` with its 'cholesky' solver (what 'auto' picks for dense
 * X): minimise ||y − Xw − b||² + α||w||² (intercept unpenalised). The normal equations
 * (XcᵀWXc + αI) w = XcᵀWyc come from one 'linalg/syrk' of [X | y] (centred, row weights) on
 * the backend, read back ((d + 1)² numbers, a control read); α is added to the diagonal and
 * 'linalg/cholesky' + 'linalg/cholesky-solve' solve them on the backend (the status word and
 * the d coefficients are read back). When the Cholesky factorisation fails (α = 0 and a
 * singular XᵀX), scikit-learn falls back to its 'svd' solver; so does this class, through
 * 'linalg/qr' + 'linalg/svd-small' (./common.ts). Not supported: per-target α, `positive`,
 * the other solvers, multi-target y.
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { LinearModel, type LinearState } from './base.js';
import { centers, choleskyOf, gram, interceptOf, lstsqParts, solveWith, svdSolve, type FitInputs } from './common.js';

/** Options of {@link Ridge} (scikit-learn's names in camelCase). */
export interface RidgeOptions {
  /** Regularisation strength α >= 0. Default 1. */
  alpha?: number;
  /** Fit an intercept (centre X and y first). Default true. */
  fitIntercept?: boolean;
}

const SPECS: ParamSpecs<RidgeOptions> = {
  alpha: { default: 1, check: is.nonNegative },
  fitIntercept: { default: true, check: is.boolean },
};

/**
 * Linear least squares with an L2 penalty, closed form. NaN, ±Inf and nulls are refused naming
 * the column; integer columns are read as float64.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 2, 3]), b: new Float64Array([1, 0, 1, 0]), y: new Float64Array([1, 3, 5, 7]) });
 * const ridge = await new gf.Ridge({ alpha: 0.5 }).fit(df, 'y'); // features: df's other columns
 * ridge.coef; // Float64Array [1.793…, -0.137…] (a, b)
 * await ridge.score(df, 'y'); // 0.99120… (R²)
 * ```
 */
export class Ridge extends LinearModel<RidgeOptions, LinearState> {
  static override readonly estimatorName = 'Ridge';

  constructor(options?: RidgeOptions) {
    super(SPECS, options);
  }

  protected async solve(op: string, f: FitInputs): Promise<LinearState> {
    const { alpha, fitIntercept } = this.params;
    const d = f.m.d;
    const c = await centers(op, f, fitIntercept);
    const g = await gram(op, f, c, fitIntercept);
    const A = g.G.slice();
    for (let j = 0; j < d; j++) A[j * d + j]! += alpha;
    let coef: Float64Array | undefined;
    const ch = await choleskyOf(op, A, d);
    try {
      if (ch.ok) {
        const v = await solveWith(op, ch.L, g.b);
        if (v.every(Number.isFinite)) coef = v;
      }
    } finally {
      ch.L.data.dispose();
    }
    // scikit-learn's fallback on a singular system: the 'svd' solver (singular values > 1e-15).
    if (!coef) coef = svdSolve(await lstsqParts(op, f, c, fitIntercept), alpha, 1e-15);
    return { coef, intercept: interceptOf(c, coef, fitIntercept), nFeaturesIn: d, featureNamesIn: f.m.kind === 'frame' ? f.m.names : null };
  }
}
registerEstimator(Ridge);
