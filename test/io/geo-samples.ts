/** Seeded GeoJSON geometries of every type (nulls, empties, -0, extreme doubles) and a bit-exact column comparison. */
import { expect } from 'vitest';
import * as gf from 'gpuframe';

type Geom = gf.geo.GeoJSONGeometry | null;

/** mulberry32: a small seeded generator (the test's own, independent of the library). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREMES = [-0, 0, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 0.1, 1 / 3, 1e21, 1e-7, 123456789.12345679];

/** A double with a random exponent (so text formatting meets every notation), or an extreme value. */
function coord(r: () => number): number {
  if (r() < 0.15) return EXTREMES[Math.floor(r() * EXTREMES.length)]!;
  return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
}

const pos = (r: () => number) => [coord(r), coord(r)];
const line = (r: () => number, min: number) => Array.from({ length: min + Math.floor(r() * 4) }, () => pos(r));
const ring = (r: () => number) => {
  const l = line(r, 3);
  return [...l, [...l[0]!]];
};
const poly = (r: () => number) => Array.from({ length: 1 + Math.floor(r() * 3) }, () => ring(r));

/** `n` geometries of `type` (seeded): about 10% nulls, some empties (multi types also with one part). */
export function samples(type: gf.GeometryType, n: number, seed = 1): Geom[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i): Geom => {
    if (r() < 0.1) return null;
    const empty = i % 7 === 3;
    const parts = empty ? 0 : 1 + Math.floor(r() * 3);
    switch (type) {
      case 'point':
        return { type: 'Point', coordinates: empty ? [] : pos(r) };
      case 'linestring':
        return { type: 'LineString', coordinates: empty ? [] : line(r, 2) };
      case 'polygon':
        return { type: 'Polygon', coordinates: empty ? [] : poly(r) };
      case 'multipoint':
        return { type: 'MultiPoint', coordinates: Array.from({ length: parts }, () => pos(r)) };
      case 'multilinestring':
        return { type: 'MultiLineString', coordinates: Array.from({ length: parts }, () => line(r, 2)) };
      case 'multipolygon':
        return { type: 'MultiPolygon', coordinates: Array.from({ length: parts }, () => poly(r)) };
    }
  });
}

/** A geometry column of `samples` (an empty point is NaN NaN, as GeoArrow stores it). */
export function sampleColumn(type: gf.GeometryType, n: number, seed = 1, crs?: string): gf.Column {
  const geoms = samples(type, n, seed).map((g) => (g && g.type === 'Point' && g.coordinates.length === 0 ? { type: 'Point' as const, coordinates: [NaN, NaN] } : g));
  return gf.geo.fromGeoJSON(geoms, { crs });
}

function levels(c: gf.Column): gf.Column[] {
  const out = [c];
  while (out[out.length - 1]!.type !== 'point') out.push(out[out.length - 1]!.children[0]!);
  return out;
}

/** Same type, CRS, validity, offsets at every level, and coordinates bit for bit. */
export function expectSameGeometry(a: gf.Column, b: gf.Column): void {
  expect(a.type).toBe(b.type);
  expect(a.length).toBe(b.length);
  expect(a.crs).toBe(b.crs);
  const valid = (c: gf.Column, i: number) => !c.validity || (((c.validity.hostView('t') as Uint8Array)[i >> 3]! >> (i & 7)) & 1) === 1;
  for (let i = 0; i < a.length; i++) expect(valid(a, i), `validity of row ${i}`).toBe(valid(b, i));
  const la = levels(a);
  const lb = levels(b);
  expect(la.length).toBe(lb.length);
  la.forEach((c, k) => {
    const x = c.data.hostView('t') as Float64Array | Int32Array;
    const y = lb[k]!.data.hostView('t') as Float64Array | Int32Array;
    if (c.type === 'point') {
      expect(Array.from(new BigUint64Array(x.buffer, x.byteOffset, x.length)), 'coordinate bits').toEqual(Array.from(new BigUint64Array(y.buffer, y.byteOffset, y.length)));
    } else expect(Array.from(x), `offsets at level ${k}`).toEqual(Array.from(y));
  });
}
