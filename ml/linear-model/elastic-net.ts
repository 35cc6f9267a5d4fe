/**
 * ElasticNet: scikit-learn 1.2's `ElasticNet`, minimising
 *
 *   1/(2n) ‖y − Xw − b‖² + α · l1Ratio · ‖w‖₁ + α · (1 − l1Ratio)/2 · ‖w‖²
 *
 * by coordinate descent with scikit-learn's duality-gap stopping rule (./coordinate-descent.ts),
 * in its precomputed-Gram form: XcᵀWXc, XcᵀWyc and ‖yc‖² come from one 'linalg/syrk' of
 * [X | y] (centred, row weights) on the backend, read back ((d + 1)² numbers, a control
 * read); the sweeps then cost O(d²) each on the host.
 * With sample weights, scikit-learn rescales them to sum to n; here α is scaled by Σw instead
 * (the same minimiser, as its source notes). Not supported: `positive`, `warmStart`,
 * `precompute` (always the Gram form), multi-target y.
 */
import { mulberry32 } from '../../src/random.js';
import { is, registerEstimator, type ParamSpecs, type Params } from '../estimator.js';
import { LinearModel, type LinearState } from './base.js';
import { centers, gram, interceptOf, type FitInputs } from './common.js';
import { coordinateDescentGram } from './coordinate-descent.js';

/** Options of {@link ElasticNet} (scikit-learn's names in camelCase). */
export interface ElasticNetOptions {
  /** Overall penalty strength α >= 0. Default 1. */
  alpha?: number;
  /** Share of the L1 penalty in [0, 1] (1: Lasso, 0: ridge-like). Default 0.5. */
  l1Ratio?: number;
  /** Fit an intercept (centre X and y first). Default true. */
  fitIntercept?: boolean;
  /** Most coordinate-descent sweeps. Default 1000. */
  maxIter?: number;
  /** Tolerance: a sweep whose largest update is below tol × the largest coefficient checks the duality gap against tol · ‖yc‖². Default 1e-4. */
  tol?: number;
  /** 'cyclic' (default) or 'random' coordinate order. */
  selection?: 'cyclic' | 'random';
  /** Seed of the 'random' order (default 0; a seeded mulberry32, not numpy's stream). */
  randomState?: number;
}

/** The fitted state of ElasticNet and Lasso. */
export interface ElasticNetState extends LinearState {
  nIter: number;
  dualGap: number;
}

/** The options both coordinate-descent models share. */
export type CdParams = Params<Omit<ElasticNetOptions, 'l1Ratio'>> & { readonly l1Ratio: number };

export const CD_SPECS: ParamSpecs<Omit<ElasticNetOptions, 'l1Ratio'>> = {
  alpha: { default: 1, check: is.nonNegative },
  fitIntercept: { default: true, check: is.boolean },
  maxIter: { default: 1000, check: is.positiveInt },
  tol: { default: 1e-4, check: is.nonNegative },
  selection: { default: 'cyclic', check: is.oneOf('cyclic', 'random') },
  randomState: { default: 0, check: is.int },
};

const SPECS: ParamSpecs<ElasticNetOptions> = { ...CD_SPECS, l1Ratio: { default: 0.5, check: is.unit } };

/** Fit ElasticNet (or Lasso, l1Ratio 1) on packed inputs. */
export async function fitCd(op: string, f: FitInputs, p: CdParams): Promise<ElasticNetState> {
  const d = f.m.d;
  const c = await centers(op, f, p.fitIntercept);
  const g = await gram(op, f, c, p.fitIntercept);
  const N = c.sumW;
  const r = coordinateDescentGram({
    Q: g.G,
    q: g.b,
    yNorm2: g.yy,
    alpha: p.alpha * p.l1Ratio * N,
    beta: p.alpha * (1 - p.l1Ratio) * N,
    maxIter: p.maxIter,
    tol: p.tol,
    ...(p.selection === 'random' && { random: mulberry32(p.randomState) }),
  });
  return {
    coef: r.w,
    intercept: interceptOf(c, r.w, p.fitIntercept),
    nFeaturesIn: d,
    featureNamesIn: f.m.kind === 'frame' ? f.m.names : null,
    nIter: r.nIter,
    dualGap: r.gap / N,
  };
}

/**
 * Linear regression with combined L1 and L2 penalties, by coordinate descent. NaN, ±Inf and
 * nulls are refused naming the column; integer columns are read as float64.
 *
 * @example
 * ```ts
 * const X = [[0, 1], [1, 0], [2, 1], [3, 0], [4, 1]];
 * const enet = await new gf.ElasticNet({ alpha: 0.1, l1Ratio: 0.5 }).fit(X, [1, 3, 5, 7, 9]);
 * enet.coef; // Float64Array [1.926…, 0] (the second feature dropped)
 * enet.nIter; // 2 (sweeps run)
 * ```
 */
export class ElasticNet extends LinearModel<ElasticNetOptions, ElasticNetState> {
  static override readonly estimatorName = 'ElasticNet';

  constructor(options?: ElasticNetOptions) {
    super(SPECS, options);
  }

  protected solve(op: string, f: FitInputs): Promise<ElasticNetState> {
    return fitCd(op, f, this.params);
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
registerEstimator(ElasticNet);
