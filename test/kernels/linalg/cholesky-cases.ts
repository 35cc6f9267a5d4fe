// Shared inputs of the 'linalg/cholesky' and 'linalg/cholesky-solve' parity tests.
import { rng } from '../../helpers/parity.js';

/** A = M Mᵀ + d I (d × d, row-major) from a seeded generator: symmetric positive definite. */
export function spd(d: number, seed: number): Float64Array {
  const r = rng(seed);
  const m = Float64Array.from({ length: d * d }, () => r() * 2 - 1);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = i === j ? d : 0;
    for (let k = 0; k < d; k++) s += m[i * d + k]! * m[j * d + k]!;
    a[i * d + j] = s;
  }
  return a;
}
