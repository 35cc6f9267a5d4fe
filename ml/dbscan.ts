/**
 * DBSCAN with scikit-learn 1.2's semantics: j is a neighbour of i when their distance is at
 * most eps (inclusive; every point is its own neighbour), i is a core sample when it has at
 * least minSamples neighbours, and the labels are those of scikit-learn's `dbscan_inner`:
 * clusters numbered 0, 1, … in the order of their smallest core index, a border point in the
 * first (smallest-numbered) cluster with a core neighbour, noise -1. That expansion order
 * equals a component labelling, which both backends compute exactly (kernels/dbscan/).
 *
 * Distances and comparisons, as scikit-learn's trees make them at their leaves:
 * - 'euclidean': sum over features of (x_ik - x_jk)² <= eps² in float64 (KDTree's reduced
 *   distance). 2-D input uses a grid of cells at least eps wide, so 1e6 points need no
 *   N × N matrix; other dimensions compare every pair.
 * - 'haversine': features (lat, lon) in RADIANS and eps in radians, as scikit-learn's; the
 *   reduced distance sin²(Δlat/2) + cos lat1 cos lat2 sin²(Δlon/2) <= sin²(eps/2). From
 *   degrees and kilometres: lat, lon × π/180 and eps = km / 6371.0088 (gf.haversine's mean
 *   Earth radius). Above 256 points (lat in [-π/2, π/2], lon in [-π, π]) candidates
 *   come from latitude bands at least eps high sorted by longitude, searched in the cap's
 *   longitude span with wrap at ±π (1e6 points need no pair loop); the decision is the same
 *   test, so labels equal the every-pair search. On WebGPU this metric runs its CPU body on a
 *   counted download of the coordinates.
 * - 'precomputed': a square float64 matrix (a DataBuffer of n² values row-major, or n
 *   columns), D[i, j] <= eps. NaN, ±Inf and negative entries are refused, as there.
 *
 * Estimator contract (ml/estimator.ts): options checked (unknown keys listed, snake_case
 * hinted), getParams/setParams/clone; features in every X kind (ml/matrix-input.ts), integer
 * columns read as float64; fitPredict's labels in the input's kind. toJSON persists the options
 * only (state null): DBSCAN has no model to apply to new data, its fitted attributes are
 * per-row outputs of the training data.
 *
 * Deliberate differences: pairs whose distance rounds to within an ulp of eps may be decided
 * differently from scikit-learn's tree nodes (which include or prune whole nodes by bounds);
 * for n < 12 scikit-learn uses brute force with |x|² - 2x·y + |y|², whose rounding differs;
 * a precomputed matrix whose neighbour relation is not symmetric is refused (scikit-learn's
 * result then depends on its scan order).
 */
import { activeBackend, withBackend } from '../src/device/index.js';
import { NotFittedError, ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { run } from '../kernels/registry.js';
import { kmeansPack } from '../kernels/kmeans/ops.js';
import { reduce } from '../kernels/reduce/reduce.js';
import { radixSortKernel } from '../kernels/sort/radix-sort.js';
import { compare } from '../kernels/map/map.js';
import { compactIndices } from '../kernels/compact/compact.js';
import { concatValues } from '../kernels/concat/concat.js';
import { DistanceMatrix } from '../src/matrix/distance-matrix.js';
import { dbscanCells, dbscanComponents, dbscanCount, dbscanLabels } from '../kernels/dbscan/ops.js';
import type { Space } from '../kernels/dbscan/types.js';
import { readControl } from './control.js';
import { Estimator, is, registerEstimator, type EstimatorJSON, type ParamSpecs } from './estimator.js';
import { nonFiniteError, nullError } from './input.js';
import { resolveInput, type InputKind, type MatrixInput } from './matrix-input.js';
import { outputVector, type VectorOutput } from './output.js';

/** Options of {@link DBSCAN}. */
export interface DBSCANOptions {
  /** Neighbourhood radius, > 0 (radians for 'haversine'). Default 0.5, as scikit-learn. */
  eps?: number;
  /** Neighbours (the point included) that make a core sample, an integer >= 1. Default 5. */
  minSamples?: number;
  /** 'euclidean' (default), 'haversine' (lat, lon in radians) or 'precomputed'. */
  metric?: 'euclidean' | 'haversine' | 'precomputed';
}

const SPECS: ParamSpecs<DBSCANOptions> = {
  eps: { default: 0.5, check: is.positive },
  minSamples: { default: 5, check: is.positiveInt },
  metric: { default: 'euclidean', check: is.oneOf('euclidean', 'haversine', 'precomputed') },
};

/** What fit takes: features (any estimator X), or for 'precomputed' a square matrix. */
type DBSCANInput = MatrixInput | DataBuffer | DistanceMatrix;
/** Grid cells per axis at most, so cell keys stay below 2^30. */
const MAX_CELLS = 32767;

/**
 * Density-based clustering (scikit-learn's DBSCAN, same labels and core samples).
 *
 * @example
 * ```ts
 * const x = gf.array(new Float64Array([0, 0.1, 0.2, 5, 5.1, 9]));
 * const y = gf.array(new Float64Array([0, 0, 0.1, 5, 5, 9]));
 * const db = await new gf.DBSCAN({ eps: 0.5, minSamples: 2 }).fit([x, y]);
 * await db.labels.toArray();            // Int32Array [0, 0, 0, 1, 1, -1]
 * await db.coreSampleIndices.toArray(); // Int32Array [0, 1, 2, 3, 4]
 * ```
 */
export class DBSCAN extends Estimator<DBSCANOptions, Record<string, never>> {
  static override readonly estimatorName = 'DBSCAN';
  private result: { labels: DataBuffer<'int32'>; core: DataBuffer<'int32'>; kind: InputKind } | undefined;

  constructor(options?: DBSCANOptions) {
    super(SPECS, options);
  }

  /** Neighbourhood radius. */
  get eps(): number {
    return this.params.eps;
  }

  /** Neighbours (the point included) that make a core sample. */
  get minSamples(): number {
    return this.params.minSamples;
  }

  /** The metric. */
  get metric(): 'euclidean' | 'haversine' | 'precomputed' {
    return this.params.metric;
  }

  /** Cluster of each training point, noise -1 (scikit-learn's labels_). */
  get labels(): DataBuffer<'int32'> {
    return this.fit_('labels').labels;
  }

  /** Indices of the core samples, ascending (scikit-learn's core_sample_indices_). */
  get coreSampleIndices(): DataBuffer<'int32'> {
    return this.fit_('coreSampleIndices').core;
  }

  /**
   * Fit: features (any estimator input: DataBuffers, typed arrays, a frame and column names,
   * Columns, an Arrow Table, number[][]), or for 'precomputed' a square float64 matrix: a
   * DistanceMatrix (what `gf.hausdorff` and `gf.frechet` give), one DataBuffer of n² values
   * (row-major) or n columns.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ latRad: new Float64Array([0.9, 0.9001, 0.2]), lonRad: new Float64Array([0.1, 0.1001, 2]) });
   * const db = await new gf.DBSCAN({ eps: 0.001, minSamples: 2, metric: 'haversine' }).fit(df, ['latRad', 'lonRad']);
   * await db.labels.toArray(); // Int32Array [0, 0, -1]
   * const dm = await new gf.DBSCAN({ eps: 2, minSamples: 2, metric: 'precomputed' }).fit(gf.array(new Float64Array([0, 1, 1, 0])));
   * await dm.labels.toArray(); // Int32Array [0, 0]
   * ```
   */
  async fit(input: DBSCANInput, columns?: readonly string[]): Promise<this> {
    const op = `${this.name}.fit`;
    const backend = activeBackend();
    const on = <T>(fn: () => T): T => withBackend(backend, fn);
    const owned: Array<{ dispose(): void }> = [];
    try {
      const { space, kind } = await this.space(op, input, columns, on, owned);
      const { counts, flags } = await on(() => run(dbscanCount, space));
      owned.push(counts, flags);
      if (this.metric === 'precomputed' && space.n > 0 && (await readControl(flags, op))[0] !== 0) {
        throw new ValueError(`${op}: expected a precomputed matrix whose neighbour relation (D[i, j] <= eps) is symmetric, got D[i, j] <= eps < D[j, i] for some pair (symmetrise it first)`);
      }
      const comp = await on(() => run(dbscanComponents, space, counts, this.minSamples));
      owned.push(comp);
      const labels = await on(() => run(dbscanLabels, space, comp));
      const mask = on(() => compare(comp, 0, 'ge'));
      owned.push(mask);
      const core = (await on(() => compactIndices(mask))).reinterpret('int32');
      this.dispose();
      this.result = { labels, core, kind };
      this.fitted = {};
      return this;
    } finally {
      for (const b of owned) b.dispose();
    }
  }

  /**
   * Fit, then return the labels (a Column for frame input, else the int32 DataBuffer that
   * `labels` also gives).
   *
   * @example
   * ```ts
   * const X = [[0, 0], [0, 0.1], [0.1, 0], [5, 5], [5, 5.1], [9, 9]];
   * const labels = await new gf.DBSCAN({ eps: 0.5, minSamples: 2 }).fitPredict(X);
   * await labels.toArray(); // Int32Array [0, 0, 0, 1, 1, -1]
   * ```
   */
  async fitPredict<X extends DBSCANInput>(input: X, columns?: readonly string[]): Promise<X extends MatrixInput ? VectorOutput<X> : DataBuffer> {
    await this.fit(input, columns);
    return outputVector(this.result!.kind, this.labels) as X extends MatrixInput ? VectorOutput<X> : DataBuffer;
  }

  /**
   * The options only (state null): the labels and core samples are per-row outputs of the
   * training data, not a model, so a loaded DBSCAN is unfitted.
   *
   * @example
   * ```ts
   * const db = await new gf.DBSCAN({ eps: 0.5 }).fit([[0, 0], [0, 0.1]]);
   * const again = gf.DBSCAN.fromJSON(JSON.stringify(db));
   * again.getParams().eps; // 0.5
   * again.isFitted; // false
   * ```
   */
  override toJSON(): EstimatorJSON {
    return { ...super.toJSON(), state: null };
  }

  /** Free the fitted buffers. */
  override dispose(): void {
    this.result?.labels.dispose();
    this.result?.core.dispose();
    this.result = undefined;
    super.dispose();
  }

  private fit_(what: string) {
    this.state(what);
    if (!this.result) throw new NotFittedError(`${this.name}.${what}: expected a fitted estimator, got one not fitted (await fit() first)`);
    return this.result;
  }

  /** Validate the input and build the neighbour space on the active backend. */
  private async space(op: string, input: DBSCANInput, columns: readonly string[] | undefined, on: <T>(fn: () => T) => T, owned: Array<{ dispose(): void }>): Promise<{ space: Space; kind: InputKind }> {
    if (this.metric === 'precomputed') return this.matrixSpace(op, input, columns, on, owned);
    if (input instanceof DataBuffer || input instanceof DistanceMatrix) {
      throw new ValueError(`${op}: expected features as an array of DataBuffers or a frame and columns, got ${input instanceof DataBuffer ? 'one DataBuffer' : 'a DistanceMatrix'} (that is metric 'precomputed')`);
    }
    const f = await resolveInput(op, input, columns);
    owned.push({ dispose: f.release });
    const kind = f.kind;
    if (this.metric === 'haversine' && f.d !== 2) throw new ShapeError(`${op}: expected 2 features (lat, lon in radians) for metric 'haversine', got ${f.d}`);
    const { matrix, flags } = on(() => run(kmeansPack, f.cols, f.validity));
    owned.push(matrix.data, flags);
    const fl = await readControl(flags, op);
    for (let j = 0; j < f.d; j++) {
      if (fl[j]! & 2) throw nullError(op, f.names[j]!);
      if (fl[j]! & 1) throw nonFiniteError(op, f.names[j]!);
    }
    const { n, d } = matrix;
    if (this.metric === 'haversine') {
      const t = Math.sin(0.5 * this.eps);
      return { space: { mode: 'haversine', data: matrix.data, n, d, thr: t * t }, kind };
    }
    const thr = this.eps * this.eps;
    if (d !== 2 || n === 0) return { space: { mode: 'brute', data: matrix.data, n, d, thr }, kind };
    const bounds: number[] = [];
    for (const c of f.cols) {
      for (const r of ['min', 'max'] as const) {
        const v = on(() => reduce(c, r));
        bounds.push((await readControl(v, op))[0] as number);
        v.dispose();
      }
    }
    const [x0, x1, y0, y1] = bounds as [number, number, number, number];
    const s = Math.max(this.eps, (x1 - x0) / MAX_CELLS, (y1 - y0) / MAX_CELLS);
    const nx = Math.floor((x1 - x0) / s) + 1;
    const ny = Math.floor((y1 - y0) / s) + 1;
    const cell = on(() => run(dbscanCells, matrix.data, n, x0, y0, s, nx));
    const sorted = on(() => run(radixSortKernel, cell, undefined, false, true));
    const keys = sorted.keys as DataBuffer<'uint32'>;
    owned.push(cell, keys, sorted.values);
    return { space: { mode: 'grid', data: matrix.data, n, d, thr, grid: { keys, perm: sorted.values, cell, nx, ny } }, kind };
  }

  private async matrixSpace(op: string, input: DBSCANInput, columns: readonly string[] | undefined, on: <T>(fn: () => T) => T, owned: Array<{ dispose(): void }>): Promise<{ space: Space; kind: InputKind }> {
    let cols: DataBuffer[];
    let n: number;
    let kind: InputKind = 'array';
    if (input instanceof DistanceMatrix) {
      if (input.isDisposed) throw new ValueError(`${op}: expected a live DistanceMatrix, got a disposed one`);
      n = input.n;
      // Its row bands, in order, are the row-major n² values (joined into one buffer when there are several).
      const bands = input.bands.map((b) => b.data);
      if (bands.length === 1) cols = bands;
      else {
        const joined = on(() => concatValues(bands));
        owned.push(joined);
        cols = [joined];
      }
    } else if (input instanceof DataBuffer) {
      n = Math.round(Math.sqrt(input.length));
      if (n * n !== input.length) throw new ShapeError(`${op}: expected a square precomputed matrix (n² values), got ${input.length} values`);
      cols = [input];
    } else {
      const f = await resolveInput(op, input, columns);
      owned.push({ dispose: f.release });
      if (f.n !== f.d) throw new ShapeError(`${op}: expected a square precomputed matrix, got ${f.n} rows x ${f.d} columns`);
      if (f.validity.some((v) => v !== undefined)) throw nullError(op, 'X');
      cols = f.cols;
      n = f.n;
      kind = f.kind;
    }
    if (cols[0]!.dtype !== 'float64' && cols[0]!.dtype !== 'float32') throw new ValueError(`${op}: expected a float64 precomputed matrix, got ${cols[0]!.dtype}`);
    const { matrix, flags } = on(() => run(kmeansPack, cols, cols.map(() => undefined)));
    owned.push(matrix.data, flags);
    const fl = await readControl(flags, op);
    if (fl.some((w) => (w & 1) !== 0)) throw new ValueError(`${op}: expected finite distances in the precomputed matrix, got NaN or ±Inf`);
    if (n > 0) {
      const m = on(() => reduce(matrix.data, 'min'));
      const min = (await readControl(m, op))[0] as number;
      m.dispose();
      if (min < 0) throw new ValueError(`${op}: expected non-negative distances in the precomputed matrix, got ${min}`);
    }
    return { space: { mode: 'precomputed', data: matrix.data, n, d: n, thr: this.eps }, kind };
  }
}
registerEstimator(DBSCAN);
