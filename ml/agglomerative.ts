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
 * Estimator contract (ml/estimator.ts): options checked (unknown keys listed, snake_case
 * hinted), getParams/setParams/clone; features in every X kind (ml/matrix-input.ts), integer
 * columns read as float64; fitPredict's labels in the input's kind. toJSON persists the options
 * only (state null): the tree and labels describe the training rows, not a model for new data.
 *
 * Differences from scikit-learn 1.2, all deliberate:
 * - `linkage` has no default: scikit-learn's default 'ward' is not supported, and a silent
 *   substitute would give different clusters.
 * - `nClusters` defaults to 2 only when `distanceThreshold` is not given (scikit-learn asks
 *   for n_clusters=None explicitly); giving both, or `nClusters: null` without a threshold,
 *   is the same ValueError as there.
 */
import { activeBackend, withBackend } from '../src/device/index.js';
import { DTypeError, NotFittedError, ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DistanceMatrix } from '../src/matrix/distance-matrix.js';
import { run } from '../kernels/registry.js';
import { kmeansPack } from '../kernels/kmeans/ops.js';
import { pairwiseEuclidean } from '../kernels/cluster/pairwise-euclidean.js';
import { readControl } from './control.js';
import { Estimator, is, registerEstimator, show, type EstimatorJSON, type ParamSpecs } from './estimator.js';
import { nonFiniteError, nullError } from './input.js';
import { resolveInput, type InputKind, type MatrixInput } from './matrix-input.js';
import { outputVector, type VectorOutput } from './output.js';
import { condensedIndex, cutTree, linkageTree, type LinkageMethod } from './linkage.js';

/** Options of {@link AgglomerativeClustering}. */
export interface AgglomerativeClusteringOptions {
  /** Clusters to find (default 2 when `distanceThreshold` is not given; null with a threshold). */
  nClusters?: number | null;
  /** Merge distance at or above which clusters are not merged (exclusive with nClusters). */
  distanceThreshold?: number | null;
  /** Required: 'single', 'complete' or 'average' ('ward' is not supported). */
  linkage?: LinkageMethod;
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
 * const D: gf.PrecomputedDistances = { data: gf.array(new Float64Array([0, 1, 4, 1, 0, 2, 4, 2, 0])), n: 3 };
 * const ac = await new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single', metric: 'precomputed' }).fit(D);
 * await ac.labels.toArray(); // Int32Array [0, 0, 1]
 * ```
 */
export type PrecomputedDistances = DistanceMatrix | DataBuffer | { readonly data: DataBuffer; readonly n: number } | { readonly data: DataBuffer; readonly rows: number; readonly cols: number };

const LINKAGES = ['single', 'complete', 'average'];
const SPECS: ParamSpecs<AgglomerativeClusteringOptions> = {
  nClusters: { default: undefined as unknown as number, check: (v) => (v === null || (Number.isInteger(v) && (v as number) >= 1) ? undefined : 'as an integer >= 1 (or null with distanceThreshold)') },
  distanceThreshold: { default: null as unknown as number, check: (v) => (v === null || (typeof v === 'number' && v >= 0) ? undefined : 'as a number >= 0 (or null)') },
  linkage: { default: undefined as unknown as LinkageMethod, check: (v) => (LINKAGES.includes(v as string) ? undefined : "as 'single' | 'complete' | 'average' (scikit-learn's default 'ward' is not supported)") },
  metric: { default: 'euclidean', check: is.oneOf('euclidean', 'precomputed') },
  computeDistances: { default: false, check: is.boolean },
};

/** What fit takes: features (any estimator X), or for 'precomputed' a PrecomputedDistances. */
type AgglomerativeInput = MatrixInput | PrecomputedDistances;
/** Host memory per block of distance rows downloaded at once. */
const BLOCK_BYTES = 32 * 2 ** 20;

interface Fitted {
  labels: DataBuffer<'int32'>;
  kind: InputKind;
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
 * await ac.labels.toArray(); // Int32Array [1, 1, 0, 0, 0]
 * const byThreshold = new gf.AgglomerativeClustering({ distanceThreshold: 1, linkage: 'single' });
 * await byThreshold.fit([x]);
 * byThreshold.nClustersFound; // 3
 * await byThreshold.labels.toArray(); // Int32Array [1, 1, 0, 0, 2]
 * ```
 */
export class AgglomerativeClustering extends Estimator<AgglomerativeClusteringOptions, Record<string, never>> {
  static override readonly estimatorName = 'AgglomerativeClustering';
  private result: Fitted | undefined;

  constructor(options?: AgglomerativeClusteringOptions) {
    if (options !== undefined && (options === null || typeof options !== 'object')) throw new ValueError(`AgglomerativeClustering: expected an options object with linkage, got ${String(options)}`);
    super(SPECS, options);
    this.checkCombination();
  }

  /** Clusters to find (2 when neither option is given), or null with a threshold. */
  get nClusters(): number | null {
    return this.params.distanceThreshold !== null ? null : ((this.params.nClusters as number | undefined) ?? 2);
  }

  /** The merge-distance threshold, or null. */
  get distanceThreshold(): number | null {
    return this.params.distanceThreshold;
  }

  /** 'single', 'complete' or 'average'. */
  get linkage(): LinkageMethod {
    return this.params.linkage;
  }

  /** 'euclidean' or 'precomputed'. */
  get metric(): 'euclidean' | 'precomputed' {
    return this.params.metric;
  }

  /** Whether the merge distances are kept with nClusters. */
  get computeDistances(): boolean {
    return this.params.computeDistances;
  }

  /**
   * Change options, validated as in the constructor (the nClusters / distanceThreshold pair
   * and linkage included).
   *
   * @example
   * ```ts
   * const ac = new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single' });
   * ac.setParams({ nClusters: null, distanceThreshold: 2 });
   * await ac.fit([[0], [1], [5], [9]]);
   * ac.nClustersFound; // 3
   * ```
   */
  override setParams(options: Partial<AgglomerativeClusteringOptions>): this {
    const before = this.params;
    super.setParams(options);
    try {
      this.checkCombination();
    } catch (e) {
      this.params = before;
      throw e;
    }
    return this;
  }

  /**
   * The options only (state null): labels, children and distances describe the training
   * rows, so a loaded AgglomerativeClustering is unfitted.
   *
   * @example
   * ```ts
   * const ac = await new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single' }).fit([[0], [1], [5]]);
   * const again = gf.AgglomerativeClustering.fromJSON(JSON.stringify(ac));
   * again.getParams().nClusters; // 2
   * again.isFitted; // false
   * ```
   */
  override toJSON(): EstimatorJSON {
    return { ...super.toJSON(), state: null };
  }

  private checkCombination(): void {
    const op = this.name;
    const { nClusters, distanceThreshold, linkage } = this.params as { nClusters: number | null | undefined; distanceThreshold: number | null; linkage: LinkageMethod | undefined };
    if (!LINKAGES.includes(linkage as string)) {
      throw new ValueError(`${op}: expected linkage 'single' | 'complete' | 'average' (scikit-learn's default 'ward' is not supported), got ${linkage === undefined ? 'none' : show(linkage)}`);
    }
    const hasK = nClusters !== undefined && nClusters !== null;
    const hasT = distanceThreshold !== undefined && distanceThreshold !== null;
    if (hasK === hasT && (hasK || nClusters === null)) {
      throw new ValueError(`${op}: expected exactly one of nClusters and distanceThreshold, got ${hasK ? 'both' : 'neither'}`);
    }
  }

  /** Cluster of each training point, 0 .. nClustersFound - 1 (host-resident). */
  get labels(): DataBuffer<'int32'> {
    return this.fit_('labels').labels;
  }

  /** Clusters found: nClusters, or with a threshold 1 + the merges at distance >= it (scikit-learn's n_clusters_). */
  get nClustersFound(): number {
    return this.fit_('nClustersFound').nClusters;
  }

  /** The merge tree, (n - 1) rows of two node ids: merge i joins them into node n + i (children_). */
  get children(): Int32Array {
    return this.fit_('children').children;
  }

  /** Merge distances, ascending (distances_): only with distanceThreshold or computeDistances, else undefined. */
  get distances(): Float64Array | undefined {
    return this.fit_('distances').distances;
  }

  /** Number of leaves: the training points (n_leaves_). */
  get nLeaves(): number {
    return this.fit_('nLeaves').n;
  }

  /**
   * Build the tree and cut it. Features (euclidean) as KMeans takes them, or a
   * PrecomputedDistances (precomputed). Needs at least 2 points and n >= nClusters.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 0, 5, 5, 9]), y: new Float64Array([0, 1, 5, 6, 0]) });
   * await new gf.AgglomerativeClustering({ nClusters: 3, linkage: 'complete' }).fit(df, ['x', 'y']);
   * const lines = [[[0, 0], [1, 0]], [[0, 1], [1, 1]], [[9, 9], [9, 8]]];
   * const tracks = gf.geo.fromGeoJSON(lines.map((coordinates) => ({ type: 'LineString' as const, coordinates })));
   * const D = (await gf.hausdorff(tracks, { directed: true })).symmetrize('max'); // a DistanceMatrix
   * const ac = await new gf.AgglomerativeClustering({ distanceThreshold: 5, linkage: 'average', metric: 'precomputed' }).fit(D);
   * await ac.labels.toArray(); // Int32Array [0, 0, 1]
   * ```
   */
  async fit(input: AgglomerativeInput, columns?: readonly string[]): Promise<this> {
    const op = `${this.name}.fit`;
    this.checkCombination();
    const { D, n, kind } = this.metric === 'precomputed' ? { ...(await precomputed(op, input, columns)), kind: 'array' as InputKind } : await euclidean(op, input as MatrixInput, columns, this);
    checkCount(op, n, this);
    const tree = linkageTree(D, n, this.linkage, !(this.linkage === 'single' && this.metric === 'euclidean'));
    const t = this.distanceThreshold;
    const k = t === null ? this.nClusters! : 1 + tree.distances.reduce((c, d) => c + (d >= t ? 1 : 0), 0);
    const labels = cutTree(k, tree.children, n);
    this.dispose();
    const keep = t !== null || this.computeDistances;
    this.result = { labels: DataBuffer.fromHost(labels, 'int32'), kind, children: tree.children, distances: keep ? tree.distances : undefined, nClusters: k, n };
    this.fitted = {};
    return this;
  }

  /**
   * Fit, then return the training labels.
   *
   * @example
   * ```ts
   * const x = new Float64Array([0, 0, 5, 5]);
   * const y = new Float64Array([0, 1, 5, 6]);
   * const labels = await new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single' }).fitPredict([x, y]);
   * await labels.toArray(); // Int32Array [1, 1, 0, 0]
   * ```
   */
  async fitPredict<X extends AgglomerativeInput>(input: X, columns?: readonly string[]): Promise<X extends MatrixInput ? VectorOutput<X> : DataBuffer> {
    await this.fit(input, columns);
    return outputVector(this.result!.kind, this.labels) as X extends MatrixInput ? VectorOutput<X> : DataBuffer;
  }

  /** Free the fitted labels. The estimator is unfitted afterwards. */
  override dispose(): void {
    this.result?.labels.dispose();
    this.result = undefined;
    super.dispose();
  }

  private fit_(what: string): Fitted {
    this.state(what);
    if (!this.result) throw new NotFittedError(`${this.name}.${what}: expected a fitted estimator, got one not fitted (await fit() first)`);
    return this.result;
  }
}
registerEstimator(AgglomerativeClustering);

function checkCount(op: string, n: number, est: { nClusters: number | null }): void {
  if (n < 2) throw new ValueError(`${op}: expected at least 2 samples, got ${n}`);
  if (est.nClusters !== null && est.nClusters > n) throw new ValueError(`${op}: expected nClusters <= samples, got nClusters ${est.nClusters} for ${n} samples`);
}

/** Condensed euclidean distances: pack and pairwise kernels on the active backend, rows downloaded in blocks. */
async function euclidean(op: string, X: MatrixInput, columns: readonly string[] | undefined, est: { nClusters: number | null }): Promise<{ D: Float64Array; n: number; kind: InputKind }> {
  const backend = activeBackend();
  const on = <T>(fn: () => T): T => withBackend(backend, fn);
  const f = await resolveInput(op, X, columns);
  const n = f.n;
  try {
    checkCount(op, n, est);
  } catch (e) {
    f.release();
    throw e;
  }
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
    return { D, n, kind: f.kind };
  } finally {
    matrix.data.dispose();
    flags.dispose();
    f.release();
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
