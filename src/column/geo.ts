/**
 * The `gf.geo` namespace: building and converting geometry columns (GeoArrow native
 * encodings, float64 xy). Spatial ops that compute on geometries live in spatial/.
 *
 * @example
 * ```ts
 * const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }, null]);
 * console.log(await gf.geo.toWKT(pts).toValues()); // ['POINT (1 2)', null]
 * ```
 */
export { fromGeoJSON, commonGeometryType, type GeoJSONGeometry, type Position, type FromGeoJSONOptions } from './geometry.js';
export { fromWKB, toWKB, type FromGeoBytesOptions } from '../io/wkb.js';
export { fromWKT, toWKT } from '../io/wkt.js';
