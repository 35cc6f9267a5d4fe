/**
 * MinMaxScaler: scikit-learn 1.2's `MinMaxScaler` on both backends. fit packs X and takes each
 * column's min and max with 'linalg/moments' (`range`), read back as one control read;
 * transform is `x * scale + min` (then clipped with `clip`) per column in 'preprocess/affine',
 * exact binary64 on both backends.
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { InputMatrix } from '../matrix-input.js';
import { columnStats, handleZerosInScale, sliceStats } from './common.js';
import { AffineScaler, type AffineSteps } from './scaler.js';
import { featuresSeen, type FeaturesSeen } from './transformer.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The range [lo, hi] (lo < hi) the training data is mapped onto. Default [0, 1]. */
  featureRange?: readonly [number, number];
  /** Clip transformed values into featureRange (for data outside the training range). Default false. */
  clip?: boolean;
}

interface MinMaxScalerState extends FeaturesSeen {
  dataMin: Float64Array;
  dataMax: Float64Array;
  dataRange: Float64Array;
  scale: Float64Array;
  min: Float64Array;
  nSamplesSeen: number;
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
 * transform and inverseTransform refuse nulls and carry NaN through, as scikit-learn does;
 * inverseTransform undoes the scaling: x = (y - min) / scale.
 *
 * @example
 * ```ts
 * const mm = new gf.MinMaxScaler({ featureRange: [-1, 1] });
 * const y = await mm.fitTransform([new Float64Array([2, 4, 6])]); // DataBuffer[] (one per feature)
 * await y[0]!.toArray(); // Float64Array [-1, 0, 1]
 * ```
 */
export class MinMaxScaler extends AffineScaler<MinMaxScalerOptions, MinMaxScalerState> {
  static override readonly estimatorName = 'MinMaxScaler';

  constructor(options?: MinMaxScalerOptions) {
    super(SPECS, options);
  }

  protected async fitMatrix(op: string, m: InputMatrix): Promise<MinMaxScalerState> {
    const d = m.d;
    const s = await columnStats(op, m, true);
    const dataMin = sliceStats(s, 2, d);
    const dataMax = sliceStats(s, 3, d);
    const dataRange = dataMax.map((hi, j) => hi - dataMin[j]!);
    const [lo, hi] = this.params.featureRange;
    const safe = handleZerosInScale(dataRange);
    const scale = safe.map((r) => (hi - lo) / r);
    const min = dataMin.map((x, j) => lo - x * scale[j]!);
    return { dataMin, dataMax, dataRange, scale, min, nSamplesSeen: m.n, ...featuresSeen(m) };
  }

  /** transform: x * scale + min, clipped when `clip`; inverseTransform: (y - min) / scale. */
  protected affineSteps(st: MinMaxScalerState, inverse: boolean): AffineSteps {
    if (inverse) return { mode: 'divide', shift: st.min, scale: st.scale };
    return { mode: 'multiply', shift: st.min, scale: st.scale, clip: this.params.clip ? this.params.featureRange : undefined };
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
}
registerEstimator(MinMaxScaler);
