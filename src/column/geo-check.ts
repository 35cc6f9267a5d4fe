/**
 * Coordinate checks of geometry buffers: non-finite vertices, and longitude/latitude outside
 * [-180, 180] × [-90, 90] for a geographic CRS. The builders (fromGeoJSON, the GeoJSON and
 * shapefile readers) run them on their raw arrays before they make a column, so that the error
 * names the feature, part, ring and vertex in their own terms; the Column constructor runs the
 * finite check on host-resident polygon columns made from raw buffers.
 *
 * One empty point is NaN, NaN (GeoArrow, as GEOS writes it): a point or multipoint vertex whose
 * x and y are both NaN passes. Any other NaN or ±Infinity is refused.
 */
import { GeometryError } from '../errors.js';
import type { Column, GeometryType } from './column.js';

/** Degrees beyond ±180 / ±90 still accepted by the lon/lat check (rounding of a reprojection). */
export const LON_LAT_TOLERANCE = 1e-6;

/** Names of the levels below the feature, outermost first (the last names a vertex). */
const LEVEL_NAMES: Readonly<Record<GeometryType, readonly string[]>> = {
  point: [],
  linestring: ['vertex'],
  multipoint: ['point'],
  polygon: ['part', 'ring', 'vertex'],
  multilinestring: ['part', 'vertex'],
  multipolygon: ['part', 'ring', 'vertex'],
};

/** A vertex that fails a check: its feature and where it lies in it ("part 0, ring 1, vertex 3"). */
export interface BadVertex {
  feature: number;
  where: string;
  x: number;
  y: number;
  /** 'finite': a NaN or infinite coordinate; 'lonlat': outside the lon/lat range. */
  kind: 'finite' | 'lonlat';
}

/** The buffers of a geometry column: offsets per level (outermost first; none for points) and xy. */
export interface GeoArrays {
  type: GeometryType;
  offsets: readonly ArrayLike<number>[];
  xy: ArrayLike<number>;
  /** Whether feature f is valid (null features are not checked); default: all valid. */
  valid?: (f: number) => boolean;
}

/** The largest j with a[j] <= i (a non-decreasing). */
function itemOf(a: ArrayLike<number>, i: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The first vertex of a valid feature with a non-finite coordinate, or (with `lonLat`) one
 * outside [-180, 180] × [-90, 90] by more than LON_LAT_TOLERANCE; undefined when all pass.
 * `allowEmpty: false` refuses (NaN, NaN) points too (where no empty point can occur).
 */
export function findBadVertex(g: GeoArrays, lonLat = false, allowEmpty = true): BadVertex | undefined {
  const { xy, offsets } = g;
  const emptyOk = allowEmpty && (g.type === 'point' || g.type === 'multipoint');
  // The vertices the features span (sliced offsets may start past 0).
  let s = 0;
  let e = offsets.length > 0 ? offsets[0]!.length - 1 : xy.length >> 1;
  for (const level of offsets) [s, e] = [level[s]!, level[e]!];
  for (let i = s; i < e; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    const kind = vertexFault(x, y, lonLat, emptyOk);
    if (kind === undefined) continue;
    // Walk up from the vertex: the item holding it at each level, then the feature.
    // idx[k]: the index of the level-(k + 1) item (or, at the last level, the vertex) in its parent.
    const idx: number[] = new Array(offsets.length);
    let item = i;
    for (let level = offsets.length - 1; level >= 0; level--) {
      const parent = itemOf(offsets[level]!, item);
      idx[level] = item - offsets[level]![parent]!;
      item = parent;
    }
    const feature = item;
    if (g.valid && !g.valid(feature)) continue;
    return { feature, where: vertexWhere(g.type, idx), x, y, kind };
  }
  return undefined;
}

/**
 * "part p, ring r, vertex v" from the indices of each level's item in its parent (the last is
 * the vertex), as a feature of `type` nests them; a polygon is part 0.
 */
export function vertexWhere(type: GeometryType, idx: readonly number[]): string {
  const values = type === 'polygon' ? [0, ...idx] : idx;
  return LEVEL_NAMES[type].map((name, k) => `${name} ${values[k]}`).join(', ');
}

/** Whether (x, y) fails the checks: 'finite', 'lonlat' or undefined (see findBadVertex). */
export function vertexFault(x: number, y: number, lonLat: boolean, emptyOk: boolean): BadVertex['kind'] | undefined {
  if (Number.isFinite(x) && Number.isFinite(y)) {
    const LON = 180 + LON_LAT_TOLERANCE;
    const LAT = 90 + LON_LAT_TOLERANCE;
    return !lonLat || (x >= -LON && x <= LON && y >= -LAT && y <= LAT) ? undefined : 'lonlat';
  }
  return emptyOk && x !== x && y !== y ? undefined : 'finite';
}

/** The error for a bad vertex: `op: expected …, got (x, y) (label, where)`. */
export function badVertexError(op: string, bad: BadVertex, label: string, hint = ''): GeometryError {
  const at = [label, bad.where].filter((s) => s !== '').join(', ');
  if (bad.kind === 'finite') return new GeometryError(`${op}: expected finite coordinates, got (${bad.x}, ${bad.y}) (${at})${hint}`);
  return new GeometryError(
    `${op}: expected longitude in [-180, 180] and latitude in [-90, 90] (±${LON_LAT_TOLERANCE}°) for a geographic CRS, got (${bad.x}, ${bad.y}) (${at})${hint}`,
  );
}

/**
 * GeometryError where a host-resident polygon or multipolygon column holds a non-finite vertex
 * in a valid feature (Column: from raw buffers). Other types, and columns with any buffer only
 * on the device, pass (the point-in-polygon kernel gives such a part no point).
 */
export function checkPolygonFinite(col: Column): void {
  if (col.type !== 'polygon' && col.type !== 'multipolygon') return;
  const offsets: ArrayLike<number>[] = [];
  let c = col;
  while (c.type !== 'point') {
    if (c.data.residency === 'device') return;
    offsets.push(c.data.hostView('Column') as Int32Array);
    c = c.children[0]!;
  }
  if (c.data.residency === 'device' || col.validity?.residency === 'device') return;
  const xy = c.data.hostView('Column') as Float64Array;
  const bits = col.validity?.hostView('Column') as Uint8Array | undefined;
  const bad = findBadVertex({ type: col.type, offsets, xy, valid: (f) => !bits || ((bits[f >> 3]! >> (f & 7)) & 1) === 1 });
  if (bad) throw badVertexError('Column', bad, `feature ${bad.feature}`);
}

/**
 * Whether a CRS label names geographic longitude/latitude in degrees: OGC:CRS84, EPSG:4326
 * (and their URN forms), or WKT whose root is GEOGCS / GEOGCRS. Others (projected, unknown,
 * none) are not checked for range.
 */
export function isGeographicCrs(crs: string | undefined): boolean {
  if (crs === undefined) return false;
  const c = crs.trim();
  return /^(?:OGC:CRS84|EPSG:4326|CRS84|urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:OGC::CRS84|urn:ogc:def:crs:EPSG::4326)$/i.test(c) || /^GEOG(?:CS|CRS)\s*\[/i.test(c);
}
