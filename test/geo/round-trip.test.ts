// Issue 9, acceptance 2: shapefile (each shape type) → frame → GeoParquet → frame → GeoJSON →
// frame → Arrow → frame keeps every coordinate bit, part, ring, null and the CRS.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as gf from 'gpuframe';

const TYPES = new URL('../fixtures/shapefile/types/', import.meta.url).pathname;
const NC = new URL('../../data/nc/nc.shp', import.meta.url).pathname;
const WORLD = new URL('../../data/naturalearth_lowres/naturalearth_lowres.shp', import.meta.url).pathname;

/** Every coordinate's bits in row order (null rows add nothing), and the nested shape of each row. */
async function fingerprint(c: gf.Column): Promise<{ shape: unknown[]; bits: string }> {
  const values = (await c.toValues()) as Array<{ type: string; coordinates: unknown } | null>;
  const coords: number[] = [];
  const shape = values.map((g) => {
    if (g === null) return null;
    const walk = (v: unknown): unknown => {
      if (typeof (v as number[])[0] === 'number') {
        coords.push(...(v as number[]));
        return 'xy';
      }
      return (v as unknown[]).map(walk);
    };
    return [g.type, walk(g.coordinates)];
  });
  return { shape, bits: Buffer.from(new Float64Array(coords).buffer).toString('hex') };
}

const cases: Array<[string, string, gf.GeometryType]> = [
  ['point', join(TYPES, 'point.shp'), 'point'],
  ['multipoint', join(TYPES, 'multipoint.shp'), 'multipoint'],
  ['polyline (Z dropped)', join(TYPES, 'polylinez.shp'), 'multilinestring'],
  ['polygon', join(TYPES, 'polygon.shp'), 'multipolygon'],
  ['nc.shp (NAD27, 100 counties)', NC, 'multipolygon'],
  ['Natural Earth (holes, multipolygons)', WORLD, 'multipolygon'],
];

describe('geometry round trip: shapefile → GeoParquet → GeoJSON → Arrow', () => {
  for (const [what, path, type] of cases) {
    for (const encoding of ['wkb', 'geoarrow'] as const) {
      it(`${what}, GeoParquet ${encoding}`, async () => {
        const shp = await gf.readShapefile(path, { reproject: false });
        const g0 = shp.column('geometry');
        expect(g0.type).toBe(type);
        const crs = g0.crs;
        const want = await fingerprint(g0);

        const pq = await gf.readParquet(await gf.writeParquet(shp, undefined, { geometryEncoding: encoding }));
        expect(pq.column('geometry').type).toBe(type);
        expect(pq.column('geometry').crs).toBe(crs);
        expect(await fingerprint(pq.column('geometry'))).toEqual(want);

        // GeoJSON (RFC 7946) has no CRS member: the reader is told the CRS the data is in.
        const gj = await gf.readGeoJSON(await gf.writeGeoJSON(pq), crs === undefined ? {} : { crs });
        expect(gj.column('geometry').type).toBe(type);
        if (crs !== undefined) expect(gj.column('geometry').crs).toBe(crs);
        expect(await fingerprint(gj.column('geometry'))).toEqual(want);

        const ar = await gf.readArrow(await gf.writeArrow(gj));
        expect(ar.column('geometry').type).toBe(type);
        expect(ar.column('geometry').crs).toBe(gj.column('geometry').crs);
        expect(await fingerprint(ar.column('geometry'))).toEqual(want);
        expect(ar.numRows).toBe(shp.numRows);
        // The attributes travel too (their types may widen through GeoJSON: ints read as int64).
        for (const name of shp.names.filter((n) => n !== 'geometry')) {
          const a = (await shp.column(name).toValues()).map((v) => (typeof v === 'bigint' ? Number(v) : v));
          const b = (await ar.column(name).toValues()).map((v) => (typeof v === 'bigint' ? Number(v) : v));
          expect(b, name).toEqual(a);
        }
      });
    }
  }
});
