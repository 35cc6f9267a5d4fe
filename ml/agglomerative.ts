/**
 * AgglomerativeClustering: scikit-learn 1.2's estimator for single, complete and average
 * linkage on euclidean features or a precomputed distance matrix (no connectivity).
 *
 * Where the work runs:
 * - euclidean: the points are packed ('kmeans/pack') and the pairwise distances computed
 *   ('cluster/pairwise-euclidean') on the active backend, in exact binary64, so both backends
 *   produce the same matrix bit for bit; on WebGPU the matrix then comes to the host in row
 *   blocks (counted in `stats().downloads`: about 4 n^2 bytes, the upper triangle's rows);
 * - precomputed: the matrix is read once, band by band (`toArray()`, a counted download per
 *   band when it lives on the device), and checked for NaN and ±Inf;
 * - the merge loop runs on the host (./linkage.ts), O(n^2) time over the condensed matrix
 *   (n (n - 1) / 2 float64: 400 MB at n = 10,000). `labels` is host-resident.
 *
 * Differences from scikit-learn 1.2, all deliberate:
 * - `linkage` has no default: scikit-learn's default 'ward' is not supported, and a silent
 *   substitute would give different clusters.
 * - `nClusters` defaults to 2 only when `distanceThreshold` is not given (scikit-learn asks
 *   for n_clusters=None explicitly); giving both, or `nClusters: null` without a threshold,
 *   is the same ValueError as there.
 */
import { activeBackend, withBackend } from '../src/device/index.js';
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DistanceMatrix } from '../src/matrix/distance-matrix.js';
import { run } from '../kernels/registry.js';
import { kmeansPack } from '../kernels/kmeans/ops.js';
import { pairwiseEuclidean } from '../kernels/cluster/pairwise-euclidean.js';
import { readControl } from './control.js';
import { asFeatures, nonFiniteError, nullError, resolveFeatures, type Features, type FrameLike } from './input.js';
import { condensedIndex, cutTree, linkageTree, type LinkageMethod } from './linkage.js';

export interface AgglomerativeClusteringOptions {
  /** Clusters to find (default 2 when `distanceThreshold` is not given; null with a threshold). */
  nClusters?: number | null;
  /** Merge distance at or above which clusters are not merged (exclusive with nClusters). */
  distanceThreshold?: number | null;
  /** Required: 'single', 'complete' or 'average' ('ward' is not supported). */
  linkage: LinkageMethod;
  /** 'euclidean' (default): fit takes features; 'precomputed': fit takes a square distance matrix. */
  metric?: 'euclidean' | 'precomputed';
  /** Keep the merge distances even with nClusters (scikit-learn's compute_distances). */
  computeDistances?: boolean;
}

/**
 * A square distance matrix: a DistanceMatrix (what `gf.hausdorff` and `gf.frechet` give), or
 * row-major float64 (or float32) values, a DataBuffer of n * n values or one with its shape. Only the strict upper triangle (row i, column j > i) is used, as in
 * scikit-learn, which takes SciPy's condensed form of it: symmetrise an asymmetric matrix
 * (a directed Hausdorff matrix, say: `m.symmetrize('max')`) before clustering it.
 *
 * @example
 * ```ts
 * const D: PrecomputedDistances = { data: gf.array(new Float64Array([0, 1, 1, 0])), rows: 2, cols: 2 };
 * ```
 */
export type PrecomputedDistances = DistanceMatrix | DataBuffer | { readonly data: DataBuffer; readonly n: number } | { readonly data: DataBuffer; readonly rows: number; readonly cols: number };

const OPTIONS = ['nClusters', 'distanceThreshold', 'linkage', 'metric', 'computeDistances'];
const LINKAGES = ['single', 'complete', 'average'];
/** Host memory per block of distance rows downloaded at once. */
const BLOCK_BYTES = 32 * 2 ** 20;

interface Fitted {
  labels: DataBuffer<'int32'>;
  children: Int32Array;
  distances: Float64Array | undefined;
  nClusters: number;
  n: number;
}

/**
 * Hierarchical clustering with the scikit-learn estimator contract. Labels equal
 * scikit-learn 1.2's (the same numbering, on data without tied distances); `children` holds
 * its children_ and `distances` its distances_.
 *
 * @example
 * ```ts
 * const x = gf.array(new Float64Array([0, 0.1, 5, 5.2, 9]));
 * const ac = new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'average' });
 * await ac.fit([x]);
 * console.log(await ac.labels.toArray()); // Int32Array [1, 1, 0, 0, 0]
 * const byThreshold = new gf.AgglomerativeClustering({ distanceThreshold: 1, linkage: 'single' });
 * await byThreshold.fit([x]); // nClustersFound 3, labels [1, 1, 0, 0, 2], distances ≈ [0.1, 0.2, 3.8, 4.9]
 * ```
 */
export class AgglomerativeClustering {
  readonly nClusters: number | null;
  readonly distanceThreshold: number | null;
  readonly linkage: LinkageMethod;
  readonly metric: 'euclidean' | 'precomputed';
  readonly computeDistances: boolean;
  private fitted: Fitted | undefined;

  constructor(options: AgglomerativeClusteringOptions) {
    const op = 'AgglomerativeClustering';
    if (options === null || typeof options !== 'object') throw new ValueError(`${op}: expected an options object with linkage, got ${String(options)}`);
    for (const key of Object.keys(options)) {
      if (!OPTIONS.includes(key)) throw new ValueError(`${op}: expected options among ${OPTIONS.join(', ')}, got unknown option '${key}'`);
    }
    const { nClusters, distanceThreshold, linkage, metric = 'euclidean', computeDistances = false } = options;
    if (!LINKAGES.includes(linkage)) {
      throw new ValueError(`${op}: expected linkage 'single' | 'complete' | 'average' (scikit-learn's default 'ward' is not supported), got ${JSON.stringify(linkage)}`);
    }
    if (metric !== 'euclidean' && metric !== 'precomputed') throw new ValueError(`${op}: expected metric 'euclidean' | 'precomputed', got ${JSON.stringify(metric)}`);
    if (typeof computeDistances !== 'boolean') throw new ValueError(`${op}: expected computeDistances as a boolean, got ${String(computeDistances)}`);
    const hasK = nClusters !== undefined && nClusters !== null;
    const hasT = distanceThreshold !== undefined && distanceThreshold !== null;
    if (hasK === hasT && (hasK || nClusters === null)) {
      throw new ValueError(`${op}: expected exactly one of nClusters and distanceThreshold, got ${hasK ? 'both' : 'neither'}`);
    }
    if (hasK && !(Number.isInteger(nClusters) && nClusters! >= 1)) throw new ValueError(`${op}: expected nClusters as an integer >= 1, got ${nClusters}`);
    if (hasT && !(typeof distanceThreshold === 'number' && distanceThreshold >= 0)) throw new ValueError(`${op}: expected distanceThreshold as a number >= 0, got ${distanceThreshold}`);
    this.nClusters = hasT ? null : (nClusters ?? 2);
    this.distanceThreshold = hasT ? distanceThreshold! : null;
    this.linkage = linkage;
    this.metric = metric;
    this.computeDistances = computeDistances;
  }

  /** Cluster of each training point, 0 .. nClustersFound - 1 (host-resident). */
  get labels(): DataBuffer<'int32'> {
    return this.state('labels').labels;
  }

  /** Clusters found: nClusters, or with a threshold 1 + the merges at distance >= it (scikit-learn's n_clusters_). */
  get nClustersFound(): number {
    return this.state('nClustersFound').nClusters;
  }

  /** The merge tree, (n - 1) rows of two node ids: merge i joins them into node n + i (children_). */
  get children(): Int32Array {
    return this.state('children').children;
  }

  /** Merge distances, ascending (distances_): only with distanceThreshold or computeDistances, else undefined. */
  get distances(): Float64Array | undefined {
    return this.state('distances').distances;
  }

  /** Number of leaves: the training points (n_leaves_). */
  get nLeaves(): number {
    return this.state('nLeaves').n;
  }

  /**
   * Build the tree and cut it. Features (euclidean) as KMeans takes them, or a
   * PrecomputedDistances (precomputed). Needs at least 2 points and n >= nClusters.
   *
   * @example
   * ```ts
   * await new gf.AgglomerativeClustering({ nClusters: 3, linkage: 'complete' }).fit(df, ['x', 'y']);
   * const D = (await gf.hausdorff(tracks)).symmetrize('max'); // a DistanceMatrix
   * await new gf.AgglomerativeClustering({ distanceThreshold: 5, linkage: 'average', metric: 'precomputed' }).fit(D);
   * ```
   */
  async fit(input: Features | FrameLike | PrecomputedDistances, columns?: readonly string[]): Promise<this> {
    const op = 'AgglomerativeClustering.fit';
    const { D, n } = this.metric === 'precomputed' ? await precomputed(op, input, columns) : await euclidean(op, asFeatures(op, input as Features | FrameLike, columns), this);
    checkCount(op, n, this);
    const tree = linkageTree(D, n, this.linkage, !(this.linkage === 'single' && this.metric === 'euclidean'));
    const t = this.distanceThreshold;
    const k = t === null ? this.nClusters! : 1 + tree.distances.reduce((c, d) => c + (d >= t ? 1 : 0), 0);
    const labels = cutTree(k, tree.children, n);
    this.dispose();
    const keep = t !== null || this.computeDistances;
    this.fitted = { labels: DataBuffer.fromHost(labels, 'int32'), children: tree.children, distances: keep ? tree.distances : undefined, nClusters: k, n };
    return this;
  }

  /**
   * Fit, then return the training labels.
   *
   * @example
   * ```ts
   * const labels = await new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single' }).fitPredict([x, y]);
   * ```
   */
  async fitPredict(input: Features | FrameLike | PrecomputedDistances, columns?: readonly string[]): Promise<DataBuffer<'int32'>> {
    await this.fit(input, columns);
    return this.labels;
  }

  /** Free the fitted labels. The estimator is unfitted afterwards. */
  dispose(): void {
    this.fitted?.labels.dispose();
    this.fitted = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private state(what: string): Fitted {
    if (!this.fitted) throw new ValueError(`AgglomerativeClustering.${what}: expected a fitted estimator, got one not fitted (await fit() first)`);
    return this.fitted;
  }
}

function checkCount(op: string, n: number, est: { nClusters: number | null }): void {
  if (n < 2) throw new ValueError(`${op}: expected at least 2 samples, got ${n}`);
  if (est.nClusters !== null && est.nClusters > n) throw new ValueError(`${op}: expected nClusters <= samples, got nClusters ${est.nClusters} for ${n} samples`);
}

/** Condensed euclidean distances: pack and pairwise kernels on the active backend, rows downloaded in blocks. */
async function euclidean(op: string, X: Features, est: { nClusters: number | null }): Promise<{ D: Float64Array; n: number }> {
  const backend = activeBackend();
  const on = <T>(fn: () => T): T => withBackend(backend, fn);
  const f = resolveFeatures(op, X);
  const n = f.n;
  checkCount(op, n, est);
  const { matrix, flags } = on(() => run(kmeansPack, f.cols, f.validity));
  try {
    const fl = await readControl(flags, op);
    for (let j = 0; j < f.d; j++) {
      if (fl[j]! & 2) throw nullError(op, f.names[j]!);
      if (fl[j]! & 1) throw nonFiniteError(op, f.names[j]!);
    }
    const D = new Float64Array((n * (n - 1)) / 2);
    const per = Math.max(1, Math.floor(BLOCK_BYTES / (8 * n)));
    for (let r0 = 0; r0 < n - 1; r0 += per) {
      const r1 = Math.min(n - 1, r0 + per);
      const block = on(() => run(pairwiseEuclidean, matrix, r0, r1));
      try {
        const v = await block.toArray();
        for (let i = r0; i < r1; i++) D.set(v.subarray((i - r0) * n + i + 1, (i - r0 + 1) * n), condensedIndex(n, i, i + 1));
      } finally {
        block.dispose();
      }
    }
    return { D, n };
  } finally {
    matrix.data.dispose();
    flags.dispose();
  }
}

/** The strict upper triangle of a validated square matrix (every entry must be finite, as scikit-learn checks), read band by band. */
async function precomputed(op: string, input: unknown, columns?: readonly string[]): Promise<{ D: Float64Array; n: number }> {
  if (columns !== undefined) throw new ValueError(`${op}: expected a distance matrix without column names for metric 'precomputed', got columns`);
  const { n, bands } = matrixBands(op, input);
  if (n < 2) throw new ValueError(`${op}: expected at least 2 samples, got ${n}`);
  const D = new Float64Array((n * (n - 1)) / 2);
  for (const b of bands) {
    const v = (await b.data.toArray()) as Float64Array | Float32Array; // dtype checked: float64 | float32
    for (let r = 0; r < b.rows; r++) {
      const i = b.start + r;
      for (let j = 0; j < n; j++) {
        const x = v[r * n + j]!;
        if (x - x !== 0) throw new ValueError(`${op}: expected finite distances in the precomputed matrix, got ${x} at row ${i}, column ${j}`);
      }
      if (i < n - 1) {
        const base = condensedIndex(n, i, i + 1) - (i + 1);
        for (let j = i + 1; j < n; j++) D[base + j] = v[r * n + j]!;
      }
    }
  }
  return { D, n };
}

/** The row bands of any accepted matrix form, validated: a DistanceMatrix's own, or one band of a DataBuffer. */
function matrixBands(op: string, input: unknown): { n: number; bands: ReadonlyArray<{ start: number; rows: number; data: DataBuffer }> } {
  if (input instanceof DistanceMatrix) {
    if (input.isDisposed) throw new ValueError(`${op}: expected a live DistanceMatrix, got a disposed one`);
    return { n: input.n, bands: input.bands };
  }
  let data: unknown;
  let rows: number;
  let cols: number;
  if (input instanceof DataBuffer) {
    data = input;
    rows = cols = Math.round(Math.sqrt(input.length));
    if (rows * rows !== input.length) throw new ShapeError(`${op}: expected a square distance matrix of n * n values, got ${input.length} values`);
  } else if (input !== null && typeof input === 'object' && 'data' in input) {
    const m = input as { data: unknown; n?: unknown; rows?: unknown; cols?: unknown };
    data = m.data;
    rows = Number(m.n ?? m.rows);
    cols = Number(m.n ?? m.cols);
  } else {
    throw new ValueError(`${op}: expected a distance matrix (a DistanceMatrix, a DataBuffer, { data, n } or { data, rows, cols }) for metric 'precomputed', got ${Object.prototype.toString.call(input)}`);
  }
  if (!(data instanceof DataBuffer)) throw new ValueError(`${op}: expected the distance matrix's data as a DataBuffer, got ${Object.prototype.toString.call(data)}`);
  if (data.dtype !== 'float64' && data.dtype !== 'float32') throw new DTypeError(`${op}: expected a distance matrix of dtype float64 | float32, got ${data.dtype}`);
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 0)) throw new ShapeError(`${op}: expected integer matrix dimensions, got ${rows} x ${cols}`);
  if (rows !== cols) throw new ShapeError(`${op}: expected a square distance matrix, got ${rows} x ${cols}`);
  if (data.length !== rows * cols) throw new ShapeError(`${op}: expected ${rows} * ${cols} = ${rows * cols} values in the distance matrix, got ${data.length}`);
  return { n: rows, bands: [{ start: 0, rows, data }] };
}
