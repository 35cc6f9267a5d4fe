/**
 * GeoParquet 1.1 (https://geoparquet.org/releases/v1.1.0/): the `geo` file metadata and the
 * geometry encodings, on top of the Parquet ↔ Arrow path of ./parquet.ts.
 *
 * Writing: every geometry column is encoded as 'WKB' (ISO WKB, little-endian, 2-D; the default,
 * which every GeoParquet reader takes) or in GeoParquet's native GeoArrow encodings ('point',
 * 'linestring', …; separated Struct<x, y> coordinates, as the spec requires). The `geo` key
 * gets version "1.1.0", the primary column (the one named 'geometry', else the first geometry
 * column), and per column its encoding, geometry_types (the column's one type) and bbox
 * ([xmin, ymin, xmax, ymax] of the finite coordinates of non-null rows; left out when there
 * are none). The spec takes `crs` only as PROJJSON, so:
 * - PROJJSON text → the `crs` object;
 * - 'OGC:CRS84' or 'EPSG:4326' → no `crs` key (the spec's default, longitude-latitude);
 * - no CRS → `crs: null` (unknown, as the spec words it);
 * - any other CRS (a .prj's WKT, another authority code) → `crs: null` in `geo`, and the text
 *   kept as-is in the column's GeoArrow extension metadata (`geoarrow.wkb` or
 *   `geoarrow.<type>`, stored in the Arrow schema arrow-rs writes), where gpuframe reads it back.
 *
 * Reading: 'WKB' columns decode through `fromWKB` (the type the column's geometry_types name,
 * when they name one GeoArrow type); native encodings read as GeoArrow geometry (separated or
 * interleaved coordinates). The CRS is the extension metadata's when there is one, else
 * `geo`'s: an object → its JSON text, null → none, absent → 'OGC:CRS84'. A WKB column whose
 * geometry_types are empty and whose values no one GeoArrow type holds (points and lines
 * mixed), or whose geometry_types name a GeometryCollection, stays a 'binary' column of WKB.
 */
import * as arrow from 'apache-arrow';
import { GEOJSON_NAMES, GEOMETRY_TYPES, isGeometryType, type Column, type GeometryType } from '../column/column.js';
import { BY_GEOJSON_NAME, commonGeometryType } from '../column/geometry.js';
import { GeometryError, ParseError, ValueError } from '../errors.js';
import { assembleArrowTable, columnToArrow } from './arrow.js';
import { arrowField, geoarrowMetadata, parseObject } from './arrow-nested.js';
import { fromWKB, toWKB } from './wkb.js';
import type { Table } from './table.js';

/** How geometry columns are written: native GeoArrow encodings, or WKB (the default). */
export type GeometryEncoding = 'geoarrow' | 'wkb';


interface GeoColumnMeta {
  encoding: string;
  geometry_types: string[];
  crs?: Record<string, unknown> | null;
  bbox?: number[];
}

/** `crs` of a column's `geo` entry (see the module header). */
function geoCrs(crs: string | undefined): Pick<GeoColumnMeta, 'crs'> {
  if (crs === undefined) return { crs: null };
  if (crs === 'OGC:CRS84' || crs === 'EPSG:4326') return {};
  return { crs: parseObject(crs) ?? null };
}

/** [xmin, ymin, xmax, ymax] over the finite coordinates of the non-null rows; undefined if none. */
function bboxOf(c: Column): number[] | undefined {
  const levels: Int32Array[] = [];
  let leaf = c;
  while (leaf.type !== 'point') {
    levels.push(leaf.data.hostView('bbox') as Int32Array);
    leaf = leaf.child;
  }
  const xy = leaf.data.hostView('bbox') as Float64Array;
  const bits = c.validity?.hostView('bbox') as Uint8Array | undefined;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < c.length; i++) {
    if (bits && ((bits[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    let s = i;
    let e = i + 1;
    for (const off of levels) [s, e] = [off[s]!, off[e]!];
    for (let p = s; p < e; p++) {
      const x = xy[2 * p]!;
      const y = xy[2 * p + 1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x0 <= x1 ? [x0, y0, x1, y1] : undefined;
}

/**
 * Columns as the Arrow table written to Parquet, and the `geo` metadata (undefined without
 * geometry columns). See the module header for the encodings.
 *
 * Internal: `writeParquet` writes through it.
 */
export async function geoParquetTable(table: Table, encoding: GeometryEncoding): Promise<{ table: arrow.Table; geo: string | undefined }> {
  if (encoding !== 'wkb' && encoding !== 'geoarrow') throw new ValueError(`writeParquet: expected geometryEncoding 'geoarrow' or 'wkb', got ${JSON.stringify(encoding)}`);
  const columns: Record<string, GeoColumnMeta> = {};
  const fields: arrow.Field[] = [];
  const data: arrow.Data[] = [];
  for (const [i, c] of table.columns.entries()) {
    const name = table.names[i]!;
    if (!isGeometryType(c.type)) {
      const d = await columnToArrow(c);
      fields.push(arrowField(name, c, d));
      data.push(d);
      continue;
    }
    await Promise.all(c.buffers().map((b) => b.toArray())); // bbox and WKB read host bytes
    const meta: GeoColumnMeta = { encoding: encoding === 'wkb' ? 'WKB' : c.type, geometry_types: [GEOJSON_NAMES[c.type]], ...geoCrs(c.crs) };
    const bbox = bboxOf(c);
    if (bbox) meta.bbox = bbox;
    columns[name] = meta;
    if (encoding === 'geoarrow') {
      const d = await columnToArrow(c, { coordinates: 'separated' });
      fields.push(arrowField(name, c, d));
      data.push(d);
    } else {
      const d = await columnToArrow(toWKB(c));
      const ext = geoarrowMetadata(c)!;
      ext.set('ARROW:extension:name', 'geoarrow.wkb');
      fields.push(new arrow.Field(name, d.type, true, ext));
      data.push(d);
    }
  }
  const t = assembleArrowTable(fields, data, table.numRows);
  const names = Object.keys(columns);
  if (names.length === 0) return { table: t, geo: undefined };
  const primary = names.includes('geometry') ? 'geometry' : names[0]!;
  return { table: t, geo: JSON.stringify({ version: '1.1.0', primary_column: primary, columns }) };
}

interface GeoRead {
  /** The schema with GeoArrow extension metadata on the native geometry fields. */
  schema: arrow.Schema;
  /** Decode the WKB columns of the table read with that schema. */
  finish(t: Table): Table;
}

/** The CRS text of a `geo` column entry (see the module header). */
function crsFromGeo(meta: Record<string, unknown>): string | undefined {
  if (!('crs' in meta)) return 'OGC:CRS84';
  const crs = meta.crs;
  if (crs === null || crs === undefined) return undefined;
  return typeof crs === 'string' ? crs : JSON.stringify(crs);
}

/** The one GeoArrow type that holds a `geo` entry's geometry_types, if there is one. */
function typeFromGeo(types: unknown): GeometryType | undefined {
  if (!Array.isArray(types) || types.length === 0) return undefined;
  const kinds = types.map((t) => BY_GEOJSON_NAME.get(String(t).replace(/ Z$/, '')));
  if (kinds.some((k) => k === undefined)) return undefined;
  try {
    return commonGeometryType(kinds as GeometryType[]);
  } catch {
    return undefined;
  }
}

/**
 * How to read a Parquet file's columns given its Arrow schema (with the file's key-value
 * metadata): the GeoParquet `geo` entry, when there is one, marks the geometry columns.
 * ParseError naming the file for a `geo` entry that is not JSON or names an unknown encoding.
 *
 * Internal: `readParquet` reads through it.
 */
export function geoParquetRead(schema: arrow.Schema, file: string): GeoRead {
  const text = schema.metadata.get('geo');
  if (text === undefined) return { schema, finish: (t) => t };
  const geo = parseObject(text);
  const cols = geo?.columns;
  if (!geo || cols === null || typeof cols !== 'object') throw new ParseError(`readParquet: expected the 'geo' metadata as a JSON object with columns, got ${JSON.stringify(text.slice(0, 80))}`, { file });
  const wkb = new Map<string, { type?: GeometryType; crs?: string; collections: boolean }>();
  const fields = schema.fields.map((f) => {
    const meta = (cols as Record<string, Record<string, unknown>>)[f.name];
    if (!meta || typeof meta !== 'object') return f;
    const encoding = String(meta.encoding);
    const ext = f.metadata.get('ARROW:extension:metadata');
    const extCrs = ext === undefined ? undefined : (parseObject(ext)?.crs as unknown);
    const crs = extCrs !== undefined ? (typeof extCrs === 'string' ? extCrs : JSON.stringify(extCrs)) : crsFromGeo(meta);
    if (encoding.toUpperCase() === 'WKB') {
      const types = Array.isArray(meta.geometry_types) ? meta.geometry_types.map(String) : [];
      wkb.set(f.name, { type: typeFromGeo(types), crs, collections: types.some((t) => t.startsWith('GeometryCollection')) });
      return f;
    }
    if (!(GEOMETRY_TYPES as readonly string[]).includes(encoding)) {
      throw new ParseError(`readParquet: expected column '${f.name}' encoded as WKB or ${GEOMETRY_TYPES.join(', ')}, got ${JSON.stringify(meta.encoding)}`, { file, column: f.name });
    }
    const md = new Map(f.metadata);
    md.set('ARROW:extension:name', `geoarrow.${encoding}`);
    md.set('ARROW:extension:metadata', JSON.stringify(crs === undefined ? {} : { crs: parseObject(crs) ?? crs }));
    return new arrow.Field(f.name, f.type, f.nullable, md);
  });
  const finish = (t: Table): Table => {
    const columns = t.columns.map((c, i) => {
      const name = t.names[i]!;
      const how = wkb.get(name);
      if (!how || how.collections) return c; // collections have no GeoArrow native type: WKB stays
      if (c.type !== 'binary') throw new ParseError(`readParquet: expected WKB column '${name}' as binary, got ${c.type}`, { file, column: name });
      try {
        return fromWKB(c, { ...(how.type ? { type: how.type } : {}), ...(how.crs !== undefined ? { crs: how.crs } : {}) });
      } catch (e) {
        if (e instanceof GeometryError && !how.type && /mixed|expected one/.test(e.message)) return c; // no one GeoArrow type holds them: stays WKB
        if (e instanceof ParseError) throw new ParseError(`readParquet: ${e.message}`, { file, column: name });
        throw e;
      }
    });
    return { names: t.names, columns, numRows: t.numRows };
  };
  return { schema: new arrow.Schema(fields, schema.metadata), finish };
}

