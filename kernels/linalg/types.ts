/** Shapes the dense linear-algebra ops pass between each other. */
import type { DataBuffer } from '../../src/memory/data-buffer.js';

/** n rows of d columns, row-major float64 (row i, column j at i * d + j). */
export interface Matrix {
  data: DataBuffer<'float64'>;
  n: number;
  d: number;
}
