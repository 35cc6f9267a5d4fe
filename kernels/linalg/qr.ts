/**
 * 'linalg/qr': QR of a tall-skinny n × d float64 matrix (row-major `Matrix`, ./types.ts) by
 * TSQR: Householder QR of row blocks (one workgroup per block on the device), then of the
 * stacked triangles, up a fixed tree (./qr-layout.ts) to one d × d R.
 *
 * Result (`QrResult`, ./qr-cpu.ts):
 * - `r`: d × d row-major, upper triangular (zeros below the diagonal, and in rows past n
 *   when n < d), with the sign rule diag(R) >= 0: a row whose diagonal came out negative is
 *   negated (from the diagonal on), and Q's column with it, so X = Q R holds.
 * - `q` (when `withQ`): n × d row-major with orthonormal columns (Q^T Q = I when n >= d;
 *   when n < d, columns n .. d-1 of Q are zero and Q^T Q = diag(1, .., 1, 0, .., 0)), X = Q R.
 * - Least squares needs no Q: the R of [X | y] holds Q^T y in its last column (above the
 *   diagonal), and |R[d][d]| is the residual norm.
 *
 * Rank deficiency gives no NaN: a column with nothing left below its diagonal (a zero or
 * dependent column) takes no reflection, so R has a (near) zero on its diagonal there.
 * NaN or ±Inf in a column make every R entry they reach NaN (canonical quiet NaN) and so
 * Q's; the callers refuse non-finite input first. Sums of squares are not scaled: values
 * beyond ~1e154 in magnitude overflow to Inf (then NaN), and a column whose remaining
 * entries are all below ~1e-162 squares to 0 and takes no reflection (its tail is dropped).
 *
 * Arithmetic: binary64 throughout, exact IEEE on the device (soft-f64 add, mul, div, sqrt)
 * in the twin's order: tolerance exact. Device limit: d <= 256 (one thread per column).
 */
import { defineKernel, EXACT } from '../registry.js';
import { qrCpu } from './qr-cpu.js';
import { qrGpu } from './qr-gpu.js';
import type { Matrix } from './types.js';

export type { QrResult } from './qr-cpu.js';

export const linalgQr = defineKernel({
  name: 'linalg/qr',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: the matrix comes from a pack that refuses nulls; NaN and ±Inf propagate to NaN in R and Q.',
  cpu: (x: Matrix, withQ: boolean = false) => qrCpu(x, withQ),
  gpu: (ctx, x: Matrix, withQ: boolean = false) => qrGpu(ctx, x, withQ),
});
