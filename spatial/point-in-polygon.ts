/**
 * pointInPolygon: which polygon feature contains each point, exactly as Turf decides it, in
 * the three forms of ./operands.ts (DataBuffers, Columns, or a frame and column names).
 */
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { pipFirst } from '../kernels/pip/pip.js';
import type { PipIndex } from '../kernels/pip/pip-cpu.js';
import { Column } from '../src/column/column.js';
import type { DataFrame } from '../frame/data-frame.js';
import { checkOptions, pointColumnInputs, polygonInputs, resolveColumn, splitArgs, xyColumnInputs, type ColumnRef, type PointInputs } from './operands.js';

export interface PointInPolygonOptions {
  /**
   * DataBuffer form only: Arrow-order validity bitmap of the points (ceil(n / 8) bytes): a
   * null point gives null. The Column forms take the columns' own validity.
   */
  validity?: DataBuffer<'uint8'>;
  /**
   * The spatial index: 'grid' builds a uniform grid over the polygons' parts (on the device on
   * WebGPU), 'none' tests every point against every part (after an exact bounding-box test),
   * 'auto' (default) takes the grid from 32 parts and 256 points up. The result is the same.
   */
  index?: PipIndex;
}

export interface PointInPolygonResult {
  /** Per point, the index of the containing feature, or -1 where the result is null. */
  index: DataBuffer<'int32'>;
  /** Arrow-order validity of `index`: bit i is 0 where no feature contains point i. */
  validity: DataBuffer<'uint8'>;
}

const INDEXES: readonly PipIndex[] = ['auto', 'grid', 'none'];

/**
 * For each point (x = longitude, y = latitude), the index of the polygon feature that
 * contains it, with no limit on the number of polygons; holes and multipolygons count.
 *
 * Forms (see the spatial ops' rule in the README):
 * - `pointInPolygon(x, y, polygons)` with float64 DataBuffers: `{ index, validity }`, index
 *   -1 where the result is null (nulls of the points via `options.validity`).
 * - `pointInPolygon(x, y, polygons)` with float64 Columns, or `pointInPolygon(points,
 *   polygons)` with a 'point' Column: an int32 Column of feature indices, null where no
 *   feature contains the point or any input is null.
 * - `pointInPolygon(df, 'x', 'y', polygons)` or `pointInPolygon(df, 'geometry', polygons)`:
 *   the Column forms with column names.
 * `polygons` is a polygon or multipolygon Column (e.g. `world.column('geometry')`).
 *
 * The rule is `@turf/boolean-point-in-polygon`'s (v7, default ignoreBoundary = false), and
 * results equal Turf's on every point, including points exactly on edges and vertices,
 * wherever Turf's float64 arithmetic is exact: coordinates of magnitude 0 or in
 * [2^-460, 2^500). The kernel forms Turf's float64 differences (software float64 on the
 * device) and takes the exact sign of its orientation predicate, so beyond that range, where
 * Turf's products overflow or underflow, the result is still right, for any finite
 * coordinates (a point inside a ±1e155 square is inside; Turf says outside).
 * - A point on an edge or vertex of any ring (exterior or hole) is inside the feature.
 * - A point inside a hole is outside that polygon; a feature is a union of its parts.
 * - Where features overlap, the smallest feature index wins (`sjoin` with `matches: 'all'`
 *   gives every containing feature).
 * - A null point, or one with a NaN or ±Infinity coordinate, gives null (index -1); Turf says
 *   such points are in no polygon. A null feature (polygon validity) contains nothing.
 * - A polygon column with a NaN or infinite vertex cannot be built on the host (GeometryError
 *   naming it); a part that still holds one (buffers made on the device) contains no point.
 * - -0 equals +0. Rings are used as stored (either orientation).
 *
 * Throws DTypeError when x or y is not float64 (points not a point column, validity not
 * uint8, or `polygons` not a polygon or multipolygon Column), ShapeError when lengths
 * disagree, ValueError for an unknown option or `index`, `validity` given with Columns, or
 * (WebGPU) polygon buffers larger than one binding.
 *
 * @example
 * ```ts
 * const polys = gf.geo.fromGeoJSON([
 *   { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]] },
 *   { type: 'Polygon', coordinates: [[[10, 10], [11, 10], [11, 11], [10, 10]]] },
 * ]);
 * const x = gf.array(new Float64Array([3, 1.5, 4, 10.5, 50]));
 * const y = gf.array(new Float64Array([3, 1.5, 2, 10.2, 50]));
 * const { index } = gf.pointInPolygon(x, y, polys);
 * await index.toArray(); // Int32Array [0, -1, 0, 1, -1]: in the hole → -1, on an edge → inside
 * ```
 * @example
 * ```ts
 * // Columns and frames give an int32 Column, null where no feature contains the point.
 * const polys = gf.geo.fromGeoJSON([
 *   { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] },
 *   { type: 'Polygon', coordinates: [[[10, 10], [11, 10], [11, 11], [10, 10]]] },
 * ]);
 * const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [3, 3] }, null, { type: 'Point', coordinates: [50, 50] }]);
 * await gf.pointInPolygon(pts, polys).toValues(); // [0, null, null]
 * const df = new gf.DataFrame({ lon: new Float64Array([3, 10.5]), lat: new Float64Array([3, 10.2]) });
 * await gf.pointInPolygon(df, 'lon', 'lat', polys).toValues(); // [0, 1]
 * ```
 */
export function pointInPolygon(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: Column, options?: PointInPolygonOptions): PointInPolygonResult;
export function pointInPolygon(x: Column, y: Column, polygons: Column, options?: PointInPolygonColumnOptions): Column;
export function pointInPolygon(points: Column, polygons: Column, options?: PointInPolygonColumnOptions): Column;
export function pointInPolygon(df: DataFrame, x: ColumnRef, y: ColumnRef, polygons: Column, options?: PointInPolygonColumnOptions): Column;
export function pointInPolygon(df: DataFrame, points: ColumnRef, polygons: Column, options?: PointInPolygonColumnOptions): Column;
export function pointInPolygon(...args: unknown[]): PointInPolygonResult | Column {
  const { df, operands, options } = splitArgs(args);
  if (operands.length !== 2 && operands.length !== 3) throw new ValueError(`pointInPolygon: expected (x, y, polygons) or (points, polygons), got ${operands.length} operands`);
  const polygons = operands[operands.length - 1] as Column;
  const index = checkIndex(options);
  if (operands.length === 3 && !df && !(operands[0] instanceof Column) && !(operands[1] instanceof Column)) {
    checkOptions('pointInPolygon', options, ['validity', 'index']);
    return primitive(operands[0] as DataBuffer<'float64'>, operands[1] as DataBuffer<'float64'>, polygons, options.validity as DataBuffer<'uint8'> | undefined, index);
  }
  checkOptions('pointInPolygon', options, ['index']);
  const pts = pointInputs(df, operands.slice(0, -1), 'pointInPolygon');
  try {
    const r = primitive(pts.x, pts.y, polygons, pts.validity, index);
    return new Column({ type: 'int32', data: r.index, validity: r.validity });
  } finally {
    pts.dispose();
  }
}

/** Options of the Column forms (nulls come from the columns). */
export type PointInPolygonColumnOptions = Omit<PointInPolygonOptions, 'validity'>;

function checkIndex(options: Record<string, unknown>): PipIndex {
  const index = (options.index ?? 'auto') as PipIndex;
  if (!INDEXES.includes(index)) throw new ValueError(`pointInPolygon: expected index 'auto' | 'grid' | 'none', got '${String(index)}'`);
  return index;
}

/**
 * The points of the Column and frame forms: [x, y] as Columns or names, or [points] as a
 * 'point' Column or name; x, y and validity as the kernels take them.
 */
export function pointInputs(df: DataFrame | undefined, refs: readonly unknown[], op: string): PointInputs {
  const cols = refs.map((r, i) => {
    const c = resolveColumn(df, r, op, refs.length === 1 ? 'points' : i === 0 ? 'x' : 'y');
    if (!c) throw new DTypeError(`${op}: expected ${refs.length === 1 ? 'points as a point Column' : 'x and y as Columns'}${df ? ' or column names' : ''}, got ${r instanceof DataBuffer ? 'a DataBuffer' : typeof r}`);
    return c;
  });
  if (cols.length === 1) return pointColumnInputs(cols[0]!, op);
  if (cols[0]!.length !== cols[1]!.length) throw new ShapeError(`${op}: expected x and y of equal length, got ${cols[0]!.length} and ${cols[1]!.length}`);
  const names = refs.map((r, i) => (typeof r === 'string' ? `'${r}'` : i === 0 ? 'x' : 'y')) as [string, string];
  return xyColumnInputs(cols[0]!, cols[1]!, op, names);
}

function primitive(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: Column, validity: DataBuffer<'uint8'> | undefined, index: PipIndex): PointInPolygonResult {
  if (x?.dtype !== 'float64') throw new DTypeError(`pointInPolygon: expected x as float64, got ${x?.dtype ?? typeof x}`);
  if (y?.dtype !== 'float64') throw new DTypeError(`pointInPolygon: expected y as float64, got ${y?.dtype ?? typeof y}`);
  if (x.length !== y.length) throw new ShapeError(`pointInPolygon: expected x and y of equal length, got ${x.length} and ${y.length}`);
  if (!(polygons instanceof Column) || (polygons.type !== 'polygon' && polygons.type !== 'multipolygon')) {
    throw new DTypeError(`pointInPolygon: expected polygons as a polygon or multipolygon Column, got ${polygons instanceof Column ? polygons.type : Object.prototype.toString.call(polygons)}`);
  }
  if (validity !== undefined) {
    if (validity.dtype !== 'uint8') throw new DTypeError(`pointInPolygon: expected validity as uint8, got ${validity.dtype}`);
    if (validity.length < Math.ceil(x.length / 8)) throw new ShapeError(`pointInPolygon: expected a validity bitmap of ${Math.ceil(x.length / 8)} bytes, got ${validity.length}`);
  }
  const buffers = polygonInputs(polygons, 'pointInPolygon');
  try {
    return pipFirst(x, y, buffers, validity, index);
  } finally {
    buffers.dispose();
  }
}
