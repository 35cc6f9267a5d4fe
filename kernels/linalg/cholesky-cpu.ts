/**
 * CPU twins of 'linalg/cholesky' and 'linalg/cholesky-solve': plain loops over typed arrays
 * that perform the same binary64 operations in the same order as the WGSL
 * (./cholesky-wgsl.ts), so L, X and the status word agree bit for bit. JS numbers are
 * binary64 with correctly rounded + - * / and sqrt and no fused operations, which is what the
 * soft-f64 WGSL implements; NaN results are written as the canonical quiet NaN, as the
 * device writes them.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { Matrix } from './types.js';

/** A pivot the factorisation accepts: positive and finite (NaN fails). */
export function pivotOk(t: number): boolean {
  return t > 0 && t < Infinity;
}

/**
 * Column by column (left-looking): for j = 0 .. d-1 and i = j .. d-1,
 * t = A[i][j] - L[i][0] L[j][0] - ... - L[i][j-1] L[j][j-1] (in k order); L[j][j] = sqrt(t_j)
 * when t_j is positive and finite, else the status is 1 + j and the factorisation stops;
 * L[i][j] = t_i / L[j][j] for i > j. Reads only the lower triangle of A.
 */
export function choleskyRaw(a: Float64Array, d: number): { l: Float64Array; status: number } {
  const l = new Float64Array(d * d);
  let status = 0;
  for (let j = 0; j < d && status === 0; j++) {
    const jb = j * d;
    for (let i = j; i < d; i++) {
      const ib = i * d;
      let t = a[ib + j]!;
      for (let k = 0; k < j; k++) t -= l[ib + k]! * l[jb + k]!;
      l[ib + j] = t;
    }
    const t = l[jb + j]!;
    if (!pivotOk(t)) {
      status = j + 1;
      break;
    }
    const piv = Math.sqrt(t);
    l[jb + j] = piv;
    for (let i = j + 1; i < d; i++) l[i * d + j] = l[i * d + j]! / piv;
  }
  if (status !== 0) {
    // Columns from the failed pivot on (on and below the diagonal) are NaN.
    for (let i = status - 1; i < d; i++) for (let j = status - 1; j <= i; j++) l[i * d + j] = NaN;
  }
  canonicalNaN(l);
  return { l, status };
}

/** Every NaN as the canonical quiet NaN (0x7ff8000000000000), the one the device writes. */
export function canonicalNaN(v: Float64Array): void {
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) v[i] = NaN;
}

export function choleskyCpu(a: Matrix): { l: Matrix; status: DataBuffer<'uint32'> } {
  const { n: d } = a;
  const { l, status } = choleskyRaw(a.data.hostView('linalg/cholesky') as Float64Array, d);
  return { l: { data: DataBuffer.fromHost(l, 'float64'), n: d, d }, status: DataBuffer.fromHost(new Uint32Array([status]), 'uint32') };
}

/**
 * Per right-hand side c (column of B, d x k row-major): forward substitution
 * y_i = (B[i][c] - L[i][0] y_0 - ... - L[i][i-1] y_{i-1}) / L[i][i], then back substitution
 * x_i = (y_i - L[i+1][i] x_{i+1} - ... - L[d-1][i] x_{d-1}) / L[i][i] for i = d-1 .. 0,
 * the sums in increasing index order.
 */
export function choleskySolveRaw(l: Float64Array, b: Float64Array, d: number, k: number): Float64Array {
  // Row-oriented so the inner loops run over contiguous right-hand sides; each x[i][c] still
  // sees its terms in increasing m order, so the operations per column are the ones above.
  const x = new Float64Array(d * k);
  for (let i = 0; i < d; i++) {
    const ib = i * d;
    const xi = i * k;
    for (let c = 0; c < k; c++) x[xi + c] = b[xi + c]!;
    for (let m = 0; m < i; m++) {
      const lim = l[ib + m]!;
      const xm = m * k;
      for (let c = 0; c < k; c++) x[xi + c] -= lim * x[xm + c]!;
    }
    const p = l[ib + i]!;
    for (let c = 0; c < k; c++) x[xi + c] /= p;
  }
  for (let i = d - 1; i >= 0; i--) {
    const xi = i * k;
    for (let m = i + 1; m < d; m++) {
      const lmi = l[m * d + i]!;
      const xm = m * k;
      for (let c = 0; c < k; c++) x[xi + c] -= lmi * x[xm + c]!;
    }
    const p = l[i * d + i]!;
    for (let c = 0; c < k; c++) x[xi + c] /= p;
  }
  canonicalNaN(x);
  return x;
}

export function choleskySolveCpu(l: Matrix, b: Matrix): Matrix {
  const lv = l.data.hostView('linalg/cholesky-solve') as Float64Array;
  const bv = b.data.hostView('linalg/cholesky-solve') as Float64Array;
  return { data: DataBuffer.fromHost(choleskySolveRaw(lv, bv, l.n, b.d), 'float64'), n: b.n, d: b.d };
}
