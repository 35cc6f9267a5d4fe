/**
 * RobustScaler: scikit-learn 1.2's `RobustScaler` on both backends. Each column is sorted on the
 * backend (the frame's stable radix sort permutation); the two or three order statistics each
 * percentile needs are gathered there and read back as one control read; the interpolation is
 * numpy's `percentile(method='linear')` on the host (`a + (b - a) t`, or `b - (b - a)(1 - t)` for
 * t >= 0.5), so both backends agree exactly. transform is `(x - center) / scale` per column in
 * 'preprocess/affine'.
 */

import { DataBuffer } from '../../src/memory/data-buffer.js';
import { Column } from '../../src/column/column.js';
import { gather } from '../../kernels/gather/gather.js';
import { createFrame } from '../../frame/factory.js';
import { sortPermutation } from '../../frame/verbs/sort.js';
import { readControl } from '../control.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { InputMatrix } from '../matrix-input.js';
import { handleZerosInScale, refuseNonFinite } from './common.js';
import { normPpf } from './norm-ppf.js';
import { AffineScaler, type AffineSteps } from './scaler.js';
import { featuresSeen, type FeaturesSeen } from './transformer.js';

/** Options of {@link RobustScaler}. */
export interface RobustScalerOptions {
  /** Subtract the median. Default true. */
  withCentering?: boolean;
  /** Divide by the interquantile range. Default true. */
  withScaling?: boolean;
  /** The percentiles [qMin, qMax] (0 <= qMin < qMax <= 100) of the range. Default [25, 75]. */
  quantileRange?: readonly [number, number];
  /** Divide the scale by the normal distribution's range over the same percentiles. Default false. */
  unitVariance?: boolean;
}

interface RobustScalerState extends FeaturesSeen {
  center: Float64Array | null;
  scale: Float64Array | null;
}

const quantileCheck = (v: unknown) =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number') && v[0] >= 0 && v[0] <= v[1] && v[1] <= 100 ? undefined : 'as [qMin, qMax] with 0 <= qMin <= qMax <= 100';

const SPECS: ParamSpecs<RobustScalerOptions> = {
  withCentering: { default: true, check: is.boolean },
  withScaling: { default: true, check: is.boolean },
  quantileRange: { default: [25, 75], check: quantileCheck },
  unitVariance: { default: false, check: is.boolean },
};

/**
 * Scale features robustly: (x - median) / (q75 - q25) by default (range 1 for a column whose
 * interquantile range is 0), with numpy's linear-interpolation percentiles. NaN, ±Inf and nulls
 * are refused in fit; the output is float64, named as the input.
 * transform and inverseTransform refuse nulls and carry NaN through, as scikit-learn does;
 * inverseTransform undoes the scaling: x = y * scale + center.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ income: new Float64Array([20, 30, 40, 50, 1000]) });
 * const rs = new gf.RobustScaler({ quantileRange: [25, 75] });
 * const y = await rs.fitTransform(df, ['income']);
 * rs.center; // Float64Array [40] (the median)
 * await y.column('income').toValues(); // [-1, -0.5, 0, 0.5, 48] (÷ the IQR, 20)
 * ```
 */
export class RobustScaler extends AffineScaler<RobustScalerOptions, RobustScalerState> {
  static override readonly estimatorName = 'RobustScaler';

  constructor(options?: RobustScalerOptions) {
    super(SPECS, options);
  }

  protected async fitMatrix(op: string, m: InputMatrix): Promise<RobustScalerState> {
    const { withCentering, withScaling, quantileRange, unitVariance } = this.params;
    await refuseNonFinite(op, m);
    const [qlo, qhi] = quantileRange;
    const center: Float64Array | null = withCentering ? new Float64Array(m.d) : null;
    const range: Float64Array | null = withScaling ? new Float64Array(m.d) : null;
    for (let j = 0; j < m.d && (center || range); j++) {
      const [med, lo, hi] = await percentiles(op, m, j, [50, qlo, qhi]);
      if (center) center[j] = med!;
      if (range) range[j] = hi! - lo!;
    }
    let scale: Float64Array | null = null;
    if (range) {
      scale = handleZerosInScale(range);
      if (unitVariance) {
        const adjust = normPpf(op, qhi / 100) - normPpf(op, qlo / 100);
        scale = scale.map((s) => s / adjust);
      }
    }
    return { center, scale, ...featuresSeen(m) };
  }

  /** transform: (x - center) / scale; inverseTransform: y * scale + center. */
  protected affineSteps(st: RobustScalerState, inverse: boolean): AffineSteps {
    return { mode: inverse ? 'multiply' : 'divide', shift: st.center, scale: st.scale };
  }

  /** Per-feature median (null when withCentering is false). */
  get center(): Float64Array | null {
    return this.state('center').center;
  }

  /** Per-feature interquantile range, 1 where it is 0 (null when withScaling is false). */
  get scale(): Float64Array | null {
    return this.state('scale').scale;
  }
}
registerEstimator(RobustScaler);

/**
 * numpy's `percentile(x, ps)` (method 'linear') of column j (finite, no nulls): one sort on
 * the backend, a gather of the needed order statistics, one control read. The median (p = 50)
 * is numpy's `median`: the mean of the two middle values, (a + b) / 2.
 */
async function percentiles(op: string, m: InputMatrix, j: number, ps: readonly number[]): Promise<number[]> {
  const n = m.n;
  const c = m.cols[j]!;
  const at: number[] = [];
  const plan = ps.map((p) => {
    const v = (n - 1) * (p / 100);
    const lo = Math.floor(v);
    const hi = Math.min(n - 1, lo + 1);
    at.push(lo, hi);
    return { t: v - lo, median: p === 50 };
  });
  const perm = sortPermutation(createFrame({ v: new Column({ type: c.dtype, data: c }) }), 'v', {});
  const idx = DataBuffer.fromHost(Uint32Array.from(at), 'uint32');
  const rows = gather(perm, idx);
  const vals = gather(c, rows.values);
  try {
    const got = await readControl(vals.values, op);
    return plan.map(({ t, median }, k) => {
      const a = Number(got[2 * k]!);
      const b = Number(got[2 * k + 1]!);
      if (median) return n % 2 === 1 ? a : (a + b) / 2;
      const diff = b - a;
      return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    });
  } finally {
    for (const b of [perm, idx, rows.values, rows.validity, vals.values, vals.validity]) b?.dispose();
  }
}

