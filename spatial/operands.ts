/**
 * How spatial ops take their inputs. Every op has three forms, one rule:
 *
 * 1. Primitive: DataBuffers in, DataBuffers out. Nulls are the caller's (pass a `validity`
 *    bitmap where the op takes one).
 * 2. Columns: Columns in, a Column out. A row that is null in any input column is null in
 *    the result (the inputs' validity bitmaps AND-ed by the 'nulls/and' kernel).
 * 3. Frame: the frame first, then a column name wherever form 2 takes a Column:
 *    `op(df, 'lon', 'lat', ...)` is `op(df.column('lon'), df.column('lat'), ...)`.
 *
 * Points come as two coordinate operands (x = longitude, y = latitude, float64) or as one
 * 'point' geometry column (interleaved xy), which is split into x and y on the device.
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../src/errors.js';
import { validityAnd } from '../kernels/nulls/validity-and.js';
import { pointXY } from '../kernels/geometry/point-xy.js';
import { sequence } from '../kernels/sequence/sequence.js';
import { polygonBuffers, type PolygonBuffers } from '../src/column/geometry.js';
import { DataFrame } from '../frame/data-frame.js';

/** A column operand of the frame form: a Column, or the name of one of the frame's columns. */
export type ColumnRef = Column | string;

/** Split the leading frame (form 3) and a trailing options object off an argument list. */
export function splitArgs(args: readonly unknown[]): { df: DataFrame | undefined; operands: unknown[]; options: Record<string, unknown> } {
  const rest = [...args];
  const df = rest[0] instanceof DataFrame ? (rest.shift() as DataFrame) : undefined;
  if (rest.length > 0 && rest[rest.length - 1] === undefined) rest.pop(); // options: undefined
  const last = rest[rest.length - 1];
  const isOptions = last !== undefined && typeof last === 'object' && last !== null && !(last instanceof Column) && !(last instanceof DataBuffer) && !Array.isArray(last);
  const options = isOptions ? (rest.pop() as Record<string, unknown>) : {};
  return { df, operands: rest, options };
}

/** Throw a ValueError naming the first key of `options` that `known` lacks. */
export { checkOptions } from '../src/options.js';

/** A name becomes the frame's column (ColumnNotFoundError if absent); a Column stays; anything else is undefined. */
export function resolveColumn(df: DataFrame | undefined, ref: unknown, op: string, what: string): Column | undefined {
  if (ref instanceof Column) return ref;
  if (typeof ref === 'string') {
    if (!df) throw new ValueError(`${op}: expected ${what} as a Column (a column name needs a frame as the first argument), got '${ref}'`);
    return df.column(ref);
  }
  return undefined;
}

/** Coordinates of points as the kernels take them, with the buffers made here to dispose. */
export interface PointInputs {
  x: DataBuffer<'float64'>;
  y: DataBuffer<'float64'>;
  /** Row validity: AND of the inputs' bitmaps (a new buffer), or undefined for no nulls. */
  validity: DataBuffer<'uint8'> | undefined;
  /** Free what was made here (split coordinates, the combined bitmap). */
  dispose(): void;
}

/** x and y of a 'point' column (split on the device) with its validity (copied). */
export function pointColumnInputs(points: Column, op: string, what = 'points'): PointInputs {
  if (points.type !== 'point') throw new DTypeError(`${op}: expected ${what} as a point column, got ${points.type}`);
  const { x, y } = pointXY(points.data as DataBuffer<'float64'>);
  const validity = validityAnd([points.validity], points.length);
  return { x, y, validity, dispose: () => [x, y, validity].forEach((b) => b?.dispose()) };
}

/** x and y float64 Columns (names already resolved) with the AND of their validity. */
export function xyColumnInputs(x: Column, y: Column, op: string, names: readonly [string, string] = ['x', 'y']): PointInputs {
  [x, y].forEach((c, i) => {
    if (c.type !== 'float64') throw new DTypeError(`${op}: expected ${names[i]} as a float64 column, got ${c.type}`);
  });
  const validity = validityAnd([x.validity, y.validity], x.length);
  return { x: x.data as DataBuffer<'float64'>, y: y.data as DataBuffer<'float64'>, validity, dispose: () => validity?.dispose() };
}

/**
 * The point-in-polygon buffers of a polygon or multipolygon column. A 'polygon' column (a
 * polygon is a one-part multipolygon) gets its identity feature → part offsets from the
 * 'sequence' kernel where the column lives, so nothing is uploaded on the device.
 */
export function polygonInputs(col: Column, op: string): PolygonBuffers {
  return polygonBuffers(col, op, (n) => sequence(n).reinterpret('int32'));
}
