/**
 * KMeans: scikit-learn's estimator (Lloyd's algorithm, greedy k-means++ seeding) running on
 * the device, with a CPU twin that gives the same results: identical labels, counts and
 * iteration counts, and centers and inertia equal bit for bit (both backends compute in
 * exact binary64, in the same order; see kernels/kmeans/).
 *
 * Differences from scikit-learn 1.2, all deliberate:
 * - An empty cluster keeps its previous center (scikit-learn moves it to a far point).
 * - Distances are summed directly, sum_j (x_j - c_j)^2, not as |x|^2 - 2 x.c + |c|^2, so
 *   results match scikit-learn to rounding (about 1e-15 relative), not bit for bit.
 * - The convergence test compares the squared center shift, summed over clusters and
 *   features, with tol * mean(var(X)): scikit-learn's rule, without its sqrt-then-square.
 * - k-means++ draws from a seeded mulberry32 (`seed`, default 0), so runs are
 *   reproducible; the first center is floor(u * n), and a candidate is found in the
 *   block-ordered cumulative sum (not numpy's sequential one). `nInit` defaults to 1
 *   (scikit-learn's 'auto' for k-means++). Explicit `init` implies nInit = 1, as there.
 *
 * Device work per fit: one pack of the columns into a row-major float64 matrix (n * d * 8
 * bytes; k-means++ also holds n * (2 + log k) * 8 bytes), the moments (for tol), the
 * seeding, then per iteration a labels-only assignment (f32 brackets settle most points
 * without soft-f64 work), the centroid update and one 32-byte control read, and at the end
 * one assignment with exact distances for the labels and the inertia.
 */
import { activeBackend, withBackend, type BackendName } from '../src/device/index.js';
import { ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { run } from '../kernels/registry.js';
import { localTrials } from '../kernels/kmeans/layout.js';
import { kmeansAssign, kmeansPlusPlus, kmeansSum, kmeansUpdate } from '../kernels/kmeans/ops.js';
import { linalgMoments } from '../kernels/linalg/moments.js';
import { linalgPack } from '../kernels/linalg/pack.js';
import type { Matrix, PlusPlusDraws } from '../kernels/kmeans/types.js';
import { readControl } from './control.js';
import { asFeatures, checkFiniteOnHost, nonFiniteError, nullError, resolveFeatures, type Features, type FrameLike, type ResolvedFeatures } from './input.js';
import { mulberry32 } from '../src/random.js';

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

interface RunResult {
  centers: DataBuffer<'float64'>;
  labels: DataBuffer<'int32'>;
  inertia: number;
  nIter: number;
}

const positiveInt = (v: number) => Number.isInteger(v) && v >= 1;

/**
 * k-means clustering with the scikit-learn estimator contract: options in the constructor,
 * then `fit`, `predict`, `score`. Input columns are float64 or float32 (widened exactly);
 * NaN, ±Inf and nulls are refused with a ValueError naming the column.
 *
 * On WebGPU, `fit` uploads each input column once, keeps all work on the device and reads
 * back only control values (a convergence word per iteration, the inertia, the k * d
 * centers), counted in `stats().controlReads`; `labels` stays on the device.
 *
 * @example
 * ```ts
 * const x = gf.array(new Float64Array([0, 0.1, 5, 5.1]));
 * const y = gf.array(new Float64Array([0, 0.2, 5, 5.2]));
 * const km = new gf.KMeans({ nClusters: 2, seed: 0 });
 * await km.fit([x, y]);
 * console.log(km.clusterCenters, km.inertia, km.nIter);
 * console.log(await km.predict([x, y]).toArray()); // Int32Array, e.g. [0, 0, 1, 1]
 * ```
 */
export class KMeans {
  readonly nClusters: number;
  readonly init: 'k-means++' | Float64Array;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly seed: number;
  private fitted: { centers: Float64Array; labels: DataBuffer<'int32'>; inertia: number; nIter: number; d: number; device?: DataBuffer<'float64'>; host: DataBuffer<'float64'> } | undefined;

  constructor(options: KMeansOptions = {}) {
    const { nClusters = 8, init = 'k-means++', nInit = 1, maxIter = 300, tol = 1e-4, seed = 0 } = options;
    if (!positiveInt(nClusters)) throw new ValueError(`KMeans: expected nClusters as an integer >= 1, got ${nClusters}`);
    if (!positiveInt(nInit)) throw new ValueError(`KMeans: expected nInit as an integer >= 1, got ${nInit}`);
    if (!positiveInt(maxIter)) throw new ValueError(`KMeans: expected maxIter as an integer >= 1, got ${maxIter}`);
    if (!(Number.isFinite(tol) && tol >= 0)) throw new ValueError(`KMeans: expected tol as a finite number >= 0, got ${tol}`);
    if (!Number.isInteger(seed)) throw new ValueError(`KMeans: expected seed as an integer, got ${seed}`);
    if (init !== 'k-means++' && !(init instanceof Float64Array)) throw new ValueError(`KMeans: expected init 'k-means++' or a Float64Array of centers, got ${String(init)}`);
    this.nClusters = nClusters;
    this.init = init instanceof Float64Array ? init.slice() : init;
    this.nInit = init instanceof Float64Array ? 1 : nInit;
    this.maxIter = maxIter;
    this.tol = tol;
    this.seed = seed;
  }

  /** Cluster centers, k * d row-major (scikit-learn's cluster_centers_). */
  get clusterCenters(): Float64Array {
    return this.state('clusterCenters').centers;
  }

  /** Label of each training point (device-resident on WebGPU). */
  get labels(): DataBuffer<'int32'> {
    return this.state('labels').labels;
  }

  /** Sum of squared distances of the training points to their centers. */
  get inertia(): number {
    return this.state('inertia').inertia;
  }

  /** Lloyd iterations run by the best seeding. */
  get nIter(): number {
    return this.state('nIter').nIter;
  }

  /** Number of features seen by `fit`. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').d;
  }

  /**
   * Fit the clusters. Resolves once the fitted attributes are available. Fitting again
   * replaces the previous fit and frees its labels.
   *
   * @example
   * ```ts
   * const km = await new gf.KMeans({ nClusters: 3 }).fit(df, ['x', 'y']);
   * // also: fit({ frame: df, columns: ['x', 'y'] }) or fit([xBuffer, yBuffer])
   * ```
   */
  async fit(input: Features | FrameLike, columns?: readonly string[]): Promise<this> {
    const op = 'KMeans.fit';
    const X = asFeatures(op, input, columns);
    const backend = activeBackend();
    const on = <T>(fn: () => T): T => withBackend(backend, fn);
    const f = resolveFeatures(op, X);
    const k = this.nClusters;
    if (f.n < k) throw new ValueError(`${op}: expected at least nClusters = ${k} samples, got ${f.n}`);
    if (this.init instanceof Float64Array) {
      if (this.init.length !== k * f.d) throw new ShapeError(`${op}: expected init of nClusters * features = ${k * f.d} values, got ${this.init.length}`);
      if (!this.init.every(Number.isFinite)) throw new ValueError(`${op}: expected finite init centers, got NaN or ±Inf`);
    }
    const { matrix, flags } = on(() => run(linalgPack, f.cols, f.validity));
    let moments: DataBuffer<'float64'> | undefined;
    try {
      moments = on(() => run(linalgMoments, matrix));
      await refuseFlagged(op, f, flags);
      const mv = await readControl(moments, op);
      let sumVar = 0;
      for (let j = 0; j < f.d; j++) sumVar += mv[f.d + j]!;
      const tolAbs = (sumVar / f.d) * this.tol;
      const rand = mulberry32(this.seed);
      let best: RunResult | undefined;
      for (let r = 0; r < this.nInit; r++) {
        const init = this.init instanceof Float64Array ? DataBuffer.fromHost(this.init.slice(), 'float64') : on(() => run(kmeansPlusPlus, matrix, k, draws(rand, f.n, k)));
        const res = await this.lloyd(backend, matrix, init, tolAbs);
        if (!best || res.inertia < best.inertia) {
          if (best) disposeRun(best);
          best = res;
        } else disposeRun(res);
      }
      const centers = (await readControl(best!.centers, op)).slice();
      this.dispose();
      const device = best!.centers.residency === 'device' ? best!.centers : undefined;
      if (!device) best!.centers.dispose();
      this.fitted = { centers, labels: best!.labels, inertia: best!.inertia, nIter: best!.nIter, d: f.d, device, host: DataBuffer.fromHost(centers.slice(), 'float64') };
      return this;
    } finally {
      matrix.data.dispose();
      flags.dispose();
      moments?.dispose();
    }
  }

  /**
   * Fit, then return the training labels.
   *
   * @example
   * ```ts
   * const labels = await new gf.KMeans({ nClusters: 2 }).fitPredict([x, y]);
   * ```
   */
  async fitPredict(input: Features | FrameLike, columns?: readonly string[]): Promise<DataBuffer<'int32'>> {
    const X = asFeatures('KMeans.fitPredict', input, columns);
    await this.fit(X);
    return this.labels;
  }

  /**
   * The nearest fitted center of each point (ties to the smallest index). Synchronous: when
   * the inputs have host bytes they are checked here (ValueError for NaN, ±Inf or nulls);
   * device-only inputs are not read back, and a point with such a value gets label -1.
   *
   * @example
   * ```ts
   * const labels = km.predict([xNew, yNew]);
   * console.log(await labels.toArray());
   * ```
   */
  predict(input: Features | FrameLike, columns?: readonly string[]): DataBuffer<'int32'> {
    const X = asFeatures('KMeans.predict', input, columns);
    const op = 'KMeans.predict';
    const s = this.state('predict');
    const f = this.resolveLike(op, X, s.d);
    checkFiniteOnHost(op, f);
    const { matrix, flags } = run(linalgPack, f.cols, f.validity);
    flags.dispose();
    try {
      const a = run(kmeansAssign, matrix, this.centersHere(), this.nClusters, undefined, false);
      a.changed.dispose();
      return a.labels;
    } finally {
      matrix.data.dispose();
    }
  }

  /**
   * Opposite of the inertia of X against the fitted centers (scikit-learn's score).
   *
   * @example
   * ```ts
   * const s = await km.score([x, y]); // -km.inertia on the training data
   * ```
   */
  async score(input: Features | FrameLike, columns?: readonly string[]): Promise<number> {
    const X = asFeatures('KMeans.score', input, columns);
    const op = 'KMeans.score';
    const s = this.state('score');
    const backend = activeBackend();
    const on = <T>(fn: () => T): T => withBackend(backend, fn);
    const f = this.resolveLike(op, X, s.d);
    const { matrix, flags } = on(() => run(linalgPack, f.cols, f.validity));
    try {
      await refuseFlagged(op, f, flags);
      const a = on(() => run(kmeansAssign, matrix, this.centersHere(), this.nClusters));
      a.labels.dispose();
      a.changed.dispose();
      const total = on(() => run(kmeansSum, a.distances!));
      a.distances!.dispose();
      const v = (await readControl(total, op))[0]!;
      total.dispose();
      return -v;
    } finally {
      matrix.data.dispose();
      flags.dispose();
    }
  }

  /** Free the fitted labels and centers on the device. The estimator is unfitted afterwards. */
  dispose(): void {
    if (!this.fitted) return;
    this.fitted.labels.dispose();
    this.fitted.device?.dispose();
    this.fitted.host.dispose();
    this.fitted = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Lloyd iterations from `init` (consumed), with scikit-learn's stopping rules. */
  private async lloyd(backend: BackendName, x: Matrix, init: DataBuffer<'float64'>, tolAbs: number): Promise<RunResult> {
    const on = <T>(fn: () => T): T => withBackend(backend, fn);
    const k = this.nClusters;
    let centers = init;
    let labels: DataBuffer<'int32'> | undefined;
    let nIter = 0;
    while (nIter < this.maxIter) {
      // Labels only: the device settles most points in f32 brackets, without soft-f64 work.
      const a = on(() => run(kmeansAssign, x, centers, k, labels, false));
      const u = on(() => run(kmeansUpdate, x, a.labels, centers, k, a.changed));
      const [shift, changed] = await readControl(u.control, 'KMeans.fit');
      u.control.dispose();
      a.changed.dispose();
      labels?.dispose();
      centers.dispose();
      labels = a.labels;
      centers = u.centers;
      nIter++;
      // Unchanged labels (strict convergence): the new centers equal the old bit for bit.
      if (changed === 0 || shift! <= tolAbs) break;
    }
    // The labels and distances of the final centers (scikit-learn reassigns after a tol stop;
    // after a strict stop this gives the same labels again).
    labels?.dispose();
    const a = on(() => run(kmeansAssign, x, centers, k, undefined, true));
    a.changed.dispose();
    const total = on(() => run(kmeansSum, a.distances!));
    a.distances!.dispose();
    const inertia = (await readControl(total, 'KMeans.fit'))[0]!;
    total.dispose();
    return { centers, labels: a.labels, inertia, nIter };
  }

  private state(what: string) {
    if (!this.fitted) throw new ValueError(`KMeans.${what}: expected a fitted estimator, got one not fitted (await fit() first)`);
    return this.fitted;
  }

  private resolveLike(op: string, X: Features, d: number): ResolvedFeatures {
    const f = resolveFeatures(op, X);
    if (f.d !== d) throw new ShapeError(`${op}: expected ${d} features (as in fit), got ${f.d}`);
    return f;
  }

  /** The fitted centers where the active backend needs them. */
  private centersHere(): DataBuffer<'float64'> {
    const s = this.fitted!;
    return activeBackend() === 'webgpu' && s.device ? s.device : s.host;
  }
}

/** Throw the ValueError for the first column flagged with nulls or non-finite values. */
async function refuseFlagged(op: string, f: ResolvedFeatures, flags: DataBuffer<'uint32'>): Promise<void> {
  const fl = await readControl(flags, op);
  for (let j = 0; j < f.d; j++) {
    if (fl[j]! & 2) throw nullError(op, f.names[j]!);
    if (fl[j]! & 1) throw nonFiniteError(op, f.names[j]!);
  }
}

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
