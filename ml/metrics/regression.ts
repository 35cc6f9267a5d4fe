/**
 * Regression metrics, as scikit-learn 1.2 (one output): the per-sample differences in the
 * expression kernel, their sums in the reduce kernel; only the sums are read (control reads).
 */
import { Column } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, type Expr } from '../../frame/expr.js';
import { reduceNumber, scoreVector, type ScoresInput } from './inputs.js';

/** yTrue and yPred resolved (finite float64, one length), then `body` over a frame of t and p. */
async function withPair<T>(op: string, yTrue: ScoresInput, yPred: ScoresInput, body: (df: DataFrame, t: DataBuffer, n: number) => Promise<T>): Promise<T> {
  const t = await scoreVector(op, 'yTrue', yTrue);
  try {
    const n = t.data.length;
    const p = await scoreVector(op, 'yPred', yPred, n);
    try {
      const df = new DataFrame({ t: new Column({ type: t.data.dtype, data: t.data }), p: new Column({ type: p.data.dtype, data: p.data }) });
      return await body(df, t.data, n);
    } finally {
      p.release();
    }
  } finally {
    t.release();
  }
}

async function sumOf(op: string, df: DataFrame, e: Expr): Promise<number> {
  const c = await df.eval(e.cast('float64'));
  try {
    return await reduceNumber(op, c.data, 'sum');
  } finally {
    c.buffers().forEach((b) => b.dispose());
  }
}

/**
 * scikit-learn's `mean_squared_error`: the mean of (yTrue − yPred)². NaN for no samples.
 *
 * @example
 * ```ts
 * await gf.metrics.meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 * ```
 */
export function meanSquaredError(yTrue: ScoresInput, yPred: ScoresInput): Promise<number> {
  const op = 'meanSquaredError';
  return withPair(op, yTrue, yPred, async (df, _t, n) => {
    const d = col('t').sub(col('p'));
    return (await sumOf(op, df, d.mul(d))) / n;
  });
}

/**
 * scikit-learn's `mean_absolute_error`: the mean of |yTrue − yPred|. NaN for no samples.
 *
 * @example
 * ```ts
 * await gf.metrics.meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 * ```
 */
export function meanAbsoluteError(yTrue: ScoresInput, yPred: ScoresInput): Promise<number> {
  const op = 'meanAbsoluteError';
  return withPair(op, yTrue, yPred, async (df, _t, n) => (await sumOf(op, df, col('t').sub(col('p')).abs())) / n);
}

/**
 * scikit-learn's `r2_score`: 1 − Σ(yTrue − yPred)² / Σ(yTrue − mean)². A constant yTrue gives
 * 1 for a perfect prediction and 0 otherwise (scikit-learn's `force_finite`); fewer than two
 * samples give NaN (scikit-learn warns and returns NaN).
 *
 * @example
 * ```ts
 * await gf.metrics.r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486081370449679
 * ```
 */
export function r2Score(yTrue: ScoresInput, yPred: ScoresInput): Promise<number> {
  const op = 'r2Score';
  return withPair(op, yTrue, yPred, async (df, t, n) => {
    if (n < 2) return NaN;
    const d = col('t').sub(col('p'));
    const num = await sumOf(op, df, d.mul(d));
    const mean = (await reduceNumber(op, t, 'sum')) / n;
    const c = col('t').sub(mean);
    const den = await sumOf(op, df, c.mul(c));
    if (den === 0) return num === 0 ? 1 : 0;
    return 1 - num / den;
  });
}
