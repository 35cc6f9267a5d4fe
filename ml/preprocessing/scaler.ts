/**
 * The base of the per-column affine scalers (StandardScaler, MinMaxScaler, RobustScaler):
 * transform and inverseTransform are one 'preprocess/affine' pass each, with the shift, scale
 * and clip each subclass derives from its fitted state. Both refuse nulls (naming the column)
 * and carry NaN through, as scikit-learn does; the output is float64, named as the input.
 */
import type { InputMatrix, MatrixInput } from '../matrix-input.js';
import { outputMatrix, type MatrixOutput } from '../output.js';
import { affine, refuseNulls } from './common.js';
import { MatrixTransformer, type FeaturesSeen } from './transformer.js';

/** One direction of a scaler as 'preprocess/affine' takes it (see `affine` in ./common.ts). */
export interface AffineSteps {
  mode: 'divide' | 'multiply';
  shift: Float64Array | null;
  scale: Float64Array | null;
  clip?: readonly [number, number];
}

/** A scaler whose transform and its inverse are per-column affine maps. */
export abstract class AffineScaler<P extends object, S extends FeaturesSeen> extends MatrixTransformer<P, S> {
  /** The affine map of transform (`inverse` false) or inverseTransform (`inverse` true). */
  protected abstract affineSteps(st: S, inverse: boolean): AffineSteps;

  /**
   * Scale X with the fitted statistics (float64 columns, in X's kind).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([1, 3]), b: new Float64Array([10, 30]) });
   * const scaler = await new gf.StandardScaler().fit(df);
   * const z = await scaler.transform(df, ['a', 'b']);
   * await z.column('b').toValues(); // [-1, 1]
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.apply('transform', false, X, columns);
  }

  /**
   * Undo the scaling (the inverse affine map of transform).
   *
   * @example
   * ```ts
   * const scaler = await new gf.MinMaxScaler().fit([[0], [10]]);
   * const z = await scaler.transform([[5]]);
   * const x = await scaler.inverseTransform(z);
   * await z[0]!.toArray(); // Float64Array [0.5]
   * await x[0]!.toArray(); // Float64Array [5]
   * ```
   */
  async inverseTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.apply('inverseTransform', true, X, columns);
  }

  private apply<X extends MatrixInput>(method: string, inverse: boolean, X: X, columns: readonly string[] | undefined): Promise<MatrixOutput<X>> {
    return this.withFitted(method, X, columns, async (op: string, m: InputMatrix, st: S) => {
      await refuseNulls(op, m);
      const { mode, shift, scale, clip } = this.affineSteps(st, inverse);
      return outputMatrix(m.kind, await affine(m, mode, shift, scale, clip), m.names) as MatrixOutput<X>;
    });
  }
}
