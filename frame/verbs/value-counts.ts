/**
 * valueCounts: the distinct values of one column with how many rows hold each (Polars'
 * `value_counts`, pandas' `value_counts(dropna=False)`). Grouped like groupBy (./grouping.ts:
 * the registered group-rows op), then each group's size; with `sort`, a stable
 * sort by count (descending).
 */
import { Column } from '../../src/column/column.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { checkOptions } from '../../src/options.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { KEY_TYPES, sortPermutation } from './sort.js';
import { groupRowsBy } from './grouping.js';
import { gatherColumn } from './take.js';

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
  checkOptions('valueCounts', options, ['sort', 'name']);
  options ??= {};
  const c = df.column(column);
  const name = options.name ?? 'count';
  if (typeof name !== 'string' || name === column) throw new ValueError(`valueCounts: expected a count column name other than '${column}', got '${String(name)}'`);
  if (!KEY_TYPES.includes(c.kernelType)) throw new DTypeError(`valueCounts: expected a column of type ${KEY_TYPES.join(' | ')}, got '${column}' of type ${c.type}`);
  const groups = await groupRowsBy(df, [column], { order: false });
  let values: Column;
  let counts: Column;
  try {
    values = gatherColumn(c, groups.rows('first', 'groups'));
    counts = new Column({ type: 'uint32', data: groups.sizes() });
  } finally {
    groups.dispose();
  }
  const byValue = createFrame([[column, values], [name, counts]]);
  if (options.sort === false) return byValue;
  // Stable: ties keep value order (ascending, null last).
  const order = sortPermutation(byValue, [name], { descending: true });
  const out = createFrame([
    [column, gatherColumn(values, order)],
    [name, gatherColumn(counts, order)],
  ]);
  order.dispose();
  byValue.dispose();
  return out;
}
