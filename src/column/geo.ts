/**
 * The `gf.geo` namespace: building and converting geometry columns (GeoArrow native
 * encodings, float64 xy). Spatial ops that compute on geometries live in spatial/.
 */
export { fromGeoJSON, commonGeometryType, type GeoJSONGeometry, type Position, type FromGeoJSONOptions } from './geometry.js';
