/**
 * readShapefile: a shapefile of points, multipoints, polylines or polygons → attribute columns +
 * a GeoArrow geometry column.
 *
 * shpjs decodes the geometry: it groups each polygon record's rings into polygons and holes and,
 * given a .prj, reprojects to WGS84 lon/lat with proj4. Around it this module adds what shpjs
 * leaves out: a raw scan (shp-scan.ts) that catches truncated or corrupt files, open or short
 * rings and short line parts, a check that shpjs kept every part and vertex, a check that a
 * projected .prj was understood, and typed attributes from the .dbf (dbf.ts).
 */
import { parseShp } from 'shpjs';
import { checkSize } from '../memory/budget.js';
import { GeometryError, ParseError, ValueError } from '../errors.js';
import { checkOptions, showValue } from '../options.js';
import type { Column, GeometryType } from '../column/column.js';
import { fromGeoJSON, type GeoJSONGeometry } from '../column/geometry.js';
import { readDbf } from './dbf.js';
import { checkPrj } from './prj.js';
import { badVertexError, findBadVertex, isGeographicCrs, type GeoArrays } from '../column/geo-check.js';
import { scanShp, type BaseShapeType, type ShpScan } from './shp-scan.js';
import type { Table } from './table.js';
import { unzip } from './zip.js';
import { ioError } from './fs.js';
import { platform } from '#platform';
import { blobName, fetchBytes, isBlob, isByteSourceObject, isHttpURL, readBlob, readSourceBytes, readURL, type SourceBytes } from './source.js';

type Bytes = ArrayBuffer | Uint8Array | Blob;

/**
 * A shapefile given as its parts' bytes (ArrayBuffer, Uint8Array, or a Blob or File, named in
 * errors by its name): .shp and .dbf are required, .prj (WKT) and .cpg (encoding) optional.
 */
export interface ShapefileBuffers {
  shp: Bytes;
  dbf: Bytes;
  prj?: string | Bytes;
  cpg?: string | Bytes;
}

/**
 * What readShapefile reads: a .shp or .zip path (Node), a URL (a .zip, or a .shp with its .dbf,
 * .prj and .cpg fetched beside it), a zip as a Blob, File, bytes or stream, the Files picked
 * together (one .zip, or a .shp with its .dbf, .prj, .cpg), or the parts' buffers.
 */
export type ShapefileSource = string | URL | Blob | Uint8Array | ArrayBuffer | DataView | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | readonly Blob[] | ShapefileBuffers;

export interface ReadShapefileOptions {
  /**
   * Reproject to WGS84 lon/lat when there is a .prj (default true). A .prj that already says
   * WGS84 lon/lat is not applied, so such coordinates stay bit-exact.
   */
  reproject?: boolean;
  /** In a .zip holding several layers, the one to read: its .shp name, with or without folder and extension. */
  layer?: string;
  /** The .dbf text encoding (a TextDecoder label or .cpg text), overriding the .cpg. */
  encoding?: string;
  /**
   * For a geographic result (reprojected to lon/lat, or a GEOGCS .prj), check that every
   * longitude is in [-180, 180] and every latitude in [-90, 90], within 1e-6 degrees (default
   * true): a GeometryError names the first record outside. `false` keeps such coordinates.
   * Without a .prj the CRS is unknown and nothing is checked.
   */
  checkLonLat?: boolean;
}

interface Parts {
  shp: Uint8Array;
  dbf: Uint8Array;
  prj?: string;
  cpg?: string;
  shpName: string;
  dbfName: string;
}

/**
 * Read a shapefile: a `.shp` path (with its `.dbf` beside it, `.prj` and `.cpg` optional, `.shx`
 * not needed), a `.zip` path, or the files' bytes. The attributes come first, then a 'geometry'
 * column (GeoArrow layout) whose type follows the file's shape type, one type for every row:
 * - Point → 'point';
 * - MultiPoint → 'multipoint' (a record of one point is a one-point multipoint);
 * - PolyLine → 'multilinestring' (a one-part record is a one-line multilinestring; GeoPandas
 *   reads it as a LineString, the same line);
 * - Polygon → 'multipolygon': rings grouped into polygons, holes kept, rings in the file's
 *   orientation (exteriors clockwise).
 *
 * The Z and M variants (PointZ, PolygonM, …) read as their 2-D type: Z and M values are dropped
 * and only x and y are kept, always (no option keeps them). A null shape, or one with no parts or
 * points, becomes a null geometry (a point column's null row holds NaN, NaN). The column's `crs`
 * is the .prj's WKT, or 'OGC:CRS84' when the coordinates were reprojected to lon/lat.
 * Attributes are typed as the CSV reader types text (see dbf.ts).
 *
 * Throws ParseError (naming the file) for a missing .shp or .dbf, a truncated or corrupt file
 * (naming the record), a MultiPatch or unknown shape type, a .dbf whose record count differs
 * from the .shp's, or a projected .prj that proj4 could not read; ParseError naming the .prj for
 * one that does not parse as WKT or is implausible (a prime meridian beyond ±180°, an angular
 * or linear unit or a spheroid out of any real range: see prj.ts), unless `reproject: false`;
 * GeometryError (naming file, record and ring or part) for an open ring, a ring of fewer than 4
 * vertices, a hole that lies in no exterior ring, a line part of fewer than 2 vertices, a NaN or
 * infinite x or y (naming the vertex), or, when the result is geographic (reprojected to
 * lon/lat, or a GEOGCS .prj), a longitude outside [-180, 180] or latitude outside [-90, 90]
 * beyond 1e-6 degrees (pass `checkLonLat: false` to keep them).
 *
 * @example
 * The public verb it implements, `gf.readShapefile`:
 * ```ts
 * const world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
 * console.log(world.numRows, world.columns); // 177 ['pop_est', 'continent', 'name', 'iso_a3', 'gdp_md_est', 'geometry']
 * console.log(world.schema.geometry); // 'multipolygon'; toValues() gives GeoJSON geometries
 * ```
 */
export async function readShapefile(source: ShapefileSource, options: ReadShapefileOptions = {}): Promise<Table> {
  checkOptions('readShapefile', options, ['reproject', 'layer', 'encoding', 'checkLonLat']);
  if (options.checkLonLat !== undefined && typeof options.checkLonLat !== 'boolean') throw new ValueError(`readShapefile: expected checkLonLat as a boolean, got ${showValue(options.checkLonLat)}`);
  const parts = await resolve(source, options);
  const scan = scanShp(parts.shp, parts.shpName);
  // The size budget (gf.setLimits) before shpjs decodes: the records, 16 bytes per vertex.
  const vertexBytes = 16 * scan.vertices.reduce((s, v) => s + v, 0);
  checkSize('readShapefile', scan.parts.length, scan.parts.length > 0 ? Math.ceil(vertexBytes / scan.parts.length) : 0, parts.shpName);
  const attrs = readDbf(parts.dbf, parts.dbfName, options.encoding ?? parts.cpg);
  if (attrs.numRows !== scan.parts.length) {
    throw new ParseError(`readShapefile: expected ${scan.parts.length} .dbf records (one per shape), got ${attrs.numRows}`, { file: parts.dbfName });
  }
  const prjName = parts.shpName.replace(/\.shp$/i, '.prj');
  // A .prj that will be applied must parse and be plausible (never a silent shift).
  if (options.reproject !== false && parts.prj !== undefined) checkPrj(parts.prj, prjName);
  const prj = options.reproject === false || parts.prj === undefined || isWgs84LonLat(parts.prj) ? undefined : parts.prj;
  let geoms: ReturnType<typeof parseShp>;
  try {
    geoms = parseShp(withoutZ(parts.shp, scan), prj ?? false);
  } catch (e) {
    throw new ParseError(`readShapefile: expected a readable .shp file, got ${(e as Error).message}`, { file: parts.shpName });
  }
  checkKept(geoms, scan, parts.shpName);
  const crs = prj !== undefined ? 'OGC:CRS84' : parts.prj;
  let geometry: Column;
  try {
    geometry = fromGeoJSON(geoms as GeoJSONGeometry[], { type: COLUMN_TYPE[scan.baseType], crs });
  } catch (e) {
    // Raw rings were checked by the scan: what fails here came out of the reprojection.
    if (!(e instanceof GeometryError)) throw e;
    throw new GeometryError(`readShapefile: ${e.message.replace(/^fromGeoJSON: /, '')} (${parts.shpName}${prj !== undefined ? ` after reprojecting with ${prjName}` : ''})`);
  }
  if (prj !== undefined && /^\s*PROJCS\[/i.test(prj) && sameBox(geometry, scan.bbox)) {
    throw new ParseError(`readShapefile: expected a .prj that proj4 can read, got one it ignored; pass { reproject: false } to keep the raw coordinates`, {
      file: prjName,
    });
  }
  // After a reprojection every coordinate must still be finite (the raw ones were checked by
  // the scan); for a geographic result, within the lon/lat range unless checkLonLat: false.
  const lonLat = options.checkLonLat !== false && (prj !== undefined || isGeographicCrs(parts.prj));
  if (lonLat || prj !== undefined) {
    const bad = findBadVertex(geoArrays(geometry), lonLat, false);
    if (bad) {
      const from = prj !== undefined ? ` after reprojecting with ${prjName}` : '';
      throw badVertexError('readShapefile', bad, `${parts.shpName}, record ${bad.feature + 1} (feature ${bad.feature})`, `${from}${bad.kind === 'lonlat' ? '; pass { checkLonLat: false } to keep them' : ''}`);
    }
  }
  if (attrs.names.includes('geometry')) {
    throw new ParseError(`readShapefile: expected no attribute named 'geometry' (the geometry column's name), got one`, { file: parts.dbfName });
  }
  return { names: [...attrs.names, 'geometry'], columns: [...attrs.columns, geometry], numRows: attrs.numRows };
}

/** The geometry column type of each base shape type. */
const COLUMN_TYPE: Record<BaseShapeType, GeometryType> = { 1: 'point', 3: 'multilinestring', 5: 'multipolygon', 8: 'multipoint' };

/** The GeoJSON types shpjs gives for each base shape type: the single type, then the multi type. */
const SHPJS_TYPES: Record<BaseShapeType, readonly string[]> = { 1: ['Point'], 3: ['LineString', 'MultiLineString'], 5: ['Polygon', 'MultiPolygon'], 8: ['Point', 'MultiPoint'] };

/** Nesting depth of each GeoJSON type's coordinates (0: one position). */
const DEPTH: Record<string, number> = { Point: 0, LineString: 1, MultiPoint: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3 };

/**
 * shpjs drops holes that lie in no exterior ring: each feature's part (ring, line, point) and
 * vertex counts must match the raw scan.
 */
function checkKept(geoms: ReturnType<typeof parseShp>, scan: ShpScan, file: string): void {
  if (geoms.length !== scan.parts.length) {
    throw new ParseError(`readShapefile: expected ${scan.parts.length} shapes, got ${geoms.length} from shpjs`, { file });
  }
  const types = SHPJS_TYPES[scan.baseType];
  for (let k = 0; k < geoms.length; k++) {
    const g = geoms[k];
    let parts = 0;
    let vertices = 0;
    if (g) {
      if (!types.includes(g.type)) throw new ParseError(`readShapefile: expected ${types.join(' or ')} from shpjs, got ${g.type} (record ${k + 1}, feature ${k})`, { file });
      // The record's parts as lists of positions: rings, lines, or (for points) one position each.
      let lines = g.coordinates;
      for (let d = DEPTH[g.type]!; d < 2; d++) lines = [lines];
      for (let d = DEPTH[g.type]!; d > 2; d--) lines = (lines as unknown[][]).flat();
      if (scan.baseType === 1 || scan.baseType === 8) lines = (lines as unknown[][]).flat().map((p) => [p]);
      for (const l of lines as unknown[][]) (parts++, (vertices += l.length));
    }
    if (parts !== scan.parts[k] || vertices !== scan.vertices[k]) {
      if (scan.baseType === 5) {
        throw new GeometryError(
          `readShapefile: expected all ${scan.parts[k]} rings of feature ${k} in its polygons, got ${parts}: a hole lies in no exterior ring (${file}, record ${k + 1})`,
        );
      }
      throw new ParseError(`readShapefile: expected ${scan.parts[k]} parts of ${scan.vertices[k]} vertices from shpjs, got ${parts} of ${vertices} (record ${k + 1}, feature ${k})`, { file });
    }
  }
}

/**
 * The .shp with Z types (11, 13, 15, 18) relabelled as their 2-D types, in the header and in each
 * record, so shpjs reads x and y and skips the Z and M sections (which are dropped anyway). Its
 * Z readers would otherwise read past a one-point MultiPointZ record that has no M section.
 * Other files are returned as they are.
 */
function withoutZ(shp: Uint8Array, scan: ShpScan): Uint8Array {
  if (scan.shapeType < 11 || scan.shapeType > 18) return shp;
  const out = shp.slice();
  const v = new DataView(out.buffer);
  v.setInt32(32, scan.baseType, true);
  for (let at = 100; at < out.length; at += 8 + v.getInt32(at + 4, false) * 2) {
    if (v.getInt32(at + 4, false) > 0 && v.getInt32(at + 8, true) !== 0) v.setInt32(at + 8, scan.baseType, true);
  }
  return out;
}

/** A geometry column's host buffers for the coordinate checks. */
function geoArrays(g: Column): GeoArrays {
  const offsets: Int32Array[] = [];
  let leaf = g;
  while (leaf.type !== 'point') {
    offsets.push(leaf.data.hostView('readShapefile') as Int32Array);
    leaf = leaf.child;
  }
  const bits = g.validity?.hostView('readShapefile') as Uint8Array | undefined;
  return { type: g.type as GeometryType, offsets, xy: leaf.data.hostView('readShapefile') as Float64Array, valid: (f) => !bits || ((bits[f >> 3]! >> (f & 7)) & 1) === 1 };
}

/** Whether the column's x/y bounds (NaN skipped) equal `box`: no reprojection happened. */
function sameBox(g: Column, box: readonly number[]): boolean {
  let leaf = g;
  while (leaf.type !== 'point') leaf = leaf.child;
  const xy = leaf.data.hostView('readShapefile') as Float64Array;
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i]!;
    const y = xy[i + 1]!;
    if (x < b[0]!) b[0] = x;
    if (y < b[1]!) b[1] = y;
    if (x > b[2]!) b[2] = x;
    if (y > b[3]!) b[3] = y;
  }
  return b.every((v, i) => v === box[i]);
}

/** Whether a .prj (WKT) is plain WGS84 longitude/latitude in degrees, i.e. needs no reprojection. */
function isWgs84LonLat(wkt: string): boolean {
  return (
    /^\s*GEOGCS\[/i.test(wkt) &&
    /DATUM\[\s*"(?:D_)?WGS_?1984"/i.test(wkt) &&
    /PRIMEM\[\s*"Greenwich"\s*,\s*0(?:\.0*)?\s*[\],]/i.test(wkt) &&
    /UNIT\[\s*"Degree"\s*,\s*0\.0174532925199433\d*\s*[\],]/i.test(wkt)
  );
}

async function resolve(source: ShapefileSource, options: ReadShapefileOptions): Promise<Parts> {
  if (Array.isArray(source)) return fromFiles(source, options);
  if (source instanceof URL || (typeof source === 'string' && isHttpURL(source))) {
    const url = typeof source === 'string' ? new URL(source) : source;
    if (url.protocol === 'file:') return resolve(platform.fileURLToPath(url), options);
    if (/\.shp$/i.test(url.pathname)) return fromURLParts(url);
    const { bytes, file } = await readURL('readShapefile', url);
    return fromZip(file, bytes, options.layer);
  }
  if (typeof source !== 'string' && isByteSourceObject(source)) {
    // one file that is not a path: a zipped shapefile
    const { bytes, file } = await readSourceBytes('readShapefile', source, '<buffer>');
    return fromZip(file, bytes, options.layer);
  }
  if (typeof source === 'object' && source !== null) {
    const b = source as ShapefileBuffers;
    if (!b.shp) throw new ValueError('readShapefile: expected { shp, dbf } buffers, got no shp');
    if (!b.dbf) throw new ParseError('readShapefile: expected a .dbf (attribute) buffer beside the .shp, got none', { file: '<buffer>.dbf' });
    const shp = await partBytes(b.shp, '<buffer>.shp');
    const dbf = await partBytes(b.dbf, '<buffer>.dbf');
    const prj = b.prj === undefined || typeof b.prj === 'string' ? b.prj : textOf((await partBytes(b.prj, '<buffer>.prj')).bytes);
    const cpg = b.cpg === undefined || typeof b.cpg === 'string' ? b.cpg : textOf((await partBytes(b.cpg, '<buffer>.cpg')).bytes);
    return { shp: shp.bytes, dbf: dbf.bytes, prj, cpg, shpName: shp.file, dbfName: dbf.file };
  }
  if (typeof source !== 'string') throw new ValueError(`readShapefile: expected a .shp or .zip path, a URL, a zip (Blob, File, bytes or stream), Files or { shp, dbf } buffers, got ${source === null ? 'null' : typeof source}`);
  const read = async (path: string, required: boolean): Promise<Uint8Array | undefined> => {
    try {
      return await platform.readFile(path);
    } catch (e) {
      if (!required && (e as { code?: string }).code === 'ENOENT') return undefined;
      throw ioError('readShapefile', 'a readable file', path, e);
    }
  };
  if (/\.zip$/i.test(source)) return fromZip(source, (await read(source, true))!, options.layer);
  if (!/\.shp$/i.test(source)) throw new ValueError(`readShapefile: expected a path ending in .shp or .zip, got '${source}'`);
  const stem = source.slice(0, -4);
  const sibling = async (ext: string, required: boolean): Promise<[string, Uint8Array | undefined]> => {
    for (const e of [ext, ext.toUpperCase()]) {
      const b = await read(stem + e, false);
      if (b) return [stem + e, b];
    }
    if (required) throw new ParseError(`readShapefile: expected the attribute file beside the .shp, got no such file`, { file: stem + ext });
    return [stem + ext, undefined];
  };
  const shp = (await read(source, true))!;
  const [dbfName, dbf] = await sibling('.dbf', true);
  const prj = (await sibling('.prj', false))[1];
  const cpg = (await sibling('.cpg', false))[1];
  return { shp, dbf: dbf!, prj: textOf(prj), cpg: textOf(cpg), shpName: source, dbfName };
}

/** A .shp URL: its .dbf fetched beside it (required), its .prj and .cpg where the server has them. */
async function fromURLParts(url: URL): Promise<Parts> {
  const beside = (ext: string): URL => {
    const u = new URL(url.href);
    u.pathname = u.pathname.slice(0, -4) + ext;
    return u;
  };
  const [shp, dbf, prj, cpg] = await Promise.all([
    fetchBytes('readShapefile', url),
    fetchBytes('readShapefile', beside('.dbf'), true),
    fetchBytes('readShapefile', beside('.prj'), true),
    fetchBytes('readShapefile', beside('.cpg'), true),
  ]);
  if (!dbf) throw new ParseError('readShapefile: expected the attribute file beside the .shp, got 404 Not Found', { file: beside('.dbf').href });
  return { shp: shp.bytes, dbf: dbf.bytes, prj: textOf(prj?.bytes), cpg: textOf(cpg?.bytes), shpName: shp.file, dbfName: dbf.file };
}

/** Files picked together (an `<input type=file multiple>`): one .zip, or a .shp with its .dbf (.prj, .cpg). */
async function fromFiles(files: readonly unknown[], options: ReadShapefileOptions): Promise<Parts> {
  if (!files.every(isBlob)) throw new ValueError(`readShapefile: expected an array of Files, got ${showValue(files.find((f) => !isBlob(f)))} in it`);
  const byExt = (ext: string): Blob[] => (files as Blob[]).filter((f) => blobName(f).toLowerCase().endsWith(ext));
  const zips = byExt('.zip');
  if (zips.length === 1 && files.length === 1) return resolve(zips[0]!, options);
  const shps = byExt('.shp');
  if (shps.length !== 1) throw new ValueError(`readShapefile: expected one .zip or one .shp among the files, got ${files.map((f) => `'${blobName(f as Blob)}'`).join(', ') || 'none'}`);
  const shpName = blobName(shps[0]!);
  const stem = shpName.slice(0, -4).toLowerCase();
  const part = (ext: string): Blob | undefined => byExt(ext).find((f) => blobName(f).slice(0, -4).toLowerCase() === stem);
  const dbf = part('.dbf');
  if (!dbf) throw new ParseError('readShapefile: expected the attribute file beside the .shp, got none among the files', { file: `${shpName.slice(0, -4)}.dbf` });
  const prj = part('.prj');
  const cpg = part('.cpg');
  return resolve({ shp: shps[0]!, dbf, prj, cpg }, options);
}

/** A part's bytes and name: a File's name, else `name`. */
async function partBytes(b: Bytes, name: string): Promise<SourceBytes> {
  if (isBlob(b)) return readBlob('readShapefile', b);
  return { bytes: bytesOf(b), file: name };
}

async function fromZip(path: string, bytes: Uint8Array, layer: string | undefined): Promise<Parts> {
  const files = await unzip(bytes, path);
  const names = [...files.keys()].filter((n) => !n.includes('__MACOSX'));
  const layers = names.filter((n) => /\.shp$/i.test(n));
  const chosen = layer === undefined ? layers : layers.filter((n) => n === layer || n.slice(0, -4) === layer || n.split('/').pop()!.slice(0, -4) === layer || n.split('/').pop() === layer);
  if (chosen.length !== 1) {
    const got = layer === undefined ? (layers.length ? `${layers.length} layers (${layers.join(', ')}): pass { layer }` : 'no .shp file') : `no layer '${layer}' among ${layers.join(', ') || 'none'}`;
    throw new ParseError(`readShapefile: expected one .shp layer in the zip, got ${got}`, { file: path });
  }
  const shpName = chosen[0]!;
  const stem = shpName.slice(0, -4);
  const find = (ext: string) => names.find((n) => n.slice(0, -4) === stem && n.slice(-4).toLowerCase() === ext);
  const dbfName = find('.dbf');
  if (!dbfName) throw new ParseError('readShapefile: expected the attribute file beside the .shp, got no such file in the zip', { file: `${path}/${stem}.dbf` });
  const prj = find('.prj');
  const cpg = find('.cpg');
  return {
    shp: files.get(shpName)!,
    dbf: files.get(dbfName)!,
    prj: textOf(prj ? files.get(prj) : undefined),
    cpg: textOf(cpg ? files.get(cpg) : undefined),
    shpName: `${path}/${shpName}`,
    dbfName: `${path}/${dbfName}`,
  };
}

function bytesOf(b: ArrayBuffer | Uint8Array): Uint8Array {
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  throw new ValueError(`readShapefile: expected an ArrayBuffer or Uint8Array, got ${Object.prototype.toString.call(b)}`);
}

function textOf(b: string | ArrayBuffer | Uint8Array | undefined): string | undefined {
  if (b === undefined || typeof b === 'string') return b;
  return new TextDecoder().decode(bytesOf(b));
}
