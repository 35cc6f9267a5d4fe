/**
 * The common body of NearestNeighbors, KNeighborsClassifier and KNeighborsRegressor: fit packs
 * the training rows once (kept on the device on WebGPU), queries run 'linalg/topk' /
 * 'linalg/radius' against them, results come back in the input's kind (./common.ts).
 */
import type { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { checkOptions } from '../../src/options.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgTopk, type TopkResult } from '../../kernels/linalg/topk.js';
import { linalgRadius } from '../../kernels/linalg/radius.js';
import type { NeighborMetric } from '../../kernels/linalg/topk-cpu.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { Estimator } from '../estimator.js';
import { resolveInput, type FrameKindInput, type InputKind, type MatrixInput } from '../matrix-input.js';
import { checkRows, checkWidth, listColumn, loadTrain, packChecked, rowsOutput, saveTrain, type ListResult, type TrainState } from './common.js';

/** One neighbour result for input X: a list Column (frame kinds) or a row-major DataBuffer of m × k. */
export type NeighborsOutput<X extends MatrixInput> = X extends FrameKindInput ? Column : DataBuffer;
/** One radius result for input X: a list Column (frame kinds) or CSR `{ offsets, values }` DataBuffers. */
export type RadiusOutput<X extends MatrixInput> = X extends FrameKindInput ? Column : ListResult<DataBuffer>;

/** What `kneighbors` gives: distances (unless returnDistance is false) and indices into the training rows. */
export interface KNeighborsResult<T> {
  readonly distances: T | undefined;
  readonly indices: T;
}

/** Options of `kneighbors`. */
export interface KNeighborsQuery {
  /** Neighbours per query (default: the estimator's nNeighbors). */
  nNeighbors?: number;
  /** Also return the distances (default true). */
  returnDistance?: boolean;
  /** Feature columns of a DataFrame X. */
  columns?: readonly string[];
}

/** Options of `radiusNeighbors`. */
export interface RadiusQuery {
  /** The radius (default: the estimator's radius). */
  radius?: number;
  returnDistance?: boolean;
  columns?: readonly string[];
}

export interface BaseState extends TrainState {
  kind: InputKind;
}

/** Queries as a matrix (or the training rows themselves when X is absent). */
export interface Queries {
  matrix: Matrix;
  kind: InputKind;
  self: boolean;
  release(): void;
}

export abstract class NeighborsBase<P extends object, S extends BaseState> extends Estimator<P, S> {
  protected abstract get metric(): NeighborMetric;

  /** Pack X as the training rows. */
  protected async fitRows(op: string, X: MatrixInput, columns?: readonly string[]): Promise<{ state: BaseState; n: number; frameOf: unknown }> {
    const m = await resolveInput(op, X, columns);
    try {
      checkRows(op, m.n);
      if (this.metric === 'haversine' && m.d !== 2) throw new ValueError(`${op}: expected 2 columns [lat, lon] in radians for metric 'haversine', got ${m.d}`);
      const matrix = await packChecked(op, m);
      this.fitted?.train.dispose();
      this.fitted = undefined;
      return { state: { train: matrix.data, n: m.n, nFeaturesIn: m.d, featureNamesIn: m.kind === 'frame' ? m.names : null, kind: m.kind }, n: m.n, frameOf: X };
    } finally {
      m.release();
    }
  }

  /** X packed for a query (checked against the fit), or the training rows when X is undefined. */
  protected async queries(op: string, X: MatrixInput | undefined, columns?: readonly string[]): Promise<Queries> {
    const st = this.state(op.split('.')[1]!);
    const train: Matrix = { data: st.train, n: st.n, d: st.nFeaturesIn };
    if (X === undefined) return { matrix: train, kind: st.kind, self: true, release: () => {} };
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m.d, st.nFeaturesIn);
      const matrix = await packChecked(op, m);
      return { matrix, kind: m.kind, self: false, release: () => matrix.data.dispose() };
    } finally {
      m.release();
    }
  }

  /** The k nearest training rows of each query (raw buffers). */
  protected topk(op: string, q: Queries, k: number): TopkResult {
    const st = this.fitted!;
    const most = st.n - (q.self ? 1 : 0);
    if (!Number.isInteger(k) || k < 1 || k > most) {
      throw new ValueError(`${op}: expected nNeighbors <= ${most} (the ${q.self ? 'other ' : ''}training samples), got ${k}`);
    }
    return run(linalgTopk, q.matrix, { data: st.train, n: st.n, d: st.nFeaturesIn }, { k, metric: this.metric, self: q.self });
  }

  protected async kneighborsOf(op: string, X: MatrixInput | undefined, k: number, opts: KNeighborsQuery): Promise<KNeighborsResult<Column | DataBuffer>> {
    checkOptions(op, opts, ['nNeighbors', 'returnDistance', 'columns']);
    const q = await this.queries(op, X, opts.columns);
    try {
      const { distances, indices } = this.topk(op, q, k);
      const m = q.matrix.n;
      const withD = opts.returnDistance !== false;
      if (!withD) distances.dispose();
      return { distances: withD ? await rowsOutput(q.kind, m, k, distances) : undefined, indices: await rowsOutput(q.kind, m, k, indices) };
    } finally {
      q.release();
    }
  }

  protected async radiusOf(op: string, X: MatrixInput | undefined, radius: number, opts: RadiusQuery): Promise<KNeighborsResult<Column | ListResult<DataBuffer>>> {
    checkOptions(op, opts, ['radius', 'returnDistance', 'columns']);
    if (typeof radius !== 'number' || !Number.isFinite(radius) || radius < 0) throw new ValueError(`${op}: expected radius as a finite number >= 0, got ${radius}`);
    const q = await this.queries(op, X, opts.columns);
    try {
      const st = this.fitted!;
      const r = await run(linalgRadius, q.matrix, { data: st.train, n: st.n, d: st.nFeaturesIn }, { radius, metric: this.metric, self: q.self });
      const withD = opts.returnDistance !== false;
      if (!withD) r.distances.dispose();
      if (q.kind === 'array') {
        return { distances: withD ? { offsets: r.offsets, values: r.distances } : undefined, indices: { offsets: r.offsets, values: r.indices } };
      }
      return { distances: withD ? listColumn(r.offsets, r.distances) : undefined, indices: listColumn(r.offsets, r.indices) };
    } finally {
      q.release();
    }
  }

  /**
   * Download the training rows so `toJSON` can persist them (WebGPU keeps them on the device;
   * a no-op on the CPU backend).
   *
   * @example
   * ```ts
   * const model = await new gf.KNeighborsRegressor({ nNeighbors: 1 }).fit([[0], [5]], [10, 20]);
   * await model.fetchFitData();
   * const text = JSON.stringify(model);
   * const back = gf.KNeighborsRegressor.fromJSON(text);
   * await (await back.predict([[4]])).toArray(); // Float64Array [20]
   * ```
   */
  async fetchFitData(): Promise<this> {
    await this.state('fetchFitData').train.toArray();
    return this;
  }

  protected override saveState(): object {
    return saveTrain(this.name, this.fitted!);
  }

  protected override loadState(state: object): void {
    this.fitted = loadTrain<S>(this.name, state);
  }

  override dispose(): void {
    this.fitted?.train.dispose();
    super.dispose();
  }

  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }

  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }

  /** Number of training samples. */
  get nSamplesFit(): number {
    return this.state('nSamplesFit').n;
  }
}
