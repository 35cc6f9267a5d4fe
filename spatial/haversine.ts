/**
 * Great-circle distance between point pairs on a sphere: the public entry for the
 * 'spatial/haversine' kernel (../kernels/haversine/haversine.ts).
 */
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { run } from '../kernels/registry.js';
import { haversineKernel, type HaversineOperand } from '../kernels/haversine/haversine.js';

export interface HaversineOptions {
  /**
   * Sphere radius; the result is in its unit. Default 6371.0088 km, the IUGG mean Earth
   * radius that Turf uses (cuSpatial uses 6371.0 km; pass `radius: 6371` to match it).
   */
  radius?: number;
}

/** The IUGG mean Earth radius in km (Turf's `earthRadius`). */
export const EARTH_RADIUS_KM = 6371.0088;

const OP = 'haversine';

/**
 * Great-circle distance between (lon1, lat1) and (lon2, lat2), in degrees, for every row.
 * Each coordinate is a float64 (or float32) DataBuffer, or a plain number used for every
 * row (a fixed reference point); arrays must have equal lengths. With only numbers, the
 * result has one row.
 *
 * Accuracy: within 1 mm of an exact float64 computation for every pair (random, antipodal
 * and near-antipodal, sub-metre, poles, antimeridian), on the GPU as on the CPU: the GPU
 * computes in double-float (f32 pairs) with the well-conditioned spherical Vincenty form,
 * since plain haversine loses precision near antipodes. float32 inputs are widened exactly
 * (their own precision, about 1 m in longitude, is theirs).
 *
 * Semantics: NaN in any coordinate gives NaN; so do ±Inf, |lat| > 90 and |lon| > 360
 * (rows are not rejected, as befits columns of millions: filter on `isNaN` afterwards).
 * Identical points give exactly 0. Nulls: this op reads values only; combine the inputs'
 * validity bitmaps yourself (a row is valid when all four inputs are).
 *
 * @param options.radius sphere radius, default 6371.0088 (km)
 * @throws DTypeError if an array is not float64 or float32
 * @throws ShapeError if array lengths differ
 * @throws ValueError if radius is not a finite positive number, or a scalar is not a number
 * @example
 * ```ts
 * const lon = gf.array(new Float64Array([-73.7781, 2.3522]));
 * const lat = gf.array(new Float64Array([40.6413, 48.8566]));
 * const km = gf.haversine(lon, lat, -0.4543, 51.47);     // to London Heathrow
 * console.log(await km.toArray());                        // Float64Array [~5540, ~353]
 * const m = gf.haversine(lon, lat, -0.4543, 51.47, { radius: 6371008.8 }); // metres
 * ```
 */
export function haversine(lon1: HaversineOperand, lat1: HaversineOperand, lon2: HaversineOperand, lat2: HaversineOperand, options: HaversineOptions = {}): DataBuffer<'float64'> {
  const radius = options.radius ?? EARTH_RADIUS_KM;
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) {
    throw new ValueError(`${OP}: expected radius a finite number > 0, got ${String(radius)}`);
  }
  const names = ['lon1', 'lat1', 'lon2', 'lat2'];
  const ops = [lon1, lat1, lon2, lat2];
  let n: number | undefined;
  for (let j = 0; j < 4; j++) {
    const x: unknown = ops[j];
    if (x instanceof DataBuffer) {
      const dtype: string = x.dtype;
      if (dtype !== 'float64' && dtype !== 'float32') throw new DTypeError(`${OP}: expected ${names[j]} of dtype float64 | float32, got ${dtype}`);
      if (n === undefined) n = x.length;
      else if (x.length !== n) throw new ShapeError(`${OP}: expected ${names[j]} of length ${n} like the arrays before it, got ${x.length}`);
    } else if (typeof x !== 'number') {
      throw new ValueError(`${OP}: expected ${names[j]} a DataBuffer or a number, got ${typeof x}`);
    }
  }
  return run(haversineKernel, lon1, lat1, lon2, lat2, radius, n ?? 1);
}
