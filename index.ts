// The published index.d.ts keeps this reference, so a consumer type-checks the GPU* types without configuring them.
/// <reference types="@webgpu/types" preserve="true" />
/**
 * gpuframe: a GPU dataframe, spatial and ML library on WebGPU, with an identical CPU path.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * await gf.init();
 * const x = gf.array(new Float64Array([3, 1, 2]));
 * console.log(gf.info().backend, await gf.kernels.reduceValue(x, 'sum')); // 'cpu' or 'webgpu', 6
 * ```
 */
export { init, info, sync, shutdown, withBackend, withBackendAsync, hasWebGPU, type InitOptions, type Info, type BackendName, type DeviceLoss } from './src/device/index.js';
export { stats, resetStats, type Stats } from './src/memory/stats.js';
export { limits, setLimits, type Limits } from './src/memory/budget.js';
export { DataBuffer, array, type Residency } from './src/memory/data-buffer.js';
export { DTYPES, dtypeInfo, dtypeOf, type DTypeName, type TypedArray } from './src/dtypes.js';
export * from './src/errors.js';
/** The primitive ops on DataBuffers (argsort, gather, scan, reduce…), one namespace: `gf.kernels.argsort(x)`. */
export * as kernels from './kernels/index.js';
export type { ReadCSVOptions, ReadShapefileOptions, ShapefileBuffers, IoDType, Table } from './src/io/index.js'; // type-only: the shapefile reader stays a lazy chunk
export { Column, type ColumnType, type ColumnInit, type GeometryType, type NestedType } from './src/column/column.js';
export * as geo from './src/column/geo.js';
export * from './frame/index.js';
export { scanCSV, scanParquet, LazyFrame, LazyGroupBy, type ScanCSVOptions, type ScanParquetOptions, type ScanSettings, type SinkCSVOptions, type SinkParquetOptions } from './frame/lazy/index.js';
export { datetime, type DatetimeParts, type DatetimePart } from './frame/datetime.js';
export { haversine, EARTH_RADIUS_KM, type HaversineOptions, type HaversineColumnOperand, type LonLat } from './spatial/haversine.js';
export { type HaversineOperand } from './kernels/haversine/haversine.js';
export * from './ml/index.js';
export { pointInPolygon, type PointInPolygonOptions, type PointInPolygonColumnOptions, type PointInPolygonResult } from './spatial/point-in-polygon.js';
export { pointLinestringDistance, nearestLinestring, type PointLinestringDistanceOptions, type NearestLinestringOptions, type NearestLinestringResult, type PointLinestringMetric } from './spatial/point-linestring.js';
export { sjoin, type SJoinOptions } from './spatial/sjoin.js';
export { deriveTrajectories, type DeriveTrajectoriesOptions, type TrajectoryFrame } from './spatial/trajectories.js';
export { trajectoryStats, type TrajectoryStatsOptions } from './spatial/trajectory-stats.js';
export { splitByGap, type SplitByGapOptions } from './spatial/split-by-gap.js';
export { detectStops, type DetectStopsOptions } from './spatial/detect-stops.js';
export { DistanceMatrix, type MatrixBand, type SymmetrizeOp } from './src/matrix/distance-matrix.js';
export { hausdorff, frechet, type HausdorffOptions, type TrajectoryDistanceOptions } from './spatial/trajectory-distance.js';
export { type ReadArrowOptions, type WriteArrowOptions } from './src/io/arrow.js';
export { type ReadParquetOptions, type WriteParquetOptions, type ParquetCompression } from './src/io/parquet.js';
export { type CSVProgress } from './src/io/csv.js';
export { type WriteCSVOptions } from './src/io/csv-write.js';
export { type CSVDType } from './src/io/csv-dtypes.js';
export { type TextSource } from './src/io/csv-source.js';
export { type ByteSource } from './src/io/source.js';
export type { ShapefileSource } from './src/io/shapefile.js';
export { type ReadJSONOptions } from './src/io/json.js';
export { type WriteJSONOptions } from './src/io/json-write.js';
