/**
 * sort: stable multi-key sort by LSD passes of the radix sort, last key first. For each key
 * the values are sorted (null slots filled with one constant, so nulls keep input order),
 * then, if the key has nulls, the null flags are sorted so nulls go last (or first). Each
 * step argsorts the key in the current order (the first key as it is) and composes the
 * permutations by a gather. Every column is then gathered once by the final permutation.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { checkOptions, showValue } from '../../src/options.js';
import { nameOrNames } from '../arguments.js';
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
  /**
   * Nulls after the values (true, the default) or before them (false); one flag for all
   * keys, or one per key (Polars' `nulls_last`). The default is pandas' `na_position='last'`,
   * a deliberate difference from Polars, whose default puts nulls first.
   */
  nullsLast?: boolean | readonly boolean[];
  /** The same as `nullsLast` for every key: 'last' (default) or 'first'. Give one of the two. */
  nulls?: 'first' | 'last';
}

const SORT_OPTIONS = ['descending', 'nullsLast', 'nulls'];
const SORT_ALIASES = { ascending: 'descending', reverse: 'descending', desc: 'descending', na_position: 'nullsLast', nullsFirst: 'nullsLast', nulls_first: 'nullsLast' };

/** One flag per key from a flag or an array of flags (`descending`, `nullsLast`). */
function perKey(option: string, v: unknown, keys: readonly string[], fallback: boolean): boolean[] {
  if (v === undefined) return keys.map(() => fallback);
  if (typeof v === 'boolean') return keys.map(() => v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'boolean')) {
    if (v.length !== keys.length) throw new ValueError(`sort: expected ${keys.length} ${option} flags (one per key), got ${v.length}`);
    return [...(v as boolean[])];
  }
  throw new ValueError(`sort: expected ${option} as a boolean or an array of booleans, got ${showValue(v)}`);
}

// Packed keys (bool, int8, int16, uint8, uint16) are widened to 32-bit words first (exact, order-preserving).
export const KEY_TYPES: readonly string[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64', 'utf8', ...PACKED_DTYPES];


export function sort(df: DataFrame, by: string | readonly string[], options: SortOptions): DataFrame {
  nameOrNames('sort', 'by', by);
  checkOptions('sort', options, SORT_OPTIONS, SORT_ALIASES);
  const perm = sortPermutation(df, by, options ?? {});
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
  const desc = perKey('descending', options.descending, keys, false);
  if (options.nulls !== undefined && options.nulls !== 'first' && options.nulls !== 'last') throw new ValueError(`sort: expected nulls 'first' | 'last', got ${showValue(options.nulls)}`);
  if (options.nulls !== undefined && options.nullsLast !== undefined) throw new ValueError(`sort: expected nullsLast or nulls, got both`);
  const nullsFirst = perKey('nullsLast', options.nullsLast, keys, options.nulls !== 'first').map((last) => !last);
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
      step(flags, nullsFirst[k]!);
      flags.dispose();
    }
  }
  return lsd.perm!;
}
