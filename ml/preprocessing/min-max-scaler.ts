/**
 * MinMaxScaler: scikit-learn 1.2's `MinMaxScaler` on both backends. fit packs X and takes each
 * column's min and max with 'linalg/moments' (`range`), read back as one control read;
 * transform is `x * scale + min` (then clipped with `clip`) per column in 'preprocess/affine',
 * exact binary64 on both backends.
 */
import { Estimator, is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { resolveInput, type MatrixInput } from '../matrix-input.js';
import { outputMatrix, type MatrixOutput } from '../output.js';
import { affine, checkWidth, columnStats, handleZerosInScale, refuseNulls, sliceStats } from './common.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The range [lo, hi] (lo < hi) the training data is mapped onto. Default [0, 1]. */
  featureRange?: readonly [number, number];
  /** Clip transformed values into featureRange (for data outside the training range). Default false. */
  clip?: boolean;
}

interface MinMaxScalerState {
  dataMin: Float64Array;
  dataMax: Float64Array;
  dataRange: Float64Array;
  scale: Float64Array;
  min: Float64Array;
  nSamplesSeen: number;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

const rangeCheck = (v: unknown) =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && v[0] < v[1] ? undefined : 'as [lo, hi] with finite lo < hi';

const SPECS: ParamSpecs<MinMaxScalerOptions> = {
  featureRange: { default: [0, 1], check: rangeCheck },
  clip: { default: false, check: is.boolean },
};

/**
 * Scale each feature onto featureRange: x * scale + min with scale = (hi - lo) / (max - min)
 * (range 1 for a constant column) and min = lo - dataMin * scale, as scikit-learn. NaN, ±Inf
 * and nulls are refused in fit; the output is float64, named as the input.
 * transform and inverseTransform refuse nulls and carry NaN through, as scikit-learn does.
 *
 * @example
 * ```ts
 * const mm = new gf.MinMaxScaler({ featureRange: [-1, 1] });
 * const y = await mm.fitTransform([new Float64Array([2, 4, 6])]); // [-1, 0, 1]
 * ```
 */
export class MinMaxScaler extends Estimator<MinMaxScalerOptions, MinMaxScalerState> {
  static override readonly estimatorName = 'MinMaxScaler';

  constructor(options?: MinMaxScalerOptions) {
    super(SPECS, options);
  }

  /**
   * Compute each column's min and max.
   *
   * @example
   * ```ts
   * await new gf.MinMaxScaler().fit(df, ['a', 'b']);
   * ```
   */
  async fit(X: MatrixInput, columns?: readonly string[]): Promise<this> {
    const op = `${this.name}.fit`;
    const m = await resolveInput(op, X, columns);
    try {
      const d = m.d;
      const s = await columnStats(op, m, true);
      const dataMin = sliceStats(s, 2, d);
      const dataMax = sliceStats(s, 3, d);
      const dataRange = dataMax.map((hi, j) => hi - dataMin[j]!);
      const [lo, hi] = this.params.featureRange;
      const safe = handleZerosInScale(dataRange);
      const scale = safe.map((r) => (hi - lo) / r);
      const min = dataMin.map((x, j) => lo - x * scale[j]!);
      this.fitted = { dataMin, dataMax, dataRange, scale, min, nSamplesSeen: m.n, nFeaturesIn: d, featureNamesIn: m.kind === 'frame' ? m.names : null };
      return this;
    } finally {
      m.release();
    }
  }

  /**
   * Map X onto featureRange (clipped when `clip`).
   *
   * @example
   * ```ts
   * const y = await mm.transform(df, ['a', 'b']);
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.transform`;
    const st = this.state('transform');
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m, st.nFeaturesIn);
      await refuseNulls(op, m);
      const out = await affine(m, 'multiply', st.min, st.scale, this.params.clip ? this.params.featureRange : undefined);
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
   * const y = await new gf.MinMaxScaler().fitTransform(df);
   * ```
   */
  async fitTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    await this.fit(X, columns);
    return this.transform(X, columns);
  }

  /**
   * Undo the scaling: x = (y - min) / scale.
   *
   * @example
   * ```ts
   * const x = await mm.inverseTransform(y);
   * ```
   */
  async inverseTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.inverseTransform`;
    const st = this.state('inverseTransform');
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m, st.nFeaturesIn);
      await refuseNulls(op, m);
      return outputMatrix(m.kind, await affine(m, 'divide', st.min, st.scale), m.names) as MatrixOutput<X>;
    } finally {
      m.release();
    }
  }

  /** Per-feature minimum seen in fit. */
  get dataMin(): Float64Array {
    return this.state('dataMin').dataMin;
  }

  /** Per-feature maximum seen in fit. */
  get dataMax(): Float64Array {
    return this.state('dataMax').dataMax;
  }

  /** Per-feature dataMax - dataMin. */
  get dataRange(): Float64Array {
    return this.state('dataRange').dataRange;
  }

  /** Per-feature multiplier: (hi - lo) / dataRange (range 1 for a constant feature). */
  get scale(): Float64Array {
    return this.state('scale').scale;
  }

  /** Per-feature offset: lo - dataMin * scale. */
  get min(): Float64Array {
    return this.state('min').min;
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
registerEstimator(MinMaxScaler);
