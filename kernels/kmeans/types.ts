/** Shapes the k-means ops pass between each other. */
import type { DataBuffer } from '../../src/memory/data-buffer.js';

/** The row-major float64 matrix and the pack result are the shared linalg shapes. */
export type { Matrix, PackResult } from '../linalg/types.js';

export interface AssignResult {
  /** Nearest center per point (smallest index on ties); -1 for a point with a non-finite coordinate. */
  readonly labels: DataBuffer<'int32'>;
  /** Squared distance to that center (NaN for label -1); only when asked for. */
  readonly distances: DataBuffer<'float64'> | undefined;
  /** One word: points whose label differs from the previous labels (all of them without). */
  readonly changed: DataBuffer<'uint32'>;
}

export interface UpdateResult {
  /** New centers, k * d row-major: (weighted) cluster means; a cluster of weight 0 gets its sums (+0 without points). */
  readonly centers: DataBuffer<'float64'>;
  /** Four float64: squared center shift (summed in order), changed labels, empty clusters (weight 0), 0. */
  readonly control: DataBuffer<'float64'>;
  /** Per-cluster sums of (weighted) coordinates, k * d, in the fixed block order. */
  readonly sums: DataBuffer<'float64'>;
  /** Per-cluster sums of the weights (counts unweighted), k. */
  readonly weights: DataBuffer<'float64'>;
}

/** The host's draws for k-means++: the first center's index and (k - 1) * trials uniforms in [0, 1). */
export interface PlusPlusDraws {
  readonly first: number;
  readonly rands: Float64Array;
}
