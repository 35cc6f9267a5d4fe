/**
 * The plumbing the preprocessing estimators share, so each class holds only its statistics:
 * - `FeatureEstimator`: the `nFeaturesIn` / `featureNamesIn` every fitted state records;
 * - `MatrixTransformer`: fit and transform on a resolved numeric X (resolveInput, the width
 *   check against fit, the release of what resolving made) and fitTransform;
 * - `featuresSeen`: what fit records about X's columns.
 */
import { Estimator } from '../estimator.js';
import { resolveInput, type InputKind, type InputMatrix, type MatrixInput } from '../matrix-input.js';
import type { MatrixOutput } from '../output.js';
import { checkWidth } from './common.js';

/** The part of a fitted state that describes X's columns in fit. */
export interface FeaturesSeen {
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

/** What fit records about X: its width, and its column names for frame inputs. */
export function featuresSeen(m: { readonly kind: InputKind; readonly names: string[] }): FeaturesSeen {
  return { nFeaturesIn: m.names.length, featureNamesIn: m.kind === 'frame' ? m.names : null };
}

/** An estimator whose fitted state records X's columns (see {@link featuresSeen}). */
export abstract class FeatureEstimator<P extends object, S extends FeaturesSeen> extends Estimator<P, S> {
  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }

  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }
}

/** A transformer of numeric X (ml/matrix-input.ts): subclasses give fit's statistics and transform's body. */
export abstract class MatrixTransformer<P extends object, S extends FeaturesSeen> extends FeatureEstimator<P, S> {
  /** fit's work on the resolved X: the fitted state. */
  protected abstract fitMatrix(op: string, m: InputMatrix): Promise<S>;

  /**
   * Learn the statistics of X (a frame with optional column names, Columns, buffers, typed
   * arrays or rows).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([1, 3]), b: new Float64Array([0, 4]), name: ['x', 'y'] });
   * const scaler = await new gf.StandardScaler().fit(df, ['a', 'b']);
   * scaler.scale; // Float64Array [1, 2] (population standard deviations)
   * ```
   */
  async fit(X: MatrixInput, columns?: readonly string[]): Promise<this> {
    const op = `${this.name}.fit`;
    const m = await resolveInput(op, X, columns);
    try {
      this.fitted = await this.fitMatrix(op, m);
      return this;
    } finally {
      m.release();
    }
  }

  /** Transform X with the fitted state (float64 columns, in X's kind). */
  abstract transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>>;

  /**
   * fit then transform.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([1, 3]) });
   * const z = await new gf.StandardScaler({ withMean: false }).fitTransform(df);
   * await z.column('a').toValues(); // [1, 3] (÷ scale 1, not centred)
   * ```
   */
  async fitTransform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    await this.fit(X, columns);
    return this.transform(X, columns);
  }

  /**
   * Run `body` for `method` on X resolved, with the fitted state (NotFittedError before fit)
   * and X's width checked against fit (ShapeError); X's resolved buffers are released after.
   */
  protected async withFitted<T>(method: string, X: MatrixInput, columns: readonly string[] | undefined, body: (op: string, m: InputMatrix, st: S) => Promise<T>): Promise<T> {
    const op = `${this.name}.${method}`;
    const st = this.state(method);
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m, st.nFeaturesIn);
      return await body(op, m, st);
    } finally {
      m.release();
    }
  }
}
