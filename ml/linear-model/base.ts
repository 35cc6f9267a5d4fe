/**
 * The base of the linear regressors: `fit(X, y, options?)` resolves and packs the inputs
 * (./common.ts) and hands them to the subclass's solver; `predict` is X · coef + intercept by
 * 'linalg/gemm' with a bias (on the device on WebGPU, a new float64 buffer in X's kind);
 * `score` is scikit-learn's `r2_score` from 'linalg/pack' of [y, ŷ], 'linalg/gemm' to
 * [y − ŷ, y] and 'linalg/moments' (one control read of four numbers).
 */
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgGemm } from '../../kernels/linalg/gemm.js';
import { linalgMoments } from '../../kernels/linalg/moments.js';
import { DataFrame } from '../../frame/data-frame.js';
import { readControl } from '../control.js';
import { Estimator } from '../estimator.js';
import { resolveInput, resolveVector, type FrameSelection, type MatrixInput } from '../matrix-input.js';
import { outputVector, type VectorOutput } from '../output.js';
import { checkWidth, packChecked, resolveFit, type FitInputs, type LinearFitOptions, type VectorInput } from './common.js';

/** What every fitted linear model holds (plain data; `toJSON` persists it). */
export interface LinearState {
  /** d coefficients (scikit-learn's coef_ for one target). */
  coef: Float64Array;
  intercept: number;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

export abstract class LinearModel<P extends object, S extends LinearState> extends Estimator<P, S> {
  /** Fit on the packed inputs; the subclass returns its fitted state. */
  protected abstract solve(op: string, f: FitInputs): Promise<S>;

  /**
   * Fit the model. y is a column name of X's frame, a Column, DataBuffer, typed array or
   * number[]; `options.sampleWeight` the same; with X a DataFrame, y and the weights named
   * by column are left out of the features unless `options.columns` lists them.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 2, 3]), b: new Float64Array([1, 0, 1, 0]), price: new Float64Array([1, 3, 5, 7]) });
   * const model = await new gf.Ridge({ alpha: 1 }).fit(df, 'price'); // features: the other columns
   * model.coef; // Float64Array [1.636…, -0.181…] (a, b)
   * ```
   */
  async fit(X: MatrixInput, y: VectorInput, options?: LinearFitOptions): Promise<this> {
    const op = `${this.name}.fit`;
    const f = await resolveFit(op, X, y, options);
    try {
      this.fitted = await this.solve(op, f);
      return this;
    } finally {
      f.release();
    }
  }

  /** ŷ = X · coef + intercept as a float64 buffer on the backend. */
  private async predictBuffer(op: string, X: MatrixInput, columns?: readonly string[]): Promise<{ kind: 'frame' | 'array'; pred: DataBuffer<'float64'> }> {
    const st = this.state(op.slice(op.indexOf('.') + 1));
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m.d, st.nFeaturesIn);
      const P = await packChecked(op, m.cols, m.validity, m.names);
      const coef = DataBuffer.fromHost(st.coef, 'float64');
      const bias = DataBuffer.fromHost(Float64Array.of(st.intercept), 'float64');
      try {
        const out = run(linalgGemm, P, { data: coef, n: m.d, d: 1 }, { bias });
        return { kind: m.kind, pred: out.data };
      } finally {
        P.data.dispose();
        coef.dispose();
        bias.dispose();
      }
    } finally {
      m.release();
    }
  }

  /**
   * Predict: X · coef + intercept (float64; a Column for frame-kind X, a DataBuffer otherwise).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 2]), b: new Float64Array([1, 0, 1]), y: new Float64Array([2, 3, 6]) });
   * const model = await new gf.LinearRegression().fit(df, 'y');
   * const yHat = await model.predict(df, ['a', 'b']); // a float64 Column
   * await yHat.toValues(); // [2, 3, 6] (to rounding: y is exactly linear in a and b)
   * ```
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const { kind, pred } = await this.predictBuffer(`${this.name}.predict`, X, columns);
    return outputVector(kind, pred) as VectorOutput<X>;
  }

  /**
   * The coefficient of determination R² of the predictions for X against y (scikit-learn's
   * `score`, `r2_score`): 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; for constant y, 1 when the predictions
   * are exact and 0 otherwise; NaN for fewer than 2 samples.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 2, 3]), price: new Float64Array([1, 3, 5, 8]) });
   * const model = await new gf.LinearRegression().fit(df, 'price');
   * await model.score(df, 'price'); // 0.98878… (R²)
   * ```
   */
  async score(X: MatrixInput, y: VectorInput, columns?: readonly string[]): Promise<number> {
    const op = `${this.name}.score`;
    const frame = X instanceof DataFrame ? X : (X as FrameSelection)?.frame instanceof DataFrame ? (X as FrameSelection).frame : undefined;
    let cols = columns;
    if (cols === undefined && X instanceof DataFrame && typeof y === 'string') cols = X.names.filter((nm) => nm !== y);
    const { pred } = await this.predictBuffer(op, X, cols);
    let yv;
    try {
      yv = await resolveVector(op, 'y', frame, y, pred.length);
      if (pred.length < 2) return NaN;
      const M = await packChecked(op, [yv.data, pred], [yv.validity, undefined], [yv.name, 'prediction']);
      const B = DataBuffer.fromHost(Float64Array.of(1, 1, -1, 0), 'float64');
      const R = run(linalgGemm, M, { data: B, n: 2, d: 2 });
      M.data.dispose();
      B.dispose();
      const mo = run(linalgMoments, R);
      R.data.dispose();
      const s = await readControl(mo, op).finally(() => mo.dispose());
      const [meanR, , varR, varY] = [s[0]!, s[1]!, s[2]!, s[3]!];
      const num = varR + meanR * meanR;
      if (varY === 0) return num === 0 ? 1 : 0;
      return 1 - num / varY;
    } finally {
      pred.dispose();
      yv?.release();
    }
  }

  /** The coefficients, one per feature (scikit-learn's coef_). */
  get coef(): Float64Array {
    return this.state('coef').coef;
  }

  /** The intercept (0 when fitIntercept is false). */
  get intercept(): number {
    return this.state('intercept').intercept;
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
    const s = state as Partial<LinearState>;
    if (!(s.coef instanceof Float64Array) || typeof s.intercept !== 'number' || s.coef.length !== s.nFeaturesIn) {
      throw new ValueError(`${this.name}.fromJSON: expected a saved state with coef (Float64Array of nFeaturesIn values) and intercept, got ${Object.keys(s).join(', ')}`);
    }
    this.fitted = state as S;
  }
}
