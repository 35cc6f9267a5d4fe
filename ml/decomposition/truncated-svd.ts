/**
 * TruncatedSVD: scikit-learn 1.2's `TruncatedSVD` (no centring) on both backends.
 *
 * fit: X packed ('linalg/pack', refusing NaN/±Inf/nulls), then
 * - 'randomized' (default): scikit-learn's `randomized_svd` (./common.ts: Halko et al., nIter
 *   power iterations with a QR normaliser, our seeded Gaussian test matrix: compare with
 *   scikit-learn by the singular values, not the random stream);
 * - 'exact': 'linalg/qr' of X (R only) and 'linalg/svd-small' of R, signs as scikit-learn's
 *   'arpack' path (`svd_flip(U, Vt)`, read from the scores X Vkᵀ with 'linalg/col-absmax').
 *   scikit-learn's 'arpack' (an iterative Lanczos solver) is not offered: 'exact' gives what
 *   it converges to.
 * explainedVariance is np.var (ddof 0) of each column of X · componentsᵀ ('linalg/gemm' and
 * 'linalg/moments'), explainedVarianceRatio divides it by the sum of X's column variances.
 * transform: X · componentsᵀ; inverseTransform: Z · components (both 'linalg/gemm').
 */
import { ValueError } from '../../src/errors.js';
import { run } from '../../kernels/registry.js';
import { linalgMoments } from '../../kernels/linalg/moments.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { readControl } from '../control.js';
import { Estimator, is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { MatrixInput } from '../matrix-input.js';
import type { MatrixOutput } from '../output.js';
import { checkWidth, componentNames, exactSvd, flipByScores, inverseNames, normalizerOf, outputOf, project, RANDOMIZED_SPECS, randomizedSvd, withPacked, type Packed } from './common.js';

/** Options of {@link TruncatedSVD} (scikit-learn's names in camelCase). */
export interface TruncatedSVDOptions {
  /** Components to keep, 1 <= k <= d ('exact': <= min(n, d)). Default 2. */
  nComponents?: number;
  /** 'randomized' (Halko et al.) or 'exact' (QR + one-sided Jacobi SVD; stands in for 'arpack'). Default 'randomized'. */
  algorithm?: 'randomized' | 'exact';
  /** Power iterations of 'randomized'. Default 5. */
  nIter?: number;
  /** Extra random vectors of 'randomized'. Default 10. */
  nOversamples?: number;
  /** Normaliser of the power iterations: 'auto' ('none' for <= 2 iterations, else 'QR'), 'QR' or 'none'. */
  powerIterationNormalizer?: 'auto' | 'QR' | 'none';
  /** Seed of the Gaussian test matrix (our mulberry32, not numpy's stream). Default 0. */
  seed?: number;
}

interface TruncatedSVDState {
  components: Float64Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

const SPECS: ParamSpecs<TruncatedSVDOptions> = {
  nComponents: { default: 2, check: is.positiveInt },
  algorithm: { default: 'randomized', check: is.oneOf('randomized', 'exact') },
  nIter: { default: 5, check: is.nonNegativeInt },
  ...RANDOMIZED_SPECS,
};

const names = (k: number) => componentNames('truncatedsvd', k);

/**
 * Truncated SVD (latent semantic analysis): the top singular vectors of X itself, not
 * centred, with scikit-learn 1.2's attributes. NaN, ±Inf and nulls are refused naming the
 * column; outputs are float64 columns 'truncatedsvd0', … in the input's kind.
 *
 * @example
 * ```ts
 * const X = [[1, 0, 2], [0, 1, 1], [3, 0, 0], [0, 2, 1]];
 * const svd = new gf.TruncatedSVD({ nComponents: 2, seed: 0 });
 * const Z = await svd.fitTransform(X); // DataBuffer[] of 2 columns
 * svd.singularValues; // Float64Array [3.3320…, 2.7685…] (descending)
 * ```
 */
export class TruncatedSVD extends Estimator<TruncatedSVDOptions, TruncatedSVDState> {
  static override readonly estimatorName = 'TruncatedSVD';

  constructor(options?: TruncatedSVDOptions) {
    super(SPECS, options);
  }

  /**
   * Fit the components on X.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([1, 0, 3, 0]), b: new Float64Array([0, 1, 0, 2]), c: new Float64Array([2, 1, 0, 1]) });
   * const svd = await new gf.TruncatedSVD({ algorithm: 'exact' }).fit(df);
   * svd.singularValues; // Float64Array [3.3320…, 2.7685…]
   * ```
   */
  async fit(X: MatrixInput, columns?: readonly string[]): Promise<this> {
    const op = `${this.name}.fit`;
    const { st, Z } = await withPacked(op, X, columns, (p) => this.solve(op, p));
    Z.data.dispose();
    this.fitted = st;
    return this;
  }

  /** The fitted state and X · componentsᵀ (from which explainedVariance comes). */
  private async solve(op: string, p: Packed): Promise<{ st: TruncatedSVDState; Z: Matrix }> {
    const { n, d } = p.m;
    const k = this.params.nComponents;
    const exact = this.params.algorithm === 'exact';
    if (n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
    if (k > d) throw new ValueError(`${op}: expected nComponents <= n_features = ${d}, got ${k}`);
    if (exact && k > Math.min(n, d)) throw new ValueError(`${op}: expected nComponents <= min(n_samples, n_features) = ${Math.min(n, d)} with algorithm 'exact', got ${k}`);
    let components: Float64Array;
    let s: Float64Array;
    if (exact) {
      const r = await exactSvd(op, p.X);
      components = await flipByScores(op, p.X, r.vt, k);
      s = r.s.slice(0, k);
    } else {
      const nIter = this.params.nIter;
      const normalizer = normalizerOf(this.params.powerIterationNormalizer, nIter);
      const r = await randomizedSvd(op, p.X, k, { nOversamples: this.params.nOversamples, nIter, normalizer, seed: this.params.seed });
      components = r.components;
      s = r.s;
    }
    const Z = project(p.X, components, k, { transB: true });
    const mz = run(linalgMoments, Z);
    const mx = run(linalgMoments, p.X);
    try {
      const vz = (await readControl(mz, op)).slice(k, 2 * k);
      const vx = (await readControl(mx, op)).slice(d, 2 * d);
      const full = vx.reduce((a, v) => a + v, 0);
      const st = { components, explainedVariance: vz, explainedVarianceRatio: vz.map((v) => v / full), singularValues: s, nFeaturesIn: d, featureNamesIn: p.m.kind === 'frame' ? p.m.names : null };
      return { st, Z };
    } catch (e) {
      Z.data.dispose();
      throw e;
    } finally {
      mz.dispose();
      mx.dispose();
    }
  }

  /**
   * Project X on the components: X · componentsᵀ.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([1, 0, 3, 0]), b: new Float64Array([0, 1, 0, 2]), c: new Float64Array([2, 1, 0, 1]) });
   * const svd = await new gf.TruncatedSVD({ seed: 0 }).fit(df);
   * const Z = await svd.transform(df);
   * Z.columns; // ['truncatedsvd0', 'truncatedsvd1']
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.transform`;
    const st = this.state('transform');
    return withPacked(op, X, columns, (p) => {
      checkWidth(op, p.m.d, st.nFeaturesIn, 'features (as in fit)');
      const k = st.explainedVariance.length;
      return outputOf(p.m.kind, project(p.X, st.components, k, { transB: true }), names(k)) as MatrixOutput<X>;
    });
  }

  /**
   * fit, then the transformed X (computed once, as scikit-learn's fit_transform).
   *
   * @example
   * ```ts
   * const X = [[1, 0, 2, 0], [0, 1, 1, 0], [3, 0, 0, 1], [0, 2, 1, 1]];
   * const Z = await new gf.TruncatedSVD({ nComponents: 3, seed: 0 }).fitTransform(X);
   * Z.length; // 3
   * ```
   */
  async fitTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.fitTransform`;
    return withPacked(op, X, columns, async (p) => {
      const { st, Z } = await this.solve(op, p);
      this.fitted = st;
      return outputOf(p.m.kind, Z, names(st.explainedVariance.length)) as MatrixOutput<X>;
    });
  }

  /**
   * Map transformed data back: Z · components. Output columns are named as the fitted
   * features (frame kind) or x0, x1, ….
   *
   * @example
   * ```ts
   * const X = [[1, 0, 2], [0, 1, 1], [3, 0, 0], [0, 2, 1]];
   * const svd = new gf.TruncatedSVD({ nComponents: 2, seed: 0 });
   * const Xhat = await svd.inverseTransform(await svd.fitTransform(X)); // X's rank-2 approximation
   * Xhat.length; // 3 (DataBuffers, one per feature)
   * ```
   */
  async inverseTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.inverseTransform`;
    const st = this.state('inverseTransform');
    return withPacked(op, X, columns, (p) => {
      const d = st.nFeaturesIn;
      checkWidth(op, p.m.d, st.explainedVariance.length, 'columns (nComponents)');
      return outputOf(p.m.kind, project(p.X, st.components, d, { transB: false }), inverseNames(st.featureNamesIn, d)) as MatrixOutput<X>;
    });
  }

  /** k × d row-major: row c is the c-th right singular vector (scikit-learn's components_). */
  get components(): Float64Array {
    return this.state('components').components;
  }
  /** np.var (ddof 0) of each column of the training X transformed. */
  get explainedVariance(): Float64Array {
    return this.state('explainedVariance').explainedVariance;
  }
  /** explainedVariance over the sum of the training X's column variances. */
  get explainedVarianceRatio(): Float64Array {
    return this.state('explainedVarianceRatio').explainedVarianceRatio;
  }
  /** The k largest singular values of X, descending. */
  get singularValues(): Float64Array {
    return this.state('singularValues').singularValues;
  }
  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }
  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }

  protected override loadState(state: object): void {
    const s = state as Partial<TruncatedSVDState>;
    const d = s.nFeaturesIn;
    const k = s.explainedVariance?.length;
    const ok = typeof d === 'number' && typeof k === 'number' && s.components instanceof Float64Array && s.components.length === k * d && s.singularValues instanceof Float64Array;
    if (!ok) throw new ValueError(`${this.name}.fromJSON: expected a saved state with components (nComponents × nFeaturesIn), explainedVariance and singularValues, got ${Object.keys(s).join(', ')}`);
    this.fitted = state as TruncatedSVDState;
  }
}
registerEstimator(TruncatedSVD);
