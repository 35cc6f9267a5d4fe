/**
 * groupBy(keys).agg(...): sort-based. Rows are ordered by the keys (stable, nulls last),
 * group starts are flagged where any key changes, compacted into a start list (one 4-byte
 * control read for the number of groups), and each aggregation runs as a segmented
 * reduction over the sorted values. Groups come out in key order; null keys form one
 * group, last (Polars keeps null keys; pandas drops them by default).
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { gather } from '../../kernels/gather/gather.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { groupBoundaries } from '../../kernels/groupby/boundaries.js';
import { checkOverflow, segmentedReduce, type SegOp } from '../../kernels/groupby/segmented-reduce.js';
import type { DataFrame } from '../data-frame.js';
import { DataFrame as Frame } from '../data-frame.js';
import { sortPermutation } from './sort.js';

/** An aggregation: `[column, op]`, e.g. `['fare', 'mean']`. */
export type AggSpec = readonly [string, SegOp];

const NUMERIC_OPS: SegOp[] = ['count', 'sum', 'mean', 'min', 'max'];
const STRING_OPS: SegOp[] = ['count', 'min', 'max'];

function gathered(c: Column, perm: DataBuffer<'uint32'>): { data: DataBuffer; validity: DataBuffer<'uint8'> | undefined } {
  const g = gather(c.data, perm, { validity: c.validity });
  if (!c.validity) {
    g.validity.dispose();
    return { data: g.values, validity: undefined };
  }
  return { data: g.values, validity: g.validity };
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
   * Aggregate each group: `{ outName: [column, 'count' | 'sum' | 'mean' | 'min' | 'max'] }`.
   * count counts non-null values; sum skips nulls (0 for none); mean is float64; min/max
   * ignore NaN unless a group has only NaN. Integer sums are exact (an int64 overflow is a
   * ValueError).
   *
   * @example
   * ```ts
   * const g = await df.groupBy('state').agg({ n: ['iata', 'count'], lat: ['latitude', 'mean'] });
   * ```
   */
  async agg(spec: Record<string, AggSpec>): Promise<DataFrame> {
    const { df, keys } = this;
    for (const [out, [name, op]] of Object.entries(spec)) {
      const c = df.column(name);
      const ops = c.kernelType === 'utf8' ? STRING_OPS : NUMERIC_OPS;
      if (!ops.includes(op)) throw new DTypeError(`groupBy: expected ${ops.join(' | ')} for '${name}' (${c.type}) in '${out}', got '${String(op)}'`);
      if (keys.includes(out)) throw new ValueError(`groupBy: expected output names distinct from the keys, got '${out}'`);
    }
    const perm = sortPermutation(df, keys, {});
    const sortedKeys = keys.map((k) => gathered(df.column(k), perm));
    let flags: DataBuffer<'bool'> | undefined;
    for (const sk of sortedKeys) {
      const next = groupBoundaries(sk.data, { validity: sk.validity, prev: flags });
      flags?.dispose();
      flags = next;
    }
    const starts = await compactIndices(flags!);
    flags!.dispose();
    const columns: Array<[string, Column]> = keys.map((k, i) => {
      const src = df.column(k);
      const sk = sortedKeys[i]!;
      const kc = gathered(src.derive(sk.data, sk.validity), starts);
      sk.data.dispose();
      sk.validity?.dispose();
      return [k, src.derive(kc.data, kc.validity)];
    });
    for (const [out, [name, op]] of Object.entries(spec)) {
      const c = df.column(name);
      const s = gathered(c, perm);
      const r = segmentedReduce(s.data, starts, op, { validity: s.validity });
      s.data.dispose();
      s.validity?.dispose();
      await checkOverflow(r, name);
      // min/max keep the column's type (strings, dates, timestamps); count and sum/mean are numbers.
      const keeps = op === 'min' || op === 'max';
      columns.push([out, keeps ? c.derive(r.values, r.validity) : new Column({ type: r.values.dtype as ColumnType, data: r.values, validity: r.validity })]);
    }
    perm.dispose();
    starts.dispose();
    return new Frame(columns);
  }
}
