/**
 * WKB (well-known binary) ↔ geometry columns. Writes ISO WKB, little-endian, 2-D; reads ISO and
 * EWKB (SRID flag, Z/M flags), either byte order, Z/M/ZM with the extra dimensions dropped.
 * Parsing bytes is host work (as for CSV or Parquet): these codecs run on the CPU on either
 * backend, and what they build is an ordinary column.
 */
import { Column, GEOMETRY_TYPES, isGeometryType, type GeometryType } from '../column/column.js';
import { checkRings, type GeoJSONGeometry, type Position } from '../column/geometry.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { GeometryError, ParseError } from '../errors.js';
import { checkColumnArg, checkOptions, commonType, firstMisfit, GeoBuilder, geoView, GEOJSON_NAMES, MULTI_OF } from './geo-build.js';

/** Options of `fromWKB` and `fromWKT`. */
export interface FromGeoBytesOptions {
  /** The column's geometry type; default: inferred (one type, or its multi type where singles and multis mix). */
  type?: GeometryType;
  /** The CRS to carry as column metadata (WKT, PROJJSON text or e.g. 'OGC:CRS84'). */
  crs?: string;
  /** Check polygon rings (closed, at least 4 vertices; default true). */
  checkRings?: boolean;
}
export const FROM_OPTIONS = ['type', 'crs', 'checkRings'] as const;

/** WKB type codes 1..6 in GeoArrow's order. */
const CODES: readonly GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];
const CODE: Record<GeometryType, number> = { point: 1, linestring: 2, polygon: 3, multipoint: 4, multilinestring: 5, multipolygon: 6 };
const PART: Partial<Record<GeometryType, GeometryType>> = { multipoint: 'point', multilinestring: 'linestring', multipolygon: 'polygon' };

interface Header {
  le: boolean;
  kind: GeometryType;
  dims: number;
}

/** A bounded cursor over one WKB value; every count is checked against the bytes left. */
class Reader {
  pos: number;
  /** Where the value starts (byte positions in messages count from here). */
  readonly begin: number;
  constructor(private readonly v: DataView, start: number, readonly end: number, private readonly op: string, private readonly row: number) {
    this.pos = start;
    this.begin = start;
  }
  fail(what: string): never {
    throw new ParseError(`${this.op}: expected ${what}`, { row: this.row });
  }
  need(n: number, what: string): void {
    if (this.end - this.pos < n) this.fail(`${what} (${n} bytes at byte ${this.pos - this.begin}), got ${Math.max(0, this.end - this.pos)} bytes left: truncated WKB`);
  }
  header(): Header {
    this.need(5, 'a WKB header');
    const order = this.v.getUint8(this.pos);
    if (order > 1) this.fail(`a byte order of 0 or 1, got ${order} at byte ${this.pos - this.begin}`);
    const le = order === 1;
    const code = this.v.getUint32(this.pos + 1, le);
    this.pos += 5;
    const base = code & 0x0fffffff;
    const iso = Math.floor(base / 1000);
    const t = base % 1000;
    if (iso > 3 || t < 1 || t > 6) {
      this.fail(`a WKB type code of a point, linestring, polygon or multi type (1..6, ISO 1001..3006, EWKB flags), got ${code}${t === 7 ? ' (a GeometryCollection, not supported)' : ''}`);
    }
    if (code & 0x20000000) {
      this.need(4, 'an EWKB SRID');
      this.pos += 4;
    }
    const z = (code & 0x80000000) !== 0 || iso === 1 || iso === 3;
    const m = (code & 0x40000000) !== 0 || iso === 2 || iso === 3;
    return { le, kind: CODES[t - 1]!, dims: 2 + (z ? 1 : 0) + (m ? 1 : 0) };
  }
  /** A count of items of at least `min` bytes each. */
  count(le: boolean, min: number, what: string): number {
    this.need(4, `a ${what} count`);
    const n = this.v.getUint32(this.pos, le);
    this.pos += 4;
    if (n * min > this.end - this.pos) this.fail(`${n} ${what} of at least ${min} bytes each, got ${this.end - this.pos} bytes left: truncated WKB`);
    return n;
  }
  f64(le: boolean): number {
    const x = this.v.getFloat64(this.pos, le);
    this.pos += 8;
    return x;
  }
  /** One position of `dims` doubles (bounded by the caller's count, or checked here). */
  xy(h: Header, out: (x: number, y: number) => void): void {
    this.need(8 * h.dims, 'a position');
    const x = this.f64(h.le);
    const y = this.f64(h.le);
    this.pos += 8 * (h.dims - 2);
    out(x, y);
  }
  sub(want: GeometryType): Header {
    const h = this.header();
    if (h.kind !== want) this.fail(`a ${want} inside the multi geometry, got a ${h.kind}`);
    return h;
  }
}

/** Rows of a 'binary' column: offsets, bytes, validity. */
function binaryView(col: Column, op: string) {
  checkColumnArg(col, op);
  if (col.type !== 'binary') throw new GeometryError(`${op}: expected a binary column of WKB, got ${col.type}`);
  const off = col.data.hostView(op) as Int32Array;
  const bytes = col.child.data.hostView(op) as Uint8Array;
  const bits = col.validity?.hostView(op) as Uint8Array | undefined;
  return { off, bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), valid: (r: number) => !bits || ((bits[r >> 3]! >> (r & 7)) & 1) === 1 };
}

/**
 * A geometry column from a 'binary' column of WKB values (ISO or EWKB, either byte order; Z
 * and M are read and dropped). Nulls stay null; a column mixing a type and its multi becomes
 * the multi type. A value with a bad byte order or type code, truncated, or with bytes left
 * over is a ParseError naming the row. Decoding runs on the host (CPU) on either backend.
 *
 * @example
 * ```ts
 * const wkb = gf.geo.toWKB(gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }, null]));
 * const back = gf.geo.fromWKB(wkb, { crs: 'OGC:CRS84' });
 * console.log(back.type, back.hostValues()); // 'point' [{ type: 'Point', coordinates: [1, 2] }, null]
 * ```
 */
export function fromWKB(col: Column, options: FromGeoBytesOptions = {}): Column {
  const op = 'fromWKB';
  checkOptions(op, options, FROM_OPTIONS);
  const b = binaryView(col, op);
  const n = col.length;
  const kinds = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    if (!b.valid(r)) continue;
    const rd = new Reader(b.view, b.off[r]!, b.off[r + 1]!, op, r);
    kinds[r] = CODE[rd.header().kind];
  }
  const type = resolveType(op, kinds, CODES, options.type);
  const out = new GeoBuilder(type, n);
  for (let r = 0; r < n; r++) {
    if (!b.valid(r)) {
      out.endRow(false);
      continue;
    }
    const rd = new Reader(b.view, b.off[r]!, b.off[r + 1]!, op, r);
    readInto(rd, out);
    if (rd.pos !== rd.end) rd.fail(`one WKB geometry of ${rd.pos - rd.begin} bytes, got ${rd.end - rd.begin} bytes (${rd.end - rd.pos} left over)`);
    out.endRow(true);
  }
  const g = out.finish(options.crs);
  if (options.checkRings !== false) checkRings(g, op);
  return g;
}

/**
 * The column type for per-row kind codes (0 = null, else 1 + index in `codes`): `wanted`, or
 * the one type holding them all. GeometryError naming the rows where kinds do not fit.
 */
export function resolveType(op: string, kinds: Uint8Array, codes: readonly GeometryType[], wanted: GeometryType | undefined, unit = 'row', hint = 'mixed kinds stay WKB (a binary column)'): GeometryType {
  if (wanted !== undefined && !isGeometryType(wanted)) throw new GeometryError(`${op}: expected type ${GEOMETRY_TYPES.join(' | ')}, got '${String(wanted)}'`);
  const seen = new Set<GeometryType>();
  for (let i = 0; i < kinds.length; i++) if (kinds[i]! > 0) seen.add(codes[kinds[i]! - 1]!);
  const type = wanted ?? commonType(seen);
  if (type === undefined) {
    const first = kinds.findIndex((k) => k > 0);
    const k0 = codes[kinds[first]! - 1]!;
    const other = firstMisfit(kinds, codes, MULTI_OF[k0]);
    const k1 = codes[kinds[other]! - 1]!;
    throw new GeometryError(`${op}: expected geometries of one kind (a type and its multi type), got ${k0} (${unit} ${first}) and ${k1} (${unit} ${other}); ${hint}`);
  }
  const bad = firstMisfit(kinds, codes, type);
  if (bad >= 0) throw new GeometryError(`${op}: expected ${type} geometries, got ${codes[kinds[bad]! - 1]} (${unit} ${bad})`);
  return type;
}

/** Parse one WKB geometry into the builder's type (a single type into its multi as one part). */
function readInto(rd: Reader, b: GeoBuilder): void {
  const h = rd.header();
  const pt = (x: number, y: number) => b.point(x, y);
  const line = (hh: Header) => {
    const np = rd.count(hh.le, 8 * hh.dims, 'points');
    for (let i = 0; i < np; i++) rd.xy(hh, pt);
  };
  const poly = (hh: Header, level: number) => {
    const nr = rd.count(hh.le, 4, 'rings');
    for (let i = 0; i < nr; i++) {
      line(hh);
      b.close(level);
    }
  };
  const multi = (part: GeometryType, each: (hh: Header) => void) => {
    const np = rd.count(h.le, part === 'point' ? 21 : 9, `${part}s`);
    for (let i = 0; i < np; i++) each(rd.sub(part));
  };
  switch (b.type) {
    case 'point':
      return rd.xy(h, pt);
    case 'linestring':
      return line(h);
    case 'polygon':
      return poly(h, 1);
    case 'multipoint':
      if (h.kind === 'point') {
        return rd.xy(h, (x, y) => {
          if (!(Number.isNaN(x) && Number.isNaN(y))) b.point(x, y);
        });
      }
      return multi('point', (hh) => rd.xy(hh, pt));
    case 'multilinestring':
      if (h.kind === 'linestring') return (line(h), b.close(1));
      return multi('linestring', (hh) => (line(hh), b.close(1)));
    case 'multipolygon':
      if (h.kind === 'polygon') return (poly(h, 2), b.close(1));
      return multi('polygon', (hh) => (poly(hh, 2), b.close(1)));
  }
}

/** A byte writer that only counts when `buf` is absent (the sizing pass). */
class Writer {
  pos = 0;
  private readonly v: DataView | undefined;
  constructor(readonly buf?: Uint8Array) {
    this.v = buf && new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  header(t: GeometryType): void {
    if (this.v) {
      this.v.setUint8(this.pos, 1);
      this.v.setUint32(this.pos + 1, CODE[t], true);
    }
    this.pos += 5;
  }
  u32(n: number): void {
    if (this.v) this.v.setUint32(this.pos, n, true);
    this.pos += 4;
  }
  xy(x: number, y: number): void {
    if (this.v) {
      this.v.setFloat64(this.pos, x, true);
      this.v.setFloat64(this.pos + 8, y, true);
    }
    this.pos += 16;
  }
}

/**
 * A 'binary' column of ISO WKB (little-endian, 2-D) from a geometry column; nulls stay null
 * (an empty value), an empty point is written as NaN NaN (as GEOS does). Encoding runs on the
 * host (CPU) on either backend; a device-only column is downloaded first by `await col.toValues()`.
 *
 * @example
 * ```ts
 * const g = gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }]);
 * const wkb = gf.geo.toWKB(g);
 * console.log(wkb.type, (wkb.hostValues()[0] as Uint8Array).length); // 'binary' 41
 * ```
 */
export function toWKB(col: Column): Column {
  const g = geoView(col, 'toWKB');
  const n = col.length;
  const o = g.offsets;
  const xy = g.xy;
  const emit = (w: Writer, r: number) => {
    const pts = (s: number, e: number) => {
      w.u32(e - s);
      for (let i = s; i < e; i++) w.xy(xy[2 * i]!, xy[2 * i + 1]!);
    };
    const rings = (s: number, e: number, ro: Int32Array) => {
      w.u32(e - s);
      for (let i = s; i < e; i++) pts(ro[i]!, ro[i + 1]!);
    };
    w.header(g.type);
    switch (g.type) {
      case 'point':
        return w.xy(xy[2 * r]!, xy[2 * r + 1]!);
      case 'linestring':
        return pts(o[0]![r]!, o[0]![r + 1]!);
      case 'polygon':
        return rings(o[0]![r]!, o[0]![r + 1]!, o[1]!);
      case 'multipoint':
        w.u32(o[0]![r + 1]! - o[0]![r]!);
        for (let i = o[0]![r]!; i < o[0]![r + 1]!; i++) (w.header('point'), w.xy(xy[2 * i]!, xy[2 * i + 1]!));
        return;
      case 'multilinestring':
        w.u32(o[0]![r + 1]! - o[0]![r]!);
        for (let i = o[0]![r]!; i < o[0]![r + 1]!; i++) (w.header('linestring'), pts(o[1]![i]!, o[1]![i + 1]!));
        return;
      case 'multipolygon':
        w.u32(o[0]![r + 1]! - o[0]![r]!);
        for (let i = o[0]![r]!; i < o[0]![r + 1]!; i++) (w.header('polygon'), rings(o[1]![i]!, o[1]![i + 1]!, o[2]!));
    }
  };
  const offsets = new Int32Array(n + 1);
  const count = new Writer();
  for (let r = 0; r < n; r++) {
    if (g.valid(r)) emit(count, r);
    if (count.pos > 0x7fffffff) throw new GeometryError(`toWKB: expected at most 2^31 - 1 bytes of WKB (int32 offsets), got more by row ${r}`);
    offsets[r + 1] = count.pos;
  }
  const w = new Writer(new Uint8Array(count.pos));
  for (let r = 0; r < n; r++) if (g.valid(r)) emit(w, r);
  return new Column({
    type: 'binary',
    data: DataBuffer.fromHost(offsets, 'int32'),
    validity: col.validity ? DataBuffer.fromHost((col.validity.hostView('toWKB') as Uint8Array).slice(0, Math.ceil(n / 8)), 'uint8') : undefined,
    children: [Column.from(w.buf!)],
  });
}

/** WKB of one GeoJSON geometry (any of the six types; positions checked, extra dimensions dropped). */
export function geoJSONToWKB(geom: GeoJSONGeometry, where: string): Uint8Array {
  const t = (Object.keys(GEOJSON_NAMES) as GeometryType[]).find((k) => GEOJSON_NAMES[k] === geom.type);
  if (!t) throw new GeometryError(`geoJSONToWKB: expected a Point, LineString, Polygon or multi geometry, got ${String(geom.type)} (${where})`);
  const pos = (w: Writer, p: unknown) => {
    const q = p as Position;
    if (!Array.isArray(q) || typeof q[0] !== 'number' || typeof q[1] !== 'number') throw new GeometryError(`geoJSONToWKB: expected a position [x, y], got ${JSON.stringify(p)?.slice(0, 60)} (${where})`);
    w.xy(q[0], q[1]);
  };
  const list = (w: Writer, v: unknown, each: (w: Writer, item: unknown) => void) => {
    if (!Array.isArray(v)) throw new GeometryError(`geoJSONToWKB: expected an array of coordinates, got ${typeof v} (${where})`);
    w.u32(v.length);
    for (const item of v) each(w, item);
  };
  const body = (w: Writer, kind: GeometryType, c: unknown): void => {
    switch (kind) {
      case 'point':
        return Array.isArray(c) && c.length === 0 ? w.xy(NaN, NaN) : pos(w, c);
      case 'linestring':
        return list(w, c, pos);
      case 'polygon':
        return list(w, c, (ww, ring) => list(ww, ring, pos));
      default: {
        const part = PART[kind]!;
        return list(w, c, (ww, item) => (ww.header(part), body(ww, part, item)));
      }
    }
  };
  const emit = (w: Writer) => (w.header(t), body(w, t, geom.coordinates));
  const count = new Writer();
  emit(count);
  const w = new Writer(new Uint8Array(count.pos));
  emit(w);
  return w.buf!;
}

/** One WKB value as a GeoJSON geometry (an empty point as `coordinates: []`). */
export function wkbToGeoJSON(bytes: Uint8Array, row: number, op = 'wkbToGeoJSON'): GeoJSONGeometry {
  const rd = new Reader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, op, row);
  const xy = (h: Header): number[] => {
    let out: number[] = [];
    rd.xy(h, (x, y) => (out = [x, y]));
    return out;
  };
  const line = (h: Header) => Array.from({ length: rd.count(h.le, 8 * h.dims, 'points') }, () => xy(h));
  const poly = (h: Header) => Array.from({ length: rd.count(h.le, 4, 'rings') }, () => line(h));
  const read = (h: Header): unknown => {
    switch (h.kind) {
      case 'point': {
        const p = xy(h);
        return Number.isNaN(p[0]) && Number.isNaN(p[1]) ? [] : p;
      }
      case 'linestring':
        return line(h);
      case 'polygon':
        return poly(h);
      default: {
        const part = PART[h.kind]!;
        return Array.from({ length: rd.count(h.le, part === 'point' ? 21 : 9, `${part}s`) }, () => read(rd.sub(part)));
      }
    }
  };
  const h = rd.header();
  const coordinates = read(h);
  if (rd.pos !== rd.end) rd.fail(`one WKB geometry of ${rd.pos} bytes, got ${rd.end} bytes (${rd.end - rd.pos} left over)`);
  return { type: GEOJSON_NAMES[h.kind], coordinates } as GeoJSONGeometry;
}

/** Rows of a binary WKB column as GeoJSON geometries (null for nulls). */
export function wkbColumnToGeoJSON(col: Column, op: string): Array<GeoJSONGeometry | null> {
  const b = binaryView(col, op);
  return Array.from({ length: col.length }, (_, r) => (b.valid(r) ? wkbToGeoJSON(b.bytes.subarray(b.off[r]!, b.off[r + 1]!), r, op) : null));
}
