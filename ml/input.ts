/**
 * Estimator inputs resolved to one float64 or float32 DataBuffer per feature (see
 * ./matrix-input.ts, which builds them from every X kind), and the errors every estimator
 * raises for values scikit-learn refuses.
 */
import { ValueError } from '../src/errors.js';
import type { DataBuffer } from '../src/memory/data-buffer.js';

export interface ResolvedFeatures {
  readonly cols: DataBuffer[];
  readonly validity: Array<DataBuffer<'uint8'> | undefined>;
  /** Names for messages: the frame's column names, or `X[j]`. */
  readonly names: string[];
  readonly n: number;
  readonly d: number;
}

/** The error for a column holding nulls (scikit-learn refuses missing values). */
export function nullError(op: string, name: string): ValueError {
  return new ValueError(`${op}: expected no nulls in column '${name}', got nulls (drop or fill them first)`);
}

/** The error for a column holding NaN or ±Inf (scikit-learn refuses both). */
export function nonFiniteError(op: string, name: string): ValueError {
  return new ValueError(`${op}: expected finite values in column '${name}', got NaN or ±Inf`);
}
