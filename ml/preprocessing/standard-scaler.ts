/**
 * StandardScaler: scikit-learn 1.2's `StandardScaler` on both backends. fit packs X and takes
 * its per-column mean and population variance with 'linalg/moments' (exact binary64 on the
 * device, the same operations as the CPU twin); only those 2d numbers are read back (a control
 * read). transform is `(x - mean) / scale` per column in 'preprocess/affine'.
 */
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { InputMatrix } from '../matrix-input.js';
import { columnStats, refuseNonFinite, handleZerosInScale, isConstantFeature, sliceStats } from './common.js';
import { AffineScaler, type AffineSteps } from './scaler.js';
import { featuresSeen, type FeaturesSeen } from './transformer.js';

/** Options of {@link StandardScaler} (scikit-learn's names in camelCase). */
export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation (population, ddof 0). Default true. */
  withStd?: boolean;
}

/** The fitted state (persisted by toJSON). */
interface StandardScalerState extends FeaturesSeen {
  mean: Float64Array | null;
  var: Float64Array | null;
  scale: Float64Array | null;
  nSamplesSeen: number;
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
 * the output is float64, named as the input. inverseTransform undoes the scaling:
 * x = z * scale + mean.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([1, 2, 3]), b: new Float64Array([10, 10, 40]) });
 * const scaler = new gf.StandardScaler();
 * const z = await scaler.fitTransform(df, ['a', 'b']); // a DataFrame with columns a, b
 * scaler.mean; // Float64Array [2, 20]
 * await z.column('a').toValues(); // [-1.2247…, 0, 1.2247…]
 * ```
 */
export class StandardScaler extends AffineScaler<StandardScalerOptions, StandardScalerState> {
  static override readonly estimatorName = 'StandardScaler';

  constructor(options?: StandardScalerOptions) {
    super(SPECS, options);
  }

  protected async fitMatrix(op: string, m: InputMatrix): Promise<StandardScalerState> {
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
    return { mean, var: v, scale, nSamplesSeen: m.n, ...featuresSeen(m) };
  }

  /** transform: (x - mean) / scale; inverseTransform: x * scale + mean (each step only when enabled). */
  protected affineSteps(st: StandardScalerState, inverse: boolean): AffineSteps {
    return { mode: inverse ? 'multiply' : 'divide', shift: this.params.withMean ? st.mean : null, scale: this.params.withStd ? st.scale : null };
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
}
registerEstimator(StandardScaler);
