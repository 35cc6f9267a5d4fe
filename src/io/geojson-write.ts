/**
 * Writing GeoJSON: a table with one geometry column (or a binary column of WKB) as an RFC 7946
 * FeatureCollection. The other columns become properties: 64-bit integers as numbers where
 * exact (else as decimal strings), timestamps as ISO 8601 UTC text at their unit's precision,
 * dates as YYYY-MM-DD, lists and structs as arrays and objects. Text is built on the host.
 */
import { isGeometryType, isNestedType, type Column, type TimeUnit } from '../column/column.js';
import { ColumnNotFoundError, ValueError } from '../errors.js';
import { checkOptions, geoView } from './geo-build.js';
import { geometryJSON } from './geojson.js';
import type { Table } from './table.js';
import { wkbColumnToGeoJSON } from './wkb.js';
import { writeFileBytes } from './fs.js';
import { MEDIA_TYPES, outputKind, textOutput, type TextOutput, type Written } from './write-output.js';

/** Options of `writeGeoJSON`. */
export interface WriteGeoJSONOptions {
  /** The geometry column; default: the frame's only geometry column, else a binary 'geometry' column of WKB. */
  geometry?: string;
  /** A column to write as each feature's `id` (not repeated in the properties); default: none. */
  idColumn?: string;
  /** What is returned: 'string' (default), 'bytes' (UTF-8) or 'blob' (type application/geo+json). */
  as?: TextOutput;
}
const WRITE_OPTIONS = ['geometry', 'idColumn', 'as'] as const;

function pickGeometry(t: Table, options: WriteGeoJSONOptions): number {
  const op = 'writeGeoJSON';
  if (options.geometry !== undefined) {
    const i = t.names.indexOf(options.geometry);
    if (i < 0) throw new ColumnNotFoundError(`${op}: expected a geometry column '${options.geometry}', got columns ${t.names.join(', ')}`);
    const type = t.columns[i]!.type;
    if (!isGeometryType(type) && type !== 'binary') throw new ValueError(`${op}: expected column '${options.geometry}' as a geometry or WKB binary column, got ${type}`);
    return i;
  }
  const geoms = t.columns.flatMap((c, i) => (isGeometryType(c.type) ? [i] : []));
  if (geoms.length === 1) return geoms[0]!;
  if (geoms.length > 1) throw new ValueError(`${op}: expected one geometry column or the geometry option, got ${geoms.map((i) => t.names[i]).join(', ')}`);
  const i = t.names.indexOf('geometry');
  if (i >= 0 && t.columns[i]!.type === 'binary') return i;
  throw new ValueError(`${op}: expected a geometry column (or a binary 'geometry' column of WKB), got columns ${t.names.join(', ') || 'none'}`);
}

const PER_SECOND: Record<TimeUnit, bigint> = { s: 1n, ms: 1000n, us: 1000000n, ns: 1000000000n };
const DIGITS: Record<TimeUnit, number> = { s: 0, ms: 3, us: 6, ns: 9 };

/** A timestamp of `unit` since the epoch as ISO 8601 UTC text, with the unit's fraction digits. */
function isoTimestamp(v: bigint, unit: TimeUnit): string {
  const per = PER_SECOND[unit];
  let sec = v / per;
  let frac = v % per;
  if (frac < 0n) (sec -= 1n, (frac += per));
  const base = new Date(Number(sec) * 1000).toISOString().slice(0, -5);
  return DIGITS[unit] === 0 ? `${base}Z` : `${base}.${frac.toString().padStart(DIGITS[unit], '0')}Z`;
}

/** A JSON-ready value: bigints as numbers where exact, else as decimal strings. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) || BigInt(Number(v)) === v ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** One column's values as JSON text per row. */
function propertyJSON(name: string, c: Column): string[] {
  const op = 'writeGeoJSON';
  if (c.type === 'binary') throw new ValueError(`${op}: expected property columns JSON can hold, got binary column '${name}' (convert it, e.g. gf.geo.fromWKB, or drop it)`);
  const values = c.hostValues();
  const out: string[] = new Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === null || v === undefined) out[r] = 'null';
    else if (c.type === 'timestamp') {
      try {
        out[r] = `"${isoTimestamp(v as bigint, c.unit!)}"`;
      } catch {
        throw new ValueError(`${op}: expected timestamps within ±275,760 years of 1970, got ${String(v)} ${c.unit} in column '${name}' (row ${r})`);
      }
    } else if (c.type === 'date') out[r] = `"${new Date((v as number) * 86400000).toISOString().slice(0, 10)}"`;
    else out[r] = JSON.stringify(typeof v === 'bigint' || isNestedType(c.type) ? plain(v) : v) ?? 'null';
  }
  return out;
}

/**
 * The table as GeoJSON FeatureCollection text, also written to `path` when one is given.
 * Device-resident columns are downloaded first.
 *
 * @example
 * The public verb it implements, `gf.writeGeoJSON`:
 * ```ts
 * const geometry = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [2.35, 48.85] }]);
 * const text = await gf.writeGeoJSON(new gf.DataFrame({ name: ['Paris'], geometry }));
 * console.log(JSON.parse(text).features[0].properties); // { name: 'Paris' }
 * ```
 */
export async function writeGeoJSONTable<A extends TextOutput | undefined = undefined>(t: Table, path?: string, options: WriteGeoJSONOptions & { as?: A } = {}): Promise<Written<A, string>> {
  const op = 'writeGeoJSON';
  checkOptions(op, options, WRITE_OPTIONS);
  const kind = outputKind<TextOutput>(op, options.as, ['string', 'bytes', 'blob'], 'string');
  const gi = pickGeometry(t, options);
  const ii = options.idColumn === undefined ? -1 : t.names.indexOf(options.idColumn);
  if (options.idColumn !== undefined && ii < 0) throw new ColumnNotFoundError(`${op}: expected an id column '${options.idColumn}', got columns ${t.names.join(', ')}`);
  await Promise.all(t.columns.flatMap((c) => c.buffers().map((b) => b.toArray())));
  const g = t.columns[gi]!;
  let geoms: string[];
  if (g.type === 'binary') geoms = wkbColumnToGeoJSON(g, op).map((x) => JSON.stringify(x));
  else {
    const v = geoView(g, op);
    geoms = geometryJSON(g, op, v.offsets, v.xy, v.valid);
  }
  const ids = ii >= 0 ? propertyJSON(t.names[ii]!, t.columns[ii]!) : undefined;
  const props = t.names.flatMap((name, i) => (i === gi || i === ii ? [] : [{ key: JSON.stringify(name), values: propertyJSON(name, t.columns[i]!) }]));
  const features: string[] = new Array(t.numRows);
  for (let r = 0; r < t.numRows; r++) {
    let p = '';
    for (let j = 0; j < props.length; j++) p += `${j > 0 ? ',' : ''}${props[j]!.key}:${props[j]!.values[r]}`;
    const id = ids && ids[r] !== 'null' ? `"id":${ids[r]},` : '';
    features[r] = `{"type":"Feature",${id}"properties":{${p}},"geometry":${geoms[r]}}`;
  }
  const text = `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
  if (path !== undefined) {
    await writeFileBytes('writeGeoJSON', path, text);
  }
  return textOutput(kind, text, MEDIA_TYPES.geojson) as Written<A, string>;
}
