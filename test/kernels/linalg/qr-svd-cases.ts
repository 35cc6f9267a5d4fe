// Shared inputs of the 'linalg/qr' and 'linalg/svd-small' parity tests: the golden JSON of
// scripts/golden/qr_svd_reference.py, its integer formula matrices and seeded random matrices.
import { readFileSync } from 'node:fs';
import * as gf from 'gpuframe';
import { rng } from '../../helpers/parity.js';
import type { Matrix } from '../../../kernels/linalg/types.js';

export interface GoldenCase { n: number; d: number; variant: string; rank: number; r: number[]; s: number[]; vt_u: number[]; vt_v: number[]; u_u?: number[] }
export const golden = JSON.parse(readFileSync('test/fixtures/linalg/qr-svd.json', 'utf8')) as { cases: Record<string, GoldenCase> };

/** The golden script's integer formula (dyadic values, so both sides build the same bits). */
export function formulaMatrix(n: number, d: number, variant = 'plain'): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = (((7 * i + 13 * j + ((i * j) % 5)) % 17) - 8) / 4 + ((i * i + 3 * j) % 11) / 16;
    if (variant === 'rankdef') {
      x[i * d + 3] = x[i * d]! + x[i * d + 1]!;
      x[i * d + 4] = 2.5;
    }
  }
  return x;
}

export function randomMatrix(n: number, d: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n * d }, () => (r() - 0.5) * 10 ** Math.floor(r() * 4 - 1));
}

export const mat = (x: Float64Array, n: number, d: number): Matrix => ({ data: gf.array(x) as Matrix['data'], n, d });

