// Shared data for the linalg op tests: seeded matrices, the Matrix shape on the active
// backend, and independent plain-JS references (the fixed block order written per entry,
// and a naive sequential sum for a tolerance check).
import * as gf from 'gpuframe';
import type { Matrix } from '../../../kernels/linalg/types.js';
import { rng } from '../../helpers/parity.js';

export const BLOCK = 256;

/** n × d row-major values in [-scale, scale), seeded. */
export function randomMatrix(n: number, d: number, seed: number, scale = 10): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n * d }, () => (r() * 2 - 1) * scale);
}

/** The Matrix of host values (a DataBuffer on the active backend when used inside parity()). */
export function mat(values: Float64Array, n: number, d: number): Matrix {
  return { data: gf.array(values), n, d };
}

/** Σ over t in [0, len) of term(t): blocks of 256 from +0 in order, then the block sums from +0. */
export function blockSum(len: number, term: (t: number) => number): number {
  let total = 0;
  for (let b = 0; b < len; b += BLOCK) {
    let part = 0;
    for (let t = b; t < Math.min(b + BLOCK, len); t++) part += term(t);
    total += part;
  }
  return total;
}

/** Relative closeness to a naive sum: |x - y| <= 1e-12 * Σ|terms| (both NaN passes). */
export function closeTo(x: number, y: number, scale: number): boolean {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (x === y) return true;
  return Math.abs(x - y) <= 1e-12 * scale + 1e-300;
}
