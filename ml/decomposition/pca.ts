/**
 * PCA: scikit-learn 1.2's `PCA` on both backends.
 *
 * fit: X packed ('linalg/pack', refusing NaN/±Inf/nulls), per-column means by 'linalg/moments',
 * X − mean in the fused expression kernel, then
 * - 'full': 'linalg/qr' of the centred n × d matrix (R only; TSQR on the device) and
 *   'linalg/svd-small' of R give the singular values and Vt of the centred data; the signs are
 *   `svd_flip(U, Vt)`'s, read from the scores Xc Vkᵀ ('linalg/gemm') with 'linalg/col-absmax';
 * - 'randomized': Halko et al. as scikit-learn's `randomized_svd` (./common.ts) with our seeded
 *   Gaussian test matrix (scikit-learn's random_state stream cannot be replicated: results
 *   match by the variance captured, not bit for bit) and a QR normaliser where scikit-learn's
 *   'auto' picks LU (the same subspace; our backends have a QR, not an LU);
 * - 'auto': scikit-learn's rule (full when max(n, d) <= 500 or nComponents is a fraction or
 *   absent... precisely: randomized when 1 <= k < 0.8 min(n, d) and max(n, d) > 500).
 * Only d-sized statistics and d × d (or l × d) factors come back, as control reads.
 * transform: (X − mean) · componentsᵀ (÷ √explainedVariance with whiten) by 'linalg/gemm' with
 * a shift; inverseTransform: Z · components (× √explainedVariance) + mean, gemm with a bias.
 *
 * Not offered: nComponents 'mle', svdSolver 'arpack' (use 'full' or 'randomized'), 'LU'.
 * Device limits: d <= 256 (the QR) and, for 'randomized', k + nOversamples <= 256.
 */
import { ValueError } from '../../src/errors.js';
import { run } from '../../kernels/registry.js';
import { linalgMoments } from '../../kernels/linalg/moments.js';
import { readControl } from '../control.js';
import { Estimator, is, registerEstimator, show, type ParamSpecs } from '../estimator.js';
import type { MatrixInput } from '../matrix-input.js';
import type { MatrixOutput } from '../output.js';
import { centred, checkWidth, componentNames, exactSvd, flipByScores, inverseNames, normalizerOf, outputOf, project, RANDOMIZED_SPECS, randomizedSvd, withPacked, type Packed } from './common.js';

/** Options of {@link PCA} (scikit-learn's names in camelCase). */
export interface PCAOptions {
  /**
   * Components to keep: an integer in [1, min(n, d)], a fraction in (0, 1) (the fewest
   * components whose explained variance ratio sums past it; 'full' only), or undefined for
   * min(n, d). Default undefined.
   */
  nComponents?: number;
  /** Scale the transformed columns to unit variance. Default false. */
  whiten?: boolean;
  /** 'full' (exact), 'randomized' (Halko et al.) or 'auto' (scikit-learn's rule). Default 'auto'. */
  svdSolver?: 'auto' | 'full' | 'randomized';
  /** Power iterations of 'randomized': an integer >= 0, or 'auto' (7 when k < 0.1 min(n, d), else 4). */
  iteratedPower?: number | 'auto';
  /** Extra random vectors of 'randomized'. Default 10. */
  nOversamples?: number;
  /** Normaliser of the power iterations: 'auto' ('none' for <= 2 iterations, else 'QR'), 'QR' or 'none'. */
  powerIterationNormalizer?: 'auto' | 'QR' | 'none';
  /** Seed of the Gaussian test matrix of 'randomized' (our mulberry32, not numpy's stream). Default 0. */
  seed?: number;
}

interface PCAState {
  components: Float64Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  mean: Float64Array;
  nComponents: number;
  noiseVariance: number;
  nFeaturesIn: number;
  nSamples: number;
  featureNamesIn: string[] | null;
  svdSolver: 'full' | 'randomized';
}

const SPECS: ParamSpecs<PCAOptions> = {
  nComponents: {
    default: undefined as unknown as number,
    check: (v) => (typeof v === 'number' && ((Number.isInteger(v) && v >= 1) || (v > 0 && v < 1)) ? undefined : 'as an integer >= 1 or a fraction in (0, 1)'),
  },
  whiten: { default: false, check: is.boolean },
  svdSolver: { default: 'auto', check: is.oneOf('auto', 'full', 'randomized') },
  iteratedPower: { default: 'auto', check: is.either(is.oneOf('auto'), is.nonNegativeInt) },
  ...RANDOMIZED_SPECS,
};

const names = (k: number) => componentNames('pca', k);

/**
 * Principal component analysis: the centred data's top singular vectors (components), with
 * scikit-learn 1.2's solvers, signs and attributes. NaN, ±Inf and nulls are refused naming the
 * column; integer columns are read as float64; outputs are float64 columns 'pca0', 'pca1', …
 * in the input's kind.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([1, 2, 3, 4]), b: new Float64Array([2, 4, 6, 9]), c: new Float64Array([1, 0, 1, 0]) });
 * const pca = new gf.PCA({ nComponents: 2 });
 * const Z = await pca.fitTransform(df, ['a', 'b', 'c']); // DataFrame pca0, pca1
 * Z.columns; // ['pca0', 'pca1']
 * pca.explainedVarianceRatio; // Float64Array [0.9751…, 0.0235…]
 * ```
 */
export class PCA extends Estimator<PCAOptions, PCAState> {
  static override readonly estimatorName = 'PCA';

  constructor(options?: PCAOptions) {
    super(SPECS, options);
  }

  /**
   * Fit the components on X.
   *
   * @example
   * ```ts
   * const X = [[1, 2, 1], [2, 4, 0], [3, 6, 1], [4, 9, 0]];
   * const pca = await new gf.PCA({ nComponents: 0.95 }).fit(X);
   * pca.nComponents; // 1 (the fewest components explaining 95% of the variance)
   * ```
   */
  async fit(X: MatrixInput, columns?: readonly string[]): Promise<this> {
    this.fitted = await withPacked(`${this.name}.fit`, X, columns, (p) => this.solve(`${this.name}.fit`, p));
    return this;
  }

  private async solve(op: string, p: Packed): Promise<PCAState> {
    const { n, d } = p.m;
    const lo = Math.min(n, d);
    const nc = this.params.nComponents as number | undefined;
    let solver = this.params.svdSolver;
    if (solver === 'auto') solver = Math.max(n, d) <= 500 || nc === undefined || nc < 1 || !(nc < 0.8 * lo) ? 'full' : 'randomized';
    if (nc !== undefined && nc >= 1 && nc > lo) throw new ValueError(`${op}: expected nComponents between 1 and min(n_samples, n_features) = ${lo} with svdSolver '${solver}', got ${nc}`);
    if (nc !== undefined && nc < 1 && solver === 'randomized') throw new ValueError(`${op}: expected nComponents as an integer with svdSolver 'randomized', got ${show(nc)}`);
    if (n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
    const mo = run(linalgMoments, p.X);
    const stats = await readControl(mo, op).then((s) => s.slice(), (e) => { mo.dispose(); throw e; });
    mo.dispose();
    const mean = stats.slice(0, d);
    const Xc = await centred(p.m, mean);
    try {
      if (solver === 'full') {
        const { s, vt } = await exactSvd(op, Xc);
        const ev = s.subarray(0, lo).map((v) => (v * v) / (n - 1));
        const total = ev.reduce((a, v) => a + v, 0);
        const ratio = ev.map((v) => v / total);
        let k = nc ?? lo;
        if (k < 1) {
          let cum = 0;
          k = 0;
          while (k < lo && cum <= nc!) cum += ratio[k++]!;
          k = Math.max(1, Math.min(k, lo));
        }
        const components = await flipByScores(op, Xc, vt, k);
        const noise = k < lo ? ev.subarray(k).reduce((a, v) => a + v, 0) / (lo - k) : 0;
        return this.state_(p, { components, s: s.slice(0, k), ev: ev.slice(0, k), ratio: ratio.slice(0, k), mean, k, noise, solver });
      }
      const k = nc ?? lo;
      const ip = this.params.iteratedPower;
      const nIter = ip === 'auto' ? (k < 0.1 * lo ? 7 : 4) : ip;
      const normalizer = normalizerOf(this.params.powerIterationNormalizer, nIter);
      const r = await randomizedSvd(op, Xc, k, { nOversamples: this.params.nOversamples, nIter, normalizer, seed: this.params.seed });
      const ev = r.s.map((v) => (v * v) / (n - 1));
      let total = 0;
      for (let j = 0; j < d; j++) total += (stats[d + j]! * n) / (n - 1);
      const captured = ev.reduce((a, v) => a + v, 0);
      const noise = k < lo ? (total - captured) / (lo - k) : 0;
      return this.state_(p, { components: r.components, s: r.s, ev, ratio: ev.map((v) => v / total), mean, k, noise, solver });
    } finally {
      Xc.data.dispose();
    }
  }

  private state_(p: Packed, f: { components: Float64Array; s: Float64Array; ev: Float64Array; ratio: Float64Array; mean: Float64Array; k: number; noise: number; solver: 'full' | 'randomized' }): PCAState {
    return {
      components: f.components,
      explainedVariance: f.ev,
      explainedVarianceRatio: f.ratio,
      singularValues: f.s,
      mean: f.mean,
      nComponents: f.k,
      noiseVariance: f.noise,
      nFeaturesIn: p.m.d,
      nSamples: p.m.n,
      featureNamesIn: p.m.kind === 'frame' ? p.m.names : null,
      svdSolver: f.solver,
    };
  }

  /** The rows the transform multiplies by: components, ÷ √explainedVariance with whiten. */
  private weights(st: PCAState): Float64Array {
    if (!this.params.whiten) return st.components;
    const d = st.nFeaturesIn;
    return st.components.map((v, q) => v / Math.sqrt(st.explainedVariance[Math.floor(q / d)]!));
  }

  private project(op: string, p: Packed, st: PCAState): MatrixOutput<MatrixInput> {
    checkWidth(op, p.m.d, st.nFeaturesIn, 'features (as in fit)');
    const Z = project(p.X, this.weights(st), st.nComponents, { transB: true, shift: st.mean });
    return outputOf(p.m.kind, Z, names(st.nComponents)) as MatrixOutput<MatrixInput>;
  }

  /**
   * Project X on the components: (X − mean) · componentsᵀ, ÷ √explainedVariance with whiten.
   *
   * @example
   * ```ts
   * const X = [[1, 2], [2, 4], [3, 6], [4, 8]];
   * const pca = await new gf.PCA({ nComponents: 1 }).fit(X);
   * const Z = await pca.transform([[0, 0], [5, 10]]); // DataBuffer[], one per component
   * await Z[0]!.toArray(); // Float64Array [5.5901…, -5.5901…] (±√31.25 about the mean)
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.transform`;
    const st = this.state('transform');
    return withPacked(op, X, columns, (p) => this.project(op, p, st) as MatrixOutput<X>);
  }

  /**
   * fit, then transform the same X (packed once).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([1, 2, 3, 4]), b: new Float64Array([2, 4, 6, 9]), c: new Float64Array([1, 0, 1, 0]) });
   * const Z = await new gf.PCA({ nComponents: 2, whiten: true }).fitTransform(df);
   * await Z.column('pca0').toValues(); // [-1.105…, -0.397…, 0.257…, 1.246…] (variance 1)
   * ```
   */
  async fitTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.fitTransform`;
    return withPacked(op, X, columns, async (p) => {
      this.fitted = await this.solve(op, p);
      return this.project(op, p, this.fitted) as MatrixOutput<X>;
    });
  }

  /**
   * Map transformed data back: Z · components (× √explainedVariance with whiten) + mean.
   * Output columns are named as the fitted features (frame kind) or x0, x1, ….
   *
   * @example
   * ```ts
   * const X = [[1, 2], [2, 4], [3, 6], [4, 8]];
   * const pca = new gf.PCA({ nComponents: 1 });
   * const Z = await pca.fitTransform(X);
   * const Xhat = await pca.inverseTransform(Z); // the projection of X on the components' span
   * await Xhat[1]!.toArray(); // Float64Array [2, 4, 6, 8] (X lies on the component's line)
   * ```
   */
  async inverseTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.inverseTransform`;
    const st = this.state('inverseTransform');
    return withPacked(op, X, columns, (p) => {
      const k = st.nComponents;
      const d = st.nFeaturesIn;
      checkWidth(op, p.m.d, k, 'columns (nComponents)');
      const W = this.params.whiten ? st.components.map((v, q) => v * Math.sqrt(st.explainedVariance[Math.floor(q / d)]!)) : st.components;
      const Z = project(p.X, W, d, { transB: false, bias: st.mean });
      return outputOf(p.m.kind, Z, inverseNames(st.featureNamesIn, d)) as MatrixOutput<X>;
    });
  }

  /** k × d row-major: row c is the c-th principal axis (scikit-learn's components_). */
  get components(): Float64Array {
    return this.state('components').components;
  }
  /** Variance explained by each component, S² / (n − 1). */
  get explainedVariance(): Float64Array {
    return this.state('explainedVariance').explainedVariance;
  }
  /** Fraction of the total variance explained by each component. */
  get explainedVarianceRatio(): Float64Array {
    return this.state('explainedVarianceRatio').explainedVarianceRatio;
  }
  /** Singular values of the centred X for the kept components. */
  get singularValues(): Float64Array {
    return this.state('singularValues').singularValues;
  }
  /** Per-feature mean of the training X. */
  get mean(): Float64Array {
    return this.state('mean').mean;
  }
  /** Number of components kept (resolved from a fraction or min(n, d)). */
  get nComponents(): number {
    return this.state('nComponents').nComponents;
  }
  /** Probabilistic PCA noise variance: mean of the dropped explained variances (0 when none). */
  get noiseVariance(): number {
    return this.state('noiseVariance').noiseVariance;
  }
  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }
  /** Number of samples seen in fit. */
  get nSamples(): number {
    return this.state('nSamples').nSamples;
  }
  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }

  protected override loadState(state: object): void {
    const s = state as Partial<PCAState>;
    const k = s.nComponents;
    const d = s.nFeaturesIn;
    const ok = typeof k === 'number' && typeof d === 'number' && s.components instanceof Float64Array && s.components.length === k * d && s.mean instanceof Float64Array && s.mean.length === d && s.explainedVariance instanceof Float64Array && s.explainedVariance.length === k;
    if (!ok) throw new ValueError(`${this.name}.fromJSON: expected a saved state with components (nComponents × nFeaturesIn), mean and explainedVariance, got ${Object.keys(s).join(', ')}`);
    this.fitted = state as PCAState;
  }
}
registerEstimator(PCA);
