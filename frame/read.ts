/** The public readers: the IO layer's typed columns, wrapped in a DataFrame (no copy). */
import { readCSV as readCSVTable, type ReadCSVOptions } from '../src/io/csv.js';
import { readShapefile as readShapefileTable, type ReadShapefileOptions, type ShapefileBuffers } from '../src/io/shapefile.js';
import { readArrow as readArrowTable, writeArrow as writeArrowBytes, type ReadArrowOptions, type WriteArrowOptions } from '../src/io/arrow.js';
import { readParquet as readParquetTable, writeParquet as writeParquetBytes, type ReadParquetOptions, type WriteParquetOptions } from '../src/io/parquet.js';
import { DataFrame } from './data-frame.js';

/**
 * Read a CSV file (or CSV text) into a DataFrame with typed columns: int32/int64 by range,
 * float64, bool, utf8 (dictionary-encoded), empty fields as nulls.
 *
 * @example
 * ```ts
 * const airports = await gf.readCSV('data/airports.csv');
 * console.log(airports.schema); // { iata: 'utf8', ..., latitude: 'float64', longitude: 'float64' }
 * ```
 */
export async function readCSV(pathOrText: string, options: ReadCSVOptions = {}): Promise<DataFrame> {
  return DataFrame.fromTable(await readCSVTable(pathOrText, options));
}

/**
 * Read a shapefile (a .zip, or a .shp with its .dbf and optional .prj) into a DataFrame of
 * attributes and a 'geometry' column in GeoArrow layout (point, multipoint, multilinestring or
 * multipolygon, by the file's shape type), carrying the CRS.
 *
 * @example
 * ```ts
 * const world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
 * console.log(world.numRows, world.schema.geometry); // 177 'multipolygon'
 * ```
 */
export async function readShapefile(source: string | ShapefileBuffers, options: ReadShapefileOptions = {}): Promise<DataFrame> {
  return DataFrame.fromTable(await readShapefileTable(source, options));
}

/**
 * Read Arrow IPC data (the file format, as .arrow/.feather v2, or the stream format; a path or
 * the bytes) into a DataFrame. Types map as in `DataFrame.fromArrow`.
 *
 * @example
 * ```ts
 * const flights = await gf.readArrow('data/flights-200k.arrow', { columns: ['delay', 'distance'] });
 * ```
 */
export async function readArrow(source: string | Uint8Array | ArrayBuffer, options: ReadArrowOptions = {}): Promise<DataFrame> {
  return DataFrame.fromTable(await readArrowTable(source, options));
}

/**
 * The frame as Arrow IPC bytes ('file' format by default, or 'stream'), also written to `path`
 * when one is given. Device-resident columns are downloaded first. Lists, structs and binary
 * leave as Arrow List, Struct and Binary; geometry columns as GeoArrow extension types
 * (interleaved 'xy' coordinates, the CRS in `ARROW:extension:metadata`).
 *
 * @example
 * ```ts
 * const bytes = await gf.writeArrow(df, 'out/df.arrow');
 * ```
 */
export async function writeArrow(df: DataFrame, path?: string, options: WriteArrowOptions = {}): Promise<Uint8Array> {
  return writeArrowBytes({ names: df.names, columns: df.getColumns(), numRows: df.numRows }, path, options);
}

/**
 * Read a Parquet file (a path or its bytes) into a DataFrame: column projection, row-group
 * selection, nulls, dictionary pages, snappy/gzip/zstd (and brotli, lz4); int64 and timestamps
 * exact; lists, structs and binary as 'list', 'struct' and 'binary' columns. GeoParquet
 * geometry columns (WKB or the native GeoArrow encodings) become geometry columns with their
 * CRS (PROJJSON text; 'OGC:CRS84' when the file names none). Row groups are decoded a few at a
 * time, each followed by `onProgress`. A file that does not decode is a ParseError naming it.
 *
 * @example
 * ```ts
 * const df = await gf.readParquet('flights-3m.parquet', {
 *   columns: ['date', 'delay'],
 *   onProgress: ({ rowsRead, totalRows }) => console.log(`${rowsRead}/${totalRows}`),
 * });
 * ```
 */
export async function readParquet(source: string | Uint8Array, options: ReadParquetOptions = {}): Promise<DataFrame> {
  return DataFrame.fromTable(await readParquetTable(source, options));
}

/**
 * The frame as Parquet bytes (zstd by default; row groups of at most `rowGroupSize` rows), also
 * written to `path` when one is given. Every gpuframe type reads back as itself. A frame with
 * geometry columns is written as GeoParquet 1.1: WKB by default (`geometryEncoding: 'wkb'`,
 * what every GeoParquet reader takes) or the native encodings (`'geoarrow'`), with the `geo`
 * metadata (encoding, geometry_types, bbox, and `crs` as PROJJSON, left out for OGC:CRS84 and
 * EPSG:4326, null where the CRS is not PROJJSON; gpuframe keeps that CRS text in the column's
 * GeoArrow metadata and reads it back).
 *
 * @example
 * ```ts
 * await gf.writeParquet(df, 'out/df.parquet', { compression: 'snappy', rowGroupSize: 100_000 });
 * await gf.writeParquet(df, 'out/df-native.parquet', { geometryEncoding: 'geoarrow' });
 * ```
 */
export async function writeParquet(df: DataFrame, path?: string, options: WriteParquetOptions = {}): Promise<Uint8Array> {
  return writeParquetBytes({ names: df.names, columns: df.getColumns(), numRows: df.numRows }, path, options);
}
