/**
 * NearestNeighbors: scikit-learn 1.2's unsupervised neighbour search (algorithm 'brute') on
 * both backends, with metrics euclidean, manhattan, cosine and haversine.
 */
import { NEIGHBOR_METRICS, type NeighborMetric } from '../../kernels/linalg/topk-cpu.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { MatrixInput } from '../matrix-input.js';
import type { ListResult } from './common.js';
import { NeighborsBase, type BaseState, type KNeighborsQuery, type KNeighborsResult, type NeighborsOutput, type RadiusOutput, type RadiusQuery } from './base.js';

/** Options of {@link NearestNeighbors} (scikit-learn's names in camelCase). */
export interface NearestNeighborsOptions {
  /** Neighbours per query in `kneighbors`. Default 5. */
  nNeighbors?: number;
  /** Radius of `radiusNeighbors`. Default 1. */
  radius?: number;
  /** 'euclidean' (default), 'manhattan', 'cosine' (1 − cos) or 'haversine' (rows [lat, lon] in radians, angle in radians). */
  metric?: NeighborMetric;
}

const SPECS: ParamSpecs<NearestNeighborsOptions> = {
  nNeighbors: { default: 5, check: is.positiveInt },
  radius: { default: 1, check: is.nonNegative },
  metric: { default: 'euclidean', check: is.oneOf(...NEIGHBOR_METRICS) },
};

/**
 * Exact k-nearest and radius neighbour search (brute force on the backend: 'linalg/topk' and
 * 'linalg/radius'). Distances are float64, identical on both backends; neighbours are ordered
 * by (distance, index), so equal distances go to the smaller training index. Results come in
 * X's kind: list Columns (one list per query) for frames, Columns and Arrow tables;
 * row-major DataBuffers of m × k (kneighbors) or CSR `{ offsets, values }` (radiusNeighbors)
 * for arrays. Without X, the queries are the training rows and none is its own neighbour.
 *
 * @example
 * ```ts
 * const nn = await new gf.NearestNeighbors({ nNeighbors: 2 }).fit([new Float64Array([0, 1, 5])]);
 * const { distances, indices } = await nn.kneighbors([new Float64Array([0.9])]);
 * await indices.toArray(); // Int32Array [1, 0]
 * await distances!.toArray(); // Float64Array [0.1, 0.9] (to rounding)
 * ```
 */
export class NearestNeighbors extends NeighborsBase<NearestNeighborsOptions, BaseState> {
  static override readonly estimatorName = 'NearestNeighbors';

  constructor(options?: NearestNeighborsOptions) {
    super(SPECS, options);
  }

  protected get metric(): NeighborMetric {
    return this.params.metric;
  }

  /**
   * Keep the training rows (packed once; on the device on WebGPU).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 1, 5]), y: new Float64Array([0, 0, 5]) });
   * const nn = await new gf.NearestNeighbors({ nNeighbors: 1 }).fit(df, ['x', 'y']);
   * const { indices } = await nn.kneighbors(); // the training rows, each skipping itself
   * await (indices as gf.Column).toValues(); // [[1], [0], [1]]
   * ```
   */
  async fit(X: MatrixInput, columns?: readonly string[]): Promise<this> {
    const { state } = await this.fitRows(`${this.name}.fit`, X, columns);
    this.fitted = state;
    return this;
  }

  /**
   * The nNeighbors nearest training rows of each row of X (of the training rows themselves,
   * each skipping itself, when X is undefined).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 1, 5, 6]) });
   * const nn = await new gf.NearestNeighbors().fit(df);
   * const { indices } = await nn.kneighbors(df, { nNeighbors: 3, returnDistance: false });
   * await indices.toValues(); // [[0, 1, 2], [1, 0, 2], [2, 3, 1], [3, 2, 1]] (one list per row)
   * ```
   */
  async kneighbors<X extends MatrixInput>(X?: X, options: KNeighborsQuery = {}): Promise<KNeighborsResult<NeighborsOutput<X>>> {
    const r = await this.kneighborsOf(`${this.name}.kneighbors`, X, options?.nNeighbors ?? this.params.nNeighbors, options ?? {});
    return r as KNeighborsResult<NeighborsOutput<X>>;
  }

  /**
   * Every training row within the radius (distance <= radius) of each row of X, in index order.
   *
   * @example
   * ```ts
   * const nn = await new gf.NearestNeighbors().fit([new Float64Array([0, 0.3, 1, 5])]);
   * const q = new Float64Array([0.1, 4.8, 9]);
   * const { indices, distances } = await nn.radiusNeighbors([q], { radius: 0.5 });
   * await indices.offsets.toArray(); // Int32Array [0, 2, 3, 3] (CSR: 2, 1 and 0 neighbours)
   * await indices.values.toArray(); // Int32Array [0, 1, 3]
   * ```
   */
  async radiusNeighbors<X extends MatrixInput>(X?: X, options: RadiusQuery = {}): Promise<KNeighborsResult<RadiusOutput<X>>> {
    const r = await this.radiusOf(`${this.name}.radiusNeighbors`, X, options.radius ?? this.params.radius, options);
    return r as KNeighborsResult<RadiusOutput<X>>;
  }
}
registerEstimator(NearestNeighbors);

export type { KNeighborsQuery, KNeighborsResult, NeighborsOutput, RadiusOutput, RadiusQuery, ListResult };
