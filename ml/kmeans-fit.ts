/**
 * The fitting half of KMeans (./kmeans.ts): the arguments of fit/score, the sample weights,
 * and scikit-learn 1.2's `_kmeans_single_lloyd` on registered ops (kernels/kmeans/), with its
 * empty-cluster relocation. Only control values come back: the four control words per
 * iteration, the weights' flags and range, and the inertia.
 */
import { ValueError } from '../src/errors.js';
import { checkOptions as checkStrict } from '../src/options.js';
import type { DataBuffer } from '../src/memory/data-buffer.js';
import { run } from '../kernels/registry.js';
import { reduce } from '../kernels/reduce/reduce.js';
import { kmeansAssign, kmeansFarthest, kmeansRelocate, kmeansSum, kmeansUpdate } from '../kernels/kmeans/ops.js';
import type { Matrix } from '../kernels/kmeans/types.js';
import { DataFrame } from '../frame/data-frame.js';
import { readControl } from './control.js';
import { packChecked, type VectorInput } from './linear-model/common.js';
import { resolveVector, type FrameSelection, type MatrixInput } from './matrix-input.js';

/** Options of `KMeans.fit` (and fitPredict, fitTransform, score). */
export interface KMeansFitOptions {
  /** With X a DataFrame: the feature columns (default: every column but the weights'). */
  columns?: readonly string[];
  /**
   * One weight per sample (a column name of X's frame, a Column, DataBuffer, typed array or
   * number[]): finite, >= 0, not all 0. Weighted means, weighted inertia (k-means++ seeding is
   * unweighted, as in scikit-learn 1.2).
   */
  sampleWeight?: VectorInput;
}

/** `fit(X, ['a', 'b'])` or `fit(X, { columns, sampleWeight })`, checked. */
export function fitArgs(op: string, X: MatrixInput, arg: readonly string[] | KMeansFitOptions | undefined): { columns: readonly string[] | undefined; sampleWeight: VectorInput | undefined; frame: DataFrame | undefined } {
  const frame = X instanceof DataFrame ? X : X && typeof X === 'object' && 'frame' in X && (X as FrameSelection).frame instanceof DataFrame ? (X as FrameSelection).frame : undefined;
  if (arg === undefined || Array.isArray(arg)) return { columns: arg as readonly string[] | undefined, sampleWeight: undefined, frame };
  if (arg === null || typeof arg !== 'object') throw new ValueError(`${op}: expected column names or options { columns, sampleWeight }, got ${typeof arg}`);
  checkStrict(op, arg, ['columns', 'sampleWeight']);
  const o = arg as KMeansFitOptions;
  let columns = o.columns;
  if (columns === undefined && X instanceof DataFrame && typeof o.sampleWeight === 'string') columns = X.names.filter((nm) => nm !== o.sampleWeight);
  return { columns, sampleWeight: o.sampleWeight, frame };
}

/** The weights as a packed float64 vector: finite, no nulls, >= 0, some > 0 (ValueError naming them). */
export async function resolveWeights(op: string, frame: DataFrame | undefined, sw: VectorInput | undefined, n: number): Promise<DataBuffer<'float64'> | undefined> {
  if (sw === undefined) return undefined;
  const v = await resolveVector(op, 'sampleWeight', frame, sw, n);
  try {
    const W = await packChecked(op, [v.data], [v.validity], [v.name]);
    const w = W.data as DataBuffer<'float64'>;
    try {
      if (n > 0) {
        const range: number[] = [];
        for (const r of ['min', 'max'] as const) {
          const b = reduce(w, r);
          range.push((await readControl(b, op))[0] as number);
          b.dispose();
        }
        if (range[0]! < 0) throw new ValueError(`${op}: expected sampleWeight >= 0, got a weight of ${range[0]}`);
        if (!(range[1]! > 0)) throw new ValueError(`${op}: expected some sampleWeight > 0, got every weight 0`);
      }
      return w;
    } catch (e) {
      w.dispose();
      throw e;
    }
  } finally {
    v.release();
  }
}

/** One run's result: device-resident centers and labels, host inertia and iterations. */
export interface RunResult {
  centers: DataBuffer<'float64'>;
  labels: DataBuffer<'int32'>;
  inertia: number;
  nIter: number;
}

/**
 * Lloyd iterations from `init` (consumed), with scikit-learn's stopping rules: strict
 * convergence (no label changed) or a squared center shift <= tolAbs, then one more
 * assignment for the labels and the (weighted) inertia of the final centers.
 */
export async function lloyd(op: string, x: Matrix, w: DataBuffer<'float64'> | undefined, init: DataBuffer<'float64'>, k: number, maxIter: number, tolAbs: number): Promise<RunResult> {
  let centers = init;
  let labels: DataBuffer<'int32'> | undefined;
  let nIter = 0;
  while (nIter < maxIter) {
    // Labels only: the device settles most points in f32 brackets, without soft-f64 work.
    const a = run(kmeansAssign, x, centers, k, labels, false);
    const u = run(kmeansUpdate, x, a.labels, centers, k, a.changed, w);
    let ctl = await readControl(u.control, op);
    let next = u.centers;
    u.control.dispose();
    if (ctl[2]! > 0) {
      next.dispose();
      const r = relocate(x, w, a.labels, centers, k, ctl[2]!, u, a.changed);
      ctl = await readControl(r.control, op);
      r.control.dispose();
      next = r.centers;
    }
    u.sums.dispose();
    u.weights.dispose();
    a.changed.dispose();
    labels?.dispose();
    centers.dispose();
    labels = a.labels;
    centers = next;
    nIter++;
    if (ctl[1] === 0 || ctl[0]! <= tolAbs) break;
  }
  // The labels and distances of the final centers (scikit-learn reassigns after a tol stop;
  // after a strict stop this gives the same labels again).
  labels?.dispose();
  const a = run(kmeansAssign, x, centers, k, undefined, true);
  a.changed.dispose();
  const inertia = await weightedSum(op, a.distances!, w);
  return { centers, labels: a.labels, inertia, nIter };
}

/** scikit-learn's relocation: the `empty` points farthest from their (old) centers become the empty clusters' centers. */
function relocate(x: Matrix, w: DataBuffer<'float64'> | undefined, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, empty: number, u: { sums: DataBuffer<'float64'>; weights: DataBuffer<'float64'> }, changed: DataBuffer<'uint32'>) {
  // The distance of each point to its own label's center is its distance to the nearest center.
  const ad = run(kmeansAssign, x, centers, k, undefined, true);
  ad.labels.dispose();
  ad.changed.dispose();
  const far = run(kmeansFarthest, ad.distances!, Math.min(empty, x.n));
  ad.distances!.dispose();
  try {
    return run(kmeansRelocate, { x, labels, weights: w, far: far.indices, farDistances: far.distances, sums: u.sums, wsum: u.weights, centers, k, changed });
  } finally {
    far.indices.dispose();
    far.distances.dispose();
  }
}

/** Σ d_i (× w_i) in the fixed block order, read as one control value; `d` is freed. */
export async function weightedSum(op: string, d: DataBuffer<'float64'>, w: DataBuffer<'float64'> | undefined): Promise<number> {
  const total = run(kmeansSum, d, w);
  d.dispose();
  try {
    return (await readControl(total, op))[0]!;
  } finally {
    total.dispose();
  }
}
