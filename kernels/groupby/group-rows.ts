/**
 * groupby/group-rows: the rows of a table split into groups of equal keys, as one op with two
 * bodies. Keys are equal when every key column is (null == null, NaN == NaN whatever its bits,
 * -0 == +0). Groups are numbered in key order: first key column first, each ascending with
 * NaN after every number and nulls last (frame/verbs/sort.ts's order, -0 and +0 as one key).
 *
 * Output (`GroupRows`), every buffer new and owned by the caller:
 * - `ids`: per row, its group number in [0, count);
 * - `first`: per group, its first row (the smallest row number; uint32, count entries);
 * - `starts`: per group, the number of rows in the groups before it: where it starts in
 *   `rows` (uint32, count entries);
 * - `rows`: the row numbers ordered by group, in row order within each group;
 * - `offsets`: `starts` followed by n (int32, count + 1): (`rows`, `offsets`) is a list
 *   column of each group's rows.
 * With `order: false` (`GroupIds`) the caller does not need `rows` and `offsets`: the CPU body
 * leaves them out (reductions by group read `ids` only), the GPU body returns them anyway
 * (its sort builds them; its reductions read them).
 *
 * GPU body: a stable LSD sort by the keys (../sort radix argsort per key, nulls last, -0
 * read as +0), group-start flags where any key changes (./boundaries.ts), their compaction
 * (../compact: one 8-byte control read, the op's only round trip), and the group numbers by
 * an inclusive scan of the flags scattered back to row order (../gather/scatter.ts).
 * CPU body: ./hash-groups-cpu.ts (one hashing or direct-index pass per key column, distinct
 * keys sorted; it also gives each group's first row), the group sizes' prefix sum, and with
 * `order` a counting sort of the rows by group number (stable, so row order within groups).
 * Both give the same buffers, bit for bit.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { LsdPermutation } from '../sort/lsd-permutation.js';
import { gather } from '../gather/gather.js';
import { scatter } from '../gather/scatter.js';
import { fillNull, nullFlags } from '../nulls/nulls.js';
import { PACKED_DTYPES, widen } from '../cast/widen.js';
import { positiveZero } from '../cast/positive-zero.js';
import { compactIndices } from '../compact/compact.js';
import { scan } from '../scan/scan.js';
import { mapBinary } from '../map/map.js';
import { concatValues } from '../concat/concat.js';
import { groupBoundaries } from './boundaries.js';
import { hashGroupsCpu } from './hash-groups-cpu.js';
import { countIds } from './count-ids.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { showValue } from '../../src/options.js';

/** Key dtypes: the word dtypes and the packed ones (widened to 32 bits first). utf8 keys pass their uint32 codes. */
export const GROUP_KEY_DTYPES: readonly DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64', ...PACKED_DTYPES];

/** One key column: its data and optional Arrow validity bitmap. */
export interface GroupKey {
  data: DataBuffer;
  validity?: DataBuffer<'uint8'>;
}

/** The rows of a table ordered by group, for partitioned windows (no group count, so no read back). */
export interface PartitionRows {
  /** Row numbers ordered by group, row order within each group (as `GroupRows.rows`). */
  rows: DataBuffer<'uint32'>;
  /** Per position in `rows`: its group number (non-decreasing). */
  segments: DataBuffer<'uint32'>;
}

/** Options of `groupRows`. */
export interface GroupRowsOptions {
  /** Build the rows in group order (`rows`, `offsets`). Default true. */
  order?: boolean;
}

/** The groups of a table's rows, without the rows in group order (see the module comment). */
export interface GroupIds {
  /** The number of groups. */
  count: number;
  /** Per row: its group number. */
  ids: DataBuffer<'uint32'>;
  /** Per group: its first row (the smallest row number). */
  first: DataBuffer<'uint32'>;
  /** Per group: the rows in the groups before it (where it starts in `rows`). */
  starts: DataBuffer<'uint32'>;
  /** Row numbers ordered by group: present with `order`, and from the GPU body always. */
  rows?: DataBuffer<'uint32'>;
  /** `starts` and then n: present with `order`, and from the GPU body always. */
  offsets?: DataBuffer<'int32'>;
}

/** The groups of a table's rows, with the rows in group order (see the module comment). */
export interface GroupRows extends GroupIds {
  /** Row numbers ordered by group, row order within each group. */
  rows: DataBuffer<'uint32'>;
  /** `starts` and then n: the list offsets of (`rows`). */
  offsets: DataBuffer<'int32'>;
}

/**
 * The list offsets of groups: `starts` followed by `n` (int32, a new buffer): starts
 * [0, 2, 3] and n = 5 give [0, 2, 3, 5]. Internal.
 */
export function groupOffsets(starts: DataBuffer<'uint32'>, n: number): DataBuffer<'int32'> {
  const end = DataBuffer.fromHost(new Uint32Array([n]), 'uint32');
  const joined = concatValues([starts, end]);
  end.dispose();
  return joined.reinterpret('int32');
}

/**
 * The device's sorted layout: a stable LSD sort by the keys, last key first (values with
 * null slots filled and -0 read as +0, then null flags so nulls go last), and the
 * group-start flags of the sorted rows.
 */
function sortedLayout(keys: readonly GroupKey[], n: number): { perm: DataBuffer<'uint32'>; flags: DataBuffer<'bool'> } {
  const lsd = new LsdPermutation();
  const step = (data: DataBuffer) => lsd.step(data);
  const words = keys.map((k) => (PACKED_DTYPES.includes(k.data.dtype) ? widen(k.data) : k.data));
  try {
    for (let k = keys.length - 1; k >= 0; k--) {
      const w = words[k]!;
      const { validity } = keys[k]!;
      const isFloat = w.dtype === 'float32' || w.dtype === 'float64';
      const zeroed = isFloat ? positiveZero(w) : w;
      const values = validity ? fillNull(zeroed, validity, 0) : zeroed;
      step(values);
      if (values !== zeroed) values.dispose();
      if (zeroed !== w) zeroed.dispose();
      if (validity) {
        const nulls = nullFlags(validity, n);
        step(nulls);
        nulls.dispose();
      }
    }
    // Group starts: where any key differs from the sorted row before.
    let flags: DataBuffer<'bool'> | undefined;
    for (let k = 0; k < keys.length; k++) {
      const g = gather(words[k]!, lsd.perm!, { validity: keys[k]!.validity, inRange: true });
      const next = groupBoundaries(g.values, { validity: g.validity, prev: flags });
      g.values.dispose();
      g.validity?.dispose();
      flags?.dispose();
      flags = next;
    }
    return { perm: lsd.perm!, flags: flags! };
  } catch (e) {
    lsd.perm?.dispose();
    throw e;
  } finally {
    words.forEach((w, i) => w !== keys[i]!.data && w.dispose());
  }
}

/** Group numbers of the sorted rows: the inclusive prefix sum of the start flags, minus 1. */
function sortedIds(flags: DataBuffer<'bool'>): DataBuffer<'uint32'> {
  const ones = widen(flags) as DataBuffer<'uint32'>;
  const inclusive = scan(ones, { inclusive: true });
  ones.dispose();
  const gid = mapBinary(inclusive, 1, 'sub');
  inclusive.dispose();
  return gid;
}

async function groupRowsGpu(_ctx: GpuContext, keys: readonly GroupKey[], n: number): Promise<GroupRows> {
  const { perm, flags } = sortedLayout(keys, n);
  try {
    const starts = await compactIndices(flags);
    const gid = sortedIds(flags);
    const ids = scatter(gid, perm, n).values;
    gid.dispose();
    const first = gather(perm, starts, { inRange: true }).values;
    return { count: starts.length, ids, first, starts, rows: perm, offsets: groupOffsets(starts, n) };
  } catch (e) {
    perm.dispose();
    throw e;
  } finally {
    flags.dispose();
  }
}

function partitionRowsGpu(_ctx: GpuContext, keys: readonly GroupKey[], n: number): PartitionRows {
  const { perm, flags } = sortedLayout(keys, n);
  const segments = sortedIds(flags);
  flags.dispose();
  return { rows: perm, segments };
}

/**
 * Each group's start in group order, followed by n (count + 1 entries): the prefix sum of
 * the group sizes. Each loop is a function of its own, so V8 compiles it whole (one long
 * function is on-stack-replaced on its first loop and runs the others unoptimized).
 */
function groupStarts(ids: Uint32Array, count: number): Uint32Array {
  const starts = countIds(ids, count);
  prefixSum(starts, count);
  return starts;
}

/** The rows by group number, a stable counting sort from the group starts (`groupStarts`). */
function countingSort(ids: Uint32Array, starts: Uint32Array, count: number): Uint32Array {
  const rows = new Uint32Array(ids.length);
  scatterRows(ids, starts.slice(0, count), rows);
  return rows;
}

function prefixSum(a: Uint32Array, count: number): void {
  for (let g = 0; g < count; g++) a[g + 1]! += a[g]!;
}

function scatterRows(ids: Uint32Array, next: Uint32Array, rows: Uint32Array): void {
  for (let i = 0; i < ids.length; i++) rows[next[ids[i]!]!++] = i;
}

async function groupRowsCpu(keys: readonly GroupKey[], n: number, order: boolean): Promise<GroupIds> {
  const host = keys.map((k) => ({ data: k.data.hostView('groupBy'), dtype: k.data.dtype, validity: k.validity?.hostView('groupBy') as Uint8Array | undefined }));
  // ids and first are new arrays (hashGroupsCpu never hands back a key's own buffer).
  const { ids, count, first } = hashGroupsCpu(host, n, true);
  const ends = groupStarts(ids, count);
  const groups: GroupIds = {
    count,
    ids: DataBuffer.fromHost(ids, 'uint32'),
    first: DataBuffer.fromHost(first, 'uint32'),
    starts: DataBuffer.fromHost(ends.slice(0, count), 'uint32'),
  };
  if (order) {
    groups.rows = DataBuffer.fromHost(countingSort(ids, ends, count), 'uint32');
    groups.offsets = DataBuffer.fromHost(new Int32Array(ends.buffer), 'int32');
  }
  return groups;
}

function partitionRowsCpu(keys: readonly GroupKey[], n: number): PartitionRows {
  const host = keys.map((k) => ({ data: k.data.hostView('window'), dtype: k.data.dtype, validity: k.validity?.hostView('window') as Uint8Array | undefined }));
  const g = hashGroupsCpu(host, n, true);
  const rows = countingSort(g.ids, groupStarts(g.ids, g.count), g.count);
  const segments = new Uint32Array(n);
  for (let p = 0; p < n; p++) segments[p] = g.ids[rows[p]!]!;
  return { rows: DataBuffer.fromHost(rows, 'uint32'), segments: DataBuffer.fromHost(segments, 'uint32') };
}

export const groupRowsKernel = defineKernel({
  name: 'groupby/group-rows',
  dtypes: GROUP_KEY_DTYPES,
  tolerance: EXACT,
  nulls: 'A null key equals another null key: the rows with a null key form one group, numbered after every value of that key column (Polars keeps null keys).',
  cpu: (keys: readonly GroupKey[], n: number, order: boolean) => groupRowsCpu(keys, n, order),
  gpu: (ctx, keys: readonly GroupKey[], n: number) => groupRowsGpu(ctx, keys, n),
});

/**
 * Group the rows of key columns (all `n` rows long): each row's group number, each group's
 * first row and start, and the rows ordered by group (see the module comment). With
 * `{ order: false }` the rows in group order may be left out (the CPU body then skips its
 * counting sort): what reductions by group, first rows and group sizes need. Async: the
 * number of groups is read back (one small control read on the device).
 *
 * @example
 * ```ts
 * const g = await gf.kernels.groupRows([{ data: gf.array(new Int32Array([5, 1, 5, 1, 3])) }], 5);
 * g.count;                   // 3
 * await g.ids.toArray();     // Uint32Array [2, 0, 2, 0, 1]
 * await g.first.toArray();   // Uint32Array [1, 4, 0]
 * await g.rows.toArray();    // Uint32Array [1, 3, 4, 0, 2]
 * await g.offsets.toArray(); // Int32Array [0, 2, 3, 5]
 * const ids = await gf.kernels.groupRows([{ data: gf.array(new Int32Array([5, 1, 5])) }], 3, { order: false });
 * await ids.starts.toArray(); // Uint32Array [0, 1]
 * ```
 */
export function groupRows(keys: readonly GroupKey[], n: number, options?: GroupRowsOptions & { order?: true }): Promise<GroupRows>;
export function groupRows(keys: readonly GroupKey[], n: number, options: GroupRowsOptions): Promise<GroupIds>;
export function groupRows(keys: readonly GroupKey[], n: number, options: GroupRowsOptions = {}): Promise<GroupIds> {
  checkKeys('groupRows', keys, n);
  for (const k of Object.keys(options)) if (k !== 'order') throw new ValueError(`groupRows: expected options { order }, got '${k}'`);
  const order = options.order ?? true;
  if (typeof order !== 'boolean') throw new ValueError(`groupRows: expected order true | false, got ${String(order)}`);
  return run(groupRowsKernel, keys, n, order);
}

function checkKeys(op: string, keys: readonly GroupKey[], n: number): void {
  if (!Array.isArray(keys)) throw new ValueError(`${op}: expected an array of keys { data, validity? }, got ${showValue(keys)}`);
  if (keys.length === 0) throw new ValueError(`${op}: expected at least one key column, got none`);
  keys.forEach((k, i) => expectBuffer(op, (k as GroupKey | null)?.data, `key ${i}'s data`));
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new ValueError(`${op}: expected a row count 0 <= n < 2^32, got ${n}`);
  keys.forEach((k, i) => {
    expectDType(`${op} key ${i}`, k.data.dtype, GROUP_KEY_DTYPES);
    if (k.data.length !== n) throw new ShapeError(`${op}: expected key ${i} of ${n} rows, got ${k.data.length}`);
    if (k.validity && k.validity.length < Math.ceil(n / 8)) throw new ShapeError(`${op}: expected key ${i}'s validity of ${Math.ceil(n / 8)} bytes, got ${k.validity.length}`);
  });
}

export const partitionRowsKernel = defineKernel({
  name: 'groupby/partition-rows',
  dtypes: GROUP_KEY_DTYPES,
  tolerance: EXACT,
  nulls: 'As groupby/group-rows: the rows with a null key form one partition, after every value of that key column.',
  cpu: partitionRowsCpu,
  gpu: partitionRowsGpu,
});

/**
 * The rows of key columns ordered by group (as `groupRows`) with each position's group
 * number, synchronously: what partitioned windows (`over`) need, without reading the group
 * count back. The same groups and order as `groupRows`.
 *
 * @example
 * ```ts
 * const p = gf.kernels.partitionRows([{ data: gf.array(new Int32Array([5, 1, 5])) }], 3);
 * await p.rows.toArray();     // Uint32Array [1, 0, 2]
 * await p.segments.toArray(); // Uint32Array [0, 1, 1]
 * ```
 */
export function partitionRows(keys: readonly GroupKey[], n: number): PartitionRows {
  checkKeys('partitionRows', keys, n);
  return run(partitionRowsKernel, keys, n);
}
