// Seeded Gaussian blobs for the k-means tests: k well-separated centers in d dimensions and
// n points around them, as one Float64Array per feature (structure of arrays).
import * as gf from 'gpuframe';
import { run } from '../../../kernels/registry.js';
import { kmeansPack } from '../../../kernels/kmeans/ops.js';
import type { Matrix } from '../../../kernels/kmeans/types.js';
import { rng } from '../../helpers/parity.js';

export interface Blobs {
  columns: Float64Array[];
  /** The blob each point was drawn from. */
  truth: Int32Array;
  /** The blob centers, k * d row-major. */
  centers: Float64Array;
}

export function blobs(n: number, d: number, k: number, seed: number, opts: { spread?: number; std?: number } = {}): Blobs {
  const r = rng(seed);
  const spread = opts.spread ?? 20;
  const std = opts.std ?? 1;
  const centers = new Float64Array(k * d);
  for (let q = 0; q < k * d; q++) centers[q] = (r() - 0.5) * 2 * spread;
  const columns = Array.from({ length: d }, () => new Float64Array(n));
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(r() * k);
    truth[i] = c;
    for (let j = 0; j < d; j++) {
      // Box-Muller normal deviate.
      const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      columns[j]![i] = centers[c * d + j]! + std * g;
    }
  }
  return { columns, truth, centers };
}

/** Pack host columns into the ops' matrix on the active backend (for use inside parity()). */

export function packed(columns: ReadonlyArray<Float64Array | Float32Array>): Matrix {
  const r = run(kmeansPack, columns.map((c) => gf.array(c)), columns.map(() => undefined));
  r.flags.dispose();
  return r.matrix;
}

/** The row-major matrix of host columns (the oracle's view). */
export function rows(columns: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const d = columns.length;
  const n = d ? columns[0]!.length : 0;
  const m = new Float64Array(n * d);
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) m[i * d + j] = columns[j]![i]!;
  return m;
}

/** Squared distance, written independently of the twin: sum over features in order from +0. */
export function sqdist(m: Float64Array, i: number, c: Float64Array, ci: number, d: number): number {
  return Array.from({ length: d }, (_, j) => m[i * d + j]! - c[ci * d + j]!).reduce((acc, t) => acc + t * t, 0);
}
