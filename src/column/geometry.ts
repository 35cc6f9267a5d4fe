/**
 * Geometry columns: GeoArrow's native encodings (interleaved float64 xy) as Columns.
 * See column.ts for the layouts. This module builds them from GeoJSON geometries, checks
 * polygon rings, and hands the point-in-polygon kernel its four flat buffers.
 */
import { DataBuffer } from '../memory/data-buffer.js';
import { GeometryError, ValueError } from '../errors.js';
import { checkOptions, showValue } from '../options.js';
import { badVertexError, findBadVertex } from './geo-check.js';
import { Column, GEOJSON_NAMES, GEOMETRY_TYPES, isGeometryType, type GeometryType } from './column.js';

/** A GeoJSON position: [x, y, ...]; dimensions past y are dropped. */
export type Position = ReadonlyArray<number>;

/** The GeoJSON geometries a geometry column holds (null is a null geometry). */
export type GeoJSONGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: ReadonlyArray<Position> }
  | { type: 'Polygon'; coordinates: ReadonlyArray<ReadonlyArray<Position>> }
  | { type: 'MultiPoint'; coordinates: ReadonlyArray<Position> }
  | { type: 'MultiLineString'; coordinates: ReadonlyArray<ReadonlyArray<Position>> }
  | { type: 'MultiPolygon'; coordinates: ReadonlyArray<ReadonlyArray<ReadonlyArray<Position>>> };

export interface FromGeoJSONOptions {
  /** The column's geometry type; default: inferred (a single type, or its multi type where singles and multis mix). */
  type?: GeometryType;
  /** The CRS to carry as column metadata (WKT, PROJJSON text or e.g. 'OGC:CRS84'). */
  crs?: string;
  /** Check polygon rings (closed, at least 4 vertices; default true). */
  checkRings?: boolean;
}

/** A geometry type by its GeoJSON name. */
export const BY_GEOJSON_NAME: ReadonlyMap<string, GeometryType> = new Map(Object.entries(GEOJSON_NAMES).map(([t, name]) => [name, t as GeometryType]));

/** The multi type of each type (a multi type is its own). */
export const MULTI_OF: Readonly<Record<GeometryType, GeometryType>> = {
  point: 'multipoint',
  multipoint: 'multipoint',
  linestring: 'multilinestring',
  multilinestring: 'multilinestring',
  polygon: 'multipolygon',
  multipolygon: 'multipolygon',
};

/** Nesting depth of the coordinates of each type (0: one position). */
const DEPTH: Record<GeometryType, number> = { point: 0, linestring: 1, multipoint: 1, polygon: 2, multilinestring: 2, multipolygon: 3 };

/**
 * The one geometry type that holds all of `types` (itself if they agree, the multi type where
 * a single type and its multi mix; undefined for none), or the first two that no GeoArrow
 * native type holds together.
 */
export function joinGeometryTypes(types: Iterable<GeometryType>): { type: GeometryType | undefined; clash?: [GeometryType, GeometryType] } {
  let out: GeometryType | undefined;
  for (const t of types) {
    if (out === undefined || out === t) out = t;
    else if (MULTI_OF[out] === MULTI_OF[t]) out = MULTI_OF[t];
    else return { type: undefined, clash: [out, t] };
  }
  return { type: out };
}

/**
 * The one geometry type that holds all of `types`: itself if they agree, the multi type where
 * a single type and its multi mix, undefined for none. GeometryError (from `where`) where no
 * GeoArrow native type holds them all.
 *
 * @example
 * ```ts
 * gf.geo.commonGeometryType(['polygon', 'multipolygon']); // 'multipolygon'
 * gf.geo.commonGeometryType([]);                          // undefined
 * ```
 */
export function commonGeometryType(types: Iterable<GeometryType>, where = 'geometry'): GeometryType | undefined {
  if (typeof where !== 'string') throw new ValueError(`commonGeometryType: expected where as a string (the op to name in errors), got ${showValue(where)}`);
  if (types === null || typeof types !== 'object' || typeof (types as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new ValueError(`${where}: expected an iterable of geometry type names, got ${showValue(types)}`);
  }
  const list = [...types];
  const bad = list.findIndex((t) => !isGeometryType(t));
  if (bad >= 0) throw new ValueError(`${where}: expected geometry type names (${GEOMETRY_TYPES.join(' | ')}), got ${showValue(list[bad])}`);
  const { type, clash } = joinGeometryTypes(list);
  if (clash) throw new GeometryError(`${where}: expected geometries of one kind (a type and its multi type), got ${clash[0]} and ${clash[1]}; mixed kinds need WKB (a binary column)`);
  return type;
}

/**
 * A geometry column from GeoJSON geometries (null → a null geometry). Only x and y are kept.
 * Polygon rings are checked unless `checkRings: false`. A NaN or infinite polygon vertex is
 * a GeometryError naming the feature, part, ring and vertex (always: such a ring has no
 * interior). Points and lines keep non-finite coordinates as GeoArrow stores them (an empty
 * point is NaN, NaN); the readers refuse them in files.
 *
 * @example
 * ```ts
 * const g = gf.geo.fromGeoJSON([
 *   { type: 'Point', coordinates: [2.35, 48.85] },
 *   null,
 *   { type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] },
 * ], { crs: 'OGC:CRS84' });
 * console.log(g.type, g.length); // 'multipoint' 3
 * ```
 */
export function fromGeoJSON(geoms: ReadonlyArray<GeoJSONGeometry | null | undefined>, options: FromGeoJSONOptions = {}): Column {
  if (!Array.isArray(geoms)) throw new ValueError(`fromGeoJSON: expected an array of GeoJSON geometries (or nulls), got ${showValue(geoms)}`);
  checkOptions('fromGeoJSON', options, ['type', 'crs', 'checkRings']);
  options ??= {}; // null: no options, as checkOptions takes it
  if (options.crs !== undefined && typeof options.crs !== 'string') throw new ValueError(`fromGeoJSON: expected crs as a string or undefined, got ${showValue(options.crs)}`);
  if (options.checkRings !== undefined && typeof options.checkRings !== 'boolean') throw new ValueError(`fromGeoJSON: expected checkRings as a boolean, got ${showValue(options.checkRings)}`);
  const kinds = new Set<GeometryType>();
  geoms.forEach((g, i) => {
    if (g === null || g === undefined) return;
    const t = BY_GEOJSON_NAME.get((g as { type?: string }).type ?? '');
    if (!t) throw new GeometryError(`fromGeoJSON: expected a Point, LineString, Polygon or multi geometry, got ${String((g as { type?: unknown }).type)} (geometry ${i})`);
    if (!Array.isArray((g as { coordinates?: unknown }).coordinates)) throw new GeometryError(`fromGeoJSON: expected coordinates as an array, got ${typeof (g as { coordinates?: unknown }).coordinates} (geometry ${i})`);
    kinds.add(t);
  });
  if (options.type !== undefined && !isGeometryType(options.type)) {
    throw new GeometryError(`fromGeoJSON: expected type ${GEOMETRY_TYPES.join(' | ')}, got '${String(options.type)}'`);
  }
  const type = options.type ?? commonGeometryType(kinds, 'fromGeoJSON') ?? 'point';
  for (const k of kinds) {
    if (k !== type && MULTI_OF[k] !== type) throw new GeometryError(`fromGeoJSON: expected ${type} geometries, got ${k}`);
  }
  const depth = DEPTH[type];
  // Coordinates of each row at the column's depth: a single geometry is a one-part multi.
  const rows = geoms.map((g) => {
    if (g === null || g === undefined) return undefined;
    const t = BY_GEOJSON_NAME.get(g.type)!;
    return t === type || type === 'point' ? g.coordinates : [g.coordinates];
  });
  const col = build(type, rows, depth, options.crs);
  if (options.checkRings !== false) checkRings(col, 'fromGeoJSON');
  return col;
}

/** Build the nested buffers of `type` from per-row coordinate arrays of the given depth. */
function build(type: GeometryType, rows: ReadonlyArray<unknown>, depth: number, crs: string | undefined): Column {
  const n = rows.length;
  const validity = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  // Level offsets, outermost first; each counts items of the next level.
  const offsets: number[][] = Array.from({ length: depth }, () => [0]);
  const xy: number[] = [];
  const walk = (v: unknown, level: number, where: string): void => {
    if (level === depth) {
      const p = v as Position;
      if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
        throw new GeometryError(`fromGeoJSON: expected a position [x, y], got ${JSON.stringify(p)?.slice(0, 60)} (${where})`);
      }
      xy.push(p[0], p[1]);
      return;
    }
    if (!Array.isArray(v)) throw new GeometryError(`fromGeoJSON: expected an array of ${depth - level > 1 ? 'parts' : 'positions'}, got ${typeof v} (${where})`);
    for (const item of v) walk(item, level + 1, where);
    const next = level + 1 < depth ? offsets[level + 1]!.length - 1 : xy.length / 2;
    offsets[level]!.push(next);
  };
  rows.forEach((r, i) => {
    if (r === undefined) {
      nulls++;
      if (depth === 0) xy.push(NaN, NaN);
      else offsets[0]!.push(offsets[0]![offsets[0]!.length - 1]!);
      return;
    }
    validity[i >> 3]! |= 1 << (i & 7);
    walk(r, 0, `geometry ${i}`);
  });
  // A ring with a NaN or infinite vertex has no interior: refused. Points and lines keep them
  // (GeoArrow stores them; spatial ops take a non-finite point as null).
  const bad = type === 'polygon' || type === 'multipolygon' ? findBadVertex({ type, offsets, xy, valid: (f) => rows[f] !== undefined }) : undefined;
  if (bad) throw badVertexError('fromGeoJSON', bad, `feature ${bad.feature}`);
  const bits = nulls > 0 ? DataBuffer.fromHost(validity, 'uint8') : undefined;
  const points = DataBuffer.fromHost(new Float64Array(xy), 'float64');
  if (depth === 0) return new Column({ type: 'point', data: points, validity: bits, crs });
  let col = new Column({ type: 'point', data: points });
  for (let level = depth - 1; level >= 0; level--) {
    const top = level === 0;
    col = new Column({
      type: top ? type : 'list',
      data: DataBuffer.fromHost(Int32Array.from(offsets[level]!), 'int32'),
      children: [col],
      crs: top ? crs : undefined,
      validity: top ? bits : undefined,
    });
  }
  return col;
}

/** The flat buffers of a (multi)polygon column as the point-in-polygon kernel reads them. */
export interface PolygonBuffers {
  /** float64 interleaved x,y of every vertex. */
  coords: DataBuffer<'float64'>;
  /** int32: ring r is vertices [ringOffsets[r], ringOffsets[r + 1]). */
  ringOffsets: DataBuffer<'int32'>;
  /** int32: part p is rings [partOffsets[p], partOffsets[p + 1]); the first is the exterior. */
  partOffsets: DataBuffer<'int32'>;
  /** int32: feature f is parts [geomOffsets[f], geomOffsets[f + 1]). */
  geomOffsets: DataBuffer<'int32'>;
  validity: DataBuffer<'uint8'> | undefined;
  /** Number of features. */
  length: number;
  /** Buffers made here (a 'polygon' column's identity feature → part offsets): free with `dispose`. */
  dispose(): void;
}

/**
 * The four buffers of a 'polygon' or 'multipolygon' column. A polygon is a one-part
 * multipolygon: its feature → part offsets 0..n are made by `identity` (default: on the host;
 * spatial ops pass the 'sequence' kernel so that nothing is uploaded on the device).
 */
export function polygonBuffers(col: Column, op: string, identity: (n: number) => DataBuffer<'int32'> = hostIdentity): PolygonBuffers {
  if (col.type !== 'polygon' && col.type !== 'multipolygon') throw new GeometryError(`${op}: expected a polygon or multipolygon column, got ${col.type}`);
  const made: DataBuffer[] = [];
  let geomOffsets: DataBuffer<'int32'>;
  let parts: Column;
  if (col.type === 'multipolygon') {
    geomOffsets = col.data as DataBuffer<'int32'>;
    parts = col.child;
  } else {
    geomOffsets = identity(col.length + 1);
    made.push(geomOffsets);
    parts = col;
  }
  const rings = parts.child;
  return {
    coords: rings.child.data as DataBuffer<'float64'>,
    ringOffsets: rings.data as DataBuffer<'int32'>,
    partOffsets: parts.data as DataBuffer<'int32'>,
    geomOffsets,
    validity: col.validity,
    length: col.length,
    dispose: () => made.forEach((b) => b.dispose()),
  };
}

function hostIdentity(n: number): DataBuffer<'int32'> {
  return DataBuffer.fromHost(Int32Array.from({ length: n }, (_, i) => i), 'int32');
}

/**
 * Check the rings of a polygon or multipolygon column on the host: each closed (first vertex
 * equals last) with at least 4 vertices. GeometryError naming feature, part and ring.
 * Other types (and device-only columns) pass.
 */
export function checkRings(col: Column, op: string): void {
  if (col.type !== 'polygon' && col.type !== 'multipolygon') return;
  if (!col.onHost) return;
  const b = polygonBuffers(col, op);
  try {
    const xy = b.coords.hostView(op) as Float64Array;
    const ro = b.ringOffsets.hostView(op) as Int32Array;
    const po = b.partOffsets.hostView(op) as Int32Array;
    const go = b.geomOffsets.hostView(op) as Int32Array;
    for (let f = 0; f < b.length; f++) {
      for (let p = go[f]!; p < go[f + 1]!; p++) {
        for (let r = po[p]!; r < po[p + 1]!; r++) {
          const s = ro[r]!;
          const e = ro[r + 1]!;
          const where = `feature ${f}, part ${p - go[f]!}, ring ${r - po[p]!}`;
          if (e - s < 4) throw new GeometryError(`${op}: expected a ring of at least 4 vertices, got ${e - s} (${where})`);
          if (!Object.is(xy[2 * s], xy[2 * (e - 1)]) && xy[2 * s] !== xy[2 * (e - 1)]) throw openRing(op, xy, s, e, where);
          if (!Object.is(xy[2 * s + 1], xy[2 * (e - 1) + 1]) && xy[2 * s + 1] !== xy[2 * (e - 1) + 1]) throw openRing(op, xy, s, e, where);
        }
      }
    }
  } finally {
    b.dispose();
  }
}

function openRing(op: string, xy: Float64Array, s: number, e: number, where: string): GeometryError {
  return new GeometryError(`${op}: expected a closed ring (first vertex == last), got (${xy[2 * s]}, ${xy[2 * s + 1]}) != (${xy[2 * (e - 1)]}, ${xy[2 * (e - 1) + 1]}) (${where})`);
}
