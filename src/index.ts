/**
 * gpuframe: a GPU dataframe, spatial and ML library on WebGPU, with an identical CPU path.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * await gf.init();
 * const x = gf.array(new Float64Array([3, 1, 2]));
 * console.log(gf.info().backend, await gf.reduce(x, 'sum').toArray());
 * ```
 */
export { init, info, sync, shutdown, withBackend, withBackendAsync, hasWebGPU, type InitOptions, type Info, type BackendName } from './device/index.js';
export { stats, resetStats, type Stats } from './memory/stats.js';
export { DataBuffer, array, type Residency } from './memory/data-buffer.js';
export { DTYPES, dtypeInfo, dtypeOf, type DTypeName, type TypedArray } from './dtypes.js';
export * from './errors.js';
export * from '../kernels/index.js';
export { type ReadCSVOptions, type ReadShapefileOptions, type ShapefileBuffers, type IoDType, type Table, type GeoTable } from './io/index.js';
export { PolygonColumn, type PolygonColumnInit, type PolygonGeometry, type PolygonCoords } from '../spatial/geometry.js';
export { Column, type ColumnType, type ColumnInit } from './column/column.js';
export * from '../frame/index.js';
export { haversine, EARTH_RADIUS_KM, type HaversineOptions } from '../spatial/haversine.js';
export * from '../ml/index.js';
export { pointInPolygon, type PointInPolygonOptions, type PointInPolygonResult } from '../spatial/point-in-polygon.js';
export { sjoin, type SJoinOptions } from '../spatial/sjoin.js';
export { type ReadArrowOptions, type WriteArrowOptions } from './io/arrow.js';
export { type ReadParquetOptions, type WriteParquetOptions, type ParquetCompression } from './io/parquet.js';
export { type CSVProgress } from './io/csv.js';
