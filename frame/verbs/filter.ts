/**
 * filter: the predicate evaluated by the fused expression kernel straight into a 'bool' mask
 * (true where the predicate is true; null counts as false), compacted into row numbers; each
 * column is gathered when first read (./take.ts). Async: the kept-row count (and, for a
 * predicate that can fail, its status word) are control reads.
 */
import { compactIndices } from '../../kernels/compact/compact.js';
import type { DataFrame } from '../data-frame.js';
import { Expr } from '../expr.js';
import { gatherRows } from './take.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { ValueError } from '../../src/errors.js';
import { releaseScratch } from '../../src/threads/pool.js';
import { checkEvaluated, evaluate } from './with-columns.js';

export async function filter(df: DataFrame, pred: Expr): Promise<DataFrame> {
  if (!(pred instanceof Expr)) throw new ValueError(`filter: expected an expression such as col('x').gt(0), got ${pred === null ? 'null' : typeof pred}`);
  const e = evaluate(df, pred, 'filter', true, true);
  try {
    await checkEvaluated(e, pred, 'filter');
  } catch (err) {
    e.column.dispose();
    throw err;
  } finally {
    for (const w of e.windows) w.dispose();
  }
  const mask = e.column.data as DataBuffer<'bool'>;
  const idx = await compactIndices(mask);
  const host = mask.residency === 'device' ? undefined : mask.hostView('filter');
  mask.dispose();
  if (host) releaseScratch(host); // the CPU mask's memory, for the next filter (see borrowScratch)
  return gatherRows(df, idx);
}
