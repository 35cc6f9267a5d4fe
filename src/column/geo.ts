/**
 * The `gf.geo` namespace: building and converting geometry columns (GeoArrow native
 * encodings, float64 xy). Spatial ops that compute on geometries live in spatial/.
 */
export { fromGeoJSON, commonGeometryType, type GeoJSONGeometry, type Position, type FromGeoJSONOptions } from './geometry.js';
export { fromWKB, toWKB, type FromGeoBytesOptions } from '../io/wkb.js';
export { fromWKT, toWKT } from '../io/wkt.js';
