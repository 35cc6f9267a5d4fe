/**
 * The tree learners' two kernels (layouts and semantics in ./train-layout.ts):
 * - 'forest/histogram': per open node and candidate feature, the bins' row counts, weights and
 *   class weights or fixed-point target sums, as exact integers;
 * - 'forest/partition': every row of a batch of trees moves to its child slot or leaf.
 * Integer results, equal word for word on both backends, so the splits the host picks from
 * them (ml/forest/grow.ts) are the same trees on both.
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { histogramCpu, partitionCpu } from './train-cpu.js';
import { histogramGpu, partitionGpu } from './train-gpu.js';
import type { BinnedMatrix, HistogramArgs } from './train-layout.js';

export const forestHistogram = defineKernel({
  name: 'forest/histogram',
  dtypes: ['uint32', 'int32'],
  tolerance: EXACT,
  nulls: 'No validity: the learners refuse missing values before binning; a row is counted when its slot is in range.',
  cpu: (a: HistogramArgs) => histogramCpu(a),
  gpu: (ctx, a: HistogramArgs) => histogramGpu(ctx, a),
});

export const forestPartition = defineKernel({
  name: 'forest/partition',
  dtypes: ['uint32', 'int32'],
  tolerance: EXACT,
  nulls: 'No validity: rows out of the sample or in finished leaves carry negative slots and keep them.',
  cpu: (X: BinnedMatrix, trees: number, node: DataBuffer<'int32'>, action: DataBuffer<'int32'>) => partitionCpu(X, trees, node, action),
  gpu: (ctx, X: BinnedMatrix, trees: number, node: DataBuffer<'int32'>, action: DataBuffer<'int32'>) => partitionGpu(ctx, X, trees, node, action),
});
