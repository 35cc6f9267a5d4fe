/**
 * GeoJSON FeatureCollections ↔ a geometry column plus property records. The text is parsed
 * once with JSON.parse; one pass over the features fills the geometry's typed arrays and
 * collects the properties, which the frame layer types as `fromRecords` does. Writing walks a
 * geometry column's buffers straight into text (shortest round-trip numbers, -0 kept).
 * Parsing and writing text is host work: it runs on the CPU on either backend.
 */
import { Column, GEOMETRY_TYPES, isGeometryType, type GeometryType } from '../column/column.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { GeometryError, ParseError, ValueError } from '../errors.js';
import { showValue } from '../options.js';
import { checkOptions, commonType, formatNumber, GeoBuilder, GEOJSON_NAMES } from './geo-build.js';
import { geoJSONToWKB, resolveType } from './wkb.js';
import type { GeoJSONGeometry } from '../column/geometry.js';
import { badVertexError, findBadVertex, isGeographicCrs, vertexFault, vertexWhere } from '../column/geo-check.js';
import { BY_GEOJSON_NAME } from '../column/geometry.js';
import { PropertyCollector, typeValues } from './geojson-props.js';
import type { Table } from './table.js';
import { isByteSourceObject, readSourceBytes } from './source.js';

/** Options of `readGeoJSON`. */
export interface ReadGeoJSONOptions {
  /** The geometry column's type; default: inferred (one type, or its multi where singles and multis mix). */
  type?: GeometryType;
  /** Features of mixed kinds (e.g. Point and LineString): 'error' (default) or 'wkb' (a binary column of WKB). */
  mixed?: 'error' | 'wkb';
  /** The CRS to carry; default: the file's legacy `crs` name member, else 'OGC:CRS84' (RFC 7946). */
  crs?: string;
  /** The name of the feature-id column (made when any feature has an `id`; default 'id'). */
  idColumn?: string;
  /** Check polygon rings (closed, at least 4 vertices; default true). */
  checkRings?: boolean;
  /**
   * For a geographic CRS (the default OGC:CRS84, EPSG:4326, or GEOGCS WKT), check that every
   * longitude is in [-180, 180] and every latitude in [-90, 90], within 1e-6 degrees (default
   * true): a GeometryError names the first feature outside. `false` keeps such coordinates.
   */
  checkLonLat?: boolean;
}
const READ_OPTIONS = ['type', 'mixed', 'crs', 'idColumn', 'checkRings', 'checkLonLat'] as const;

const KIND: Record<string, number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 };
const CODES: readonly GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];

/**
 * Read a path, GeoJSON text, a parsed object, or bytes from anywhere (a URL, a Blob or File,
 * a Uint8Array or ArrayBuffer, a stream: see ./source.ts) into its FeatureCollection and a file label.
 */
async function load(source: string | object): Promise<{ root: unknown; file: string }> {
  let text: string;
  let file: string;
  if (typeof source !== 'string' && !isByteSourceObject(source)) {
    if (source === null || typeof source !== 'object') throw new ValueError(`readGeoJSON: expected a path, GeoJSON text or object, got ${source === null ? 'null' : typeof source}`);
    return { root: source, file: '<object>' };
  }
  if (typeof source === 'string' && /^\s*[{[]/.test(source)) {
    text = source;
    file = '<text>';
  } else {
    const read = await readSourceBytes('readGeoJSON', source, '<buffer>');
    text = new TextDecoder().decode(read.bytes);
    file = read.file;
  }
  try {
    return { root: JSON.parse(text), file };
  } catch (e) {
    throw new ParseError(`readGeoJSON: expected valid JSON, got ${(e as Error).message}`, { file });
  }
}

/**
 * Read a GeoJSON FeatureCollection (a path, text, or a parsed object) into named columns: the
 * feature ids (when any feature has one), the properties (typed as `fromRecords` types values;
 * see geojson-props.ts) and a 'geometry' column. Typed errors name the file and the feature:
 * invalid JSON, a root that is not a FeatureCollection, an unknown geometry type, an unclosed
 * ring, properties of mixed types, mixed geometry kinds (unless `mixed: 'wkb'`), a non-finite
 * coordinate (a number like 1e999 in the text, NaN in an object; GeometryError naming feature,
 * part, ring and vertex), and for a geographic CRS (the default) a longitude outside
 * [-180, 180] or a latitude outside [-90, 90] beyond 1e-6 degrees (GeometryError; pass
 * `checkLonLat: false` to keep them).
 *
 * @example
 * The public verb it implements, `gf.readGeoJSON`:
 * ```ts
 * const df = await gf.readGeoJSON('{"type":"FeatureCollection","features":[]}');
 * console.log(df.columns); // ['geometry']
 * ```
 */
export async function readGeoJSONTable(source: string | object, options: ReadGeoJSONOptions = {}): Promise<Table> {
  checkOptions('readGeoJSON', options, READ_OPTIONS);
  if (options.checkLonLat !== undefined && typeof options.checkLonLat !== 'boolean') throw new ValueError(`readGeoJSON: expected checkLonLat as a boolean, got ${showValue(options.checkLonLat)}`);
  if (options.mixed !== undefined && options.mixed !== 'error' && options.mixed !== 'wkb') throw new ValueError(`readGeoJSON: expected mixed 'error' | 'wkb', got '${String(options.mixed)}'`);
  if (options.type !== undefined && !isGeometryType(options.type)) throw new ValueError(`readGeoJSON: expected type ${GEOMETRY_TYPES.join(' | ')}, got '${String(options.type)}'`);
  const { root, file } = await load(source);
  const fc = root as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (fc === null || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    const got = fc === null || typeof fc !== 'object' ? JSON.stringify(fc)?.slice(0, 40) : `type ${JSON.stringify(fc.type)}${fc.type === 'FeatureCollection' ? ' without a features array' : ''}`;
    throw new ParseError(`readGeoJSON: expected a FeatureCollection, got ${got}`, { file });
  }
  const features = fc.features as Array<{ type?: unknown; geometry?: { type?: string; coordinates?: unknown } | null; properties?: Record<string, unknown> | null; id?: unknown }>;
  const n = features.length;
  const kinds = new Uint8Array(n);
  const props = new PropertyCollector(n);
  let ids: unknown[] | undefined;
  for (let i = 0; i < n; i++) {
    const f = features[i]!;
    if (f === null || typeof f !== 'object' || f.type !== 'Feature') throw new ParseError(`readGeoJSON: expected a Feature, got ${f === null || typeof f !== 'object' ? String(f) : `type ${JSON.stringify(f.type)}`} (feature ${i})`, { file });
    const g = f.geometry;
    if (g !== null && g !== undefined) {
      const k = KIND[g.type as string];
      if (k === undefined) throw new GeometryError(`readGeoJSON: expected a Point, LineString, Polygon, MultiPoint, MultiLineString or MultiPolygon geometry, got ${JSON.stringify(g.type)} (feature ${i} of ${file})`);
      kinds[i] = k;
    }
    const p = f.properties;
    if (p !== null && p !== undefined) {
      if (typeof p !== 'object' || Array.isArray(p)) throw new ParseError(`readGeoJSON: expected properties as an object or null, got ${Array.isArray(p) ? 'an array' : typeof p} (feature ${i})`, { file });
      props.add(i, p);
    }
    if (f.id !== undefined) (ids ??= new Array(n))[i] = f.id;
  }
  const crs = options.crs ?? (typeof fc.crs?.properties?.name === 'string' ? fc.crs.properties.name : 'OGC:CRS84');
  let seen = 0;
  for (let i = 0; i < n; i++) seen |= 1 << kinds[i]!;
  const mixed = options.type === undefined && commonType(CODES.filter((_, c) => seen & (1 << (c + 1)))) === undefined;
  const geometry = mixed && options.mixed === 'wkb'
    ? wkbColumn(checkMixed(features, file, options.checkLonLat !== false && isGeographicCrs(crs)), file)
    : fillGeometry(features, resolveType(`readGeoJSON (${file})`, kinds, CODES, options.type, 'feature', "read them as one binary column of WKB with { mixed: 'wkb' }"), options.checkRings !== false, file, crs, options.checkLonLat !== false && isGeographicCrs(crs));
  const names: string[] = [];
  const columns: Column[] = [];
  const idName = options.idColumn ?? 'id';
  if (ids) {
    if (props.names.includes(idName)) throw new ParseError(`readGeoJSON: expected the feature-id column name '${idName}' to be free, got a property of that name (pass idColumn: 'another_name')`, { file });
    names.push(idName);
    columns.push(typeValues(Array.from(ids), 'feature ids', file));
  }
  for (const name of props.names) {
    if (name === 'geometry') throw new ParseError(`readGeoJSON: expected no property named 'geometry' (the geometry column's name), got one`, { file });
    names.push(name);
    columns.push(typeValues(props.get(name), `property '${name}'`, file));
  }
  names.push('geometry');
  columns.push(geometry);
  return { names, columns, numRows: n };
}

type Feature = { geometry?: { type?: string; coordinates?: unknown } | null };

/** One pass over the features into a column of `type` (a single into its multi as one part). */
function fillGeometry(features: readonly Feature[], type: GeometryType, rings: boolean, file: string, crs: string, lonLat: boolean): Column {
  const b = new GeoBuilder(type, features.length);
  let i = 0;
  const fail = (what: string, got: unknown): never => {
    throw new GeometryError(`readGeoJSON: expected ${what}, got ${JSON.stringify(got)?.slice(0, 60)} (feature ${i} of ${file})`);
  };
  const arr = (c: unknown, what: string): unknown[] => (Array.isArray(c) ? c : fail(what, c));
  const line = (c: unknown) => {
    const a = arr(c, 'an array of positions');
    const bad = b.positions(a);
    if (bad >= 0) fail('a position [x, y]', a[bad]);
  };
  const checkRing = (c: unknown, s: number) => {
    const e = b.points;
    if (e - s < 4) fail('a ring of at least 4 positions', c);
    const x0 = b.coord(s, 0);
    const y0 = b.coord(s, 1);
    const x1 = b.coord(e - 1, 0);
    const y1 = b.coord(e - 1, 1);
    if (!(x0 === x1 || Object.is(x0, x1)) || !(y0 === y1 || Object.is(y0, y1))) fail('a closed ring (first position == last)', [(c as unknown[])[0], (c as unknown[])[e - s - 1]]);
  };
  const poly = (c: unknown, level: number) => {
    const a = arr(c, 'an array of rings');
    for (let j = 0; j < a.length; j++) {
      const s = b.points;
      line(a[j]);
      if (rings) checkRing(a[j], s);
      b.close(level);
    }
  };
  for (; i < features.length; i++) {
    const g = features[i]!.geometry;
    if (g === null || g === undefined) {
      b.endRow(false);
      continue;
    }
    const c = g.coordinates;
    const single = g.type === 'Point' || g.type === 'LineString' || g.type === 'Polygon';
    if (type === 'point' || (type === 'multipoint' && single)) {
      // A point: [x, y] (or [] for an empty point).
      const a = arr(c, 'a position [x, y]');
      if (a.length === 0) {
        if (type === 'point') b.point(NaN, NaN);
      } else if (b.positions([a]) >= 0) fail('a position [x, y]', a);
    } else if (type === 'linestring' || type === 'multipoint') line(c);
    else if (type === 'polygon') poly(c, 1);
    else if (single) {
      if (type === 'multilinestring') line(c);
      else poly(c, 2);
      b.close(1);
    } else {
      const a = arr(c, type === 'multilinestring' ? 'an array of linestrings' : 'an array of polygons');
      for (let j = 0; j < a.length; j++) {
        if (type === 'multilinestring') line(a[j]);
        else poly(a[j], 2);
        b.close(1);
      }
    }
    b.endRow(true);
  }
  const bad = findBadVertex(b.arrays(), lonLat);
  if (bad) throw badVertexError('readGeoJSON', bad, `feature ${bad.feature} of ${file}`, bad.kind === 'lonlat' ? `; pass { checkLonLat: false } to keep them` : '');
  return b.finish(crs);
}

/** The coordinate checks of the geometry column (see fillGeometry) on features of mixed kinds. */
function checkMixed(features: readonly Feature[], file: string, lonLat: boolean): readonly Feature[] {
  features.forEach((f, i) => {
    const g = f.geometry;
    const type = g ? BY_GEOJSON_NAME.get(g.type ?? '') : undefined;
    if (!g || !type) return;
    const visit = (c: unknown, idx: number[]): void => {
      if (!Array.isArray(c)) return;
      if (typeof c[0] === 'number' && typeof c[1] === 'number') {
        const kind = vertexFault(c[0], c[1], lonLat, type === 'point' || type === 'multipoint');
        if (kind) throw badVertexError('readGeoJSON', { feature: i, where: vertexWhere(type, idx), x: c[0], y: c[1], kind }, `feature ${i} of ${file}`, kind === 'lonlat' ? `; pass { checkLonLat: false } to keep them` : '');
        return;
      }
      c.forEach((d, j) => visit(d, [...idx, j]));
    };
    visit(g.coordinates, []);
  });
  return features;
}

/** Mixed kinds as a binary column of WKB (`mixed: 'wkb'`). */
function wkbColumn(features: readonly Feature[], file: string): Column {
  const parts = features.map((f, i) => (f.geometry ? geoJSONToWKB(f.geometry as GeoJSONGeometry, `feature ${i} of ${file}`) : undefined));
  const offsets = new Int32Array(features.length + 1);
  const bits = new Uint8Array(Math.ceil(features.length / 8));
  let total = 0;
  parts.forEach((p, i) => {
    if (p) bits[i >> 3]! |= 1 << (i & 7);
    total += p?.length ?? 0;
    offsets[i + 1] = total;
  });
  const bytes = new Uint8Array(total);
  parts.forEach((p, i) => p && bytes.set(p, offsets[i]!));
  const hasNull = parts.some((p) => p === undefined);
  return new Column({ type: 'binary', data: DataBuffer.fromHost(offsets, 'int32'), validity: hasNull ? DataBuffer.fromHost(bits, 'uint8') : undefined, children: [Column.from(bytes)] });
}

/**
 * GeoJSON geometry text per row of a host-resident geometry column ('null' for nulls; an
 * empty point as `"coordinates":[]`). Non-finite coordinates are a GeometryError naming the row.
 */
export function geometryJSON(col: Column, op: string, offsets: Int32Array[], xy: Float64Array, valid: (r: number) => boolean): string[] {
  const type = col.type as GeometryType;
  let r = 0;
  const num = (x: number) => {
    if (!Number.isFinite(x)) throw new GeometryError(`${op}: expected finite coordinates (JSON has no NaN or Infinity), got ${x} (row ${r})`);
    return formatNumber(x);
  };
  const pos = (i: number) => `[${num(xy[2 * i]!)},${num(xy[2 * i + 1]!)}]`;
  const list = (s: number, e: number, item: (i: number) => string) => {
    const parts: string[] = new Array(e - s);
    for (let i = s; i < e; i++) parts[i - s] = item(i);
    return `[${parts.join(',')}]`;
  };
  const o = offsets;
  const line = (s: number, e: number) => list(s, e, pos);
  const rings = (s: number, e: number, ro: Int32Array) => list(s, e, (i) => line(ro[i]!, ro[i + 1]!));
  const coords = (): string => {
    switch (type) {
      case 'point':
        return Number.isNaN(xy[2 * r]!) && Number.isNaN(xy[2 * r + 1]!) ? '[]' : pos(r);
      case 'linestring':
      case 'multipoint':
        return line(o[0]![r]!, o[0]![r + 1]!);
      case 'polygon':
      case 'multilinestring':
        return rings(o[0]![r]!, o[0]![r + 1]!, o[1]!);
      case 'multipolygon':
        return list(o[0]![r]!, o[0]![r + 1]!, (i) => rings(o[1]![i]!, o[1]![i + 1]!, o[2]!));
    }
  };
  const head = `{"type":"${GEOJSON_NAMES[type]}","coordinates":`;
  const out: string[] = new Array(col.length);
  for (r = 0; r < col.length; r++) out[r] = valid(r) ? `${head}${coords()}}` : 'null';
  return out;
}
