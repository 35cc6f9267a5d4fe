/**
 * 'linalg/syrk': the Gram matrix of a row-major float64 X (n × d): the d × d matrix
 *
 *   G[a][c] = Σ_i ((X_ia − μ_a) · w_i) · (X_ic − μ_c)
 *
 * with the centring (`center`: d means; the covariance numerator) and the per-row sample
 * weights optional (an absent one is an absent operation). Only a ≤ c is computed and the
 * lower triangle mirrors it, so G is symmetric bit for bit; the full d × d matrix is written.
 *
 * Order and bodies: ./linalg-gram.ts (blocks of 256 rows, per-block d × d partials on the
 * device, summed in block order). Exact binary64 on both backends: tolerance exact.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { Recorder } from '../runner.js';
import { deviceOf, gramCpu, hostOf, recordGram } from './linalg-gram.js';
import type { Matrix } from './types.js';

const OP = 'linalg/syrk';

export interface SyrkOptions {
  /** d values subtracted from each row first (the means: XᵀX becomes the scatter matrix). */
  readonly center?: DataBuffer<'float64'>;
  /** n sample weights, one per row. */
  readonly weights?: DataBuffer<'float64'>;
}

function check(X: Matrix, opts: SyrkOptions): void {
  for (const key of Object.keys(opts)) if (key !== 'center' && key !== 'weights') throw new ValueError(`${OP}: expected options among center, weights, got '${key}'`);
  if (X.data.length !== X.n * X.d) throw new ShapeError(`${OP}: expected X of ${X.n} × ${X.d} = ${X.n * X.d} values, got ${X.data.length}`);
  if (opts.center && opts.center.length !== X.d) throw new ShapeError(`${OP}: expected center of ${X.d} values (X's columns), got ${opts.center.length}`);
  if (opts.weights && opts.weights.length !== X.n) throw new ShapeError(`${OP}: expected weights of ${X.n} values (X's rows), got ${opts.weights.length}`);
}

export function syrkCpu(X: Matrix, opts: SyrkOptions = {}): Matrix {
  check(X, opts);
  const a = X.data.hostView(OP) as Float64Array;
  const out = gramCpu({ a, b: a, n: X.n, p: X.d, q: X.d, bT: false, muA: hostOf(opts.center, OP), w: hostOf(opts.weights, OP), sym: true });
  return { data: DataBuffer.fromHost(out, 'float64'), n: X.d, d: X.d };
}

export function syrkGpu(ctx: GpuContext, X: Matrix, opts: SyrkOptions = {}): Matrix {
  check(X, opts);
  const d = X.d;
  if (d * d * 8 > ctx.maxBindingBytes) throw new ValueError(`${OP}: expected the ${d} × ${d} result to fit one binding of ${ctx.maxBindingBytes} bytes, got ${d * d * 8}`);
  const rec = new Recorder(ctx);
  const out = rec.output(d * d * 8);
  const a = X.data.deviceBuffer(ctx, OP);
  recordGram(rec, OP, { a, b: a, n: X.n, p: d, q: d, bT: false, muA: deviceOf(ctx, opts.center, OP), w: deviceOf(ctx, opts.weights, OP), sym: true }, out);
  rec.submit();
  return { data: DataBuffer.fromDevice(ctx, 'float64', d * d, out), n: d, d };
}

/** XᵀX (d × d, symmetric, full), optionally centred by given means and weighted per row; float64 exact. */
export const linalgSyrk = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: NaN and ±Inf propagate as IEEE arithmetic does (NaN results are the canonical quiet NaN on both backends).',
  cpu: (X: Matrix, opts?: SyrkOptions) => syrkCpu(X, opts),
  gpu: (ctx, X: Matrix, opts?: SyrkOptions) => syrkGpu(ctx, X, opts),
});
