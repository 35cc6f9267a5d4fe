/** The GeoJSON reader and writer: the IO layer's columns, wrapped in a DataFrame (no copy). */
import { readGeoJSONTable, type ReadGeoJSONOptions } from '../src/io/geojson.js';
import { writeGeoJSONTable, type WriteGeoJSONOptions } from '../src/io/geojson-write.js';
import { ensureBackend } from '../src/device/index.js';
import { DataFrame } from './data-frame.js';
import { tableOf } from './read.js';
import type { TextOutput, Written } from '../src/io/write-output.js';

export type { ReadGeoJSONOptions, WriteGeoJSONOptions };

/**
 * Read a GeoJSON FeatureCollection (a path, GeoJSON text, a parsed object, or its bytes as a URL,
 * File, Blob, Uint8Array, ArrayBuffer or ReadableStream) into a DataFrame:
 * one column per property name, typed as `fromRecords` types values (integers → int64, other
 * numbers → float64, strings → utf8, booleans → bool; nested values as JSON text), the feature
 * `id` as an `id` column when any feature has one, and the geometries as a 'geometry' column
 * (GeoArrow, float64 xy; a type and its multi read as the multi type). Typed errors name the
 * file and the feature: invalid JSON, a root that is not a FeatureCollection, an unknown
 * geometry type, an unclosed ring, properties of mixed types, and geometries of mixed kinds
 * (which `{ mixed: 'wkb' }` reads as a binary 'geometry' column of WKB instead). Parsing is host
 * work (one JSON.parse, then one pass that fills typed arrays), on either backend.
 *
 * @example
 * ```ts
 * const df = await gf.readGeoJSON({ type: 'FeatureCollection', features: [
 *   { type: 'Feature', id: 1, properties: { name: 'Paris', pop: 2100000 }, geometry: { type: 'Point', coordinates: [2.35, 48.85] } },
 * ] });
 * console.log(df.schema); // { id: 'int64', name: 'utf8', pop: 'int64', geometry: 'point' }
 * console.log(df.column('geometry').crs); // 'OGC:CRS84'
 * ```
 */
export async function readGeoJSON(source: string | object, options: ReadGeoJSONOptions = {}): Promise<DataFrame> {
  await ensureBackend('readGeoJSON');
  return DataFrame.fromTable(await readGeoJSONTable(source, options));
}

/**
 * The frame as GeoJSON FeatureCollection text (RFC 7946), also written to `path` when one is
 * given. The geometry is the frame's only geometry column (or `options.geometry`, or a binary
 * 'geometry' column of WKB); the other columns are the properties: 64-bit integers as numbers
 * where exact (else as strings), timestamps as ISO 8601 UTC text, dates as YYYY-MM-DD.
 * `idColumn` names a column to write as the feature `id`. Coordinates are written in the
 * shortest text that reads back as the same double. Device-resident columns are downloaded.
 * `as: 'bytes'` returns the UTF-8 bytes instead of the string, `as: 'blob'` a Blob of type
 * application/geo+json.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ name: ['a', 'b'], geometry: gf.geo.fromGeoJSON([
 *   { type: 'Point', coordinates: [2.35, 48.85] }, { type: 'Point', coordinates: [-0.1, 51.5] },
 * ]) });
 * const text = await gf.writeGeoJSON(df); // gf.writeGeoJSON(df, path) writes the file too
 * console.log(JSON.parse(text).features.length); // 2
 * const blob = await gf.writeGeoJSON(df, undefined, { as: 'blob' });
 * console.log(blob.type, (await gf.readGeoJSON(blob)).numRows); // application/geo+json 2
 * ```
 */
export async function writeGeoJSON<A extends TextOutput | undefined = undefined>(df: DataFrame, path?: string, options: WriteGeoJSONOptions & { as?: A } = {}): Promise<Written<A, string>> {
  return writeGeoJSONTable<A>(tableOf('writeGeoJSON', df, path), path, options ?? {});
}
