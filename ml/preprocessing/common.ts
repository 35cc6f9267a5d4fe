/**
 * Shared pieces of the preprocessing estimators:
 * - `columnStats`: the per-column statistics of the scalers from 'linalg/column-moments' (pack's
 *   flags, which refuse NaN, ±Inf and nulls, naming the column, and the mean, population
 *   variance and, on request, min and max of 'linalg/moments', exact binary64 on both backends,
 *   without building the matrix on the CPU), read back as one counted control read of 2d or 4d numbers;
 * - `affine`: the scalers' per-row work, 'preprocess/affine' (exact binary64 on both backends);
 * - `mapColumns`: other per-row work as one expression per column evaluated by the frame's fused
 *   expression kernel (exact binary64 on the device, the same operations as the CPU twin), with
 *   constants as literals (a literal table, never shader text);
 * - `handleZerosInScale`: scikit-learn's `_handle_zeros_in_scale` (constant features get scale 1).
 */
import { Column } from '../../src/column/column.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgColumnMoments } from '../../kernels/linalg/column-moments.js';
import { linalgPack } from '../../kernels/linalg/pack.js';
import { preprocessAffine } from '../../kernels/preprocess/affine.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, type Expr } from '../../frame/expr.js';
import { readControl } from '../control.js';
import { nonFiniteError, nullError } from '../input.js';
import type { InputMatrix } from '../matrix-input.js';

const EPS = 2 ** -52;

/**
 * Per-column statistics of X as one Float64Array: means (d), population variances (d) and,
 * with `range`, mins (d) and maxs (d). ValueError naming the first column with a null, NaN or
 * ±Inf, and for X without rows.
 */
export async function columnStats(op: string, m: InputMatrix, range: boolean): Promise<Float64Array> {
  if (m.n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
  const { stats, flags } = run(linalgColumnMoments, m.cols, m.validity, { range });
  try {
    await refuseFlags(op, m, flags);
    return (await readControl(stats, op)).slice();
  } finally {
    stats.dispose();
    flags.dispose();
  }
}

/** ValueError naming the first column of X with a null, NaN or ±Inf ('linalg/pack' flags), or for X without rows. */
export async function refuseNonFinite(op: string, m: InputMatrix): Promise<void> {
  if (m.n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
  const { matrix, flags } = run(linalgPack, m.cols, m.validity);
  try {
    await refuseFlags(op, m, flags);
  } finally {
    matrix.data.dispose();
    flags.dispose();
  }
}

async function refuseFlags(op: string, m: InputMatrix, flags: DataBuffer<'uint32'>): Promise<void> {
  const fl = await readControl(flags, op);
  for (let j = 0; j < m.d; j++) {
    if (fl[j]! & 2) throw nullError(op, m.names[j]!);
    if (fl[j]! & 1) throw nonFiniteError(op, m.names[j]!);
  }
}

/** ValueError naming the first column of X that holds a null (reads validity bitmaps only). */
export async function refuseNulls(op: string, m: InputMatrix): Promise<void> {
  for (let j = 0; j < m.d; j++) {
    const v = m.validity[j];
    if (v && (await new Column({ type: m.cols[j]!.dtype, data: m.cols[j]!, validity: v }).nullCount()) > 0) throw nullError(op, m.names[j]!);
  }
}

/** ShapeError unless X has the fitted number of features. */
export function checkWidth(op: string, m: InputMatrix, d: number): void {
  if (m.d !== d) throw new ShapeError(`${op}: expected X with ${d} features (as in fit), got ${m.d}`);
}

/**
 * Evaluate `build(col('x'), j)` on each feature column j (read as float64) into a new float64
 * buffer: one fused expression kernel per column on the active backend.
 */
export async function mapColumns(m: InputMatrix, build: (x: Expr, j: number) => Expr): Promise<DataBuffer[]> {
  const out: DataBuffer[] = [];
  try {
    for (let j = 0; j < m.d; j++) {
      const c = m.cols[j]!;
      const frame = new DataFrame({ x: new Column({ type: c.dtype, data: c, validity: m.validity[j] }) });
      const x = c.dtype === 'float64' ? col('x') : col('x').cast('float64');
      const r = await frame.eval(build(x, j));
      if (r.validity && r.validity !== m.validity[j]) r.validity.dispose();
      out.push(r.data);
    }
    return out;
  } catch (e) {
    out.forEach((b) => b.dispose());
    throw e;
  }
}

/**
 * The affine map of each column with 'preprocess/affine': `(x - shift) / scale` (mode 'divide',
 * scikit-learn's `X -= shift; X /= scale`) or `x * scale + shift` (mode 'multiply',
 * `X *= scale; X += shift`), then clipped into `clip`. A missing shift or scale skips that step
 * (the result is still a new float64 buffer).
 */
export async function affine(m: InputMatrix, mode: 'divide' | 'multiply', shift: Float64Array | null, scale: Float64Array | null, clip?: readonly [number, number]): Promise<DataBuffer[]> {
  return run(preprocessAffine, m.cols, { mode, shift, scale, clip });
}

/**
 * scikit-learn's `_handle_zeros_in_scale`: scale 1 where `constant[j]` is set, or (without a
 * mask) where scale < 10 eps.
 */
export function handleZerosInScale(scale: Float64Array, constant?: readonly boolean[]): Float64Array {
  const s = scale.slice();
  for (let j = 0; j < s.length; j++) if (constant ? constant[j] : s[j]! < 10 * EPS) s[j] = 1;
  return s;
}

/** scikit-learn's `_is_constant_feature`: var <= n eps var + (n mean eps)^2. */
export function isConstantFeature(v: number, mean: number, n: number): boolean {
  return v <= n * EPS * v + (n * mean * EPS) ** 2;
}

/** Per-column numbers of the fitted state as a plain Float64Array (or null). */
export function sliceStats(stats: Float64Array, k: number, d: number): Float64Array {
  return stats.slice(k * d, (k + 1) * d);
}
