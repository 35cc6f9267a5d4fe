/** filter: one fused predicate kernel, then every column compacted on the device. */
import { predicate } from '../../kernels/predicate/predicate.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import type { DataFrame } from '../data-frame.js';
import { Expr } from '../expr.js';
import { bindPredicate } from '../bind.js';
import { gatherRows } from './take.js';
import { ValueError } from '../../src/errors.js';

export async function filter(df: DataFrame, pred: Expr): Promise<DataFrame> {
  if (!(pred instanceof Expr)) throw new ValueError(`filter: expected an expression such as col('x').gt(0), got ${typeof pred}`);
  const { tree, inputs } = bindPredicate(pred.node, (n) => df.column(n));
  const mask = predicate(tree, inputs, df.numRows);
  const idx = await compactIndices(mask);
  mask.dispose();
  const out = gatherRows(df, idx);
  idx.dispose();
  return out;
}
