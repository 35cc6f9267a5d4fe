/**
 * 'linalg/svd-small': SVD of a small m × d float64 matrix (row-major `Matrix`, ./types.ts;
 * d <= 512 and m × d within one binding on the device) by one-sided Jacobi (Hestenes) to
 * full convergence: A = U diag(s) Vt.
 *
 * Result (`SvdResult`, ./svd-cpu.ts): `s` (d, descending; zeros past min(m, d) and for a
 * rank-deficient A), `vt` (d × d row-major, row k = k-th right singular vector, orthonormal
 * rows), `u` when `withU` (m × d row-major, column k = k-th left singular vector, zero where
 * s[k] = 0).
 *
 * Signs follow scikit-learn 1.2's `svd_flip` on this matrix's own U and Vt: `sign = 'u'`
 * (u_based_decision=True, PCA 'full' and TruncatedSVD 'arpack') makes the first
 * largest-magnitude entry of each column of U non-negative and flips Vt's row with it;
 * `sign = 'v'` (u_based_decision=False, randomized_svd with a transposed problem) does it on
 * Vt's rows. For the SVD of a tall X through X = Q R and R = U_R s Vt: s and Vt are X's, and
 * X's U is Q U_R, whose largest entries are not U_R's, so the 'u' rule of this op does not
 * give scikit-learn's PCA signs. Callers get them from the scores X Vt^T (= U_X s, which PCA
 * computes anyway): for each component k, take the first row of largest |score| and negate
 * Vt's row k (and the scores' column) when that score is negative; s > 0 makes the decision
 * equal to svd_flip's on U_X. With 'v', the signs depend on Vt only and carry over as they are.
 *
 * NaN in A: every sum it reaches is NaN, no rotation of such a pair happens (the threshold
 * test is false), and s, Vt, U hold NaN there (canonical quiet NaN); NaN singular values sort
 * first. Callers refuse non-finite input first.
 *
 * Arithmetic: binary64 throughout, exact IEEE on the device (soft-f64 add, mul, div, sqrt) in
 * the twin's order (same rotations, same sweep count): tolerance exact. Against LAPACK
 * (gesdd + svd_flip) on the test matrices: s within 1e-12 * s[0], entries of Vt and U (unit
 * vectors) within 1e-11; U diag(s) Vt = A within 1e-12 * max|A| * sqrt(d). Speed (CPU): the
 * sweeps cost about 10 m d^2 flops each; d = 256 takes ~0.4 s against gesdd's ~20 ms, d = 32
 * ~15 ms, small beside the QR of a tall X that precedes it.
 */
import { defineKernel, EXACT } from '../registry.js';
import { svdCpu, type SignRule } from './svd-cpu.js';
import { svdGpu } from './svd-gpu.js';
import type { Matrix } from './types.js';

export type { SignRule, SvdResult } from './svd-cpu.js';

export const linalgSvdSmall = defineKernel({
  name: 'linalg/svd-small',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: the matrix comes from a pack that refuses nulls; NaN propagates (see the module header).',
  cpu: (a: Matrix, withU: boolean = false, sign: SignRule = 'u') => svdCpu(a, withU, sign),
  gpu: (ctx, a: Matrix, withU: boolean = false, sign: SignRule = 'u') => svdGpu(ctx, a, withU, sign),
});
