/**
 * Window ops over one column in the frame's current order: cumulative, rolling, shift and
 * rank. `applyWindow` is the one entry point; the expression helpers (`col('x').cumSum()`,
 * `col('x').shift(1).over('id')`) and users call it. Everything is recorded on the device
 * (sync); see kernels/window/.
 *
 * Partitioned windows (`over`, as Polars): the rows are ordered by partition with the
 * registered partition-rows op (../../kernels/groupby/group-rows.ts; frame order within a
 * partition), the column is gathered into that order, the window kernel runs once with the
 * partition numbers as segments (a running value restarts and a window or shift never
 * reaches across a partition), and the result is scattered back to frame order
 * (../../kernels/gather/scatter.ts).
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, OverflowError, ValueError } from '../../src/errors.js';
import { checkOptions } from '../../src/options.js';
import { cumulative, WINDOW_DTYPES } from '../../kernels/window/cumulative.js';
import { rolling } from '../../kernels/window/rolling.js';
import { rankSorted, RANK_METHODS, type RankMethod } from '../../kernels/window/rank.js';
import { gather } from '../../kernels/gather/gather.js';
import { scatter } from '../../kernels/gather/scatter.js';
import { shift } from '../../kernels/window/shift.js';
import { partitionRows } from '../../kernels/groupby/group-rows.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { concatBitmaps } from '../../kernels/concat/concat.js';
import type { WindowResult } from '../../kernels/window/window-cpu.js';
import { createFrame } from '../factory.js';
import { keyColumns, sortPermutation } from './sort.js';
import { gatherColumn } from './take.js';

export type WindowOp = 'cumSum' | 'cumMin' | 'cumMax' | 'cumCount' | 'rollingSum' | 'rollingMean' | 'rollingMin' | 'rollingMax' | 'rank' | 'shift';

export interface WindowOptions {
  /** Rolling ops: rows per window (required for them). */
  window?: number;
  /** Rolling ops: valid values a window needs for a non-null result (default `window`). */
  minPeriods?: number;
  /** rank: how ties are ranked (default 'average'). */
  method?: RankMethod;
  /** rank: rank the largest value 1 (default false). */
  descending?: boolean;
  /** shift: rows to shift by (default 1; negative shifts look ahead). */
  n?: number;
  /**
   * Partition key columns (each as long as the column): the window runs within each
   * partition, rows in frame order (Polars `over`). Not for rank.
   */
  over?: readonly Column[];
}

const OPS: readonly WindowOp[] = ['cumSum', 'cumMin', 'cumMax', 'cumCount', 'rollingSum', 'rollingMean', 'rollingMin', 'rollingMax', 'rank', 'shift'];
const OPTION_NAMES = ['window', 'minPeriods', 'method', 'descending', 'n', 'over'];
const pending = new WeakMap<Column, DataBuffer<'uint32'>>();

function columnOf(c: Column, r: WindowResult, keepsType: boolean): Column {
  const validity = r.validity;
  const col = keepsType ? c.derive(r.values, validity) : new Column({ type: r.values.dtype as ColumnType, data: r.values, validity });
  if (r.overflow) pending.set(col, r.overflow);
  return col;
}

/**
 * A window op over `column` in row order, as Polars (the frame's current order: sort first
 * for rolling windows "on a sorted frame"):
 * - `cumSum`, `cumMin`, `cumMax`: running value; nulls are skipped and a null row stays
 *   null. `cumCount`: valid values so far (uint32, never null).
 * - `rollingSum`, `rollingMean`, `rollingMin`, `rollingMax`: over the last `window` rows
 *   (row-count windows); null values in a window are skipped, and the result is null where
 *   fewer than `minPeriods` (default `window`) values are valid.
 * - `rank`: 1-based rank of each value (nulls get a null rank); `method` 'average'
 *   (default, float64: ties share the mean of their positions), 'min', 'max', 'dense',
 *   'ordinal' (uint32; ordinal breaks ties by row order); `descending` ranks the largest 1.
 *   For floats, -0 ties with +0 and NaN ranks above +Inf (NaN ties with NaN); 'ordinal'
 *   numbers a -0/+0 tie in sorted order (-0 first ascending), other ties in row order.
 * Types: sums are exact int64 / uint64 for integer input (as groupBy sums) and float64 for
 * float input; means are float64; min and max keep the column's type (strings compare by
 * text through the sorted dictionary, dates and timestamps by time). Float sums are the
 * sequential float64 sum in row order, bit-identical on both backends. min and max ignore
 * NaN unless every value so far is NaN. An int64/uint64 sum that leaves 64 bits makes that
 * row null; `await checkWindow(result)` then throws OverflowError (the check is a read,
 * so it is separate from this synchronous op).
 * - `shift`: the value `n` rows earlier (default 1; n < 0: later), null where there is none
 *   (Polars `shift`); any flat column type, the type kept.
 * With `over` (partition key columns; not for rank), each op runs within each partition of
 * equal keys (null == null, NaN == NaN), rows in frame order, and the result is in frame
 * order (Polars `col('x').cum_sum().over('id')`).
 *
 * @example
 * The public expressions it implements (`cumSum`, `rollingMean`, `shift`, … and `over`):
 * ```ts
 * const df = new gf.DataFrame({ id: new Int32Array([1, 2, 1, 2]), x: new Float64Array([1, 2, 3, 4]) });
 * const out = df.withColumns({ run: gf.col('x').cumSum(), prev: gf.col('x').shift(1).over('id') });
 * console.log(await out.column('run').toValues(), await out.column('prev').toValues()); // [1, 3, 6, 10] [null, null, 1, 2]
 * ```
 */
export function applyWindow(op: WindowOp, column: Column, options: WindowOptions = {}): Column {
  if (!OPS.includes(op)) throw new ValueError(`applyWindow: expected one of ${OPS.join(', ')}, got '${String(op)}'`);
  if (!(column instanceof Column)) throw new ValueError(`applyWindow: expected a Column, got ${typeof column}`);
  checkOptions(op, options, OPTION_NAMES);
  const numericOnly = op === 'cumSum' || op === 'rollingSum' || op === 'rollingMean';
  const dtype = column.data.dtype;
  const okType =
    op === 'shift' ? !column.isNested && (WINDOW_DTYPES.includes(dtype) || PACKED_DTYPES.includes(dtype))
    : numericOnly ? WINDOW_DTYPES.includes(column.type as never) : WINDOW_DTYPES.includes(dtype) && column.type !== 'bool';
  if (!okType) throw new DTypeError(`${op}: expected a ${op === 'shift' ? 'flat' : numericOnly ? 'numeric' : 'numeric, string, date or timestamp'} column, got ${column.type}`);
  if (op === 'shift' && options.n !== undefined && (!Number.isInteger(options.n) || Math.abs(options.n) >= 2 ** 31)) {
    throw new ValueError(`shift: expected an integer number of rows, got ${String(options.n)}`);
  }
  if (options.over === undefined) return windowColumn(op, column, options, undefined);
  if (op === 'rank') throw new ValueError('rank: expected no over(...) (ranks within partitions are not supported yet), got partition keys');
  return overPartitions(op, column, options, options.over);
}

/** The op within partitions of `keys`: gathered by partition, run with segments, scattered back. */
function overPartitions(op: WindowOp, column: Column, options: WindowOptions, keys: readonly Column[]): Column {
  if (!Array.isArray(keys) || keys.length === 0) throw new ValueError(`${op}: expected over to name at least one partition column, got none`);
  const n = column.length;
  keys.forEach((k, i) => {
    if (!(k instanceof Column) || k.length !== n) throw new ValueError(`${op}: expected over column ${i} to be a Column of ${n} rows, got ${k instanceof Column ? `${k.length} rows` : typeof k}`);
  });
  const keyFrame = createFrame(keys.map((k, i) => [`k${i}`, k] as const));
  const p = partitionRows(keyColumns(keyFrame, keyFrame.names).map((c) => ({ data: c.data, validity: c.validity })), n);
  const sorted = gatherColumn(column, p.rows);
  let r: Column;
  try {
    r = windowColumn(op, sorted, options, p.segments);
  } finally {
    sorted.dispose();
    p.segments.dispose();
  }
  try {
    const packed = PACKED_DTYPES.includes(r.data.dtype) && r.data.dtype !== 'bool';
    const words = packed ? widen(r.data) : r.data;
    const back = scatter(words, p.rows, n, { validity: r.validity });
    if (words !== r.data) words.dispose();
    let data: DataBuffer = back.values;
    if (packed) {
      data = narrow(back.values, r.data.dtype);
      back.values.dispose();
    }
    const out = r.derive(data, back.validity);
    const flag = pending.get(r);
    if (flag) pending.set(out, flag);
    return out;
  } finally {
    r.dispose();
    p.rows.dispose();
  }
}

/** The op over the column in row order; `segments` (partition numbers) restart it. */
function windowColumn(op: WindowOp, column: Column, options: WindowOptions, segments: DataBuffer<'uint32'> | undefined): Column {
  const validity = column.validity;
  switch (op) {
    case 'cumSum':
      return columnOf(column, cumulative(column.data, 'sum', { validity, segments }), false);
    case 'cumMin':
    case 'cumMax':
      return columnOf(column, cumulative(column.data, op === 'cumMin' ? 'min' : 'max', { validity, segments }), true);
    case 'cumCount':
      return columnOf(column, cumulative(column.data, 'count', { validity, segments }), false);
    case 'rank':
      return rank(column, options);
    case 'shift':
      return shiftColumn(column, options.n ?? 1, segments);
    default: {
      if (options.window === undefined) throw new ValueError(`${op}: expected options.window (rows per window), got none`);
      const kind = op === 'rollingSum' ? 'sum' : op === 'rollingMean' ? 'mean' : op === 'rollingMin' ? 'min' : 'max';
      const r = rolling(column.data, kind, { window: options.window, minPeriods: options.minPeriods, validity, segments });
      return columnOf(column, r, kind === 'min' || kind === 'max');
    }
  }
}

/** shift for any flat column: packed dtypes widened to 32-bit words and narrowed back. */
function shiftColumn(column: Column, k: number, segments: DataBuffer<'uint32'> | undefined): Column {
  const packed = PACKED_DTYPES.includes(column.data.dtype);
  const words = packed ? widen(column.data) : column.data;
  const r = shift(words, k, { validity: column.validity, segments });
  if (words !== column.data) words.dispose();
  let data: DataBuffer = r.values;
  if (packed) {
    data = narrow(r.values, column.data.dtype);
    r.values.dispose();
  }
  return column.derive(data, r.validity);
}

function rank(column: Column, options: WindowOptions): Column {
  const method = options.method ?? 'average';
  if (!RANK_METHODS.includes(method)) throw new ValueError(`rank: expected method ${RANK_METHODS.join(' | ')}, got '${String(method)}'`);
  const perm = sortPermutation(createFrame({ v: column }), 'v', { descending: options.descending ?? false });
  const g = gather(column.data, perm, { validity: column.validity });
  const values = rankSorted(g.values, perm, method, { validity: column.validity ? g.validity : undefined });
  g.values.dispose();
  g.validity.dispose();
  perm.dispose();
  // The rank is null exactly where the input is: a device copy of the input bitmap.
  const validity = column.validity ? concatBitmaps([{ length: column.length, validity: column.validity }]) : undefined;
  return new Column({ type: values.dtype as ColumnType, data: values, validity });
}

/**
 * Throw OverflowError if an int64/uint64 sum of `applyWindow` left 64 bits (those rows are
 * null). A 4-byte control read; a no-op for every other result.
 *
 * Internal: `df.eval` and `filter` call it after a window expression, so an int64 running sum
 * that overflows is an OverflowError there.
 */
export async function checkWindow(column: Column): Promise<void> {
  const flag = pending.get(column);
  if (!flag) return;
  const v = (await flag.readControl())[0]!;
  if (v !== 0) throw new OverflowError('applyWindow: expected int64 sums to fit 64 bits, got an overflow (those rows are null; cast to float64 to sum approximately)');
}
