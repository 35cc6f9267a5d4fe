/**
 * sort: stable multi-key sort by LSD passes of the radix sort, last key first. For each key
 * the values are sorted (null slots filled with one constant, so nulls keep input order),
 * then, if the key has nulls, the null flags are sorted so nulls go last (or first). Each
 * step argsorts the key in the current order (the first key as it is) and composes the
 * permutations by a gather. Every column is then gathered once by the final permutation.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { LsdPermutation } from '../../kernels/sort/lsd-permutation.js';
import { fillNull, nullFlags } from '../../kernels/nulls/nulls.js';
import { PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { positiveZero } from '../../kernels/cast/positive-zero.js';
import type { Column } from '../../src/column/column.js';
import type { DataFrame } from '../data-frame.js';
import { gatherRows } from './take.js';

export interface SortOptions {
  /** One flag for all keys, or one per key. Default false. */
  descending?: boolean | readonly boolean[];
  /** Where nulls go. Default 'last' (Polars, pandas). */
  nulls?: 'first' | 'last';
}

// Packed keys (bool, int8, int16, uint8, uint16) are widened to 32-bit words first (exact, order-preserving).
export const KEY_TYPES: readonly string[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64', 'utf8', ...PACKED_DTYPES];


export function sort(df: DataFrame, by: string | readonly string[], options: SortOptions): DataFrame {
  const perm = sortPermutation(df, by, options);
  return gatherRows(df, perm);
}

/** The key columns of `df`; a DTypeError for a column no sort can order. Internal. */
export function keyColumns(df: DataFrame, keys: readonly string[]): Column[] {
  const cols = keys.map((k) => df.column(k));
  cols.forEach((c, i) => {
    if (!KEY_TYPES.includes(c.kernelType)) throw new DTypeError(`sort: expected key columns of type ${KEY_TYPES.join(' | ')}, got '${keys[i]}' of type ${c.type}`);
  });
  return cols;
}

/**
 * The stable permutation that orders `df` by `by` (see `sort`). With `grouping` (for groupBy,
 * unique, valueCounts), float keys sort -0 and +0 as one key, so the rows of a group stay
 * in frame order.
 */
export function sortPermutation(df: DataFrame, by: string | readonly string[], options: SortOptions, grouping = false): DataBuffer<'uint32'> {
  const keys = typeof by === 'string' ? [by] : [...by];
  if (keys.length === 0) throw new ValueError('sort: expected at least one key column, got none');
  const desc = keys.map((_, i) => (Array.isArray(options.descending) ? options.descending[i] ?? false : Boolean(options.descending)));
  if (Array.isArray(options.descending) && options.descending.length !== keys.length) {
    throw new ValueError(`sort: expected ${keys.length} descending flags, got ${options.descending.length}`);
  }
  const nullsFirst = options.nulls === 'first';
  const cols = keyColumns(df, keys);
  const n = df.numRows;
  const lsd = new LsdPermutation();
  const step = (data: DataBuffer, descending: boolean) => lsd.step(data, descending);
  for (let k = keys.length - 1; k >= 0; k--) {
    const c = cols[k]!;
    const isFloat = c.data.dtype === 'float32' || c.data.dtype === 'float64';
    const data = PACKED_DTYPES.includes(c.data.dtype) ? widen(c.data) : grouping && isFloat ? positiveZero(c.data) : c.data;
    const values = c.validity ? fillNull(data, c.validity, 0) : data;
    step(values, desc[k]!);
    if (values !== data) values.dispose();
    if (data !== c.data) data.dispose();
    if (c.validity) {
      const flags = nullFlags(c.validity, n);
      step(flags, nullsFirst);
      flags.dispose();
    }
  }
  return lsd.perm!;
}
