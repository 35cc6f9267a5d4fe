/**
 * Grouping: the rows of a frame split into groups of equal keys (null == null, NaN == NaN,
 * -0 == +0), groups numbered in key order (nulls last), for groupBy, unique, valueCounts
 * and partitioned windows. One registered op groups the rows
 * (../../kernels/groupby/group-rows.ts: a sort on WebGPU, a hash on the CPU, the same
 * buffers on both); everything here is built from registered ops over its result, with no
 * backend branch: reductions by ../../kernels/groupby/group-reduce.ts, first rows from the op,
 * last rows by a segmented max of the group-ordered rows, sizes from the group starts. The
 * rows in group order (a counting sort on the CPU) are asked for only by the verbs that read
 * them (`order`: list, median, nunique, last); without them, a method that needs them builds
 * them by a stable argsort of the group numbers.
 */
import { Column } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { compare } from '../../kernels/map/map.js';
import { groupBoundaries } from '../../kernels/groupby/boundaries.js';
import { segmentedReduce, type SegOp, type SegmentedResult } from '../../kernels/groupby/segmented-reduce.js';
import { segmentSizes } from '../../kernels/groupby/segments.js';
import { groupOffsets, groupRows as groupRowsOp, type GroupIds } from '../../kernels/groupby/group-rows.js';
import { groupReduce } from '../../kernels/groupby/group-reduce.js';
import { PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { argsort, sortPairs } from '../../kernels/sort/radix-sort.js';
import { concatValues } from '../../kernels/concat/concat.js';
import type { DataFrame } from '../data-frame.js';
import { keyColumns } from './sort.js';
import { gatherColumn } from './take.js';

/** The rows of each group in one sorted layout (what median and nunique work on). */
export interface SortedGroups {
  /** Row numbers ordered by group, in frame order within each group. */
  perm: DataBuffer<'uint32'>;
  /** The position in `perm` where each group starts. */
  starts: DataBuffer<'uint32'>;
  /** Per position in `perm`: 1 where a group starts. */
  flags: DataBuffer<'bool'>;
}

/** Which rows come first in the result of `Grouping.rows`: by group, or in frame order. */
export type RowOrder = 'groups' | 'frame';

/**
 * The groups of `df` by `keys`. Every buffer it returns (but `sizes()`) is its own:
 * `dispose()` frees them. Internal: groupBy, unique, valueCounts and `over` share it.
 */
export class Grouping {
  private readonly owned: DataBuffer[] = [];
  private readonly cache = new Map<string, DataBuffer<'uint32'>>();
  private layout: SortedGroups | undefined;
  private byGroup: DataBuffer<'uint32'> | undefined;

  constructor(
    /** The op's result: ids, first rows, starts (and rows by group, offsets with `order`). */
    readonly groups: GroupIds,
    private readonly n: number,
  ) {}

  /** The number of groups. */
  get count(): number {
    return this.groups.count;
  }

  private keep<D extends DataBuffer>(b: D): D {
    this.owned.push(b);
    return b;
  }

  /** Row numbers ordered by group, row order within each group: the op's, else a stable argsort of the group numbers. */
  private groupOrder(): DataBuffer<'uint32'> {
    return (this.byGroup ??= this.groups.rows ?? this.keep(argsort(this.groups.ids)));
  }

  /**
   * Each group's first or last row in frame order; `order` 'groups' lists them by group,
   * 'frame' in frame order.
   */
  rows(which: 'first' | 'last', order: RowOrder): DataBuffer<'uint32'> {
    const key = `${which}/${order}`;
    let r = this.cache.get(key);
    if (!r) {
      if (order === 'frame') r = this.keep(inFrameOrder(this.rows(which, 'groups')));
      else if (which === 'first') r = this.groups.first;
      else {
        // A segmented max of the group-ordered rows: the group's largest row number.
        const s = segmentedReduce(this.groupOrder(), this.groups.starts, 'max');
        s.validity.dispose();
        r = this.keep(s.values as DataBuffer<'uint32'>);
      }
      this.cache.set(key, r);
    }
    return r;
  }

  /** The rows of the groups that hold exactly one row, by group or in frame order. */
  async singleRows(order: RowOrder): Promise<DataBuffer<'uint32'>> {
    const sizes = this.sizes();
    const one = compare(sizes, 1, 'eq');
    sizes.dispose();
    const at = await compactIndices(one);
    one.dispose();
    const rows = gather(this.rows('first', 'groups'), at, { inRange: true }).values;
    at.dispose();
    if (order === 'groups') return this.keep(rows);
    const sorted = this.keep(inFrameOrder(rows));
    rows.dispose();
    return sorted;
  }

  /** Rows per group: a new buffer, owned by the caller. */
  sizes(): DataBuffer<'uint32'> {
    return segmentSizes(this.groups.starts, this.n);
  }

  /**
   * Each of `ops` over a column's words (packed dtypes widened), per group, rows in frame
   * order (../../kernels/groupby/group-reduce.ts).
   */
  reduce(c: Column, ops: readonly SegOp[]): SegmentedResult[] {
    const words = wordData(c);
    try {
      const { count, ids, starts, rows } = this.groups;
      return groupReduce(words, { count, ids, starts, rows: this.byGroup ?? rows }, ops, { validity: c.validity });
    } finally {
      if (words !== c.data) words.dispose();
    }
  }

  /**
   * The column's values as a list column, one list per group: the values gathered in group
   * order (frame order within a group), the group offsets copied as the list offsets.
   */
  list(c: Column): Column {
    const child = gatherColumn(c, this.groupOrder());
    const { offsets, starts } = this.groups;
    return new Column({ type: 'list', data: offsets ? concatValues([offsets]) : groupOffsets(starts, this.n), children: [child] });
  }

  /** The sorted layout of the groups: the group starts flagged by a boundary pass over the group numbers in group order. */
  sorted(): SortedGroups {
    if (!this.layout) {
      const { ids, starts } = this.groups;
      const rows = this.groupOrder();
      const byGroup = gather(ids, rows, { inRange: true }).values;
      const flags = this.keep(groupBoundaries(byGroup));
      byGroup.dispose();
      this.layout = { perm: rows, starts, flags };
    }
    return this.layout;
  }

  dispose(): void {
    for (const b of this.owned) b.dispose();
    const { ids, first, starts, rows, offsets } = this.groups;
    for (const b of [ids, first, starts, rows, offsets]) b?.dispose();
  }
}

/** The key columns of `df` as the group-rows op takes them (utf8 as their sorted codes). */
export function groupKeys(df: DataFrame, keys: readonly string[]): Array<{ data: DataBuffer; validity?: DataBuffer<'uint8'> }> {
  return keyColumns(df, keys).map((c) => ({ data: c.data, validity: c.validity }));
}

/**
 * The groups of `df` by `keys` (see the module comment); `order`: the caller will read the
 * rows in group order (list, median, nunique, last rows). Internal.
 */
export async function groupRowsBy(df: DataFrame, keys: readonly string[], options: { order: boolean }): Promise<Grouping> {
  return new Grouping(await groupRowsOp(groupKeys(df, keys), df.numRows, { order: options.order }), df.numRows);
}

/**
 * Each group's row numbers as a list<uint32> column, one row per group in key order (nulls
 * last), the rows of a group in frame order: the group-rows op's (rows, offsets).
 * Internal.
 *
 * For instance, over ids [7, 9, 7], `groupRows(df, ['id'])` is the list<uint32> column
 * [[0, 2], [1]].
 */
export async function groupRows(df: DataFrame, keys: readonly string[]): Promise<Column> {
  const g = await groupRowsOp(groupKeys(df, keys), df.numRows);
  g.ids.dispose();
  g.first.dispose();
  g.starts.dispose();
  return new Column({ type: 'list', data: g.offsets, children: [new Column({ type: 'uint32', data: g.rows })] });
}

/** A column's data as words the kernels bind: packed dtypes widened (a new buffer), others as is. */
export function wordData(c: Column): DataBuffer {
  return PACKED_DTYPES.includes(c.data.dtype) ? widen(c.data) : c.data;
}

/** The column's words (widened if packed) in the order of `perm`, with its nulls. */
export function sortedWords(c: Column, perm: DataBuffer<'uint32'>): { data: DataBuffer; validity: DataBuffer<'uint8'> | undefined; dispose(): void } {
  const words = wordData(c);
  const g = gather(words, perm, { validity: c.validity, inRange: true });
  if (words !== c.data) words.dispose();
  return { data: g.values, validity: g.validity, dispose: () => { g.values.dispose(); g.validity?.dispose(); } };
}

/** Row numbers sorted ascending (one radix sort of uint32). */
function inFrameOrder(rows: DataBuffer<'uint32'>): DataBuffer<'uint32'> {
  const sorted = sortPairs(rows);
  sorted.values.dispose();
  return sorted.keys;
}
