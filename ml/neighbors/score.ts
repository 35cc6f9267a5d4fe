/**
 * The default `score` of the supervised estimators, on the backend: accuracy (the share of
 * predicted class codes equal to y's) for classifiers, R² (scikit-learn's `r2_score`, a
 * constant y giving 1 for a perfect fit and 0 otherwise) for regressors. Per-row work in the
 * fused expression kernel, sums by the reduce op; only the scalars are read (control reads).
 */
import { Column } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { reduce } from '../../kernels/reduce/reduce.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, type Expr } from '../../frame/expr.js';
import { readControl } from '../control.js';

async function total(op: string, frame: DataFrame, e: Expr, how: 'sum' | 'mean'): Promise<number> {
  const r = await frame.eval(e);
  try {
    const s = reduce(r.data, how);
    try {
      return (await readControl(s, op))[0] as number;
    } finally {
      s.dispose();
    }
  } finally {
    r.data.dispose();
    r.validity?.dispose();
  }
}

/**
 * Share of equal codes.
 *
 * @example
 * ```ts
 * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 1 }).fit([[0], [5]], ['low', 'high']);
 * await knn.score([[1], [6], [4]], ['low', 'high', 'low']); // 0.6666666666666666
 * ```
 */
export async function accuracyOfCodes(op: string, predicted: DataBuffer<'int32'>, truth: DataBuffer<'int32'>): Promise<number> {
  if (predicted.length === 0) return NaN;
  const f = new DataFrame({ p: new Column({ type: 'int32', data: predicted }), t: new Column({ type: 'int32', data: truth }) });
  return total(op, f, col('p').eq(col('t')).cast('float64'), 'mean');
}

/**
 * R² of predictions against float64 targets.
 *
 * @example
 * ```ts
 * const knn = await new gf.KNeighborsRegressor({ nNeighbors: 1 }).fit([[0], [5]], [10, 20]);
 * await knn.score([[1], [6], [4]], [10, 20, 15]); // 0.5
 * ```
 */
export async function r2Of(op: string, predicted: DataBuffer, truth: DataBuffer): Promise<number> {
  if (predicted.length === 0) return NaN;
  const f = new DataFrame({ p: new Column({ type: predicted.dtype, data: predicted }), t: new Column({ type: truth.dtype, data: truth }) });
  const t = truth.dtype === 'float64' ? col('t') : col('t').cast('float64');
  const mean = await total(op, f, t.mul(1), 'mean');
  const res = await total(op, f, t.sub(col('p')).mul(t.sub(col('p'))), 'sum');
  const tot = await total(op, f, t.sub(mean).mul(t.sub(mean)), 'sum');
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}
