/**
 * Ridge: scikit-learn 1.2's `Ridge` with its 'cholesky' solver (what 'auto' picks for dense
 * X): minimise ||y − Xw − b||² + α||w||² (intercept unpenalised). The normal equations
 * (XcᵀWXc + αI) w = XcᵀWyc come from 'linalg/syrk' (centred, row weights) and 'linalg/gemm'
 * (transA), α is added to the diagonal by the fused expression kernel, and 'linalg/cholesky'
 * + 'linalg/cholesky-solve' solve them, all on the backend; the status word and the d
 * coefficients come back as control reads. When the Cholesky factorisation fails (α = 0 and a
 * singular XᵀX), scikit-learn falls back to its 'svd' solver; so does this class, through
 * 'linalg/qr' + 'linalg/svd-small' (./common.ts). Not supported: per-target α, `positive`,
 * the other solvers, multi-target y.
 */
import { run } from '../../kernels/registry.js';
import { cholesky, choleskySolve } from '../../kernels/linalg/cholesky.js';
import { readControl } from '../control.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { LinearModel, type LinearState } from './base.js';
import { addDiagonal, centers, interceptOf, lstsqParts, normalEquations, readMatrix, svdSolve, type FitInputs } from './common.js';

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
 * const ridge = await new gf.Ridge({ alpha: 0.5 }).fit(df, 'y'); // features: df's other columns
 * ridge.coef; // Float64Array, one value per feature
 * const r2 = await ridge.score(df, 'y');
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
    const { G, b } = normalEquations(f, fitIntercept ? c.xMean : null);
    let coef: Float64Array | undefined;
    try {
      const A = alpha > 0 ? await addDiagonal(G, alpha) : G;
      const chol = run(cholesky, A);
      if (A !== G) A.data.dispose();
      try {
        const status = (await readControl(chol.status, op))[0]!;
        if (status === 0) {
          const x = run(choleskySolve, chol.l, b);
          const v = await readMatrix(op, x);
          if (v.every(Number.isFinite)) coef = v;
        }
      } finally {
        chol.l.data.dispose();
        chol.status.dispose();
      }
    } finally {
      G.data.dispose();
      b.data.dispose();
    }
    // scikit-learn's fallback on a singular system: the 'svd' solver (singular values > 1e-15).
    if (!coef) coef = svdSolve(await lstsqParts(op, f, c, fitIntercept), alpha, 1e-15);
    return { coef, intercept: interceptOf(c, coef, fitIntercept), nFeaturesIn: d, featureNamesIn: f.m.kind === 'frame' ? f.m.names : null };
  }
}
registerEstimator(Ridge);
