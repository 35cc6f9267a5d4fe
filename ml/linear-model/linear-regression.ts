/**
 * LinearRegression: scikit-learn 1.2's ordinary least squares, which solves with scipy's
 * `lstsq` (LAPACK gelsd): X and y centred by their (weighted) means when fitIntercept, rows
 * scaled by √w with sample weights (scikit-learn's `_rescale_data`). Two paths, both in
 * registered ops with only d-sized results read back (control reads):
 * - well-conditioned X (cond(Xc) < 1e4, n >= d): the normal equations from one 'linalg/syrk'
 *   of [X | y], 'linalg/cholesky' + 'linalg/cholesky-solve', and `singular` from
 *   'linalg/svd-small' of the factor L (XcᵀXc = L Lᵀ: the same singular values);
 * - otherwise (rank-deficient or ill-conditioned X: n < d, repeated or constant columns):
 *   'linalg/qr' of [Xc | yc] and 'linalg/svd-small' of its d × d triangle, whose singular
 *   values give `rank` (those above eps · s_max, gelsd's rcond) and the minimum-norm
 *   least-squares coefficients, as lstsq.
 * Not supported: `positive` (non-negative least squares) and multi-target y.
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { LinearModel, type LinearState } from './base.js';
import { run } from '../../kernels/registry.js';
import { linalgSvdSmall } from '../../kernels/linalg/svd.js';
import { readControl } from '../control.js';
import { centers, choleskyOf, gram, interceptOf, lstsqParts, solveWith, svdSolve, type Centers, type FitInputs } from './common.js';

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
/** Above this cond(Xc) the normal equations lose too much: QR + SVD instead. */
const MAX_COND = 1e4;

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
 * const yHat = await lr.predict([x]); // a DataBuffer
 * await yHat.toArray(); // Float64Array [1, 3, 5, 7]
 * ```
 */
export class LinearRegression extends LinearModel<LinearRegressionOptions, LinearRegressionState> {
  static override readonly estimatorName = 'LinearRegression';

  constructor(options?: LinearRegressionOptions) {
    super(SPECS, options);
  }

  protected async solve(op: string, f: FitInputs): Promise<LinearRegressionState> {
    const fi = this.params.fitIntercept;
    const { n, d } = f.m;
    const c = await centers(op, f, fi);
    const base = { nFeaturesIn: d, featureNamesIn: f.m.kind === 'frame' ? f.m.names : null };
    if (n >= d) {
      const fast = await this.normalEquations(op, f, c, fi);
      if (fast) return { ...fast, intercept: interceptOf(c, fast.coef, fi), ...base };
    }
    const p = await lstsqParts(op, f, c, fi);
    const cutoff = EPS * (p.s[0] ?? 0);
    const coef = svdSolve(p, 0, cutoff);
    return { coef, intercept: interceptOf(c, coef, fi), ...base, rank: p.s.filter((v) => v > cutoff).length, singular: p.s.slice(0, Math.min(n, d)) };
  }

  /**
   * The fast path for well-conditioned X: Cholesky of XcᵀWXc = L Lᵀ, whose singular values
   * are L's ('linalg/svd-small' of L on the backend). Taken when the factorisation succeeds
   * and cond(Xc) = s_max / s_min < 1e4, where the solve is within ~eps · cond² of lstsq's;
   * undefined otherwise (then QR + SVD).
   */
  private async normalEquations(op: string, f: FitInputs, c: Centers, fi: boolean): Promise<{ coef: Float64Array; rank: number; singular: Float64Array } | undefined> {
    const d = f.m.d;
    const g = await gram(op, f, c, fi);
    const ch = await choleskyOf(op, g.G, d);
    try {
      if (!ch.ok) return undefined;
      const svd = run(linalgSvdSmall, ch.L, false, 'u');
      svd.vt.dispose();
      const s = (await readControl(svd.s, op).finally(() => svd.s.dispose())).slice();
      if (!(s[d - 1]! > 0 && s[0]! < MAX_COND * s[d - 1]!)) return undefined;
      const coef = await solveWith(op, ch.L, g.b);
      return coef.every(Number.isFinite) ? { coef, rank: d, singular: s } : undefined;
    } finally {
      ch.L.data.dispose();
    }
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
