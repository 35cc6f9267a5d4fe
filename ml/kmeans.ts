/**
 * KMeans: scikit-learn 1.2's estimator (Lloyd's algorithm, greedy k-means++ seeding, sample
 * weights, empty-cluster relocation) on the device, with a CPU twin that gives the same
 * results: identical labels and iteration counts, centers and inertia equal bit for bit (both
 * backends compute in exact binary64, in the same order; see kernels/kmeans/).
 *
 * As scikit-learn: weighted means and inertia (`sampleWeight`); an empty cluster (weight 0)
 * takes the point farthest from its center, farthest first (`_relocate_empty_clusters_dense`);
 * the tolerance is tol × the mean feature variance (unweighted); explicit `init` runs once.
 *
 * Differences from scikit-learn 1.2, all deliberate:
 * - Distances are summed directly, sum_j (x_j - c_j)^2, on X as given (scikit-learn centres X
 *   and uses |x|^2 - 2 x.c + |c|^2), so results match it to rounding, not bit for bit.
 * - The convergence test compares the squared center shift, summed over clusters and
 *   features, with the tolerance: scikit-learn's rule without its sqrt-then-square.
 * - With several empty clusters, the far points go to them in (distance, index) descending
 *   order; scikit-learn's numpy argpartition gives that order for one empty cluster (ties to
 *   the last index) and, in general, an order of its own among the same points.
 * - k-means++ draws from a seeded mulberry32 (`seed`, default 0), so runs are reproducible;
 *   the first center is floor(u * n), and a candidate is found in the block-ordered
 *   cumulative sum (not numpy's sequential one). `nInit` defaults to 1 (scikit-learn's 'auto'
 *   for k-means++). With nInit > 1 the run of least inertia wins (scikit-learn also keeps an
 *   earlier run whose labels are a permutation of the new one's).
 * - sampleWeight must be >= 0 with some weight > 0 (scikit-learn accepts any).
 * - An empty cluster that cannot be relocated (every distinct point already has a center:
 *   fewer distinct points than nClusters) keeps its old center, a data point from k-means++,
 *   so the centers are data points with duplicates, as scikit-learn's (which relocates a
 *   point onto its own center); the ConvergenceWarning says so. A cluster emptied by giving
 *   its only point away also keeps its old center, where scikit-learn's, computed on centred
 *   data, ends at the data mean.
 *
 * Device work per fit: one pack of the columns into a row-major float64 matrix, the moments
 * (for tol), the seeding, then per iteration a labels-only assignment, the centroid update and
 * one 32-byte control read (plus a relocation pass and a second read when a cluster is empty),
 * and at the end one assignment with exact distances for the labels and the inertia.
 */
import { activeBackend } from '../src/device/index.js';
import { NotFittedError, ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { mulberry32 } from '../src/random.js';
import { run } from '../kernels/registry.js';
import { localTrials } from '../kernels/kmeans/layout.js';
import { kmeansAssign, kmeansPlusPlus, kmeansTransform } from '../kernels/kmeans/ops.js';
import { linalgMoments } from '../kernels/linalg/moments.js';
import { linalgUnpack } from '../kernels/linalg/unpack.js';
import type { Matrix, PlusPlusDraws } from '../kernels/kmeans/types.js';
import { readControl } from './control.js';
import { Estimator, is, registerEstimator, type ParamSpecs } from './estimator.js';
import { fitArgs, lloyd, resolveWeights, weightedSum, type KMeansFitOptions, type RunResult } from './kmeans-fit.js';
import { packChecked } from './linear-model/common.js';
import { resolveInput, type InputKind, type InputMatrix, type MatrixInput } from './matrix-input.js';
import { outputMatrix, outputVector, type MatrixOutput, type VectorOutput } from './output.js';
import { warn } from '../src/warn.js';
import { histogram } from '../kernels/histogram/histogram.js';

export type { KMeansFitOptions } from './kmeans-fit.js';

/** Options of {@link KMeans} (scikit-learn's names in camelCase). */
export interface KMeansOptions {
  /** Number of clusters k (default 8). */
  nClusters?: number;
  /** 'k-means++' (default) or explicit initial centers, k * d values row-major. */
  init?: 'k-means++' | Float64Array;
  /** Seedings to run, keeping the one of least inertia (default 1; 1 with explicit init). */
  nInit?: number;
  /** Most Lloyd iterations per run (default 300). */
  maxIter?: number;
  /** Relative tolerance on the squared center shift (default 1e-4). */
  tol?: number;
  /** Seed of the k-means++ draws (default 0). */
  seed?: number;
}

/** The persisted model (the training labels are per-row outputs: not persisted). */
interface KMeansState {
  clusterCenters: Float64Array;
  inertia: number;
  nIter: number;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

const SPECS: ParamSpecs<KMeansOptions> = {
  nClusters: { default: 8, check: is.positiveInt },
  init: { default: 'k-means++', check: (v) => (v === 'k-means++' || v instanceof Float64Array ? undefined : "as 'k-means++' or a Float64Array of nClusters × features centers") },
  nInit: { default: 1, check: is.positiveInt },
  maxIter: { default: 300, check: is.positiveInt },
  tol: { default: 1e-4, check: is.nonNegative },
  seed: { default: 0, check: is.int },
};

type ColumnsOrOptions = readonly string[] | KMeansFitOptions;

/**
 * k-means clustering with the scikit-learn estimator contract: options in the constructor,
 * then `fit`, `predict`, `transform`, `score` (async), `fitPredict`, `fitTransform`,
 * `getParams`/`setParams`/`clone`, `toJSON`/`fromJSON`. X is any estimator input (a frame and
 * column names, Columns, DataBuffers, typed arrays, number[][], an Arrow Table); integer
 * columns are read as float64; NaN, ±Inf and nulls are refused with a ValueError naming the
 * column. Outputs come in the input's kind: Columns/DataFrames for frames, DataBuffers for
 * arrays.
 *
 * On WebGPU, `fit` uploads each input column once, keeps all work on the device and reads
 * back only control values (counted in `stats().controlReads`); `labels` stays on the device.
 *
 * @example
 * ```ts
 * const x = gf.array(new Float64Array([0, 0.1, 5, 5.1]));
 * const y = gf.array(new Float64Array([0, 0.2, 5, 5.2]));
 * const km = new gf.KMeans({ nClusters: 2, seed: 0 });
 * await km.fit([x, y]);
 * km.clusterCenters; // Float64Array [0.05, 0.1, 5.05, 5.1] (k × d, row-major)
 * await (await km.predict([x, y])).toArray(); // Int32Array [0, 0, 1, 1]
 * ```
 */
export class KMeans extends Estimator<KMeansOptions, KMeansState> {
  static override readonly estimatorName = 'KMeans';
  private trainLabels: DataBuffer<'int32'> | undefined;
  private centersDevice: DataBuffer<'float64'> | undefined;
  private centersHost: DataBuffer<'float64'> | undefined;
  private fitKind: InputKind = 'array';

  constructor(options?: KMeansOptions) {
    super(SPECS, options);
  }

  /** Number of clusters k. */
  get nClusters(): number {
    return this.params.nClusters;
  }

  /** 'k-means++' or the explicit initial centers. */
  get init(): 'k-means++' | Float64Array {
    return this.params.init;
  }

  /** Seedings run by fit (1 with explicit init). */
  get nInit(): number {
    return this.params.init instanceof Float64Array ? 1 : this.params.nInit;
  }

  /** Most Lloyd iterations per run. */
  get maxIter(): number {
    return this.params.maxIter;
  }

  /** Relative tolerance. */
  get tol(): number {
    return this.params.tol;
  }

  /** Seed of the k-means++ draws. */
  get seed(): number {
    return this.params.seed;
  }

  /** Cluster centers, k * d row-major (scikit-learn's cluster_centers_). */
  get clusterCenters(): Float64Array {
    return this.state('clusterCenters').clusterCenters;
  }

  /** Label of each training point (device-resident on WebGPU); not kept by toJSON. */
  get labels(): DataBuffer<'int32'> {
    this.state('labels');
    if (!this.trainLabels) throw new NotFittedError(`${this.name}.labels: expected labels from fit in this session, got a model loaded by fromJSON (labels are per-row outputs, not persisted: predict the training data)`);
    return this.trainLabels;
  }

  /** Sum of (weighted) squared distances of the training points to their centers. */
  get inertia(): number {
    return this.state('inertia').inertia;
  }

  /** Lloyd iterations run by the best seeding. */
  get nIter(): number {
    return this.state('nIter').nIter;
  }

  /** Number of features seen by `fit`. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }

  /** Feature names seen by `fit` (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }

  /**
   * Fit the clusters. The second argument is the feature columns of a DataFrame, or
   * `{ columns, sampleWeight }`. Fitting again replaces the previous fit and frees its labels.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({
   *   x: new Float64Array([0, 0, 5, 5, 9, 9]),
   *   y: new Float64Array([0, 1, 5, 6, 0, 1]),
   *   w: new Float64Array([1, 1, 1, 1, 1, 3]),
   * });
   * const km = await new gf.KMeans({ nClusters: 3, seed: 0 }).fit(df, ['x', 'y']);
   * await km.fit(df, { columns: ['x', 'y'], sampleWeight: 'w' }); // weighted
   * km.inertia; // 1.75
   * ```
   */
  async fit(X: MatrixInput, columnsOrOptions?: ColumnsOrOptions): Promise<this> {
    const op = `${this.name}.fit`;
    const a = fitArgs(op, X, columnsOrOptions);
    const m = await resolveInput(op, X, a.columns);
    let matrix: Matrix | undefined;
    let w: DataBuffer<'float64'> | undefined;
    try {
      const k = this.params.nClusters;
      const init = this.params.init;
      if (m.n < k) throw new ValueError(`${op}: expected at least nClusters = ${k} samples, got ${m.n}`);
      if (init instanceof Float64Array) {
        if (init.length !== k * m.d) throw new ShapeError(`${op}: expected init of nClusters * features = ${k * m.d} values, got ${init.length}`);
        if (!init.every(Number.isFinite)) throw new ValueError(`${op}: expected finite init centers, got NaN or ±Inf`);
      }
      matrix = await packChecked(op, m.cols, m.validity, m.names);
      w = await resolveWeights(op, a.frame, a.sampleWeight, m.n);
      const mo = run(linalgMoments, matrix);
      const mv = await readControl(mo, op).finally(() => mo.dispose());
      let sumVar = 0;
      for (let j = 0; j < m.d; j++) sumVar += mv[m.d + j]!;
      const tolAbs = (sumVar / m.d) * this.params.tol;
      const rand = mulberry32(this.params.seed);
      let best: RunResult | undefined;
      for (let r = 0; r < this.nInit; r++) {
        const c0 = init instanceof Float64Array ? DataBuffer.fromHost(init.slice(), 'float64') : run(kmeansPlusPlus, matrix, k, draws(rand, m.n, k));
        const res = await lloyd(op, matrix, w, c0, k, this.params.maxIter, tolAbs);
        if (!best || res.inertia < best.inertia) {
          if (best) disposeRun(best);
          best = res;
        } else disposeRun(res);
      }
      const centers = (await readControl(best!.centers, op)).slice();
      // scikit-learn warns when fewer distinct clusters than nClusters were found (duplicate
      // points): the clusters holding a point, from a histogram of the labels (k control words).
      const asU32 = best!.labels.reinterpret('uint32');
      const hist = histogram(asU32, k);
      best!.labels = asU32.reinterpret('int32');
      const sizes = await readControl(hist, op).finally(() => hist.dispose());
      const found = sizes.reduce((acc, c) => acc + (c > 0 ? 1 : 0), 0);
      if (found < k) warn('ConvergenceWarning', `${op}: number of distinct clusters (${found}) found smaller than nClusters (${k}); possibly due to duplicate points in X`);
      this.dispose();
      this.fitKind = m.kind;
      this.trainLabels = best!.labels;
      if (best!.centers.residency === 'device') this.centersDevice = best!.centers;
      else best!.centers.dispose();
      this.fitted = { clusterCenters: centers, inertia: best!.inertia, nIter: best!.nIter, nFeaturesIn: m.d, featureNamesIn: m.kind === 'frame' ? m.names : null };
      return this;
    } finally {
      matrix?.data.dispose();
      w?.dispose();
      m.release();
    }
  }

  /**
   * Fit, then return the training labels (a Column for frame input, else the int32 DataBuffer
   * that `labels` also gives).
   *
   * @example
   * ```ts
   * const X = [[0, 0], [0, 1], [5, 5], [5, 6]];
   * const labels = await new gf.KMeans({ nClusters: 2, seed: 0 }).fitPredict(X);
   * await labels.toArray(); // Int32Array [0, 0, 1, 1]
   * ```
   */
  async fitPredict<X extends MatrixInput>(X: X, columnsOrOptions?: ColumnsOrOptions): Promise<VectorOutput<X>> {
    await this.fit(X, columnsOrOptions);
    return outputVector(this.fitKind, this.labels) as VectorOutput<X>;
  }

  /**
   * The nearest fitted center of each row of X (ties to the smallest index), int32.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 0, 5, 5]), y: new Float64Array([0, 1, 5, 6]) });
   * const km = await new gf.KMeans({ nClusters: 2, seed: 0 }).fit(df);
   * const labels = await km.predict(df, ['x', 'y']); // an int32 Column
   * await labels.toValues(); // [0, 0, 1, 1]
   * ```
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const { m, matrix } = await this.packLike(`${this.name}.predict`, X, columns);
    try {
      const a = run(kmeansAssign, matrix, this.centersHere(), this.params.nClusters, undefined, false);
      a.changed.dispose();
      return outputVector(m.kind, a.labels) as VectorOutput<X>;
    } finally {
      matrix.data.dispose();
      m.release();
    }
  }

  /**
   * Distances of each row of X to every center (scikit-learn's transform): n × k float64,
   * columns 'kmeans0', 'kmeans1', … for frame input, k DataBuffers for array input.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 0, 5, 5]), y: new Float64Array([0, 1, 5, 6]) });
   * const km = await new gf.KMeans({ nClusters: 2, seed: 0 }).fit(df);
   * const D = await km.transform(df, ['x', 'y']); // DataFrame kmeans0, kmeans1
   * await D.column('kmeans0').toValues(); // [0.5, 0.5, 6.726…, 7.433…] (distances to center 0)
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const { m, matrix } = await this.packLike(`${this.name}.transform`, X, columns);
    try {
      const k = this.params.nClusters;
      const Z = run(kmeansTransform, matrix, this.centersHere(), k);
      const cols = run(linalgUnpack, Z);
      Z.data.dispose();
      return outputMatrix(m.kind, cols, Array.from({ length: k }, (_, c) => `kmeans${c}`)) as MatrixOutput<X>;
    } finally {
      matrix.data.dispose();
      m.release();
    }
  }

  /**
   * Fit, then the distances of the training rows to every center.
   *
   * @example
   * ```ts
   * const X = [[0, 0], [0, 1], [5, 5], [5, 6], [9, 0]];
   * const D = await new gf.KMeans({ nClusters: 3, seed: 0 }).fitTransform(X);
   * D.length; // 3 (DataBuffers, one per center)
   * ```
   */
  async fitTransform<X extends MatrixInput>(X: X, columnsOrOptions?: ColumnsOrOptions): Promise<MatrixOutput<X>> {
    await this.fit(X, columnsOrOptions);
    return this.transform(X, fitArgs(`${this.name}.fitTransform`, X, columnsOrOptions).columns);
  }

  /**
   * Opposite of the (weighted) inertia of X against the fitted centers (scikit-learn's score).
   *
   * @example
   * ```ts
   * const X = [[0, 0], [0, 1], [5, 5], [5, 6]];
   * const km = await new gf.KMeans({ nClusters: 2, seed: 0 }).fit(X);
   * await km.score(X); // -1 (-km.inertia on the training data)
   * ```
   */
  async score(X: MatrixInput, columnsOrOptions?: ColumnsOrOptions): Promise<number> {
    const op = `${this.name}.score`;
    const a = fitArgs(op, X, columnsOrOptions);
    const { m, matrix } = await this.packLike(op, X, a.columns);
    let w: DataBuffer<'float64'> | undefined;
    try {
      w = await resolveWeights(op, a.frame, a.sampleWeight, m.n);
      const r = run(kmeansAssign, matrix, this.centersHere(), this.params.nClusters, undefined, true);
      r.labels.dispose();
      r.changed.dispose();
      return -(await weightedSum(op, r.distances!, w));
    } finally {
      w?.dispose();
      matrix.data.dispose();
      m.release();
    }
  }

  /** Free the fitted labels and centers on the device. The estimator is unfitted afterwards. */
  override dispose(): void {
    this.trainLabels?.dispose();
    this.centersDevice?.dispose();
    this.centersHost?.dispose();
    this.trainLabels = this.centersDevice = this.centersHost = undefined;
    super.dispose();
  }

  protected override loadState(state: object): void {
    const s = state as Partial<KMeansState>;
    const d = s.nFeaturesIn;
    const ok = typeof d === 'number' && Number.isInteger(d) && d >= 1 && s.clusterCenters instanceof Float64Array && s.clusterCenters.length === this.params.nClusters * d && typeof s.inertia === 'number' && typeof s.nIter === 'number';
    if (!ok) throw new ValueError(`${this.name}.fromJSON: expected a saved state with clusterCenters (nClusters × nFeaturesIn), inertia and nIter, got ${Object.keys(s).join(', ')}`);
    this.dispose();
    this.fitted = { clusterCenters: s.clusterCenters!, inertia: s.inertia!, nIter: s.nIter!, nFeaturesIn: d!, featureNamesIn: s.featureNamesIn ?? null };
  }

  /** Resolve and pack X with the fitted number of features (NaN, ±Inf, nulls refused). */
  private async packLike(op: string, X: MatrixInput, columns?: readonly string[]): Promise<{ m: InputMatrix; matrix: Matrix }> {
    const st = this.state(op.split('.')[1]!);
    const m = await resolveInput(op, X, columns);
    try {
      if (m.d !== st.nFeaturesIn) throw new ShapeError(`${op}: expected X with ${st.nFeaturesIn} features (as in fit), got ${m.d}`);
      return { m, matrix: await packChecked(op, m.cols, m.validity, m.names) };
    } catch (e) {
      m.release();
      throw e;
    }
  }

  /** The fitted centers: on WebGPU the device copy from fit when there is one, else a host buffer (uploaded once where needed). */
  private centersHere(): DataBuffer<'float64'> {
    if (activeBackend() === 'webgpu' && this.centersDevice && !this.centersDevice.isDisposed) return this.centersDevice;
    this.centersHost ??= DataBuffer.fromHost(this.fitted!.clusterCenters.slice(), 'float64');
    return this.centersHost;
  }
}
registerEstimator(KMeans);

/** One seeding's draws: the first center's index, then the trials' uniforms. */
function draws(rand: () => number, n: number, k: number): PlusPlusDraws {
  const first = Math.min(n - 1, Math.floor(rand() * n));
  const rands = new Float64Array((k - 1) * localTrials(k));
  for (let i = 0; i < rands.length; i++) rands[i] = rand();
  return { first, rands };
}

function disposeRun(r: RunResult): void {
  r.centers.dispose();
  r.labels.dispose();
}
