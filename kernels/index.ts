/** The primitive ops, each a WGSL kernel with a CPU twin. */
export { mapUnary, mapBinary, compare, type UnaryOp, type BinaryOp, type CompareOp, type Scalar } from './map/map.js';
export { registeredKernels, type KernelEntry, type Tolerance } from './registry.js';
