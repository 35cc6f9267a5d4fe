/**
 * Seeded nested test columns (lists of lists, structs, binary, every geometry type) with nulls
 * at every level, empty lists and empty geometries, and `exact`, which makes deep equality
 * bit-exact for floats (-0 vs 0, NaN payloads).
 */
import * as gf from 'gpuframe';
import { mulberry32 } from '../../src/random.js';

type Rng = () => number;

const bitsView = new DataView(new ArrayBuffer(8));

/** Values with every number replaced by its float64 bit pattern (bigint stays bigint). */
export function exact(v: unknown): unknown {
  if (typeof v === 'number') {
    bitsView.setFloat64(0, v);
    return `f64:${bitsView.getBigUint64(0).toString(16)}`;
  }
  if (Array.isArray(v)) return v.map(exact);
  if (v instanceof Uint8Array) return `bytes:${Array.from(v).join(',')}`;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exact(x)]));
  return v;
}

function bits(valid: readonly boolean[]): Uint8Array | undefined {
  if (valid.every(Boolean)) return undefined;
  const b = new Uint8Array((valid.length + 7) >> 3);
  valid.forEach((ok, i) => {
    if (ok) b[i >> 3]! |= 1 << (i & 7);
  });
  return b;
}

/** A list column: row i has `lengths[i]` child rows (null rows may still span child rows). */
export function listColumn(lengths: readonly number[], valid: readonly boolean[], child: gf.Column, start = 0): gf.Column {
  const off = new Int32Array(lengths.length + 1);
  off[0] = start;
  lengths.forEach((l, i) => (off[i + 1] = off[i]! + l));
  const v = bits(valid);
  return new gf.Column({ type: 'list', data: gf.array(off), validity: v ? gf.array(v) : undefined, children: [child] });
}

/** A float64 column with nulls where `valid` is false. */
export function floatColumn(values: readonly number[], valid: readonly boolean[]): gf.Column {
  return gf.Column.from(Float64Array.from(values), bits(valid));
}

/** A binary column. */
export function binaryColumn(values: ReadonlyArray<Uint8Array | null>): gf.Column {
  const off = new Int32Array(values.length + 1);
  values.forEach((b, i) => (off[i + 1] = off[i]! + (b?.length ?? 0)));
  const bytes = new Uint8Array(off[values.length]!);
  values.forEach((b, i) => b && bytes.set(b, off[i]!));
  const v = bits(values.map((b) => b !== null));
  return new gf.Column({ type: 'binary', data: gf.array(off), validity: v ? gf.array(v) : undefined, children: [gf.Column.from(bytes)] });
}

/** A struct column of the given fields. */
export function structColumn(fields: Record<string, gf.Column>, valid: readonly boolean[]): gf.Column {
  const v = bits(valid);
  return new gf.Column({
    type: 'struct',
    data: gf.array(new Uint8Array(0)),
    validity: v ? gf.array(v) : undefined,
    fields: Object.keys(fields),
    children: Object.values(fields),
    length: valid.length,
  });
}

const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e-310, Number.MAX_VALUE, -1.5];

function float(rng: Rng): number {
  return rng() < 0.1 ? SPECIAL[Math.floor(rng() * SPECIAL.length)]! : (rng() - 0.5) * 1e3 * rng();
}

function lengths(rng: Rng, n: number, max: number): number[] {
  return Array.from({ length: n }, () => (rng() < 0.15 ? 0 : Math.floor(rng() * max)));
}

/** list<list<float64>> of `n` rows with nulls at every level, empty lists, and outer offsets starting above 0. */
export function randomListOfLists(seed: number, n: number): gf.Column {
  const rng = mulberry32(seed);
  const outerLen = lengths(rng, n, 4);
  const innerRows = 3 + outerLen.reduce((a, b) => a + b, 0); // 3 leading rows the outer offsets skip
  const innerLen = lengths(rng, innerRows, 5);
  const leafRows = innerLen.reduce((a, b) => a + b, 0);
  const leaf = floatColumn(Array.from({ length: leafRows }, () => float(rng)), Array.from({ length: leafRows }, () => rng() > 0.1));
  const inner = listColumn(innerLen, Array.from({ length: innerRows }, () => rng() > 0.15), leaf);
  return listColumn(outerLen, Array.from({ length: n }, () => rng() > 0.2), inner, 3);
}

/** struct<a: int32, b: list<utf8>, c: binary, d: struct<e: float64>> with nulls at every level. */
export function randomStruct(seed: number, n: number): gf.Column {
  const rng = mulberry32(seed);
  const valid = () => Array.from({ length: n }, () => rng() > 0.2);
  const a = gf.Column.from(Int32Array.from({ length: n }, () => Math.floor((rng() - 0.5) * 2 ** 32)), bits(valid()));
  const bLen = lengths(rng, n, 4);
  const words = Array.from({ length: bLen.reduce((x, y) => x + y, 0) }, () => (rng() < 0.1 ? null : ['α', 'b', '', 'ccc', 'dé'][Math.floor(rng() * 5)]!));
  const b = listColumn(bLen, valid(), gf.Column.from(words));
  const c = binaryColumn(Array.from({ length: n }, () => (rng() < 0.2 ? null : Uint8Array.from({ length: Math.floor(rng() * 6) }, () => Math.floor(rng() * 256)))));
  const d = structColumn({ e: floatColumn(Array.from({ length: n }, () => float(rng)), valid()) }, valid());
  return structColumn({ a, b, c, d }, valid());
}

/** GeoJSON geometries of one type: nulls, empties (not for points), holes and several parts. */
export function randomGeometries(seed: number, type: gf.GeometryType, n: number): Array<gf.geo.GeoJSONGeometry | null> {
  const rng = mulberry32(seed);
  const pos = (): number[] => [float(rng), float(rng)];
  const finite = (): number[] => [(rng() - 0.5) * 360, (rng() - 0.5) * 180];
  const line = (): number[][] => Array.from({ length: 2 + Math.floor(rng() * 4) }, pos);
  const ring = (): number[][] => {
    const r = Array.from({ length: 3 + Math.floor(rng() * 4) }, finite);
    return [...r, r[0]!];
  };
  const polygon = (): number[][][] => Array.from({ length: 1 + Math.floor(rng() * 3) }, ring);
  const many = <T>(make: () => T): T[] => Array.from({ length: Math.floor(rng() * 4) }, make);
  return Array.from({ length: n }, (_, i) => {
    if (i % 7 === 3) return null;
    switch (type) {
      case 'point':
        return { type: 'Point', coordinates: pos() };
      case 'linestring':
        return { type: 'LineString', coordinates: i % 11 === 5 ? [] : line() };
      case 'polygon':
        return { type: 'Polygon', coordinates: i % 11 === 5 ? [] : polygon() };
      case 'multipoint':
        return { type: 'MultiPoint', coordinates: many(pos) };
      case 'multilinestring':
        return { type: 'MultiLineString', coordinates: many(line) };
      case 'multipolygon':
        return { type: 'MultiPolygon', coordinates: many(polygon) };
    }
  });
}

/** A PROJJSON CRS (OGC:CRS84 as the GeoParquet spec writes it), compact. */
export const CRS84_PROJJSON = JSON.stringify({
  $schema: 'https://proj.org/schemas/v0.7/projjson.schema.json',
  type: 'GeographicCRS',
  name: 'WGS 84 (CRS84)',
  datum_ensemble: {
    name: 'World Geodetic System 1984 ensemble',
    members: [{ name: 'World Geodetic System 1984 (Transit)' }, { name: 'World Geodetic System 1984 (G730)' }],
    ellipsoid: { name: 'WGS 84', semi_major_axis: 6378137, inverse_flattening: 298.257223563 },
    accuracy: '2.0',
    id: { authority: 'EPSG', code: 6326 },
  },
  coordinate_system: {
    subtype: 'ellipsoidal',
    axis: [
      { name: 'Geodetic longitude', abbreviation: 'Lon', direction: 'east', unit: 'degree' },
      { name: 'Geodetic latitude', abbreviation: 'Lat', direction: 'north', unit: 'degree' },
    ],
  },
  scope: 'Not known.',
  area: 'World.',
  bbox: { south_latitude: -90, west_longitude: -180, north_latitude: 90, east_longitude: 180 },
  id: { authority: 'OGC', code: 'CRS84' },
});

/** A .prj-style WKT1 CRS. */
export const WKT_CRS = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
