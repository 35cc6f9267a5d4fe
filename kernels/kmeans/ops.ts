/**
 * The k-means ops: registry entries (WGSL body + CPU twin, one signature) that ml/kmeans.ts
 * calls through `run`. They are building blocks, not user API; they assume validated input
 * (the estimator checks dtypes, lengths and sizes once, at its public boundary).
 *
 * Arithmetic: float64 throughout, exact IEEE binary64 on the device (soft-f64 on raw bits),
 * in fixed orders replicated by the twins, so every output agrees bit for bit: tolerance
 * exact. float32 columns are widened exactly to float64 by `pack`; nothing is downcast.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { assignGpu, sumGpu, updateGpu } from './kmeans-gpu.js';
import { assignCpu, sumCpu, updateCpu } from './kmeans-cpu.js';
import { plusplusGpu } from './plusplus-gpu.js';
import { plusplusCpu } from './plusplus-cpu.js';
import type { Matrix, PlusPlusDraws } from './types.js';

const F64: ['float64'] = ['float64'];

/**
 * Pack and moments are the shared dense ops 'linalg/pack' and 'linalg/moments'; these names
 * stay for the k-means callers and tests (the same registry entries, not copies).
 */
export { linalgPack as kmeansPack } from '../linalg/pack.js';
export { linalgMoments as kmeansMoments } from '../linalg/moments.js';

/** Nearest center per point (ties to the smallest index), its squared distance (optional), and the changed-label count. */
export const kmeansAssign = defineKernel({
  name: 'kmeans/assign',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'A point with a NaN, ±Inf or null coordinate gets label -1 and distance NaN.',
  cpu: (x: Matrix, centers: DataBuffer<'float64'>, k: number, prev?: DataBuffer<'int32'>, withDistances: boolean = true) => assignCpu(x, centers, k, prev, withDistances),
  gpu: (ctx, x: Matrix, centers: DataBuffer<'float64'>, k: number, prev?: DataBuffer<'int32'>, withDistances: boolean = true) => assignGpu(ctx, x, centers, k, prev, withDistances),
});

/**
 * Centroid update, optionally weighted: block-ordered sums of x (x * w) and of the weights
 * (counts), scikit-learn's `_average_centers` (a cluster of weight 0 gets its sums), and the
 * control words; the sums come back too, for 'kmeans/relocate'.
 */
export const kmeansUpdate = defineKernel({
  name: 'kmeans/update',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'Points labelled -1 (non-finite input) are left out of every cluster.',
  cpu: (x: Matrix, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, changed: DataBuffer<'uint32'>, weights?: DataBuffer<'float64'>) =>
    updateCpu(x, labels, centers, k, changed, weights),
  gpu: (ctx, x: Matrix, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, changed: DataBuffer<'uint32'>, weights?: DataBuffer<'float64'>) =>
    updateGpu(ctx, x, labels, centers, k, changed, weights),
});

/** Sum of a float64 vector (of v * w with weights) in the fixed block order (the inertia). */
export const kmeansSum = defineKernel({
  name: 'kmeans/sum',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'No validity: NaN values propagate to a NaN sum.',
  cpu: (values: DataBuffer<'float64'>, weights?: DataBuffer<'float64'>) => sumCpu(values, weights),
  gpu: (ctx, values: DataBuffer<'float64'>, weights?: DataBuffer<'float64'>) => sumGpu(ctx, values, weights),
});

/** Greedy k-means++ seeding from the host's draws, entirely on the device. */
export const kmeansPlusPlus = defineKernel({
  name: 'kmeans/plusplus',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'No nulls: the matrix comes from pack, and the estimator refuses flagged input first.',
  cpu: (x: Matrix, k: number, draws: PlusPlusDraws) => plusplusCpu(x, k, draws),
  gpu: (ctx, x: Matrix, k: number, draws: PlusPlusDraws) => plusplusGpu(ctx, x, k, draws),
});

/** Empty-cluster relocation (scikit-learn's), the far points it takes, and the distances to every center. */
export { kmeansFarthest } from './farthest.js';
export { kmeansRelocate, type RelocateInput } from './relocate.js';
export { kmeansTransform } from './transform.js';
