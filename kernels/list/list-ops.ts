/**
 * Per-row values of a list column, each a composition of registered ops (no loop here):
 *
 * - `listLengths`: elements per row (uint32; a null list is null), from ./per-row.ts.
 * - `listGet`: element `index` of each row (negative counts from the end), gathered from the
 *   child through the positions of ./per-row.ts; a null list, an index out of range or a
 *   null element gives null (Polars `list.get(i, null_on_oob=True)`).
 * - `listReduce`: sum / mean / min / max of each row's elements by the segmented reduction of
 *   ../groupby/segmented-reduce.ts over the offsets (its groups are the lists; one extra group,
 *   the child rows past the last list, is dropped), then gathered through the 'row' positions
 *   of ./per-row.ts so a null list gives null. Null elements are skipped; an empty list (or
 *   one of nulls only) sums to 0 and has a null mean, min and max; integer sums widen to
 *   int64 / uint64 and wrap past 64 bits (as Polars); min and max ignore NaN unless every
 *   element is NaN.
 *
 * Every function takes the list's int32 offsets (n + 1, absolute into the child) and
 * validity, and returns n values with a validity bitmap (or none where nothing is null).
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError } from '../../src/errors.js';
import { gather, GATHER_DTYPES } from '../gather/gather.js';
import { concatBitmaps, concatValues } from '../concat/concat.js';
import { segmentedReduce, SEG_DTYPES } from '../groupby/segmented-reduce.js';
import { listPerRow } from './per-row.js';

/** The list reductions. */
export type ListReduceOp = 'sum' | 'mean' | 'min' | 'max';

/** n values of a list op, nulls marked by `validity` (undefined: none are null). */
export interface ListResult {
  values: DataBuffer;
  validity: DataBuffer<'uint8'> | undefined;
}

/**
 * Elements per row as uint32; null where the list is null. Internal (`col(...).list.len()`).
 */
export function listLengths(offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined): ListResult {
  const values = listPerRow(offsets, validity, 'length');
  const n = values.length;
  return { values, validity: validity ? concatBitmaps([{ length: n, validity }]) : undefined };
}

/**
 * Element `index` of each list (negative: from the end); null where the list is null, the
 * index is out of range, or the element is null. Internal (`col(...).list.get(i)`).
 */
export function listGet(offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined, child: DataBuffer, childValidity: DataBuffer<'uint8'> | undefined, index: number): ListResult {
  if (!GATHER_DTYPES.includes(child.dtype)) throw new DTypeError(`list.get: expected list elements of a 32- or 64-bit type or bool, got ${child.dtype}`);
  const pos = listPerRow(offsets, validity, 'element', index);
  try {
    // An empty child: every position is NONE, so every element is null.
    return gather(child, pos, { validity: childValidity });
  } finally {
    pos.dispose();
  }
}

/**
 * Sum, mean, min or max of each list's elements (see the module comment for types and nulls).
 * Internal (`col(...).list.sum()` and the others).
 */
export function listReduce(offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined, child: DataBuffer, childValidity: DataBuffer<'uint8'> | undefined, op: ListReduceOp): ListResult {
  if (!SEG_DTYPES.includes(child.dtype)) throw new DTypeError(`list.${op}: expected list elements of a 32- or 64-bit numeric type, got ${child.dtype}`);
  // The offsets as group starts (a copy: reinterpreting would take the column's buffer).
  const starts = concatValues([offsets]).reinterpret('uint32');
  const seg = segmentedReduce(child, starts, op, { validity: childValidity });
  starts.dispose();
  seg.overflow?.dispose();
  const rows = listPerRow(offsets, validity, 'row');
  try {
    return gather(seg.values, rows, { validity: seg.validity });
  } finally {
    rows.dispose();
    seg.values.dispose();
    seg.validity.dispose();
  }
}
