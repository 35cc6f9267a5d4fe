/**
 * KNeighborsClassifier and KNeighborsRegressor: scikit-learn 1.2's k-neighbours models
 * (algorithm 'brute') on both backends. fit keeps the packed training rows and y (class codes
 * from ml/labels.ts, or float64 targets) on the backend; predict finds the neighbours with
 * 'linalg/topk' and combines them with 'neighbors/vote' (weights 'uniform' or 'distance').
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgUnpack } from '../../kernels/linalg/unpack.js';
import { NEIGHBOR_METRICS, type NeighborMetric } from '../../kernels/linalg/topk-cpu.js';
import { neighborsVote, type VoteResult } from '../../kernels/neighbors/vote.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { decodeLabels, encodeLabels, type Classes } from '../labels.js';
import { featureColumns, frameOfInput, resolveVector, type MatrixInput } from '../matrix-input.js';
import { outputMatrix, outputVector, type MatrixOutput, type VectorOutput } from '../output.js';
import { NeighborsBase, type BaseState, type KNeighborsQuery, type KNeighborsResult, type NeighborsOutput } from './base.js';
import { accuracyOfCodes, r2Of } from './score.js';

/** Options of {@link KNeighborsClassifier} and {@link KNeighborsRegressor}. */
export interface KNeighborsOptions {
  /** Neighbours per prediction. Default 5. */
  nNeighbors?: number;
  /** 'uniform' (default) or 'distance' (1/d; neighbours at distance 0 alone when there are any). */
  weights?: 'uniform' | 'distance';
  /** 'euclidean' (default), 'manhattan', 'cosine' or 'haversine'. */
  metric?: NeighborMetric;
}
export type KNeighborsClassifierOptions = KNeighborsOptions;
export type KNeighborsRegressorOptions = KNeighborsOptions;

const SPECS: ParamSpecs<KNeighborsOptions> = {
  nNeighbors: { default: 5, check: is.positiveInt },
  weights: { default: 'uniform', check: is.oneOf('uniform', 'distance') },
  metric: { default: 'euclidean', check: is.oneOf(...NEIGHBOR_METRICS) },
};

interface ClassifierState extends BaseState {
  codes: DataBuffer<'int32'>;
  classes: Classes;
}

interface RegressorState extends BaseState {
  y: DataBuffer<'float64'>;
}

/** Shared: the neighbours of X voted on. */
abstract class KNeighborsBase<S extends BaseState> extends NeighborsBase<KNeighborsOptions, S> {
  protected get metric(): NeighborMetric {
    return this.params.metric;
  }

  protected async vote(op: string, X: MatrixInput, columns: readonly string[] | undefined, targets: DataBuffer, classes?: number): Promise<{ r: VoteResult; kind: 'frame' | 'array'; m: number }> {
    const q = await this.queries(op, X, columns);
    try {
      const k = this.params.nNeighbors;
      const { distances, indices } = this.topk(op, q, k);
      try {
        const r = run(neighborsVote, indices, distances, targets, { k, weights: this.params.weights, classes });
        return { r, kind: q.kind, m: q.matrix.n };
      } finally {
        distances.dispose();
        indices.dispose();
      }
    } finally {
      q.release();
    }
  }

  /**
   * The nNeighbors nearest training rows of each row of X (see NearestNeighbors.kneighbors).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 1, 5]), y: ['a', 'a', 'b'] });
   * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 1 }).fit(df, 'y', { columns: ['x'] });
   * const { indices } = await knn.kneighbors(df, { columns: ['x'] }); // a list Column, one list per row
   * await indices.toValues(); // [[0], [1], [2]] (each row is its own nearest training row)
   * ```
   */
  async kneighbors<X extends MatrixInput>(X?: X, options: KNeighborsQuery = {}): Promise<KNeighborsResult<NeighborsOutput<X>>> {
    const r = await this.kneighborsOf(`${this.name}.kneighbors`, X, options?.nNeighbors ?? this.params.nNeighbors, options ?? {});
    return r as KNeighborsResult<NeighborsOutput<X>>;
  }
}

/**
 * k-nearest-neighbours classification: the majority class of the k nearest training rows
 * (weighted by 1/d with weights 'distance'); vote ties go to the smallest class.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 1, 5, 6, 6]), b: new Float64Array([0, 0, 1, 5, 5, 6]), species: ['x', 'x', 'x', 'y', 'y', 'y'] });
 * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 3 }).fit(df, 'species', { columns: ['a', 'b'] });
 * const labels = await knn.predict(df, ['a', 'b']); // a Column of species
 * await labels.toValues(); // ['x', 'x', 'x', 'y', 'y', 'y']
 * ```
 */
export class KNeighborsClassifier extends KNeighborsBase<ClassifierState> {
  static override readonly estimatorName = 'KNeighborsClassifier';

  constructor(options?: KNeighborsClassifierOptions) {
    super(SPECS, options);
  }

  /**
   * Keep the training rows and their class codes. y: a column name of X, a Column, a
   * DataBuffer, a typed array, number[] or string[].
   *
   * @example
   * ```ts
   * const x0 = new Float64Array([0, 5, 6]);
   * const x1 = new Float64Array([0, 5, 5]);
   * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 1 }).fit([x0, x1], new Int32Array([0, 1, 1]));
   * knn.classes; // Int32Array [0, 1]
   * ```
   */
  async fit(X: MatrixInput, y: unknown, options: { columns?: readonly string[] } = {}): Promise<this> {
    const op = `${this.name}.fit`;
    const { state, n } = await this.fitRows(op, X, featureColumns(X, options.columns, y));
    try {
      const enc = await encodeLabels(op, 'y', frameOfInput(X), y, n);
      this.fitted = { ...state, codes: enc.codes, classes: enc.classes };
    } catch (e) {
      state.train.dispose();
      throw e;
    }
    return this;
  }

  private async codesOf(op: string, X: MatrixInput, columns?: readonly string[]): Promise<{ r: VoteResult; kind: 'frame' | 'array'; m: number }> {
    const st = this.state(op.split('.')[1]!);
    return this.vote(op, X, columns, st.codes, st.classes.length);
  }

  /**
   * The predicted class of each row of X: a Column in the frame kind, a DataBuffer of the
   * classes' dtype in the array kind (a utf8 Column when the classes are strings).
   *
   * @example
   * ```ts
   * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 1 }).fit([[0, 0], [5, 5]], new Int32Array([7, 9]));
   * const yhat = await knn.predict([[1, 0], [4, 6]]); // a DataBuffer of int32
   * await yhat.toArray(); // Int32Array [7, 9]
   * ```
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const { r, kind } = await this.codesOf(`${this.name}.predict`, X, columns);
    r.values.dispose();
    try {
      const labels = decodeLabels(r.labels!, this.fitted!.classes);
      return (kind === 'frame' || labels.type === 'utf8' ? labels : outputVector(kind, labels.data)) as VectorOutput<X>;
    } finally {
      r.labels!.dispose();
    }
  }

  /**
   * Class probabilities (the weighted share of each class among the neighbours), one float64
   * column per class in `classes` order, named by the class.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5]), b: new Float64Array([0, 0, 5]), label: ['u', 'u', 'v'] });
   * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 3 }).fit(df, 'label', { columns: ['a', 'b'] });
   * const p = await knn.predictProba(df, ['a', 'b']); // DataFrame, one column per class
   * await p.column('u').toValues(); // [0.666…, 0.666…, 0.666…] (2 of the 3 neighbours)
   * ```
   */
  async predictProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const { r, kind, m } = await this.codesOf(`${this.name}.predictProba`, X, columns);
    r.labels!.dispose();
    const C = this.fitted!.classes.length;
    try {
      const cols = run(linalgUnpack, { data: r.values, n: m, d: C });
      return outputMatrix(kind, cols, Array.from(this.fitted!.classes as ArrayLike<unknown>, String)) as MatrixOutput<X>;
    } finally {
      r.values.dispose();
    }
  }

  /**
   * Accuracy of predict(X) against y (labels unseen in fit are refused).
   *
   * @example
   * ```ts
   * const train = new gf.DataFrame({ a: new Float64Array([0, 5]), b: new Float64Array([0, 5]), species: ['x', 'y'] });
   * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 1 }).fit(train, 'species', { columns: ['a', 'b'] });
   * const testDf = new gf.DataFrame({ a: new Float64Array([1, 4, 3]), b: new Float64Array([0, 5, 3]), species: ['x', 'y', 'x'] });
   * await knn.score(testDf, 'species', ['a', 'b']); // 0.6666666666666666
   * ```
   */
  async score(X: MatrixInput, y: unknown, columns?: readonly string[]): Promise<number> {
    const op = `${this.name}.score`;
    const st = this.state('score');
    const { r, m } = await this.codesOf(op, X, featureColumns(X, columns, y));
    r.values.dispose();
    const enc = await encodeLabels(op, 'y', frameOfInput(X), y, m, st.classes);
    try {
      return await accuracyOfCodes(op, r.labels!, enc.codes);
    } finally {
      enc.release();
      r.labels!.dispose();
    }
  }

  /** The class labels, sorted. */
  get classes(): Classes {
    return this.state('classes').classes;
  }

  protected override saveState(): object {
    const st = this.fitted!;
    const base = super.saveState() as Record<string, unknown>;
    return { ...base, codes: st.codes.hostView(`${this.name}.toJSON`), classes: st.classes };
  }

  protected override loadState(state: object): void {
    super.loadState(state);
    const s = state as { codes: Int32Array; classes: Classes };
    this.fitted = { ...this.fitted!, codes: Column.from(s.codes).data as DataBuffer<'int32'>, classes: s.classes };
  }

  override async fetchFitData(): Promise<this> {
    await super.fetchFitData();
    await this.fitted!.codes.toArray();
    return this;
  }

  override dispose(): void {
    this.fitted?.codes.dispose();
    super.dispose();
  }
}
registerEstimator(KNeighborsClassifier);

/**
 * k-nearest-neighbours regression: the mean target of the k nearest training rows (weighted
 * by 1/d with weights 'distance').
 *
 * @example
 * ```ts
 * const x = new Float64Array([0, 1, 2, 3, 10]);
 * const y = new Float64Array([0, 10, 20, 30, 100]);
 * const knn = await new gf.KNeighborsRegressor({ nNeighbors: 2, weights: 'distance' }).fit([x], y);
 * const yhat = await knn.predict([new Float64Array([0.5, 2.25])]); // DataBuffer of float64
 * await yhat.toArray(); // Float64Array [5, 22.5]
 * ```
 */
export class KNeighborsRegressor extends KNeighborsBase<RegressorState> {
  static override readonly estimatorName = 'KNeighborsRegressor';

  constructor(options?: KNeighborsRegressorOptions) {
    super(SPECS, options);
  }

  /**
   * Keep the training rows and their targets (float64).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5]), b: new Float64Array([0, 1, 5]), id: new Float64Array([7, 8, 9]), price: new Float64Array([10, 12, 30]) });
   * const knn = await new gf.KNeighborsRegressor({ nNeighbors: 2 }).fit(df, 'price', { columns: ['a', 'b'] });
   * await (await knn.predict(df, ['a', 'b'])).toValues(); // [11, 11, 21]
   * ```
   */
  async fit(X: MatrixInput, y: unknown, options: { columns?: readonly string[] } = {}): Promise<this> {
    const op = `${this.name}.fit`;
    const { state, n } = await this.fitRows(op, X, featureColumns(X, options.columns, y));
    try {
      const v = await resolveVector(op, 'y', frameOfInput(X), y, n);
      try {
        const c = new Column({ type: v.data.dtype, data: v.data, validity: v.validity });
        if ((await c.nullCount()) > 0) throw new ValueError(`${op}: expected no nulls in y ('${v.name}'), got nulls`);
        const r = await new DataFrame({ y: c }).eval(v.data.dtype === 'float64' ? col('y').mul(1) : col('y').cast('float64'));
        this.fitted = { ...state, y: r.data as DataBuffer<'float64'> };
      } finally {
        v.release();
      }
    } catch (e) {
      state.train.dispose();
      throw e;
    }
    return this;
  }

  /**
   * The predicted target of each row of X (float64, in X's kind).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5]), b: new Float64Array([0, 1, 5]), price: new Float64Array([10, 12, 30]) });
   * const knn = await new gf.KNeighborsRegressor({ nNeighbors: 1 }).fit(df, 'price', { columns: ['a', 'b'] });
   * const yhat = await knn.predict(df, ['a', 'b']); // a float64 Column
   * await yhat.toValues(); // [10, 12, 30]
   * ```
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const op = `${this.name}.predict`;
    const st = this.state('predict');
    const { r, kind } = await this.vote(op, X, columns, st.y);
    return outputVector(kind, r.values) as VectorOutput<X>;
  }

  /**
   * R² of predict(X) against y.
   *
   * @example
   * ```ts
   * const knn = await new gf.KNeighborsRegressor({ nNeighbors: 1 }).fit([new Float64Array([0, 5])], [10, 20]);
   * const q = new Float64Array([1, 6, 4]);
   * await knn.score([q], [10, 20, 15]); // 0.5
   * ```
   */
  async score(X: MatrixInput, y: unknown, columns?: readonly string[]): Promise<number> {
    const op = `${this.name}.score`;
    const st = this.state('score');
    const { r, m } = await this.vote(op, X, featureColumns(X, columns, y), st.y);
    const v = await resolveVector(op, 'y', frameOfInput(X), y, m);
    try {
      return await r2Of(op, r.values, v.data);
    } finally {
      v.release();
      r.values.dispose();
    }
  }

  protected override saveState(): object {
    return { ...(super.saveState() as Record<string, unknown>), y: this.fitted!.y.hostView(`${this.name}.toJSON`) };
  }

  protected override loadState(state: object): void {
    super.loadState(state);
    this.fitted = { ...this.fitted!, y: Column.from((state as { y: Float64Array }).y).data as DataBuffer<'float64'> };
  }

  override async fetchFitData(): Promise<this> {
    await super.fetchFitData();
    await this.fitted!.y.toArray();
    return this;
  }

  override dispose(): void {
    this.fitted?.y.dispose();
    super.dispose();
  }
}
registerEstimator(KNeighborsRegressor);
