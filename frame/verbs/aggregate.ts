/**
 * The grouped aggregation behind `groupBy().agg` (both forms) and whole-frame `select` of
 * aggregations (one group): see ./group-by.ts for the semantics of each op. Internal.
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { checkOverflow, SEG_OPS, type SegOp, type SegmentedResult } from '../../kernels/groupby/segmented-reduce.js';
import { narrow } from '../../kernels/cast/widen.js';
import type { DataFrame } from '../data-frame.js';
import type { QuantileInterpolation } from './quantile.js';
import { createFrame } from '../factory.js';
import { groupRowsBy } from './grouping.js';
import { gatherColumn } from './take.js';
import { groupQuantile, withinGroups } from './within-groups.js';

/** The aggregations of `groupBy(...).agg`. */
export type AggOp = SegOp | 'median' | 'nunique' | 'first' | 'last' | 'list';


/**
 * One aggregation as the grouped path runs it (internal): the object form's `[column, op]`,
 * and what only expressions reach (quantile, len). `label` names the input in errors.
 */
export interface AggItem {
  out: string;
  column: string;
  op: AggOp | 'quantile' | 'len';
  label: string;
  /** The output name shown in errors, where `out` is internal (expressions). */
  shown?: string;
  q?: number;
  interpolation?: QuantileInterpolation;
}

export const ALL_OPS: readonly AggOp[] = [...SEG_OPS, 'median', 'nunique', 'first', 'last', 'list'];

const NUMERIC_OPS: AggOp[] = ['count', 'sum', 'mean', 'min', 'max', 'std', 'var', 'median', 'nunique', 'first', 'last', 'list'];
const TEMPORAL_OPS: AggOp[] = ['count', 'sum', 'mean', 'min', 'max', 'nunique', 'first', 'last', 'list'];
const STRING_OPS: AggOp[] = ['count', 'min', 'max', 'first', 'last', 'nunique', 'list'];
const NESTED_OPS: AggOp[] = ['first', 'last', 'list'];

export function opsFor(c: Column): Array<AggOp | 'quantile' | 'len'> {
  const ops = baseOps(c);
  return ops === NUMERIC_OPS && c.type !== 'bool' ? [...ops, 'quantile', 'len'] : [...ops, 'len'];
}

export function baseOps(c: Column): AggOp[] {
  if (c.isNested) return NESTED_OPS;
  if (c.kernelType === 'utf8') return STRING_OPS;
  if (c.type === 'date' || c.type === 'timestamp') return TEMPORAL_OPS;
  return NUMERIC_OPS;
}

/**
 * The grouped aggregation behind `agg`, the expression form and whole-frame `select`
 * (one group): keys first (each group's first row), then one column per item. `lenOf`: the
 * column whose non-null count is `len` (default: the first key without its nulls);
 * `expressions`: errors name ops as the expression methods (`nUnique`).
 */
export async function aggregate(df: DataFrame, keys: readonly string[], items: readonly AggItem[], op: string, lenOf?: Column, expressions = false): Promise<DataFrame> {
  const spec = items;
  for (const { out, column: name, op: o, label, shown: shownOut } of spec) {
    const c = df.column(name);
    if (!opsFor(c).includes(o)) {
      // The names the caller wrote: the object form's ops, or the expression methods.
      const shown = expressions ? opsFor(c).filter((x) => x !== 'list').map((x) => (x === 'nunique' ? 'nUnique' : x)) : baseOps(c);
      throw new DTypeError(`${op}: expected ${shown.join(' | ')} for ${label} (${c.type}) in '${shownOut ?? out}', got '${o === 'nunique' && expressions ? 'nUnique' : String(o)}'`);
    }
    if (keys.includes(out)) throw new ValueError(`${op}: expected output names distinct from the keys, got '${out}'`);
  }
  // The rows in group order only for the aggregations that read them (on the CPU, sum,
  // mean, ... reduce by group number, and each group's first row comes with the groups).
  const order = spec.some(({ op: o }) => o === 'list' || o === 'median' || o === 'nunique' || o === 'last' || o === 'quantile');
  const groups = await groupRowsBy(df, keys, { order });
  const reduced = new Map<string, SegmentedResult>();
  try {
    const firstRows = groups.rows('first', 'groups');
    const columns: Array<[string, Column]> = keys.map((k) => [k, gatherColumn(df.column(k), firstRows)]);
    // len: the non-null count of a column without nulls (the first key's words, by default).
    const lenColumn = lenOf ?? new Column({ type: df.column(keys[0]!).data.dtype as ColumnType, data: df.column(keys[0]!).data });
    const source = (it: AggItem): Column => (it.op === 'len' ? lenColumn : df.column(it.column));
    // The reductions, by value column: each column is gathered (device) or read (CPU) once.
    const byColumn = new Map<Column, { ops: SegOp[]; outs: string[] }>();
    for (const it of spec) {
      const o = it.op === 'len' ? 'count' : it.op;
      if (!SEG_OPS.includes(o as SegOp)) continue;
      const c = source(it);
      const e = byColumn.get(c) ?? { ops: [], outs: [] };
      byColumn.set(c, e);
      e.ops.push(o as SegOp);
      e.outs.push(it.out);
    }
    for (const [c, { ops, outs }] of byColumn) groups.reduce(c, ops).forEach((r, i) => reduced.set(outs[i]!, r));
    for (const it of spec) {
      const { out, op: o } = it;
      const c = source(it);
      if (o === 'first') columns.push([out, gatherColumn(c, firstRows)]);
      else if (o === 'last') columns.push([out, gatherColumn(c, groups.rows('last', 'groups'))]);
      else if (o === 'list') columns.push([out, groups.list(c)]);
      else if (o === 'median' || o === 'nunique') columns.push([out, withinGroups(c, o, groups.sorted())]);
      else if (o === 'quantile') columns.push([out, await groupQuantile(c, groups, it.q!, it.interpolation ?? 'nearest')]);
      else {
        const r = reduced.get(out)!;
        reduced.delete(out);
        try {
          await checkOverflow(r, it.column);
        } catch (e) {
          r.values.dispose();
          r.validity.dispose();
          throw e;
        }
        if (o === 'min' || o === 'max') {
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
