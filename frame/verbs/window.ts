/**
 * Window ops over one column in the frame's current order: cumulative, rolling and rank.
 * `applyWindow` is the one entry point; the expression helpers (`col('x').cumSum()`) and
 * users call it. Everything is recorded on the device (sync); see kernels/window/.
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, OverflowError, ValueError } from '../../src/errors.js';
import { cumulative, WINDOW_DTYPES } from '../../kernels/window/cumulative.js';
import { rolling } from '../../kernels/window/rolling.js';
import { rankSorted, RANK_METHODS, type RankMethod } from '../../kernels/window/rank.js';
import { gather } from '../../kernels/gather/gather.js';
import { concatBitmaps } from '../../kernels/concat/concat.js';
import type { WindowResult } from '../../kernels/window/window-cpu.js';
import { createFrame } from '../factory.js';
import { sortPermutation } from './sort.js';

export type WindowOp = 'cumSum' | 'cumMin' | 'cumMax' | 'cumCount' | 'rollingSum' | 'rollingMean' | 'rollingMin' | 'rollingMax' | 'rank';

export interface WindowOptions {
  /** Rolling ops: rows per window (required for them). */
  window?: number;
  /** Rolling ops: valid values a window needs for a non-null result (default `window`). */
  minPeriods?: number;
  /** rank: how ties are ranked (default 'average'). */
  method?: RankMethod;
  /** rank: rank the largest value 1 (default false). */
  descending?: boolean;
}

const OPS: readonly WindowOp[] = ['cumSum', 'cumMin', 'cumMax', 'cumCount', 'rollingSum', 'rollingMean', 'rollingMin', 'rollingMax', 'rank'];
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
 *
 * @example
 * ```ts
 * const x = df.column('x');
 * const df2 = df.withColumns({ runningX: gf.applyWindow('cumSum', x), x3: gf.applyWindow('rollingMean', x, { window: 3 }) });
 * ```
 */
export function applyWindow(op: WindowOp, column: Column, options: WindowOptions = {}): Column {
  if (!OPS.includes(op)) throw new ValueError(`applyWindow: expected one of ${OPS.join(', ')}, got '${String(op)}'`);
  if (!(column instanceof Column)) throw new ValueError(`applyWindow: expected a Column, got ${typeof column}`);
  const numericOnly = op === 'cumSum' || op === 'rollingSum' || op === 'rollingMean';
  const dtype = column.data.dtype;
  const okType = numericOnly ? WINDOW_DTYPES.includes(column.type as never) : WINDOW_DTYPES.includes(dtype) && column.type !== 'bool';
  if (!okType) throw new DTypeError(`${op}: expected a ${numericOnly ? 'numeric' : 'numeric, string, date or timestamp'} column, got ${column.type}`);
  const validity = column.validity;
  switch (op) {
    case 'cumSum':
      return columnOf(column, cumulative(column.data, 'sum', { validity }), false);
    case 'cumMin':
    case 'cumMax':
      return columnOf(column, cumulative(column.data, op === 'cumMin' ? 'min' : 'max', { validity }), true);
    case 'cumCount':
      return columnOf(column, cumulative(column.data, 'count', { validity }), false);
    case 'rank':
      return rank(column, options);
    default: {
      if (options.window === undefined) throw new ValueError(`${op}: expected options.window (rows per window), got none`);
      const kind = op === 'rollingSum' ? 'sum' : op === 'rollingMean' ? 'mean' : op === 'rollingMin' ? 'min' : 'max';
      const r = rolling(column.data, kind, { window: options.window, minPeriods: options.minPeriods, validity });
      return columnOf(column, r, kind === 'min' || kind === 'max');
    }
  }
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
 * @example
 * ```ts
 * const s = gf.applyWindow('cumSum', df.column('bigInts'));
 * await gf.checkWindow(s); // throws OverflowError if a running sum overflowed
 * ```
 */
export async function checkWindow(column: Column): Promise<void> {
  const flag = pending.get(column);
  if (!flag) return;
  const v = (await flag.readControl())[0]!;
  if (v !== 0) throw new OverflowError('applyWindow: expected int64 sums to fit 64 bits, got an overflow (those rows are null; cast to float64 to sum approximately)');
}
