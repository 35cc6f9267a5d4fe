/**
 * StandardScaler: scikit-learn 1.2's `StandardScaler` on both backends. fit packs X and takes
 * its per-column mean and population variance with 'linalg/moments' (exact binary64 on the
 * device, the same operations as the CPU twin); only those 2d numbers are read back (a control
 * read). transform is `(x - mean) / scale` per column in 'preprocess/affine'.
 */
import { Estimator, is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { resolveInput, type MatrixInput } from '../matrix-input.js';
import { outputMatrix, type MatrixOutput } from '../output.js';
import { affine, checkWidth, columnStats, refuseNonFinite, handleZerosInScale, isConstantFeature, refuseNulls, sliceStats } from './common.js';

/** Options of {@link StandardScaler} (scikit-learn's names in camelCase). */
export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation (population, ddof 0). Default true. */
  withStd?: boolean;
}

/** The fitted state (persisted by toJSON). */
interface StandardScalerState {
  mean: Float64Array | null;
  var: Float64Array | null;
  scale: Float64Array | null;
  nSamplesSeen: number;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

const SPECS: ParamSpecs<StandardScalerOptions> = {
  withMean: { default: true, check: is.boolean },
  withStd: { default: true, check: is.boolean },
};

/**
 * Standardise features: z = (x - mean) / scale, scale the population standard deviation
 * (1 for a constant column, as scikit-learn's `_is_constant_feature`). NaN, ±Inf and nulls
 * are refused in fit (ValueError naming the column); integer columns are read as float64;
 * transform and inverseTransform refuse nulls and carry NaN through, as scikit-learn does;
 * the output is float64, named as the input.
 *
 * @example
 * ```ts
 * const scaler = new gf.StandardScaler();
 * const z = await scaler.fitTransform(df, ['a', 'b']); // a DataFrame with columns a, b
 * scaler.mean; // Float64Array [mean of a, mean of b]
 * ```
 */
export class StandardScaler extends Estimator<StandardScalerOptions, StandardScalerState> {
  static override readonly estimatorName = 'StandardScaler';

  constructor(options?: StandardScalerOptions) {
    super(SPECS, options);
  }

  /**
   * Compute the mean and variance of each column of X.
   *
   * @example
   * ```ts
   * await new gf.StandardScaler().fit([new Float64Array([1, 2, 3])]);
   * ```
   */
  async fit(X: MatrixInput, columns?: readonly string[]): Promise<this> {
    const op = `${this.name}.fit`;
    const m = await resolveInput(op, X, columns);
    try {
      const { withMean, withStd } = this.params;
      const d = m.d;
      let mean: Float64Array | null = null;
      let v: Float64Array | null = null;
      let scale: Float64Array | null = null;
      if (withMean || withStd) {
        const s = await columnStats(op, m, false);
        mean = sliceStats(s, 0, d);
        if (withStd) {
          v = sliceStats(s, 1, d);
          const vv = v;
          scale = handleZerosInScale(v.map(Math.sqrt), Array.from(vv, (x, j) => isConstantFeature(x, mean![j]!, m.n)));
        }
      } else {
        await refuseNonFinite(op, m);
      }
      this.fitted = { mean, var: v, scale, nSamplesSeen: m.n, nFeaturesIn: d, featureNamesIn: m.kind === 'frame' ? m.names : null };
      return this;
    } finally {
      m.release();
    }
  }

  /**
   * Standardise X with the fitted statistics (float64 columns, in X's kind).
   *
   * @example
   * ```ts
   * const z = await scaler.transform([x]); // DataBuffer[]
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.transform`;
    const st = this.state('transform');
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m, st.nFeaturesIn);
      await refuseNulls(op, m);
      const out = await affine(m, 'divide', this.params.withMean ? st.mean : null, this.params.withStd ? st.scale : null);
      return outputMatrix(m.kind, out, m.names) as MatrixOutput<X>;
    } finally {
      m.release();
    }
  }

  /**
   * fit then transform.
   *
   * @example
   * ```ts
   * const z = await new gf.StandardScaler({ withMean: false }).fitTransform(df);
   * ```
   */
  async fitTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    await this.fit(X, columns);
    return this.transform(X, columns);
  }

  /**
   * Undo the scaling: x = z * scale + mean.
   *
   * @example
   * ```ts
   * const x = await scaler.inverseTransform(z);
   * ```
   */
  async inverseTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.inverseTransform`;
    const st = this.state('inverseTransform');
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m, st.nFeaturesIn);
      await refuseNulls(op, m);
      const out = await affine(m, 'multiply', this.params.withMean ? st.mean : null, this.params.withStd ? st.scale : null);
      return outputMatrix(m.kind, out, m.names) as MatrixOutput<X>;
    } finally {
      m.release();
    }
  }

  /** Per-feature mean (null when neither withMean nor withStd). */
  get mean(): Float64Array | null {
    return this.state('mean').mean;
  }

  /** Per-feature population variance (null when withStd is false). */
  get var(): Float64Array | null {
    return this.state('var').var;
  }

  /** Per-feature scale: the standard deviation, 1 for constant features (null when withStd is false). */
  get scale(): Float64Array | null {
    return this.state('scale').scale;
  }

  /** Rows seen in fit. */
  get nSamplesSeen(): number {
    return this.state('nSamplesSeen').nSamplesSeen;
  }

  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }

  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }
}
registerEstimator(StandardScaler);
