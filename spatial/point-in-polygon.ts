/**
 * pointInPolygon: which polygon feature contains each point, exactly as Turf decides it.
 */
import type { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { run } from '../kernels/registry.js';
import { pipKernel } from '../kernels/pip/pip.js';
import type { PipIndex } from '../kernels/pip/pip-cpu.js';
import { Column } from '../src/column/column.js';
import { polygonBuffers } from '../src/column/geometry.js';

export interface PointInPolygonOptions {
  /** Arrow-order validity bitmap of the points (ceil(n / 8) bytes): a null point gives null. */
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
 * The rule is `@turf/boolean-point-in-polygon`'s (v7, default ignoreBoundary = false), and
 * results equal Turf's on every point, including points exactly on edges and vertices: the
 * kernel reproduces Turf's float64 arithmetic (differences and its robust orientation
 * predicate) bit for bit, in software float64 on the device.
 * - A point on an edge or vertex of any ring (exterior or hole) is inside the feature.
 * - A point inside a hole is outside that polygon; a feature is a union of its parts.
 * - Where features overlap, the smallest feature index wins.
 * - A null point, or one with a NaN or ±Infinity coordinate, gives null (index -1); Turf says
 *   such points are in no polygon. A null feature (polygon validity) contains nothing.
 * - -0 equals +0. Rings are used as stored (either orientation).
 *
 * Throws DTypeError when x or y is not float64 (or validity not uint8, or `polygons` not a
 * polygon or multipolygon Column), ShapeError when lengths disagree, ValueError for an unknown `index` option
 * or (WebGPU) polygon buffers larger than one binding.
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
 */
export function pointInPolygon(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: Column, options: PointInPolygonOptions = {}): PointInPolygonResult {
  if (x?.dtype !== 'float64') throw new DTypeError(`pointInPolygon: expected x as float64, got ${x?.dtype ?? typeof x}`);
  if (y?.dtype !== 'float64') throw new DTypeError(`pointInPolygon: expected y as float64, got ${y?.dtype ?? typeof y}`);
  if (x.length !== y.length) throw new ShapeError(`pointInPolygon: expected x and y of equal length, got ${x.length} and ${y.length}`);
  if (!(polygons instanceof Column) || (polygons.type !== 'polygon' && polygons.type !== 'multipolygon')) {
    throw new DTypeError(`pointInPolygon: expected polygons as a polygon or multipolygon Column, got ${polygons instanceof Column ? polygons.type : Object.prototype.toString.call(polygons)}`);
  }
  const { validity } = options;
  if (validity !== undefined) {
    if (validity.dtype !== 'uint8') throw new DTypeError(`pointInPolygon: expected validity as uint8, got ${validity.dtype}`);
    if (validity.length < Math.ceil(x.length / 8)) throw new ShapeError(`pointInPolygon: expected a validity bitmap of ${Math.ceil(x.length / 8)} bytes, got ${validity.length}`);
  }
  const index = options.index ?? 'auto';
  if (!INDEXES.includes(index)) throw new ValueError(`pointInPolygon: expected index 'auto' | 'grid' | 'none', got '${String(index)}'`);
  const buffers = polygonBuffers(polygons, 'pointInPolygon');
  try {
    return run(pipKernel, x, y, buffers, validity, index);
  } finally {
    buffers.dispose();
  }
}
