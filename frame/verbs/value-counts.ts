/**
 * valueCounts: the distinct values of one column with how many rows hold each (Polars'
 * `value_counts`, pandas' `value_counts(dropna=False)`). Sort-based like groupBy: a stable
 * sort by the column, group starts, one 4-byte control read for the number of groups, then
 * each group's size; with `sort`, a second stable sort by count (descending).
 */
import { Column } from '../../src/column/column.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { segmentSizes } from '../../kernels/groupby/segments.js';
import type { DataFrame } from '../data-frame.js';
import { DataFrame as Frame } from '../data-frame.js';
import { KEY_TYPES, sortPermutation } from './sort.js';
import { gatherColumn, groupFlags, groupRows } from './group-by.js';

export interface ValueCountsOptions {
  /**
   * Default true: most frequent first (count descending), ties by value ascending, the null
   * value last among its ties. false: by value ascending, null last.
   */
  sort?: boolean;
  /** The name of the count column. Default 'count' (Polars). */
  name?: string;
}

/** See `DataFrame.valueCounts`. */
export async function valueCounts(df: DataFrame, column: string, options: ValueCountsOptions = {}): Promise<DataFrame> {
  const c = df.column(column);
  const name = options.name ?? 'count';
  if (typeof name !== 'string' || name === column) throw new ValueError(`valueCounts: expected a count column name other than '${column}', got '${String(name)}'`);
  if (!KEY_TYPES.includes(c.kernelType)) throw new DTypeError(`valueCounts: expected a column of type ${KEY_TYPES.join(' | ')}, got '${column}' of type ${c.type}`);
  const perm = sortPermutation(df, [column], {}, true);
  const flags = groupFlags(df, [column], perm);
  const starts = await compactIndices(flags);
  flags.dispose();
  const first = groupRows(perm, starts, 'min');
  perm.dispose();
  const values = gatherColumn(c, first);
  first.dispose();
  const counts = new Column({ type: 'uint32', data: segmentSizes(starts, df.numRows) });
  starts.dispose();
  const byValue = new Frame([[column, values], [name, counts]]);
  if (options.sort === false) return byValue;
  // Stable: ties keep value order (ascending, null last).
  const order = sortPermutation(byValue, [name], { descending: true });
  const out = new Frame([
    [column, gatherColumn(values, order)],
    [name, gatherColumn(counts, order)],
  ]);
  order.dispose();
  byValue.dispose();
  return out;
}
