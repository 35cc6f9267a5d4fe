/**
 * Grouping: the rows of a frame split into groups of equal keys (null == null, NaN == NaN,
 * -0 == +0), groups numbered in key order (nulls last), for groupBy, unique and valueCounts.
 * The one place where the grouping algorithm depends on the backend:
 * - WebGPU: sort-based. A stable sort by the keys (`sortPermutation` with `grouping`), group
 *   starts flagged where any key changes and compacted (one 4-byte control read); reductions
 *   gather each value column in key order and reduce segments (../../kernels/groupby).
 * - CPU: hash-based (../../kernels/groupby/hash-groups-cpu.ts). Each row gets its group's
 *   number in one pass per key column (a direct index for small integer ranges); reductions
 *   take one pass over the rows with one accumulator per group
 *   (../../kernels/groupby/group-reduce-cpu.ts), no sort and no gather of the values.
 * Both give the same groups in the same order, and the same results bit for bit: within a
 * group, values are combined in row order on both (the stable sort keeps row order).
 */
import { Column } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { activeBackend } from '../../src/device/index.js';
import { gather } from '../../kernels/gather/gather.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { groupBoundaries } from '../../kernels/groupby/boundaries.js';
import { segmentedReduce, type SegOp, type SegmentedResult } from '../../kernels/groupby/segmented-reduce.js';
import { segmentMask, segmentSizes } from '../../kernels/groupby/segments.js';
import { hashGroupsCpu, type HashGroups } from '../../kernels/groupby/hash-groups-cpu.js';
import { groupReduceManyCpu } from '../../kernels/groupby/group-reduce-cpu.js';
import { PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { sortPairs } from '../../kernels/sort/radix-sort.js';
import type { DataFrame } from '../data-frame.js';
import { keyColumns, sortPermutation } from './sort.js';


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

/** Groups of rows. Every buffer it returns (but `sizes()`) is its own: `dispose()` frees them. */
export interface Grouping {
  /** The number of groups. */
  readonly count: number;
  /**
   * Each group's first or last row in frame order; `order` 'groups' lists them by group,
   * 'frame' in frame order.
   */
  rows(which: 'first' | 'last', order: RowOrder): DataBuffer<'uint32'>;
  /** The rows of the groups that hold exactly one row, by group or in frame order. */
  singleRows(order: RowOrder): Promise<DataBuffer<'uint32'>>;
  /** Rows per group: a new buffer, owned by the caller. */
  sizes(): DataBuffer<'uint32'>;
  /**
   * Each of `ops` over a column's words (packed dtypes widened), per group, rows in frame
   * order. One gather of the column on the device; one shared pass over the rows on the CPU.
   */
  reduce(c: Column, ops: readonly SegOp[]): SegmentedResult[];
  /** The sorted layout of the groups. */
  sorted(): SortedGroups;
  dispose(): void;
}

export interface GroupingOptions {
  /**
   * Number the groups in key order (default true). false lets the CPU path skip sorting the
   * distinct keys: then only `rows(…, 'frame')`, `singleRows('frame')` and the group
   * identity are meaningful (unique with `maintainOrder`).
   */
  ordered?: boolean;
}

/**
 * The groups of `df` by `keys` (see the module comment): hashing on the CPU backend, a sort
 * on WebGPU. Internal: groupBy, unique and valueCounts share it.
 */
export async function groupRowsBy(df: DataFrame, keys: readonly string[], options: GroupingOptions = {}): Promise<Grouping> {
  const cols = keyColumns(df, keys);
  if (activeBackend() === 'cpu') {
    const ordered = options.ordered ?? true;
    const keyData = cols.map((c) => ({ data: c.data.hostView('groupBy'), dtype: c.data.dtype, validity: c.validity?.hostView('groupBy') as Uint8Array | undefined }));
    return new HashGrouping(hashGroupsCpu(keyData, df.numRows, ordered));
  }
  const perm = sortPermutation(df, keys, {}, true);
  const flags = groupFlags(df, keys, perm);
  const starts = await compactIndices(flags);
  return new SortGrouping(perm, flags, starts, df.numRows);
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

/**
 * Group-start flags (bool per row) of `df` ordered by `perm`, a stable sort by `keys`: a row
 * starts a group where any key differs from the row before (NaN == NaN, -0 == +0,
 * null == null).
 */
function groupFlags(df: DataFrame, keys: readonly string[], perm: DataBuffer<'uint32'>): DataBuffer<'bool'> {
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

/** The device path: a stable sort by the keys and the group starts in it. */
class SortGrouping implements Grouping {
  private readonly owned: DataBuffer[] = [];
  private readonly cache = new Map<string, DataBuffer<'uint32'>>();

  constructor(
    private readonly perm: DataBuffer<'uint32'>,
    private readonly flags: DataBuffer<'bool'>,
    private readonly starts: DataBuffer<'uint32'>,
    private readonly n: number,
  ) {}

  get count(): number {
    return this.starts.length;
  }

  private keep<D extends DataBuffer>(b: D): D {
    this.owned.push(b);
    return b;
  }

  rows(which: 'first' | 'last', order: RowOrder): DataBuffer<'uint32'> {
    const key = `${which}/${order}`;
    let r = this.cache.get(key);
    if (!r) {
      // A segmented min / max of the permutation: the group's smallest / largest row number.
      if (order === 'groups') {
        const s = segmentedReduce(this.perm, this.starts, which === 'first' ? 'min' : 'max');
        s.validity.dispose();
        r = this.keep(s.values as DataBuffer<'uint32'>);
      } else r = this.keep(inFrameOrder(this.rows(which, 'groups')));
      this.cache.set(key, r);
    }
    return r;
  }

  async singleRows(order: RowOrder): Promise<DataBuffer<'uint32'>> {
    const single = segmentMask(this.flags, 'single');
    const at = await compactIndices(single);
    single.dispose();
    const rows = gather(this.perm, at, { inRange: true }).values;
    at.dispose();
    if (order === 'groups') return this.keep(rows);
    const sorted = this.keep(inFrameOrder(rows));
    rows.dispose();
    return sorted;
  }

  sizes(): DataBuffer<'uint32'> {
    return segmentSizes(this.starts, this.n);
  }

  reduce(c: Column, ops: readonly SegOp[]): SegmentedResult[] {
    const s = sortedWords(c, this.perm);
    try {
      return ops.map((op) => segmentedReduce(s.data, this.starts, op, { validity: s.validity }));
    } finally {
      s.dispose();
    }
  }

  sorted(): SortedGroups {
    return { perm: this.perm, starts: this.starts, flags: this.flags };
  }

  dispose(): void {
    for (const b of this.owned) b.dispose();
    this.perm.dispose();
    this.flags.dispose();
    this.starts.dispose();
  }
}

/** Row numbers sorted ascending (one radix sort of uint32). */
function inFrameOrder(rows: DataBuffer<'uint32'>): DataBuffer<'uint32'> {
  const sorted = sortPairs(rows);
  sorted.values.dispose();
  return sorted.keys;
}

/** The CPU path: a group number per row. */
class HashGrouping implements Grouping {
  private readonly owned: DataBuffer[] = [];
  private last: Uint32Array | undefined;
  private counts: Uint32Array | undefined;
  private layout: SortedGroups | undefined;

  constructor(private readonly g: HashGroups) {}

  get count(): number {
    return this.g.count;
  }

  private keep<D extends DataBuffer>(b: D): D {
    this.owned.push(b);
    return b;
  }

  private lastRows(): Uint32Array {
    if (!this.last) {
      const { ids, count } = this.g;
      const last = new Uint32Array(count);
      for (let i = 0; i < ids.length; i++) last[ids[i]!] = i;
      this.last = last;
    }
    return this.last;
  }

  private groupSizes(): Uint32Array {
    if (!this.counts) {
      const { ids, count } = this.g;
      const c = new Uint32Array(count);
      for (let i = 0; i < ids.length; i++) c[ids[i]!]++;
      this.counts = c;
    }
    return this.counts;
  }

  rows(which: 'first' | 'last', order: RowOrder): DataBuffer<'uint32'> {
    const per = which === 'first' ? this.g.first : this.lastRows();
    if (order === 'groups') return this.keep(DataBuffer.fromHost(per, 'uint32'));
    // Frame order: the rows that are their group's first (last), in one pass.
    const { ids, count } = this.g;
    const out = new Uint32Array(count);
    let m = 0;
    for (let i = 0; i < ids.length; i++) if (per[ids[i]!] === i) out[m++] = i;
    return this.keep(DataBuffer.fromHost(out, 'uint32'));
  }

  async singleRows(order: RowOrder): Promise<DataBuffer<'uint32'>> {
    const sizes = this.groupSizes();
    const { ids, first, count } = this.g;
    const out: number[] = [];
    if (order === 'groups') {
      for (let g = 0; g < count; g++) if (sizes[g] === 1) out.push(first[g]!);
    } else for (let i = 0; i < ids.length; i++) if (sizes[ids[i]!] === 1) out.push(i);
    return this.keep(DataBuffer.fromHost(Uint32Array.from(out), 'uint32'));
  }

  sizes(): DataBuffer<'uint32'> {
    return DataBuffer.fromHost(this.groupSizes().slice(), 'uint32');
  }

  reduce(c: Column, ops: readonly SegOp[]): SegmentedResult[] {
    const words = wordData(c);
    try {
      return groupReduceManyCpu(words, c.validity, this.g.ids, this.g.count, ops);
    } finally {
      if (words !== c.data) words.dispose();
    }
  }

  sorted(): SortedGroups {
    if (!this.layout) {
      // A counting sort of the rows by group number: stable, so frame order within groups.
      const { ids, count } = this.g;
      const sizes = this.groupSizes();
      const starts = new Uint32Array(count);
      const flags = new Uint8Array(ids.length);
      let at = 0;
      for (let g = 0; g < count; g++) {
        starts[g] = at;
        flags[at] = 1;
        at += sizes[g]!;
      }
      const next = starts.slice();
      const perm = new Uint32Array(ids.length);
      for (let i = 0; i < ids.length; i++) perm[next[ids[i]!]!++] = i;
      this.layout = {
        perm: this.keep(DataBuffer.fromHost(perm, 'uint32')),
        starts: this.keep(DataBuffer.fromHost(starts, 'uint32')),
        flags: this.keep(DataBuffer.fromHost(flags, 'bool')),
      };
    }
    return this.layout;
  }

  dispose(): void {
    for (const b of this.owned) b.dispose();
  }
}
