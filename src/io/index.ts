/** Readers: CSV and shapefiles into typed columns (Table / GeoTable). */
export { readCSV, type ReadCSVOptions } from './csv.js';
export { readShapefile, type ReadShapefileOptions, type ShapefileBuffers } from './shapefile.js';
export { type IoDType } from './infer.js';
export { type Table, type GeoTable } from './table.js';
export { PolygonColumn, type PolygonColumnInit, type PolygonGeometry, type PolygonCoords } from '../../spatial/geometry.js';
