/**
 * 'linalg/eigh': the symmetric eigendecomposition A = V Λ Vᵀ of a d x d float64 matrix, by
 * round-robin (parallel-ordered) Jacobi to full convergence, for PCA on the covariance and the
 * randomized solvers. A building block for ml/, not user API.
 *
 * `eigh(a)`: a is d x d row-major (a.n = a.d = d); only the lower triangle (i >= j) is read and
 * mirrored. Returns
 * - `values`: d float64 eigenvalues, descending (numeric total order, +0 before -0; equal values
 *   keep their Jacobi index order);
 * - `vectors`: d x d row-major, ROW k the unit eigenvector of values[k] (scikit-learn's
 *   `components_` layout), its largest-|value| component positive (the first such on ties):
 *   the convention of scikit-learn's svd_flip(u, vt, u_based_decision=False) on the rows of vt;
 * - `info`: two uint32, [status, sweeps]: status 0 = converged (a sweep with no rotation),
 *   1 = not converged within EIGH_MAX_SWEEPS sweeps (the last iterate is returned), 2 = a NaN or
 *   ±Inf in the lower triangle (values and vectors are all NaN, sweeps 0).
 * Rotations stop when every |a_pq| <= 2^-52 sqrt|a_pp| sqrt|a_qq| (such entries are set to 0),
 * so eigenvalues carry an error of a few ulps of ‖A‖ and vectors are orthonormal to ~d ulps.
 * Entries need |a| < ~1e300 (θ = (a_qq - a_pp) / 2a_pq must not overflow).
 *
 * Arithmetic: exact IEEE binary64 on both backends in the same order (soft-f64 on the device):
 * tolerance exact, NaN canonical. The device runs each pass in one workgroup; it needs d <= 512
 * (one pair per thread) and d * d * 8 bytes within one storage binding: else a ValueError.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { Recorder, WG } from '../runner.js';
import { checkBinding } from './cholesky.js';
import { EIGH_MAX_SWEEPS, eighCpu } from './eigh-cpu.js';
import { eighFinishShader, eighInitShader, eighSweepShader } from './eigh-wgsl.js';
import type { Matrix } from './types.js';

export interface EighResult {
  /** d eigenvalues, descending. */
  readonly values: DataBuffer<'float64'>;
  /** d x d row-major; row k is the eigenvector of values[k]. */
  readonly vectors: Matrix;
  /** [status (0 converged, 1 not converged, 2 non-finite input), sweeps]. */
  readonly info: DataBuffer<'uint32'>;
}

function checkSquare(a: Matrix): void {
  if (a.n !== a.d || a.data.length !== a.n * a.d) throw new ShapeError(`linalg/eigh: expected a as a square d x d matrix, got ${a.n} x ${a.d} with ${a.data.length} values`);
}

function eighGpu(ctx: GpuContext, a: Matrix): EighResult {
  const d = a.n;
  if (d > 2 * WG) throw new ValueError(`linalg/eigh: expected d <= ${2 * WG} on the device, got ${d}`);
  checkBinding(ctx, 'linalg/eigh', 'the d x d matrix', d * d);
  const rec = new Recorder(ctx);
  const values = rec.output(d * 8);
  const vectors = rec.output(d * d * 8);
  const info = rec.output(8);
  if (d === 0) rec.clear(info, 0, 8);
  else {
    const w = rec.temp(d * d * 8);
    const v = rec.temp(d * d * 8);
    const c = rec.temp(16);
    const u = new Uint32Array([d, EIGH_MAX_SWEEPS, 0, 0]);
    rec.dispatch(eighInitShader(), u, [a.data.deviceBuffer(ctx, 'linalg/eigh'), w, v, c], 1);
    for (let s = 0; s < EIGH_MAX_SWEEPS; s++) rec.dispatch(eighSweepShader(), u, [w, v, c], 1);
    rec.dispatch(eighFinishShader(), u, [w, v, c, values, vectors, info], 1);
  }
  rec.submit();
  return {
    values: DataBuffer.fromDevice(ctx, 'float64', d, values),
    vectors: { data: DataBuffer.fromDevice(ctx, 'float64', d * d, vectors), n: d, d },
    info: DataBuffer.fromDevice(ctx, 'uint32', 2, info),
  };
}

/** Eigenvalues (descending) and eigenvectors (rows, largest |component| positive) of a symmetric matrix. */
export const eigh = defineKernel({
  name: 'linalg/eigh',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: a NaN or ±Inf in the lower triangle gives status 2 and all-NaN values and vectors.',
  cpu: (a: Matrix): EighResult => {
    checkSquare(a);
    return eighCpu(a);
  },
  gpu: (ctx, a: Matrix): EighResult => {
    checkSquare(a);
    return eighGpu(ctx, a);
  },
});
