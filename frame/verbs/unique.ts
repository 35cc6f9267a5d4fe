/**
 * unique: one row per distinct combination of the `subset` columns (Polars' `unique`,
 * pandas' `drop_duplicates`). The rows are grouped by the subset (./grouping.ts: a stable
 * sort on WebGPU, a hash on the CPU, one registered op), then each group's kept row is taken:
 * its first or last row in frame order, or, for keep 'none', the rows of one-row groups. With
 * `maintainOrder` the kept rows come in frame order (one radix sort of the kept row numbers),
 * and every column is gathered once.
 */
import { DTypeError, ValueError } from '../../src/errors.js';
import { checkOptions, showValue } from '../../src/options.js';
import { nameOrNames } from '../arguments.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { KEY_TYPES } from './sort.js';
import { groupRowsBy } from './grouping.js';
import { gatherColumn } from './take.js';

export interface UniqueOptions {
  /** The columns that decide whether two rows are duplicates. Default: every column. */
  subset?: string | readonly string[];
  /**
   * Which row of each set of duplicates to keep: 'first' (default; pandas' default, Polars'
   * 'first'), 'last', or 'none' (drop every row that has a duplicate). 'any' (Polars' default,
   * any one row) is accepted and keeps the first, so the result is deterministic.
   */
  keep?: 'first' | 'last' | 'any' | 'none';
  /**
   * Default true (pandas' order, Polars' `maintain_order=True`): rows stay in the frame's
   * order. false: rows come out sorted by the subset columns (nulls last), which skips one sort.
   */
  maintainOrder?: boolean;
}

const UNIQUE_OPTIONS = ['subset', 'keep', 'maintainOrder'];

/**
 * `unique(subset, options)` or `unique(options)` (Polars: `unique(subset, *, keep,
 * maintain_order)`) as one options object; a wrong argument is a ValueError.
 */
export function uniqueArgs(subsetOrOptions?: string | readonly string[] | UniqueOptions, options?: Omit<UniqueOptions, 'subset'>): UniqueOptions {
  if (typeof subsetOrOptions === 'string' || Array.isArray(subsetOrOptions)) {
    checkOptions('unique', options, UNIQUE_OPTIONS.slice(1), { keep_order: 'maintainOrder' });
    return { ...options, subset: nameOrNames('unique', 'subset', subsetOrOptions) };
  }
  if (subsetOrOptions !== undefined && (typeof subsetOrOptions !== 'object' || subsetOrOptions === null)) {
    throw new ValueError(`unique: expected subset as a column name or an array of names, or an options object, got ${showValue(subsetOrOptions)}`);
  }
  if (options !== undefined) throw new ValueError(`unique: expected options once, got ${showValue(subsetOrOptions)} then ${showValue(options)}`);
  checkOptions('unique', subsetOrOptions, UNIQUE_OPTIONS, { keep_order: 'maintainOrder' });
  return (subsetOrOptions ?? {}) as UniqueOptions;
}

/** See `DataFrame.unique`. */
export async function unique(df: DataFrame, options: UniqueOptions = {}): Promise<DataFrame> {
  const subset = options.subset === undefined ? [...df.names] : nameOrNames('unique', 'subset', options.subset);
  const given = options.keep ?? 'first';
  const maintainOrder = options.maintainOrder ?? true;
  if (!['first', 'last', 'any', 'none'].includes(given)) throw new ValueError(`unique: expected keep 'first' | 'last' | 'any' | 'none', got ${showValue(given)}`);
  if (typeof maintainOrder !== 'boolean') throw new ValueError(`unique: expected maintainOrder as a boolean, got ${showValue(maintainOrder)}`);
  const keep = given === 'any' ? 'first' : given;
  if (subset.length === 0) {
    if (df.names.length === 0) return df;
    throw new ValueError('unique: expected at least one subset column, got none');
  }
  for (const name of subset) {
    const c = df.column(name);
    if (!KEY_TYPES.includes(c.kernelType)) throw new DTypeError(`unique: expected subset columns of type ${KEY_TYPES.join(' | ')}, got '${name}' of type ${c.type}`);
  }
  const groups = await groupRowsBy(df, subset, { order: keep === 'last' });
  try {
    const order = maintainOrder ? 'frame' : 'groups';
    // The group's first / last row in frame order (keep 'none': rows of one-row groups).
    const rows = keep === 'none' ? await groups.singleRows(order) : groups.rows(keep, order);
    return createFrame(df.names.map((name, i) => [name, gatherColumn(df.getColumns()[i]!, rows)] as const));
  } finally {
    groups.dispose();
  }
}
