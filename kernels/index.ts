/** The primitive ops, each a WGSL kernel with a CPU twin. */
export { mapUnary, mapBinary, compare, type UnaryOp, type BinaryOp, type CompareOp, type Scalar } from './map/map.js';
export { registeredKernels, type KernelEntry, type Tolerance } from './registry.js';
export { sortPairs, argsort, type SortOptions, type SortedPairs } from './sort/radix-sort.js';
export { scan } from './scan/scan.js';
export { compactIndices, compact } from './compact/compact.js';
export { gather } from './gather/gather.js';
export { scatter } from './gather/scatter.js';
export { histogram } from './histogram/histogram.js';
export { predicate, type PNode, type PredicateInput } from './predicate/predicate.js';
export { normalizeLiteral, normalizeString } from './predicate/literal.js';
export { reduce, reduceValue, reduceWithValidity, type ReduceOp, type ReduceOptions, type ReduceResult } from './reduce/reduce.js';
export { nullFlags, fillNull } from './nulls/nulls.js';
export { groupBoundaries } from './groupby/boundaries.js';
export { segmentedReduce, checkOverflow, type SegOp, type SegmentedResult } from './groupby/segmented-reduce.js';
export { type HaversineOperand } from './haversine/haversine.js';
export { sequence } from './sequence/sequence.js';
