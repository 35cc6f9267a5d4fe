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
import { assignGpu, momentsGpu, packGpu, sumGpu, updateGpu } from './kmeans-gpu.js';
import { assignCpu, momentsCpu, packCpu, sumCpu, updateCpu } from './kmeans-cpu.js';
import { plusplusGpu } from './plusplus-gpu.js';
import { plusplusCpu } from './plusplus-cpu.js';
import type { Matrix, PlusPlusDraws } from './types.js';

const F64: ['float64'] = ['float64'];

/** Columns (float64 or float32, with optional validity) into one row-major float64 matrix, with NaN/Inf/null flags. */
export const kmeansPack = defineKernel({
  name: 'kmeans/pack',
  dtypes: ['float64', 'float32'],
  tolerance: EXACT,
  nulls: 'A null slot sets bit 1 of its column flag and packs as NaN; NaN and ±Inf set bit 0 (the estimator refuses both).',
  cpu: (cols: readonly DataBuffer[], validity: ReadonlyArray<DataBuffer<'uint8'> | undefined>) => packCpu(cols, validity),
  gpu: (ctx, cols: readonly DataBuffer[], validity: ReadonlyArray<DataBuffer<'uint8'> | undefined>) => packGpu(ctx, cols, validity),
});

/** Per-feature mean and population variance (numpy's np.var), as 2d float64: means then variances. */
export const kmeansMoments = defineKernel({
  name: 'kmeans/moments',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'No nulls: the matrix comes from pack, and the estimator refuses flagged input first.',
  cpu: (x: Matrix) => momentsCpu(x),
  gpu: (ctx, x: Matrix) => momentsGpu(ctx, x),
});

/** Nearest center per point (ties to the smallest index), its squared distance (optional), and the changed-label count. */
export const kmeansAssign = defineKernel({
  name: 'kmeans/assign',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'A point with a NaN, ±Inf or null coordinate gets label -1 and distance NaN.',
  cpu: (x: Matrix, centers: DataBuffer<'float64'>, k: number, prev?: DataBuffer<'int32'>, withDistances: boolean = true) => assignCpu(x, centers, k, prev, withDistances),
  gpu: (ctx, x: Matrix, centers: DataBuffer<'float64'>, k: number, prev?: DataBuffer<'int32'>, withDistances: boolean = true) => assignGpu(ctx, x, centers, k, prev, withDistances),
});

/** Centroid update (block-ordered sums / counts; empty clusters keep their center) and the control words. */
export const kmeansUpdate = defineKernel({
  name: 'kmeans/update',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'Points labelled -1 (non-finite input) are left out of every cluster.',
  cpu: (x: Matrix, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, changed: DataBuffer<'uint32'>) => updateCpu(x, labels, centers, k, changed),
  gpu: (ctx, x: Matrix, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, changed: DataBuffer<'uint32'>) =>
    updateGpu(ctx, x, labels, centers, k, changed),
});

/** Sum of a float64 vector in the fixed block order (inertia). */
export const kmeansSum = defineKernel({
  name: 'kmeans/sum',
  dtypes: F64,
  tolerance: EXACT,
  nulls: 'No validity: NaN values propagate to a NaN sum.',
  cpu: (values: DataBuffer<'float64'>) => sumCpu(values),
  gpu: (ctx, values: DataBuffer<'float64'>) => sumGpu(ctx, values),
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
