/**
 * Great-circle distance between point pairs on a sphere: the public entry for the
 * 'spatial/haversine' kernel (../kernels/haversine/haversine.ts), in the three forms of
 * ./operands.ts (DataBuffers, Columns, or a frame and column names).
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { run } from '../kernels/registry.js';
import { haversineKernel, type HaversineOperand } from '../kernels/haversine/haversine.js';
import { validityAnd } from '../kernels/nulls/validity-and.js';
import type { DataFrame } from '../frame/data-frame.js';
import { checkOptions, pointColumnInputs, resolveColumn, splitArgs, type ColumnRef, type PointInputs } from './operands.js';

export interface HaversineOptions {
  /**
   * Sphere radius; the result is in its unit. Default 6371.0088 km, the IUGG mean Earth
   * radius that Turf uses (cuSpatial uses 6371.0 km; pass `radius: 6371` to match it).
   */
  radius?: number;
}

/**
 * The IUGG mean Earth radius in km (Turf's `earthRadius`), haversine's default `radius`.
 *
 * @example
 * ```ts
 * const miles = gf.EARTH_RADIUS_KM / 1.609344; // pass { radius: miles } for distances in miles
 * ```
 */
export const EARTH_RADIUS_KM = 6371.0088;

const OP = 'haversine';

/** A coordinate of the Column form: a float64 (or float32) Column, or a number for every row. */
export type HaversineColumnOperand = Column | number;
/** A fixed point [lon, lat] in degrees. */
export type LonLat = readonly [number, number];

/**
 * Great-circle distance between (lon1, lat1) and (lon2, lat2), in degrees, for every row.
 *
 * Forms (see the spatial ops' rule in the README):
 * - `haversine(lon1, lat1, lon2, lat2)` with float64 (or float32) DataBuffers or numbers (a
 *   number is used for every row): a DataBuffer. With only numbers, the result has one row.
 *   Nulls are the caller's.
 * - the same with Columns for the arrays: a float64 Column, null where any input is null.
 * - `haversine(points, to)`: `points` a 'point' Column, `to` a 'point' Column or [lon, lat].
 * - `haversine(df, ...)`: either form above with column names in place of Columns.
 *
 * Accuracy: within 1 mm of an exact float64 computation for every pair (random, antipodal
 * and near-antipodal, sub-metre, poles, antimeridian), on the GPU as on the CPU: the GPU
 * computes in double-float (f32 pairs) with the well-conditioned spherical Vincenty form,
 * since plain haversine loses precision near antipodes. float32 inputs are widened exactly
 * (their own precision, about 1 m in longitude, is theirs).
 *
 * Semantics: NaN in any coordinate gives NaN; so do ±Inf, |lat| > 90 and |lon| > 360
 * (rows are not rejected, as befits columns of millions: filter on `isNaN` afterwards).
 * Identical points give exactly 0.
 *
 * @param options.radius sphere radius, default 6371.0088 (km)
 * @throws DTypeError if an array is not float64 or float32 (or a point operand not a point column)
 * @throws ShapeError if array lengths differ
 * @throws ValueError if radius is not a finite positive number, a scalar is not a number, or an option is unknown
 * @example
 * ```ts
 * const lon = gf.array(new Float64Array([-73.7781, 2.3522]));
 * const lat = gf.array(new Float64Array([40.6413, 48.8566]));
 * const km = gf.haversine(lon, lat, -0.4543, 51.47);     // JFK and Paris to London Heathrow
 * console.log(await km.toArray());                        // Float64Array [~5540.02, ~352.66]
 * const m = gf.haversine(lon, lat, -0.4543, 51.47, { radius: 6371008.8 }); // metres
 * ```
 * @example
 * ```ts
 * // Columns and frames give a float64 Column, null where an input is null.
 * const df = new gf.DataFrame({
 *   lon: gf.Column.from(new Float64Array([-73.7781, 0]), new Uint8Array([0b01])), // row 1 null
 *   lat: new Float64Array([40.6413, 48.8566]),
 * });
 * console.log(await gf.haversine(df, 'lon', 'lat', 2.35, 48.85).toValues()); // [~5826.58, null]
 * const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [2.3522, 48.8566] }]);
 * console.log(await gf.haversine(pts, [-0.4543, 51.47]).toValues()); // a point column to a point: [~352.66]
 * ```
 */
export function haversine(lon1: HaversineOperand, lat1: HaversineOperand, lon2: HaversineOperand, lat2: HaversineOperand, options?: HaversineOptions): DataBuffer<'float64'>;
export function haversine(lon1: HaversineColumnOperand, lat1: HaversineColumnOperand, lon2: HaversineColumnOperand, lat2: HaversineColumnOperand, options?: HaversineOptions): Column;
export function haversine(points: Column, to: Column | LonLat, options?: HaversineOptions): Column;
export function haversine(df: DataFrame, lon1: ColumnRef | number, lat1: ColumnRef | number, lon2: ColumnRef | number, lat2: ColumnRef | number, options?: HaversineOptions): Column;
export function haversine(df: DataFrame, points: ColumnRef, to: ColumnRef | LonLat, options?: HaversineOptions): Column;
export function haversine(...args: unknown[]): DataBuffer<'float64'> | Column {
  const { df, operands, options } = splitArgs(args);
  checkOptions(OP, options, ['radius']);
  const radius = options.radius ?? EARTH_RADIUS_KM;
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) {
    throw new ValueError(`${OP}: expected radius a finite number > 0, got ${String(radius)}`);
  }
  if (operands.length === 2) return pointForm(df, operands[0], operands[1], radius);
  if (operands.length !== 4) throw new ValueError(`${OP}: expected 4 coordinates (lon1, lat1, lon2, lat2) or 2 points, got ${operands.length} operands`);
  const names = ['lon1', 'lat1', 'lon2', 'lat2'];
  const cols = operands.map((x, j) => resolveColumn(df, x, OP, names[j]!));
  const ops = operands.map((x, j) => cols[j]?.data ?? x) as HaversineOperand[];
  cols.forEach((c, j) => {
    if (c && c.type !== 'float64' && c.type !== 'float32') throw new DTypeError(`${OP}: expected ${names[j]} of type float64 | float32, got ${c.type}`);
  });
  const out = distance(ops, radius);
  if (!df && cols.every((c) => c === undefined)) return out;
  return new Column({ type: 'float64', data: out, validity: validityAnd(cols.map((c) => c?.validity), out.length) });
}

/** The point form: a point column to a point column or a fixed [lon, lat]. */
function pointForm(df: DataFrame | undefined, from: unknown, to: unknown, radius: number): Column {
  const a = resolveColumn(df, from, OP, 'points');
  if (!a) throw new DTypeError(`${OP}: expected points as a point Column${df ? ' or a column name' : ''}, got ${typeof from}`);
  const made: PointInputs[] = [];
  try {
    const p = pointColumnInputs(a, OP, 'points');
    made.push(p);
    let x2: HaversineOperand;
    let y2: HaversineOperand;
    let v2: DataBuffer<'uint8'> | undefined;
    if (Array.isArray(to) && to.length === 2 && typeof to[0] === 'number' && typeof to[1] === 'number') {
      [x2, y2] = to as [number, number];
    } else {
      const b = resolveColumn(df, to, OP, 'to');
      if (!b) throw new ValueError(`${OP}: expected to as a point Column${df ? ', a column name' : ''} or [lon, lat], got ${JSON.stringify(to)}`);
      const q = pointColumnInputs(b, OP, 'to');
      made.push(q);
      ({ x: x2, y: y2, validity: v2 } = q);
    }
    const out = distance([p.x, p.y, x2, y2], radius);
    return new Column({ type: 'float64', data: out, validity: validityAnd([p.validity, v2], out.length) });
  } finally {
    made.forEach((m) => m.dispose());
  }
}

/** The primitive: checks the operands and runs the kernel. */
function distance(ops: readonly HaversineOperand[], radius: number): DataBuffer<'float64'> {
  const names = ['lon1', 'lat1', 'lon2', 'lat2'];
  let n: number | undefined;
  for (let j = 0; j < 4; j++) {
    const x: unknown = ops[j];
    if (x instanceof DataBuffer) {
      const dtype: string = x.dtype;
      if (dtype !== 'float64' && dtype !== 'float32') throw new DTypeError(`${OP}: expected ${names[j]} of dtype float64 | float32, got ${dtype}`);
      if (n === undefined) n = x.length;
      else if (x.length !== n) throw new ShapeError(`${OP}: expected ${names[j]} of length ${n} like the arrays before it, got ${x.length}`);
    } else if (typeof x !== 'number') {
      throw new ValueError(`${OP}: expected ${names[j]} a DataBuffer, a Column or a number, got ${typeof x}`);
    }
  }
  return run(haversineKernel, ops[0]!, ops[1]!, ops[2]!, ops[3]!, radius, n ?? 1);
}
