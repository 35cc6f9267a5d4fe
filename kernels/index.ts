/**
 * `gf.kernels`: the primitive ops on DataBuffers, each a WGSL kernel with a registered CPU twin
 * that gives the same answer. DataFrame verbs, spatial ops and estimators are built from these;
 * reach for them when a frame is not the shape you need. Internal building blocks (the expression
 * compiler, the predicate IR, literal normalisation, segment masks, the registry…) are not
 * exported: code inside the library imports them from their modules.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * const x = gf.array(new Float64Array([3, 1, 2]));
 * const order = gf.kernels.argsort(x);                      // Uint32Array [1, 2, 0]
 * const { values: sorted } = gf.kernels.gather(x, order, { inRange: true }); // [1, 2, 3]
 * console.log(await gf.kernels.reduceValue(sorted, 'sum')); // 6
 * ```
 */
// Elementwise.
export { mapUnary, mapBinary, compare, type UnaryOp, type BinaryOp, type CompareOp, type Scalar } from './map/map.js';
export { fillNull, nullFlags } from './nulls/nulls.js';
export { sequence } from './sequence/sequence.js';
// Order, selection and movement.
export { sortPairs, argsort, type SortOptions, type SortedPairs } from './sort/radix-sort.js';
export { scan } from './scan/scan.js';
export { compactIndices, compact } from './compact/compact.js';
export { gather } from './gather/gather.js';
export { scatter } from './gather/scatter.js';
export { concatValues } from './concat/concat.js';
// Reductions and histograms.
export { reduce, reduceValue, reduceWithValidity, type ReduceOp, type ReduceOptions, type ReduceResult } from './reduce/reduce.js';
export { histogram } from './histogram/histogram.js';
// Groups: keys to groups, boundaries of sorted keys, per-group and per-segment reductions.
export { groupBoundaries } from './groupby/boundaries.js';
export { segmentedReduce, type SegOp, type SegmentedResult } from './groupby/segmented-reduce.js';
export { segmentedMedian, type MedianResult } from './groupby/segmented-median.js';
export { groupRows, partitionRows, type GroupRows, type GroupIds, type GroupRowsOptions, type GroupKey, type PartitionRows } from './groupby/group-rows.js';
export { groupReduce, type ReduceGroups } from './groupby/group-reduce.js';
export { joinMatch, type JoinKey, type JoinKind, type JoinMatch } from './join/match.js';
// Windows over a sorted order.
export { cumulative, type CumOp } from './window/cumulative.js';
export { rolling, type RollOp } from './window/rolling.js';
export { rankSorted, type RankMethod } from './window/rank.js';
export { shift } from './window/shift.js';
export { type WindowResult } from './window/window-cpu.js';
// Lists: row selection of list columns (offsets and child rows).
export { listGather, type ListGatherOptions } from './gather/list-gather.js';
// Trajectories: per-segment length and bearing.
export { trajectorySegments, type SegmentMetric } from './trajectory/segments.js';
export { trajectorySplitGaps } from './trajectory/split-gaps.js';
export { trajectoryStopPoints } from './trajectory/stop-points.js';
export { trajectoryStops } from './trajectory/stops.js';
// Dense linear algebra for the estimators (registered, not exported: ml/ imports the modules).
import './linalg/cholesky.js';
import './linalg/eigh.js';
import './linalg/qr.js';
import './linalg/svd.js';
// Dense float64 building blocks of the estimators (registered here, not exported).
import './linalg/pack.js';
import './linalg/moments.js';
import './linalg/column-moments.js';
import './linalg/unpack.js';
import './linalg/gemm.js';
import './linalg/syrk.js';
import './linalg/col-absmax.js';
import './linalg/topk.js';
import './logistic/loss.js';
import './logistic/proba.js';
import './logistic/argmax.js';
import './preprocess/affine.js';
import './linalg/radius.js';
import './neighbors/vote.js';
import './naive-bayes/class-stats.js';
import './naive-bayes/joint.js';
import './metrics/silhouette.js';
// Forest inference (registered, not exported: ml/forest imports the module).
import './forest/predict.js';
import './forest/train.js';
