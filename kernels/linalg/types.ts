/** Shapes the dense linear-algebra ops pass between each other. */
import type { DataBuffer } from '../../src/memory/data-buffer.js';

/** n rows of d columns, row-major float64 (row i, column j at i * d + j). */
export interface Matrix {
  data: DataBuffer<'float64'>;
  n: number;
  d: number;
}

/** The result of 'linalg/pack': the matrix and one flag word per column. */
export interface PackResult {
  readonly matrix: Matrix;
  /** One word per column: bit 0 set if a value is NaN or ±Inf, bit 1 if a slot is null. */
  readonly flags: DataBuffer<'uint32'>;
}
