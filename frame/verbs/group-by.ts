/**
 * groupBy(keys).agg(...): the rows are split into groups by ./grouping.ts (the registered
 * group-rows op: a stable sort by the keys on WebGPU, a hash of the keys on the CPU, the same
 * groups in key order on both), then each aggregation runs per group, over the values in
 * frame order:
 * - count, sum, mean, min, max, var, std: one reduction per group (the group-reduce op: a
 *   segmented reduction of the key-ordered values on the device, one pass over the rows on
 *   the CPU).
 * - first, last: a gather at each group's smallest / largest row number (the group's first
 *   and last rows in the frame's order, also when a float key group mixes -0 and +0); the
 *   first rows come with the groups, the last ones from the rows in group order.
 * The rows in group order (list, median, nunique, last) are built only when one of those
 * aggregations is asked for.
 * - median, nunique: a second stable sort by (group number, value) orders each group's
 *   values; median reads the middle ones, nunique counts value changes among valid rows.
 * Packed columns (bool, int8, int16, uint8, uint16) are widened to 32-bit words for the
 * kernels (../../kernels/cast/widen.ts) and narrowed back where the result keeps their type.
 *
 * Groups come out in key order; null keys form one group, last (Polars keeps null keys;
 * pandas drops them by default).
 * Speed: on the device the reductions run one thread per group, so one huge group is summed
 * by one thread (correct, not parallel); median and nunique cost one extra two-key sort per
 * column.
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { gather } from '../../kernels/gather/gather.js';
import { scan } from '../../kernels/scan/scan.js';
import { groupBoundaries } from '../../kernels/groupby/boundaries.js';
import { checkOverflow, SEG_OPS, segmentedReduce, type SegOp, type SegmentedResult } from '../../kernels/groupby/segmented-reduce.js';
import { segmentedMedian } from '../../kernels/groupby/segmented-median.js';
import { narrow, widen } from '../../kernels/cast/widen.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { sortPermutation } from './sort.js';
import { groupRowsBy, sortedWords, type SortedGroups } from './grouping.js';
import { gatherColumn } from './take.js';

/** The aggregations of `groupBy(...).agg`. */
export type AggOp = SegOp | 'median' | 'nunique' | 'first' | 'last' | 'list';

/** An aggregation: `[column, op]`, e.g. `['fare', 'mean']`. */
export type AggSpec = readonly [string, AggOp];

const NUMERIC_OPS: AggOp[] = ['count', 'sum', 'mean', 'min', 'max', 'std', 'var', 'median', 'nunique', 'first', 'last', 'list'];
const TEMPORAL_OPS: AggOp[] = ['count', 'sum', 'mean', 'min', 'max', 'nunique', 'first', 'last', 'list'];
const STRING_OPS: AggOp[] = ['count', 'min', 'max', 'first', 'last', 'nunique', 'list'];
const NESTED_OPS: AggOp[] = ['first', 'last', 'list'];

function opsFor(c: Column): AggOp[] {
  if (c.isNested) return NESTED_OPS;
  if (c.kernelType === 'utf8') return STRING_OPS;
  if (c.type === 'date' || c.type === 'timestamp') return TEMPORAL_OPS;
  return NUMERIC_OPS;
}

/**
 * Rows grouped by key columns (`df.groupBy(...keys)`), waiting for `agg`: one output row per
 * group, keys first, then one column per `[column, op]`.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ k: ['a', 'b', 'a'], x: new Float64Array([1, 2, 3]) });
 * const out = await df.groupBy('k').agg({ n: ['x', 'count'], mean: ['x', 'mean'] });
 * console.log(await out.toRecords()); // [{ k: 'a', n: 2n, mean: 2 }, { k: 'b', n: 1n, mean: 2 }]
 * ```
 */
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
   * - list: a list column of the group's values in the frame's order, nulls included as null
   *   elements (Polars' `agg_list`); the list's child has the column's type.
   * Strings take count, min, max, first, last, nunique, list; dates and timestamps take those
   * and sum/mean; nested columns (lists, structs, geometry) take first, last, list. Groups
   * come out sorted by key, the null key last.
   *
   * @example
   * ```ts
   * const g = await df.groupBy('state').agg({ n: ['iata', 'count'], lat: ['latitude', 'mean'], sd: ['latitude', 'std'] });
   * const pts = await df.groupBy('id').agg({ xs: ['x', 'list'] }); // xs: list<float64>, each id's x in row order
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
    // The rows in group order only for the aggregations that read them (on the CPU, sum,
    // mean, ... reduce by group number, and each group's first row comes with the groups).
    const order = Object.values(spec).some(([, op]) => op === 'list' || op === 'median' || op === 'nunique' || op === 'last');
    const groups = await groupRowsBy(df, keys, { order });
    const reduced = new Map<string, SegmentedResult>();
    try {
      const firstRows = groups.rows('first', 'groups');
      const columns: Array<[string, Column]> = keys.map((k) => [k, gatherColumn(df.column(k), firstRows)]);
      // The reductions, by value column: each column is gathered (device) or read (CPU) once.
      const byColumn = new Map<string, { ops: SegOp[]; outs: string[] }>();
      for (const [out, [name, op]] of Object.entries(spec)) {
        if (!SEG_OPS.includes(op as SegOp)) continue;
        const e = byColumn.get(name) ?? { ops: [], outs: [] };
        byColumn.set(name, e);
        e.ops.push(op as SegOp);
        e.outs.push(out);
      }
      for (const [name, { ops, outs }] of byColumn) groups.reduce(df.column(name), ops).forEach((r, i) => reduced.set(outs[i]!, r));
      for (const [out, [name, op]] of Object.entries(spec)) {
        const c = df.column(name);
        if (op === 'first') columns.push([out, gatherColumn(c, firstRows)]);
        else if (op === 'last') columns.push([out, gatherColumn(c, groups.rows('last', 'groups'))]);
        else if (op === 'list') columns.push([out, groups.list(c)]);
        else if (op === 'median' || op === 'nunique') columns.push([out, withinGroups(c, op, groups.sorted())]);
        else {
          const r = reduced.get(out)!;
          reduced.delete(out);
          try {
            await checkOverflow(r, name);
          } catch (e) {
            r.values.dispose();
            r.validity.dispose();
            throw e;
          }
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
      return createFrame(columns);
    } finally {
      // Results not taken (an error came first).
      for (const r of reduced.values()) {
        r.values.dispose();
        r.validity.dispose();
        r.overflow?.dispose();
      }
      groups.dispose();
    }
  }
}

/**
 * median / nunique: each group's values in ascending order (numbers, NaN, nulls), by a stable
 * sort of the key-ordered values on (group number, value). The group number is the inclusive
 * prefix sum of the group-start flags, so a float key group that mixes -0 and +0 (which the
 * key sort keeps apart, -0 first) still sorts its values as one group.
 */
function withinGroups(c: Column, op: 'median' | 'nunique', groups: SortedGroups): Column {
  const { perm, starts, flags: keyFlags } = groups;
  const byKey = sortedWords(c, perm);
  const ones = widen(keyFlags);
  const gid = scan(ones, { inclusive: true });
  ones.dispose();
  const tmp = createFrame([
    ['g', new Column({ type: 'uint32', data: gid })],
    ['v', new Column({ type: byKey.data.dtype, data: byKey.data, validity: byKey.validity })],
  ]);
  const order = sortPermutation(tmp, ['g', 'v'], {});
  gid.dispose();
  const g = gather(byKey.data, order, { validity: byKey.validity, inRange: true });
  order.dispose();
  byKey.dispose();
  const validity = g.validity;
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
