/**
 * Aggregations that read each group's values in order (median, nunique, quantile), over
 * the values sorted within their groups.
 *
 * quantile: the `q` quantile of a column within each group (`col('x').quantile(q)` in
 * `groupBy().agg` and whole-frame `select`), with `df.quantile`'s definition
 * (./quantile.ts `quantilePositions`): over a group's `nv` valid values sorted ascending
 * (NaN the largest), f = (nv − 1)·q; 'nearest' takes index round(f) (half away from zero),
 * 'lower' floor(f), 'higher' ceil(f), 'midpoint' the mean of the floor and ceil values,
 * 'linear' lo + (f − floor(f))·(hi − lo). Null for a group without a valid value.
 *
 * Built only from registered ops, no host loop over groups: the values sorted within groups
 * (group-by.ts `sortWithinGroups`, as median), the valid counts (the group-reduce op), the
 * positions and the interpolation by the fused expression kernel (exact float64 on both
 * backends, the same operations in the same order as `df.quantile`'s host arithmetic), and
 * two gathers.
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { scan } from '../../kernels/scan/scan.js';
import { groupBoundaries } from '../../kernels/groupby/boundaries.js';
import { segmentedReduce } from '../../kernels/groupby/segmented-reduce.js';
import { segmentedMedian } from '../../kernels/groupby/segmented-median.js';
import { widen } from '../../kernels/cast/widen.js';
import { col, when, type Expr } from '../expr.js';
import type { QuantileInterpolation } from './quantile.js';
import { createFrame } from '../factory.js';
import { sortPermutation } from './sort.js';
import { sortedWords, type Grouping, type SortedGroups } from './grouping.js';
import { evalColumn } from './with-columns.js';

/**
 * median / nunique: each group's values in ascending order (numbers, NaN, nulls), by a stable
 * sort of the key-ordered values on (group number, value). The group number is the inclusive
 * prefix sum of the group-start flags, so a float key group that mixes -0 and +0 (which the
 * key sort keeps apart, -0 first) still sorts its values as one group.
 */
export function withinGroups(c: Column, op: 'median' | 'nunique', groups: SortedGroups): Column {
  const { starts, flags: keyFlags } = groups;
  const g = sortWithinGroups(c, groups);
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

/**
 * Each group's values (words, packed types widened) ascending within the group: numbers,
 * NaN, then nulls; groups in `groups.perm` order. The caller disposes both buffers.
 */
export function sortWithinGroups(c: Column, groups: SortedGroups): { values: DataBuffer; validity: DataBuffer<'uint8'> | undefined } {
  const { perm, flags: keyFlags } = groups;
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
  return g;
}
/** f = (nv − 1)·q as float64 (0 for an empty group, whose result is null anyway). */
function position(q: number): Expr {
  return when(col('nv').gt(0)).then(col('nv').cast('float64').sub(1)).otherwise(0).mul(q);
}

/** The lower index (round, floor or ceil of f) and the upper one (ceil of f). */
function indices(q: number, method: QuantileInterpolation): { base: Expr; top: Expr } {
  const f = position(q);
  const base = method === 'nearest' ? f.round() : method === 'higher' ? f.ceil() : f.floor();
  return { base, top: f.ceil() };
}

/** The quantile per group as a float64 column, one row per group in `groups`' order. */
export async function groupQuantile(c: Column, groups: Grouping, q: number, method: QuantileInterpolation): Promise<Column> {
  const layout = groups.sorted();
  const [counts] = groups.reduce(c, ['count']);
  counts!.validity.dispose();
  counts!.overflow?.dispose();
  const sorted = sortWithinGroups(c, layout);
  const owned: Array<DataBuffer | Column> = [counts!.values, sorted.values];
  if (sorted.validity) owned.push(sorted.validity);
  try {
    const pos = createFrame([
      ['s', new Column({ type: 'uint32', data: layout.starts })],
      ['nv', new Column({ type: 'int64', data: counts!.values })],
    ]);
    const { base, top } = indices(q, method);
    const at = async (i: Expr): Promise<DataBuffer> => {
      const rows = await evalColumn(pos, col('s').add(i).cast('uint32', { strict: false }));
      owned.push(rows);
      const g = gather(sorted.values, rows.data as DataBuffer<'uint32'>, { inRange: true });
      g.validity?.dispose();
      owned.push(g.values);
      return g.values;
    };
    const lo = await at(base);
    const hi = method === 'nearest' || method === 'lower' || method === 'higher' ? lo : await at(top);
    const vals = createFrame([
      ['nv', new Column({ type: 'int64', data: counts!.values })],
      ['lo', new Column({ type: lo.dtype as ColumnType, data: lo })],
      ['hi', new Column({ type: hi.dtype as ColumnType, data: hi })],
    ]);
    const x = col('lo').cast('float64');
    const y = col('hi').cast('float64');
    let value: Expr = x;
    if (method === 'midpoint') value = when(base.eq(top)).then(x).otherwise(x.add(y).div(2));
    else if (method === 'linear') value = when(base.eq(top)).then(x).otherwise(position(q).sub(base).mul(y.sub(x)).add(x));
    return await evalColumn(vals, when(col('nv').gt(0)).then(value).otherwise(null));
  } finally {
    for (const b of owned) b.dispose();
  }
}
