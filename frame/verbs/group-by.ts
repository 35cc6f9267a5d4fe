/**
 * groupBy(keys).agg(...): sort-based. Rows are ordered by the keys (stable, nulls last),
 * group starts are flagged where any key changes, compacted into a start list (one 4-byte
 * control read for the number of groups), and each aggregation runs over the sorted values:
 * - count, sum, mean, min, max, var, std: one segmented reduction (../../kernels/groupby).
 * - first, last: a gather at each group's smallest / largest row number (a segmented min/max
 *   of the permutation: the group's first and last rows in the frame's order, also when a
 *   float key group mixes -0 and +0, which the sort orders -0 first).
 * - median, nunique: a second stable sort by (group number, value) orders each group's
 *   values; median reads the middle ones, nunique counts value changes among valid rows.
 * Packed columns (bool, int8, int16, uint8, uint16) are widened to 32-bit words for the
 * kernels (../../kernels/cast/widen.ts) and narrowed back where the result keeps their type.
 *
 * Groups come out in key order; null keys form one group, last (Polars keeps null keys;
 * pandas drops them by default).
 * Speed: the reductions run one thread per group, so one huge group is summed by one thread
 * (correct, not parallel); median and nunique cost one extra two-key sort per column.
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { gather } from '../../kernels/gather/gather.js';
import { scan } from '../../kernels/scan/scan.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { groupBoundaries } from '../../kernels/groupby/boundaries.js';
import { checkOverflow, segmentedReduce, type SegOp } from '../../kernels/groupby/segmented-reduce.js';
import { segmentedMedian } from '../../kernels/groupby/segmented-median.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import type { DataFrame } from '../data-frame.js';
import { DataFrame as Frame } from '../data-frame.js';
import { sortPermutation } from './sort.js';

/** The aggregations of `groupBy(...).agg`. */
export type AggOp = SegOp | 'median' | 'nunique' | 'first' | 'last';

/** An aggregation: `[column, op]`, e.g. `['fare', 'mean']`. */
export type AggSpec = readonly [string, AggOp];

const NUMERIC_OPS: AggOp[] = ['count', 'sum', 'mean', 'min', 'max', 'std', 'var', 'median', 'nunique', 'first', 'last'];
const TEMPORAL_OPS: AggOp[] = ['count', 'sum', 'mean', 'min', 'max', 'nunique', 'first', 'last'];
const STRING_OPS: AggOp[] = ['count', 'min', 'max', 'first', 'last', 'nunique'];

function opsFor(c: Column): AggOp[] {
  if (c.kernelType === 'utf8') return STRING_OPS;
  if (c.type === 'date' || c.type === 'timestamp') return TEMPORAL_OPS;
  return NUMERIC_OPS;
}

/** A column's data as words the kernels bind: packed dtypes widened (a new buffer), others as is. */
export function wordData(c: Column): DataBuffer {
  return PACKED_DTYPES.includes(c.data.dtype) ? widen(c.data) : c.data;
}

/**
 * Each group's first ('min') or last ('max') row number in the frame's order: a segmented
 * min/max of `perm` (row numbers sorted by key) over the groups starting at `starts`.
 * Internal: groupBy, unique and valueCounts share it.
 */
export function groupRows(perm: DataBuffer<'uint32'>, starts: DataBuffer<'uint32'>, which: 'min' | 'max'): DataBuffer<'uint32'> {
  const r = segmentedReduce(perm, starts, which);
  r.validity.dispose();
  return r.values as DataBuffer<'uint32'>;
}

/** The column's values at `rows` (row numbers, all in range), any type, nulls carried. */
export function gatherColumn(c: Column, rows: DataBuffer<'uint32'>): Column {
  const packed = PACKED_DTYPES.includes(c.data.dtype) && c.data.dtype !== 'bool';
  const src = packed ? widen(c.data) : c.data;
  const g = gather(src, rows, { validity: c.validity });
  if (packed) src.dispose();
  let data: DataBuffer = g.values;
  if (packed) {
    data = narrow(g.values, c.data.dtype);
    g.values.dispose();
  }
  if (!c.validity) g.validity.dispose();
  return c.derive(data, c.validity ? g.validity : undefined);
}

/** The column's words (widened if packed) in the order of `perm`, with its nulls. */
function sortedWords(c: Column, perm: DataBuffer<'uint32'>): { data: DataBuffer; validity: DataBuffer<'uint8'> | undefined; dispose(): void } {
  const words = wordData(c);
  const g = gather(words, perm, { validity: c.validity });
  if (words !== c.data) words.dispose();
  if (!c.validity) g.validity.dispose();
  const validity = c.validity ? g.validity : undefined;
  return { data: g.values, validity, dispose: () => { g.values.dispose(); validity?.dispose(); } };
}

/**
 * Group-start flags (bool per row) of `df` ordered by `perm`, a stable sort by `keys`: a row
 * starts a group where any key differs from the row before (NaN == NaN, -0 == +0,
 * null == null). Internal: groupBy, unique and valueCounts share it.
 */
export function groupFlags(df: DataFrame, keys: readonly string[], perm: DataBuffer<'uint32'>): DataBuffer<'bool'> {
  let flags: DataBuffer<'bool'> | undefined;
  for (const k of keys) {
    const s = sortedWords(df.column(k), perm);
    const next = groupBoundaries(s.data, { validity: s.validity, prev: flags });
    s.dispose();
    flags?.dispose();
    flags = next;
  }
  return flags!;
}

export class GroupBy {
  constructor(
    private readonly df: DataFrame,
    private readonly keys: readonly string[],
  ) {
    if (keys.length === 0) throw new ValueError('groupBy: expected at least one key column, got none');
    for (const k of keys) df.column(k);
  }

  /**
   * Aggregate each group: `{ outName: [column, op] }`. Semantics (Polars, pandas where
   * Polars is silent); nulls are skipped by every op except first/last:
   * - count: int64, the non-null values. sum: skips nulls (0 for none); float64 for floats,
   *   int64 for signed integers, uint64 for unsigned and bool; exact (an int64 overflow is an
   *   OverflowError). mean: float64 (also for integers); null for a group without values.
   * - min/max: the column's type; NaN is ignored unless a group has only NaN.
   * - var/std: float64, ddof = 1 (sample), two-pass (mean, then squared deviations), exactly
   *   the CPU float64 result on both backends; null for fewer than 2 values; NaN/Inf give NaN.
   * - median: float64; the middle value, or the mean of the two middle values; NaN is
   *   skipped unless a group has only NaN (then NaN); null for a group without values.
   * - nunique: int64, distinct non-null values (nulls are not counted, as pandas' nunique;
   *   Polars' n_unique would count null as one value). NaN counts as one value and -0 == +0.
   * - first/last: the group's first/last row in the frame's order, a null included (Polars).
   * Strings take count, min, max, first, last, nunique; dates and timestamps take those and
   * sum/mean. Groups come out sorted by key, the null key last.
   *
   * @example
   * ```ts
   * const g = await df.groupBy('state').agg({ n: ['iata', 'count'], lat: ['latitude', 'mean'], sd: ['latitude', 'std'] });
   * ```
   */
  async agg(spec: Record<string, AggSpec>): Promise<DataFrame> {
    const { df, keys } = this;
    for (const [out, [name, op]] of Object.entries(spec)) {
      const c = df.column(name);
      const ops = opsFor(c);
      if (!ops.includes(op)) throw new DTypeError(`groupBy: expected ${ops.join(' | ')} for '${name}' (${c.type}) in '${out}', got '${String(op)}'`);
      if (keys.includes(out)) throw new ValueError(`groupBy: expected output names distinct from the keys, got '${out}'`);
    }
    const perm = sortPermutation(df, keys, {}, true);
    const flags = groupFlags(df, keys, perm);
    const starts = await compactIndices(flags);
    const firstRows = groupRows(perm, starts, 'min');
    let lastRows: DataBuffer<'uint32'> | undefined;
    const columns: Array<[string, Column]> = keys.map((k) => [k, gatherColumn(df.column(k), firstRows)]);
    try {
      for (const [out, [name, op]] of Object.entries(spec)) {
        const c = df.column(name);
        if (op === 'first') columns.push([out, gatherColumn(c, firstRows)]);
        else if (op === 'last') columns.push([out, gatherColumn(c, (lastRows ??= groupRows(perm, starts, 'max')))]);
        else if (op === 'median' || op === 'nunique') columns.push([out, withinGroups(c, op, perm, starts, flags)]);
        else {
          const s = sortedWords(c, perm);
          const r = segmentedReduce(s.data, starts, op, { validity: s.validity });
          s.dispose();
          await checkOverflow(r, name);
          if (op === 'min' || op === 'max') {
            // min/max keep the column's type (strings, dates, timestamps, packed ints, bool).
            let data = r.values;
            if (data.dtype !== c.data.dtype) {
              data = narrow(r.values, c.data.dtype);
              r.values.dispose();
            }
            columns.push([out, c.derive(data, r.validity)]);
          } else columns.push([out, new Column({ type: r.values.dtype as ColumnType, data: r.values, validity: r.validity })]);
        }
      }
    } finally {
      perm.dispose();
      flags.dispose();
      starts.dispose();
      firstRows.dispose();
      lastRows?.dispose();
    }
    return new Frame(columns);
  }
}

/**
 * median / nunique: each group's values in ascending order (numbers, NaN, nulls), by a stable
 * sort of the key-ordered values on (group number, value). The group number is the inclusive
 * prefix sum of the group-start flags, so a float key group that mixes -0 and +0 (which the
 * key sort keeps apart, -0 first) still sorts its values as one group.
 */
function withinGroups(c: Column, op: 'median' | 'nunique', perm: DataBuffer<'uint32'>, starts: DataBuffer<'uint32'>, keyFlags: DataBuffer<'bool'>): Column {
  const byKey = sortedWords(c, perm);
  const ones = widen(keyFlags);
  const gid = scan(ones, { inclusive: true });
  ones.dispose();
  const tmp = new Frame([
    ['g', new Column({ type: 'uint32', data: gid })],
    ['v', new Column({ type: byKey.data.dtype, data: byKey.data, validity: byKey.validity })],
  ]);
  const order = sortPermutation(tmp, ['g', 'v'], {});
  gid.dispose();
  const g = gather(byKey.data, order, { validity: byKey.validity });
  order.dispose();
  byKey.dispose();
  const validity = byKey.validity ? g.validity : undefined;
  if (!validity) g.validity.dispose();
  try {
    if (op === 'median') {
      const r = segmentedMedian(g.values, starts, { validity });
      return new Column({ type: 'float64', data: r.values, validity: r.validity });
    }
    // A valid row whose value differs from the row before (or that starts its group) is a new distinct value.
    const changes = groupBoundaries(g.values, { validity, prev: keyFlags });
    const counted = widen(changes).reinterpret('int32');
    changes.dispose();
    const r = segmentedReduce(counted, starts, 'sum', { validity });
    counted.dispose();
    r.overflow?.dispose();
    return new Column({ type: 'int64', data: r.values, validity: r.validity });
  } finally {
    g.values.dispose();
    validity?.dispose();
  }
}
