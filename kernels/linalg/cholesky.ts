/**
 * 'linalg/cholesky' and 'linalg/cholesky-solve': the dense Cholesky factorisation of a
 * symmetric positive-definite d x d float64 matrix and the solve with its factor, for the
 * estimators' normal equations (Ridge, LinearRegression) and Gaussian models. Building blocks
 * for ml/, not user API: they assume validated input (float64, finite where it matters).
 *
 * Layouts (row-major float64, `Matrix` of ./types.ts):
 * - `cholesky(a)`: a is d x d (a.n = a.d = d); only the lower triangle (i >= j) is read.
 *   Returns `l`, d x d lower-triangular with A = L Lᵀ and a strict upper triangle of +0, and
 *   `status`, one uint32: 0 when every pivot was positive and finite, else 1 + j for the first
 *   pivot j that was not (<= 0, NaN or Inf: not positive definite, or non-finite input in the
 *   lower triangle). On failure the factorisation stops: columns 0 .. j-1 of L hold the partial
 *   factor and columns j .. d-1 (on and below the diagonal) are NaN.
 * - `choleskySolve(l, b)`: l is the d x d factor, b is d x k (k right-hand sides as columns).
 *   Returns X (d x k) with L Lᵀ X = B, by forward then back substitution. A zero or NaN
 *   diagonal gives ±Inf/NaN entries (IEEE), never an error: check the status first.
 *
 * Arithmetic: exact IEEE binary64 on both backends in the same order (soft-f64 on the device),
 * so results agree bit for bit (tolerance exact); NaN is always the canonical quiet NaN. The
 * device body runs in one workgroup and needs each matrix in one storage binding (d * d * 8
 * and d * k * 8 bytes within maxBindingBytes): a larger one is a ValueError, not a fallback.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder } from '../runner.js';
import { choleskyCpu, choleskySolveCpu } from './cholesky-cpu.js';
import { choleskyShader, choleskySolveShader } from './cholesky-wgsl.js';
import type { Matrix } from './types.js';

export interface CholeskyResult {
  /** The lower-triangular factor, d x d row-major. */
  readonly l: Matrix;
  /** One uint32: 0 = ok, else 1 + the index of the first pivot that was not positive and finite. */
  readonly status: DataBuffer<'uint32'>;
}

function checkSquare(op: string, what: string, m: Matrix): void {
  if (m.n !== m.d || m.data.length !== m.n * m.d) throw new ShapeError(`${op}: expected ${what} as a square d x d matrix, got ${m.n} x ${m.d} with ${m.data.length} values`);
}

/** The device's limit: one matrix of `count` float64s in one storage binding. */
export function checkBinding(ctx: GpuContext, op: string, what: string, count: number): void {
  if (count * 8 > ctx.maxBindingBytes) throw new ValueError(`${op}: expected ${what} to fit one storage binding of ${ctx.maxBindingBytes} bytes, got ${count * 8}`);
}

function choleskyGpu(ctx: GpuContext, a: Matrix): CholeskyResult {
  const d = a.n;
  checkBinding(ctx, 'linalg/cholesky', 'the d x d matrix', d * d);
  const rec = new Recorder(ctx);
  const l = rec.output(d * d * 8);
  const status = rec.output(4);
  if (d === 0) rec.clear(status, 0, 4);
  else rec.dispatch(choleskyShader(), new Uint32Array([d, 0, 0, 0]), [a.data.deviceBuffer(ctx, 'linalg/cholesky'), l, status], 1);
  rec.submit();
  return { l: { data: DataBuffer.fromDevice(ctx, 'float64', d * d, l), n: d, d }, status: DataBuffer.fromDevice(ctx, 'uint32', 1, status) };
}

function choleskySolveGpu(ctx: GpuContext, l: Matrix, b: Matrix): Matrix {
  const d = l.n;
  const k = b.d;
  checkBinding(ctx, 'linalg/cholesky-solve', 'the d x d factor', d * d);
  checkBinding(ctx, 'linalg/cholesky-solve', 'the d x k right-hand sides', d * k);
  const rec = new Recorder(ctx);
  const x = rec.output(d * k * 8);
  if (d > 0 && k > 0) {
    const binds = [l.data.deviceBuffer(ctx, 'linalg/cholesky-solve'), b.data.deviceBuffer(ctx, 'linalg/cholesky-solve'), x];
    rec.dispatch(choleskySolveShader(), new Uint32Array([d, k, 0, 0]), binds, groups(k));
  }
  rec.submit();
  return { data: DataBuffer.fromDevice(ctx, 'float64', d * k, x), n: d, d: k };
}

function checkSolve(l: Matrix, b: Matrix): void {
  checkSquare('linalg/cholesky-solve', 'l', l);
  if (b.n !== l.n || b.data.length !== b.n * b.d) throw new ShapeError(`linalg/cholesky-solve: expected b with ${l.n} rows (d x k), got ${b.n} x ${b.d} with ${b.data.length} values`);
}

/** A = L Lᵀ for a symmetric positive-definite d x d matrix (lower triangle read), with a pivot status word. */
export const cholesky = defineKernel({
  name: 'linalg/cholesky',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: a NaN or ±Inf in the lower triangle makes a pivot fail (status 1 + j) and columns from j on NaN.',
  cpu: (a: Matrix): CholeskyResult => {
    checkSquare('linalg/cholesky', 'a', a);
    return choleskyCpu(a);
  },
  gpu: (ctx, a: Matrix): CholeskyResult => {
    checkSquare('linalg/cholesky', 'a', a);
    return choleskyGpu(ctx, a);
  },
});

/** X with L Lᵀ X = B, for a Cholesky factor L (d x d) and k right-hand sides B (d x k). */
export const choleskySolve = defineKernel({
  name: 'linalg/cholesky-solve',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: NaN and ±Inf propagate by IEEE arithmetic (a zero pivot gives ±Inf or NaN); NaN is canonical.',
  cpu: (l: Matrix, b: Matrix): Matrix => {
    checkSolve(l, b);
    return choleskySolveCpu(l, b);
  },
  gpu: (ctx, l: Matrix, b: Matrix): Matrix => {
    checkSolve(l, b);
    return choleskySolveGpu(ctx, l, b);
  },
});
