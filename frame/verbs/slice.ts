/** slice: a row range with Polars' offset rules, gathered on the device (see take.ts). */
import { ValueError } from '../../src/errors.js';
import type { DataFrame } from '../data-frame.js';
import { take } from './take.js';

/**
 * The start and length of Polars' `slice(offset, length)` over `n` rows: a negative offset
 * counts from the end; start and stop (= start + length) are then clamped to [0, n].
 * `length` undefined means every row from the start on.
 */
export function sliceBounds(n: number, offset: number, length?: number): { start: number; count: number } {
  if (!Number.isInteger(offset)) throw new ValueError(`slice: expected an integer offset, got ${offset}`);
  if (length !== undefined && (!Number.isInteger(length) || length < 0)) throw new ValueError(`slice: expected a non-negative integer length, got ${length}`);
  const start = offset < 0 ? offset + n : offset;
  const stop = length === undefined ? n : start + length;
  const a = Math.min(Math.max(start, 0), n);
  const b = Math.min(Math.max(stop, 0), n);
  return { start: a, count: Math.max(0, b - a) };
}

export function slice(df: DataFrame, offset: number, length?: number): DataFrame {
  const { start, count } = sliceBounds(df.numRows, offset, length);
  return take(df, start, count);
}
