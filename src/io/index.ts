/** Readers: CSV and shapefiles into typed columns (Table / GeoTable). */
export { readCSV, type ReadCSVOptions } from './csv.js';
export { readShapefile, type ReadShapefileOptions, type ShapefileBuffers } from './shapefile.js';
export { type IoDType } from './infer.js';
export { type Table } from './table.js';
