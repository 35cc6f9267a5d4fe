/**
 * unique: one row per distinct combination of the `subset` columns (Polars' `unique`,
 * pandas' `drop_duplicates`). Sort-based, like groupBy: a stable sort by the subset, group
 * starts where any subset column changes (one 4-byte control read), then the kept row of each
 * group: its smallest or largest row number (a segmented min/max of the permutation), or, for
 * keep 'none', the rows of one-row groups. With
 * `maintainOrder` the kept row numbers are sorted back into frame order (one radix sort of
 * uint32), and every column is gathered once.
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { gather } from '../../kernels/gather/gather.js';
import { segmentMask } from '../../kernels/groupby/segments.js';
import { sortPairs } from '../../kernels/sort/radix-sort.js';
import type { DataFrame } from '../data-frame.js';
import { DataFrame as Frame } from '../data-frame.js';
import { KEY_TYPES, sortPermutation } from './sort.js';
import { gatherColumn, groupFlags, groupRows } from './group-by.js';

export interface UniqueOptions {
  /** The columns that decide whether two rows are duplicates. Default: every column. */
  subset?: string | readonly string[];
  /**
   * Which row of each set of duplicates to keep: 'first' (default; pandas' default, Polars'
   * 'first'), 'last', or 'none' (drop every row that has a duplicate). Polars' 'any' is 'first' here.
   */
  keep?: 'first' | 'last' | 'none';
  /**
   * Default true (pandas' order, Polars' `maintain_order=True`): rows stay in the frame's
   * order. false: rows come out sorted by the subset columns (nulls last), which skips one sort.
   */
  maintainOrder?: boolean;
}

/** See `DataFrame.unique`. */
export async function unique(df: DataFrame, options: UniqueOptions = {}): Promise<DataFrame> {
  const subset = options.subset === undefined ? [...df.names] : typeof options.subset === 'string' ? [options.subset] : [...options.subset];
  const keep = options.keep ?? 'first';
  const maintainOrder = options.maintainOrder ?? true;
  if (!['first', 'last', 'none'].includes(keep)) throw new ValueError(`unique: expected keep 'first' | 'last' | 'none', got '${String(keep)}'`);
  if (df.geometry) throw new ValueError('unique: expected a frame without a geometry column (row selection of geometries is not implemented yet)');
  if (subset.length === 0) {
    if (df.names.length === 0) return df;
    throw new ValueError('unique: expected at least one subset column, got none');
  }
  for (const name of subset) {
    const c = df.column(name);
    if (!KEY_TYPES.includes(c.kernelType)) throw new DTypeError(`unique: expected subset columns of type ${KEY_TYPES.join(' | ')}, got '${name}' of type ${c.type}`);
  }
  const perm = sortPermutation(df, subset, {}, true);
  const flags = groupFlags(df, subset, perm);
  let rows: DataBuffer<'uint32'>;
  if (keep === 'none') {
    const single = segmentMask(flags, 'single');
    flags.dispose();
    const at = await compactIndices(single);
    single.dispose();
    const g = gather(perm, at);
    g.validity.dispose();
    at.dispose();
    rows = g.values;
  } else {
    // The group's smallest / largest row number: its first / last row in frame order.
    const starts = await compactIndices(flags);
    flags.dispose();
    rows = groupRows(perm, starts, keep === 'last' ? 'max' : 'min');
    starts.dispose();
  }
  perm.dispose();
  if (maintainOrder) {
    const sorted = sortPairs(rows);
    rows.dispose();
    rows = sorted.keys as DataBuffer<'uint32'>;
    sorted.values?.dispose();
  }
  const out = new Frame(df.names.map((name, i) => [name, gatherColumn(df.columns[i]!, rows)] as const));
  rows.dispose();
  return out;
}
