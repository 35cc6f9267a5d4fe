/**
 * Point–linestring distances: row-wise (`pointLinestringDistance`, cuSpatial's
 * pairwise_point_linestring_distance) and the nearest linestring of each point
 * (`nearestLinestring`, cuSpatial's quadtree_point_to_nearest_linestring, exact), in the
 * operand forms of ./operands.ts.
 */
import { Column } from '../src/column/column.js';
import type { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { validityAnd } from '../kernels/nulls/validity-and.js';
import { pointLinestringRows } from '../kernels/spatial-index/point-linestring-distance.js';
import { nearestLinestringRows } from '../kernels/spatial-index/nearest-linestring.js';
import type { LinestringBuffers } from '../kernels/spatial-index/linestring-buffers.js';
import type { PipIndex } from '../kernels/pip/pip-cpu.js';
import type { DataFrame } from '../frame/data-frame.js';
import { checkOptions, resolveColumn, splitArgs, type ColumnRef } from './operands.js';
import { pointInputs } from './point-in-polygon.js';

/** The point metrics the point–linestring ops support. */
export type PointLinestringMetric = 'euclidean';

export interface PointLinestringDistanceOptions {
  /** 'euclidean' (default; planar coordinates). Lon/lat metrics are not supported yet. */
  metric?: PointLinestringMetric;
}

export interface NearestLinestringOptions {
  /** Only linestrings at a distance <= maxDistance count (default Infinity); farther → null. */
  maxDistance?: number;
  /** 'grid' (a uniform grid over the segments, built on the device), 'none' (every segment), or 'auto' (default: the grid from 64 segments and 256 points). The result is the same. */
  index?: PipIndex;
  /** 'euclidean' (default), as pointLinestringDistance. */
  metric?: PointLinestringMetric;
}

/** The nearest linestring of each point: int32 row index and float64 distance, both null where there is none. */
export interface NearestLinestringResult {
  index: Column;
  distance: Column;
}

function checkMetric(op: string, options: Record<string, unknown>): void {
  const m = options.metric ?? 'euclidean';
  if (m !== 'euclidean') throw new ValueError(`${op}: expected metric 'euclidean' (the metrics supported), got '${String(m)}'`);
}

/** The kernels' buffers of a linestring or multilinestring Column (no copies). */
function linestringBuffers(col: unknown, op: string): LinestringBuffers {
  if (!(col instanceof Column) || (col.type !== 'linestring' && col.type !== 'multilinestring')) {
    throw new DTypeError(`${op}: expected linestrings as a linestring or multilinestring Column, got ${col instanceof Column ? col.type : typeof col}`);
  }
  if (col.type === 'linestring') return { coords: col.child.data as DataBuffer<'float64'>, partOffsets: col.data as DataBuffer<'int32'>, rowOffsets: undefined, length: col.length };
  const parts = col.child;
  return { coords: parts.child.data as DataBuffer<'float64'>, partOffsets: parts.data as DataBuffer<'int32'>, rowOffsets: col.data as DataBuffer<'int32'>, length: col.length };
}

function operandsOf(op: string, args: readonly unknown[]): { df: DataFrame | undefined; points: unknown[]; lines: unknown; options: Record<string, unknown> } {
  const { df, operands, options } = splitArgs(args);
  if (operands.length !== 2 && operands.length !== 3) throw new ValueError(`${op}: expected (points, linestrings) or (x, y, linestrings), got ${operands.length} operands`);
  return { df, points: operands.slice(0, -1), lines: resolveColumn(df, operands[operands.length - 1], op, 'linestrings') ?? operands[operands.length - 1], options };
}

/**
 * Row-wise distance from point i to linestring i, in float64: the smallest distance from the
 * point to a segment of the row (every part of a multilinestring), each computed as GEOS
 * (shapely's `distance`) computes it, with the same bits on both backends.
 *
 * Forms: `(points, linestrings)` with a 'point' Column, `(x, y, linestrings)` with float64
 * Columns, or either with a frame first and column names. `linestrings` is a linestring or
 * multilinestring Column of the same length.
 * - null where the point or the linestring is null, or the linestring has no vertex (empty);
 * - a part of one vertex counts as that point;
 * - NaN where the point has a NaN coordinate or every segment has one (NaN segments are
 *   skipped otherwise).
 *
 * Throws DTypeError for operands of the wrong type, ShapeError when lengths differ,
 * ValueError for an unknown option or a metric other than 'euclidean'.
 *
 * @example
 * ```ts
 * const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 1] }, { type: 'Point', coordinates: [5, 0] }, null]);
 * const lines = gf.geo.fromGeoJSON([
 *   { type: 'LineString', coordinates: [[0, 0], [2, 0]] },
 *   { type: 'LineString', coordinates: [[0, 0], [3, 4]] },
 *   { type: 'LineString', coordinates: [[0, 0], [1, 0]] },
 * ]);
 * await gf.pointLinestringDistance(pts, lines).toValues(); // [1, 4, null]
 * ```
 */
export function pointLinestringDistance(points: Column, linestrings: Column, options?: PointLinestringDistanceOptions): Column;
export function pointLinestringDistance(x: Column, y: Column, linestrings: Column, options?: PointLinestringDistanceOptions): Column;
export function pointLinestringDistance(df: DataFrame, points: ColumnRef, linestrings: ColumnRef, options?: PointLinestringDistanceOptions): Column;
export function pointLinestringDistance(df: DataFrame, x: ColumnRef, y: ColumnRef, linestrings: ColumnRef, options?: PointLinestringDistanceOptions): Column;
export function pointLinestringDistance(...args: unknown[]): Column {
  const op = 'pointLinestringDistance';
  const { df, points, lines, options } = operandsOf(op, args);
  checkOptions(op, options, ['metric']);
  checkMetric(op, options);
  const buffers = linestringBuffers(lines, op);
  const pts = pointInputs(df, points, op);
  try {
    if (pts.x.length !== buffers.length) throw new ShapeError(`${op}: expected points and linestrings of equal length, got ${pts.x.length} and ${buffers.length}`);
    const validity = validityAnd([pts.validity, (lines as Column).validity], buffers.length);
    try {
      const r = pointLinestringRows(pts.x, pts.y, buffers, validity);
      return new Column({ type: 'float64', data: r.distance, validity: r.validity });
    } finally {
      validity?.dispose();
    }
  } finally {
    pts.dispose();
  }
}

/**
 * For each point, the nearest linestring of a linestring or multilinestring Column (any
 * length): its row index (int32; ties go to the smallest index) and its distance (float64,
 * as pointLinestringDistance computes it). The answer is exactly the brute-force minimum over
 * every segment; a uniform grid over the segments, built on the device, is searched ring by
 * ring outward until no unvisited cell can hold a segment as near.
 *
 * Forms: as pointLinestringDistance (points as a 'point' Column or x and y Columns, a frame
 * and column names). Both result Columns are null where the point is null or has a NaN or
 * infinite coordinate, no linestring has a segment (null rows, empty rows and NaN vertices
 * never count), or the nearest is farther than `maxDistance`.
 *
 * Throws DTypeError, ShapeError (x and y lengths) or ValueError (an unknown option, a
 * negative or NaN maxDistance, an unknown index or metric, or on WebGPU segment buffers
 * larger than one binding).
 *
 * @example
 * ```ts
 * const lines = gf.geo.fromGeoJSON([
 *   { type: 'LineString', coordinates: [[0, 0], [10, 0]] },
 *   { type: 'LineString', coordinates: [[0, 5], [10, 5]] },
 * ]);
 * const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [3, 1] }, { type: 'Point', coordinates: [3, 4] }, { type: 'Point', coordinates: [3, 2.5] }]);
 * const { index, distance } = gf.nearestLinestring(pts, lines);
 * await index.toValues();    // [0, 1, 0]: the tie at 2.5 goes to the smaller index
 * await distance.toValues(); // [1, 1, 2.5]
 * await gf.nearestLinestring(pts, lines, { maxDistance: 2 }).index.toValues(); // [0, 1, null]
 * ```
 */
export function nearestLinestring(points: Column, linestrings: Column, options?: NearestLinestringOptions): NearestLinestringResult;
export function nearestLinestring(x: Column, y: Column, linestrings: Column, options?: NearestLinestringOptions): NearestLinestringResult;
export function nearestLinestring(df: DataFrame, points: ColumnRef, linestrings: ColumnRef, options?: NearestLinestringOptions): NearestLinestringResult;
export function nearestLinestring(df: DataFrame, x: ColumnRef, y: ColumnRef, linestrings: ColumnRef, options?: NearestLinestringOptions): NearestLinestringResult;
export function nearestLinestring(...args: unknown[]): NearestLinestringResult {
  const op = 'nearestLinestring';
  const { df, points, lines, options } = operandsOf(op, args);
  checkOptions(op, options, ['maxDistance', 'index', 'metric']);
  checkMetric(op, options);
  const maxDistance = options.maxDistance ?? Infinity;
  if (typeof maxDistance !== 'number' || !(maxDistance >= 0)) throw new ValueError(`${op}: expected maxDistance as a number >= 0, got ${String(maxDistance)}`);
  const index = options.index ?? 'auto';
  if (index !== 'auto' && index !== 'grid' && index !== 'none') throw new ValueError(`${op}: expected index 'auto' | 'grid' | 'none', got '${String(index)}'`);
  const buffers = linestringBuffers(lines, op);
  const pts = pointInputs(df, points, op);
  try {
    const r = nearestLinestringRows(pts.x, pts.y, buffers, pts.validity, (lines as Column).validity, index, maxDistance);
    return {
      index: new Column({ type: 'int32', data: r.index, validity: r.validity }),
      distance: new Column({ type: 'float64', data: r.distance, validity: r.validity }),
    };
  } finally {
    pts.dispose();
  }
}
