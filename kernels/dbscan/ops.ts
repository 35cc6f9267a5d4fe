/**
 * The DBSCAN ops (ml/dbscan.ts calls them through `run`): grid cells, neighbour counts,
 * core components and scikit-learn's labels. Building blocks, not user API: they assume
 * validated input (finite coordinates, a non-negative matrix).
 *
 * Every neighbour decision is an exact binary64 comparison made in the same order on both
 * bodies (soft-f64 on the device), so counts, core flags, components and labels agree
 * exactly: tolerance exact. The haversine space has a CPU body only (a sphere grid above 256 points,
 * ./haversine-grid.ts); on WebGPU its ops read
 * the coordinates back (a counted download) and run it.
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { cellsCpu, componentsCpu, countCpu, labelsCpu } from './dbscan-cpu.js';
import { cellsGpu, componentsGpu, countGpu, labelsGpu } from './dbscan-gpu.js';
import type { Space } from './types.js';

const F64: ['float64'] = ['float64'];
const NO_NULLS = 'No nulls: the estimator refuses nulls, NaN and ±Inf before building the space.';

/** Cell key per point of an n x 2 matrix: floor((y - oy) / s) * nx + floor((x - ox) / s), exact. */
export const dbscanCells = defineKernel({
  name: 'dbscan/cells',
  dtypes: F64,
  tolerance: EXACT,
  nulls: NO_NULLS,
  cpu: (matrix: DataBuffer<'float64'>, n: number, ox: number, oy: number, s: number, nx: number) => cellsCpu(matrix, n, ox, oy, s, nx),
  gpu: (ctx, matrix: DataBuffer<'float64'>, n: number, ox: number, oy: number, s: number, nx: number) => cellsGpu(ctx, matrix, n, ox, oy, s, nx),
});

/** Neighbour count per point (itself included) and two flag words (word 0: a precomputed relation is not symmetric). */
export const dbscanCount = defineKernel({
  name: 'dbscan/count',
  dtypes: F64,
  tolerance: EXACT,
  nulls: NO_NULLS,
  cpu: async (space: Space) => countCpu(space),
  gpu: (ctx, space: Space) => countGpu(ctx, space),
});

/** Components of the core points: the smallest core index of each core point's component, -1 elsewhere. */
export const dbscanComponents = defineKernel({
  name: 'dbscan/components',
  dtypes: F64,
  tolerance: EXACT,
  nulls: NO_NULLS,
  cpu: async (space: Space, counts: DataBuffer<'uint32'>, minSamples: number) => componentsCpu(space, counts, minSamples),
  gpu: (ctx, space: Space, counts: DataBuffer<'uint32'>, minSamples: number) => componentsGpu(ctx, space, counts, minSamples),
});

/** scikit-learn's labels: clusters numbered by smallest core index; a border point takes its smallest neighbouring cluster; noise -1. */
export const dbscanLabels = defineKernel({
  name: 'dbscan/labels',
  dtypes: F64,
  tolerance: EXACT,
  nulls: NO_NULLS,
  cpu: async (space: Space, comp: DataBuffer<'int32'>) => labelsCpu(space, comp),
  gpu: (ctx, space: Space, comp: DataBuffer<'int32'>) => labelsGpu(ctx, space, comp),
});
