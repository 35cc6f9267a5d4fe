/** The public readers: the IO layer's typed columns, wrapped in a DataFrame (no copy). */
import { readCSV as readCSVTable, type ReadCSVOptions } from '../src/io/csv.js';
import { writeCSV as writeCSVText, type WriteCSVOptions } from '../src/io/csv-write.js';
import type { TextSource } from '../src/io/csv-source.js';
import { readJSON as readJSONTable, readNDJSON as readNDJSONTable, type ReadJSONOptions } from '../src/io/json.js';
import { writeJSON as writeJSONText, writeNDJSON as writeNDJSONText, type WriteJSONOptions } from '../src/io/json-write.js';
import type { Table } from '../src/io/table.js';
// the shapefile reader (shpjs, proj4) is loaded on first use: a chunk of its own in a browser bundle
import type { ReadShapefileOptions, ShapefileSource } from '../src/io/shapefile.js';
import type { ByteSource } from '../src/io/source.js';
import { readArrow as readArrowTable, writeArrow as writeArrowBytes, type ReadArrowOptions, type WriteArrowOptions } from '../src/io/arrow.js';
import { readParquet as readParquetTable, writeParquet as writeParquetBytes, type ReadParquetOptions, type WriteParquetOptions } from '../src/io/parquet.js';
import { ensureBackend } from '../src/device/index.js';
import type { BinaryOutput, TextOutput, Written } from '../src/io/write-output.js';
import { ValueError } from '../src/errors.js';
import { showValue } from '../src/options.js';
import { DataFrame } from './data-frame.js';

/**
 * Read CSV into a DataFrame with typed columns: int32/int64 by range, float64, bool, utf8
 * (dictionary-encoded), empty fields as nulls; float32, date and timestamp columns through
 * `dtypes` (ISO 8601, or a strftime `format`). The source is a path, CSV text (a string with a
 * line break, or `{ text: true }`), bytes (Uint8Array, Buffer, ArrayBuffer), a URL (`file:`,
 * `http(s):` via fetch, or an `http(s)://` string), a File or Blob, or a stream (web
 * ReadableStream, Node Readable). An empty input is a
 * ParseError; a header alone gives 0 rows of utf8 columns.
 *
 * @example
 * ```ts
 * const airports = await gf.readCSV('data/airports.csv');
 * console.log(airports.dtypes); // ['utf8', 'utf8', 'utf8', 'utf8', 'utf8', 'float64', 'float64']
 * const df = await gf.readCSV(new TextEncoder().encode('day,t\n2024-03-01,2024-03-01 10:00:00+01:00\n'), { dtypes: { day: 'date', t: 'timestamp[ms]' } });
 * console.log(df.schema); // { day: 'date', t: 'timestamp' }
 * ```
 */
export async function readCSV(source: TextSource, options: ReadCSVOptions = {}): Promise<DataFrame> {
  await ensureBackend('readCSV');
  return DataFrame.fromTable(await readCSVTable(source, options ?? {}));
}

/**
 * A writer's frame as a reader's Table (columns read in order, no copy), after checking the
 * writer's arguments: a DataFrame, and a path string or undefined (a number would be taken as a
 * file descriptor by node:fs). Internal; writeGeoJSON uses it too.
 */
export function tableOf(op: string, df: DataFrame, path: unknown): Table {
  if (!(df instanceof DataFrame)) throw new ValueError(`${op}: expected a DataFrame, got ${showValue(df)}`);
  if (path !== undefined && typeof path !== 'string') throw new ValueError(`${op}: expected the path as a string or undefined, got ${showValue(path)}`);
  return { names: df.names, columns: df.getColumns(), numRows: df.numRows };
}

/**
 * The frame as CSV text (RFC 4180), also written to `path` when one is given: a header, floats
 * as shortest round-trip text (1.0, -0.0, NaN, inf), int64 exact, ISO dates and timestamps,
 * nulls as `nullValue` (default empty), geometry as WKT; list/struct/binary columns are a
 * ValueError. `readCSV(text, { dtypes: df.schema })` reads it back as the same frame (empty
 * strings excepted: they read back as null). `as: 'bytes'` returns the UTF-8 bytes instead of the
 * string, and `as: 'blob'` a Blob of type text/csv (a browser has no paths: hand the Blob to a
 * download link or a `fetch` body).
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const df = new gf.DataFrame({ x: new Float64Array([1, 0.1]), s: ['a,b', null] });
 * console.log(JSON.stringify(await gf.writeCSV(df))); // "x,s\n1.0,\"a,b\"\n0.1,\n"
 * await gf.writeCSV(df, join(tmpdir(), 'gpuframe-example.csv'), { delimiter: ';', nullValue: 'NA' });
 * const blob = await gf.writeCSV(df, undefined, { as: 'blob' }); // in a browser: URL.createObjectURL(blob)
 * console.log(blob.type, blob.size); // text/csv 19
 * console.log((await gf.readCSV(blob, { dtypes: df.schema })).numRows); // 2
 * ```
 */
export async function writeCSV<A extends TextOutput | undefined = undefined>(df: DataFrame, path?: string, options: WriteCSVOptions & { as?: A } = {}): Promise<Written<A, string>> {
  return writeCSVText<A>(tableOf('writeCSV', df, path), path, options ?? {});
}

/**
 * Read a JSON array of records into a DataFrame: integers → int64, other numbers → float64,
 * bools, strings, arrays → list, objects → struct (Polars' inference); `dtypes` and `format` as
 * readCSV's. The source is a path, JSON text (a string starting with '[' or '{'), bytes, a URL
 * or a stream. Bad JSON is a ParseError naming the line.
 *
 * @example
 * ```ts
 * const df = await gf.readJSON('[{"id": 1, "name": "a"}, {"id": 2, "name": null}]');
 * console.log(df.schema); // { id: 'int64', name: 'utf8' }
 * ```
 */
export async function readJSON(source: TextSource, options: ReadJSONOptions = {}): Promise<DataFrame> {
  await ensureBackend('readJSON');
  return DataFrame.fromTable(await readJSONTable(source, options ?? {}));
}

/**
 * Read newline-delimited JSON (one record per line) into a DataFrame, typed as readJSON.
 *
 * @example
 * ```ts
 * const df = await gf.readNDJSON('{"a": 1, "b": [1, 2]}\n{"a": 2.5, "b": []}\n');
 * console.log(df.schema); // { a: 'float64', b: 'list' }
 * ```
 */
export async function readNDJSON(source: TextSource, options: ReadJSONOptions = {}): Promise<DataFrame> {
  await ensureBackend('readNDJSON');
  return DataFrame.fromTable(await readNDJSONTable(source, options ?? {}));
}

/**
 * The frame as a JSON array of records, also written to `path` when one is given (int64
 * exact, NaN/±Infinity as null, dates and timestamps as ISO strings, lists and structs nested).
 * `as: 'bytes'` returns UTF-8 bytes instead of the string, `as: 'blob'` a Blob of type
 * application/json.
 *
 * @example
 * ```ts
 * console.log(await gf.writeJSON(new gf.DataFrame({ a: new Int32Array([1, 2]) }))); // [{"a":1},{"a":2}]
 * const bytes = await gf.writeJSON(new gf.DataFrame({ a: ['é'] }), undefined, { as: 'bytes' });
 * const back = await gf.readJSON(bytes);
 * console.log(bytes.length, await back.toRecords()); // 12 [ { a: 'é' } ]
 * ```
 */
export async function writeJSON<A extends TextOutput | undefined = undefined>(df: DataFrame, path?: string, options: WriteJSONOptions & { as?: A } = {}): Promise<Written<A, string>> {
  return writeJSONText<A>(tableOf('writeJSON', df, path), path, options ?? {});
}

/**
 * The frame as newline-delimited JSON (one record per line), also written to `path` when one
 * is given; values as writeJSON writes them. `as: 'bytes'` returns UTF-8 bytes instead of the
 * string, `as: 'blob'` a Blob of type application/x-ndjson.
 *
 * @example
 * ```ts
 * const text = await gf.writeNDJSON(new gf.DataFrame({ a: ['x', null] }));
 * console.log(JSON.stringify(text)); // "{\"a\":\"x\"}\n{\"a\":null}\n"
 * const blob = await gf.writeNDJSON(new gf.DataFrame({ a: ['x', null] }), undefined, { as: 'blob' });
 * console.log(blob.type, (await gf.readNDJSON(blob)).numRows); // application/x-ndjson 2
 * ```
 */
export async function writeNDJSON<A extends TextOutput | undefined = undefined>(df: DataFrame, path?: string, options: WriteJSONOptions & { as?: A } = {}): Promise<Written<A, string>> {
  return writeNDJSONText<A>(tableOf('writeNDJSON', df, path), path, options ?? {});
}

/**
 * Read a shapefile (a .zip, or a .shp with its .dbf and optional .prj) into a DataFrame of
 * attributes and a 'geometry' column in GeoArrow layout (point, multipoint, multilinestring or
 * multipolygon, by the file's shape type), carrying the CRS. The source is a .shp or .zip path
 * (Node), a URL (a .zip, or a .shp whose .dbf/.prj/.cpg are fetched beside it), a zip as a
 * File, Blob, Uint8Array, ArrayBuffer or ReadableStream, the Files picked together (one .zip,
 * or .shp + .dbf + .prj), or `{ shp, dbf, prj?, cpg? }` buffers.
 *
 * @example
 * ```ts
 * const world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
 * console.log(world.numRows, world.schema.geometry); // 177 'multipolygon'
 * ```
 */
export async function readShapefile(source: ShapefileSource, options: ReadShapefileOptions = {}): Promise<DataFrame> {
  await ensureBackend('readShapefile');
  const { readShapefile: readShapefileTable } = await import('../src/io/shapefile.js');
  return DataFrame.fromTable(await readShapefileTable(source, options ?? {}));
}

/**
 * Read Arrow IPC data (the file format, as .arrow/.feather v2, or the stream format) into a
 * DataFrame. The source is a path (Node), a URL (fetched), a File or Blob, a Uint8Array or
 * ArrayBuffer, or a ReadableStream. Types map as in `DataFrame.fromArrow`.
 *
 * @example
 * ```ts
 * const bytes = await gf.writeArrow(new gf.DataFrame({ delay: new Float64Array([5, -2]), carrier: ['AA', 'UA'] }));
 * const flights = await gf.readArrow(bytes, { columns: ['delay'] }); // or a path: gf.readArrow('flights.arrow')
 * console.log(flights.schema); // { delay: 'float64' }
 * ```
 */
export async function readArrow(source: ByteSource, options: ReadArrowOptions = {}): Promise<DataFrame> {
  await ensureBackend('readArrow');
  return DataFrame.fromTable(await readArrowTable(source, options ?? {}));
}

/**
 * The frame as Arrow IPC bytes ('file' format by default, or 'stream'), also written to `path`
 * when one is given. Device-resident columns are downloaded first. Lists, structs and binary
 * leave as Arrow List, Struct and Binary; geometry columns as GeoArrow extension types
 * (interleaved 'xy' coordinates, the CRS in `ARROW:extension:metadata`). `as: 'blob'` returns a
 * Blob (type application/vnd.apache.arrow.file, or .stream) instead of the bytes.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const df = new gf.DataFrame({ x: new Float64Array([1, 2]), s: ['a', null] });
 * const bytes = await gf.writeArrow(df, join(tmpdir(), 'gpuframe-example.arrow'));
 * console.log((await gf.readArrow(bytes)).numRows); // 2
 * const blob = await gf.writeArrow(df, undefined, { format: 'stream', as: 'blob' });
 * console.log(blob.type, (await gf.readArrow(blob)).numRows); // application/vnd.apache.arrow.stream 2
 * ```
 */
export async function writeArrow<A extends BinaryOutput | undefined = undefined>(df: DataFrame, path?: string, options: WriteArrowOptions & { as?: A } = {}): Promise<Written<A, Uint8Array>> {
  return writeArrowBytes<A>(tableOf('writeArrow', df, path), path, options ?? {});
}

/**
 * Read a Parquet file into a DataFrame (the source is a path in Node, a URL, a File or Blob, a
 * Uint8Array or ArrayBuffer, or a ReadableStream): column projection, row-group
 * selection, nulls, dictionary pages, snappy/gzip/zstd (and brotli, lz4); int64 and timestamps
 * exact; lists, structs and binary as 'list', 'struct' and 'binary' columns. GeoParquet
 * geometry columns (WKB or the native GeoArrow encodings) become geometry columns with their
 * CRS (PROJJSON text; 'OGC:CRS84' when the file names none). Row groups are decoded a few at a
 * time, each followed by `onProgress`. A file that does not decode is a ParseError naming it.
 *
 * @example
 * ```ts
 * const bytes = await gf.writeParquet(new gf.DataFrame({ delay: new Float64Array([5, -2, 7]), carrier: ['AA', 'UA', 'AA'] }));
 * const df = await gf.readParquet(bytes, { // or a path: gf.readParquet('flights.parquet', …)
 *   columns: ['delay'],
 *   onProgress: ({ rowsRead, totalRows }) => console.log(`${rowsRead}/${totalRows}`), // 3/3
 * });
 * ```
 */
export async function readParquet(source: ByteSource, options: ReadParquetOptions = {}): Promise<DataFrame> {
  await ensureBackend('readParquet');
  return DataFrame.fromTable(await readParquetTable(source, options ?? {}));
}

/**
 * The frame as Parquet bytes (zstd by default; row groups of at most `rowGroupSize` rows), also
 * written to `path` when one is given. Every gpuframe type reads back as itself. A frame with
 * geometry columns is written as GeoParquet 1.1: WKB by default (`geometryEncoding: 'wkb'`,
 * what every GeoParquet reader takes) or the native encodings (`'geoarrow'`), with the `geo`
 * metadata (encoding, geometry_types, bbox, and `crs` as PROJJSON, left out for OGC:CRS84 and
 * EPSG:4326, null where the CRS is not PROJJSON; gpuframe keeps that CRS text in the column's
 * GeoArrow metadata and reads it back). `as: 'blob'` returns a Blob (type
 * application/vnd.apache.parquet) instead of the bytes.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const df = new gf.DataFrame({ name: ['a'], geometry: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [2.35, 48.85] }]) });
 * await gf.writeParquet(df, join(tmpdir(), 'gpuframe-example.parquet'), { compression: 'snappy', rowGroupSize: 100_000 });
 * const bytes = await gf.writeParquet(df, undefined, { geometryEncoding: 'geoarrow' });
 * console.log((await gf.readParquet(bytes)).schema); // { name: 'utf8', geometry: 'point' }
 * const blob = await gf.writeParquet(df, undefined, { as: 'blob' }); // GeoParquet, WKB
 * console.log(blob.type, (await gf.readParquet(blob)).numRows); // application/vnd.apache.parquet 1
 * ```
 */
export async function writeParquet<A extends BinaryOutput | undefined = undefined>(df: DataFrame, path?: string, options: WriteParquetOptions & { as?: A } = {}): Promise<Written<A, Uint8Array>> {
  return writeParquetBytes<A>(tableOf('writeParquet', df, path), path, options ?? {});
}
