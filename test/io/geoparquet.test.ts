import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import Ajv from 'ajv';
import wkx from 'wkx';
import * as gf from 'gpuframe';
import { CRS84_PROJJSON, WKT_CRS, exact, randomGeometries } from '../helpers/nested-columns.js';

const TYPES: gf.GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];
const FIXTURES = fileURLToPath(new URL('../fixtures/geoparquet/', import.meta.url));
const fixture = (name: string) => readFileSync(FIXTURES + name);

/** The GeoParquet 1.1.0 schema (and the PROJJSON schema it references), validated offline with ajv. */
const ajv = new (Ajv as unknown as typeof Ajv.default)({ strict: false, allErrors: true });
ajv.addSchema(JSON.parse(fixture('projjson-v0.7.schema.json').toString()));
const validateGeo = ajv.compile(JSON.parse(fixture('schema.json').toString()));

function bufferOf(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** The `geo` key-value metadata of a Parquet file, as hyparquet (an independent reader) reads it. */
function geoOf(bytes: Uint8Array): Record<string, any> {
  const md = parquetMetadata(bufferOf(bytes), { geoparquet: false });
  return JSON.parse(md.key_value_metadata!.find((kv) => kv.key === 'geo')!.value!);
}

/** [xmin, ymin, xmax, ymax] of the finite coordinates, computed from the GeoJSON values. */
function bboxOf(values: unknown[]): number[] | undefined {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      b[0] = Math.min(b[0]!, x!);
      b[1] = Math.min(b[1]!, y!);
      b[2] = Math.max(b[2]!, x!);
      b[3] = Math.max(b[3]!, y!);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const g of values) if (g) visit((g as { coordinates: unknown }).coordinates);
  return b[0]! <= b[2]! ? b : undefined;
}

/** An independent WKB decoding (wkx) as GeoJSON; an empty point (NaN NaN in WKB) as [NaN, NaN], as gpuframe reads it. */
function wkxGeoJSON(bytes: Uint8Array | null): unknown {
  if (bytes === null || bytes === undefined) return null;
  const g = wkx.Geometry.parse(Buffer.from(bytes)).toGeoJSON() as { type: string; coordinates: unknown[] };
  if (g.type === 'Point' && g.coordinates.length === 0) return { type: 'Point', coordinates: [NaN, NaN] };
  return { type: g.type, coordinates: g.coordinates };
}

function frame(cols: Record<string, gf.Column>): gf.DataFrame {
  return gf.DataFrame.fromTable({ names: Object.keys(cols), columns: Object.values(cols), numRows: Object.values(cols)[0]!.length });
}

const CRSES = [undefined, CRS84_PROJJSON, WKT_CRS, 'OGC:CRS84', 'EPSG:3857'];

describe('GeoParquet 1.1', () => {
  test.each(TYPES)('%s: both encodings keep every coordinate bit, part, ring, null and the CRS; geo metadata validates', async (type) => {
    const geoms = randomGeometries(40 + TYPES.indexOf(type), type, 150);
    for (const geometryEncoding of ['wkb', 'geoarrow'] as const) {
      for (const crs of CRSES) {
        const g = gf.geo.fromGeoJSON(geoms, { type, crs });
        const want = await g.toValues();
        const id = gf.Column.from(Int32Array.from({ length: 150 }, (_, i) => i));
        const bytes = await gf.writeParquet(frame({ id, geometry: g }), undefined, { geometryEncoding, rowGroupSize: 64 });
        const geo = geoOf(bytes);
        expect(validateGeo(geo), JSON.stringify(validateGeo.errors)).toBe(true);
        expect(geo.version).toBe('1.1.0');
        expect(geo.primary_column).toBe('geometry');
        const meta = geo.columns.geometry;
        expect(meta.encoding).toBe(geometryEncoding === 'wkb' ? 'WKB' : type);
        expect(meta.geometry_types).toEqual([{ point: 'Point', linestring: 'LineString', polygon: 'Polygon', multipoint: 'MultiPoint', multilinestring: 'MultiLineString', multipolygon: 'MultiPolygon' }[type]]);
        expect(meta.bbox).toEqual(bboxOf(want));
        if (crs === CRS84_PROJJSON) expect(meta.crs).toEqual(JSON.parse(crs));
        else if (crs === 'OGC:CRS84') expect('crs' in meta).toBe(false);
        else expect(meta.crs).toBeNull();
        const back = await gf.readParquet(bytes);
        expect(back.schema).toEqual({ id: 'int32', geometry: type });
        expect(back.column('geometry').crs).toBe(crs);
        expect(exact(await back.column('geometry').toValues())).toEqual(exact(want));
      }
    }
  });

  test.each(TYPES)('%s as WKB reads back through hyparquet with wkx decoding the WKB to the same geometries', async (type) => {
    const g = gf.geo.fromGeoJSON(randomGeometries(60 + TYPES.indexOf(type), type, 90), { type, crs: 'OGC:CRS84' });
    const bytes = await gf.writeParquet(frame({ geometry: g }));
    const file = bufferOf(bytes);
    const metadata = parquetMetadata(file, { geoparquet: false });
    const rows = await parquetReadObjects({ file, metadata, compressors, utf8: false });
    expect(exact(rows.map((r) => wkxGeoJSON((r.geometry ?? null) as Uint8Array | null)))).toEqual(exact(await g.toValues()));
  });

  test('several geometry columns: primary_column is "geometry", each column keeps its own encoding, type and CRS', async () => {
    const a = gf.geo.fromGeoJSON(randomGeometries(70, 'point', 30), { type: 'point', crs: 'EPSG:3857' });
    const geometry = gf.geo.fromGeoJSON(randomGeometries(71, 'multipolygon', 30), { type: 'multipolygon', crs: WKT_CRS });
    const bytes = await gf.writeParquet(frame({ a, geometry }), undefined, { geometryEncoding: 'geoarrow' });
    const geo = geoOf(bytes);
    expect(validateGeo(geo)).toBe(true);
    expect(geo.primary_column).toBe('geometry');
    expect(Object.keys(geo.columns)).toEqual(['a', 'geometry']);
    const back = await gf.readParquet(bytes, { columns: ['geometry', 'a'] });
    expect(back.schema).toEqual({ geometry: 'multipolygon', a: 'point' });
    expect([back.column('a').crs, back.column('geometry').crs]).toEqual(['EPSG:3857', WKT_CRS]);
    expect(exact(await back.column('a').toValues())).toEqual(exact(await a.toValues()));
  });

  test('a frame without geometry has no geo metadata; a bad geometryEncoding is a ValueError', async () => {
    const df = frame({ x: gf.Column.from(new Float64Array([1, 2])) });
    const md = parquetMetadata(bufferOf(await gf.writeParquet(df)), { geoparquet: false });
    expect(md.key_value_metadata?.some((kv) => kv.key === 'geo')).toBe(false);
    const g = frame({ g: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }]) });
    await expect(gf.writeParquet(g, undefined, { geometryEncoding: 'wkt' as never })).rejects.toThrow(gf.ValueError);
  });

  test.each(TYPES.flatMap((t) => [[t, 'wkb'], [t, 'native']] as const))('reads the GeoParquet 1.1.0 test data (%s, %s) as the WKT beside it (parsed by wkx) says', async (type, encoding) => {
    const df = await gf.readParquet(FIXTURES + `data-${type}-encoding_${encoding}.parquet`);
    expect(df.column('geometry').type).toBe(type);
    expect(df.column('geometry').crs).toBe('OGC:CRS84'); // no crs key: the spec's default
    const csv = fixture(`data-${type}-wkt.csv`).toString().trim().split('\n').slice(1);
    const want = csv.map((line) => {
      const wkt = /^\d+,"(.*)"$/.exec(line)?.[1];
      if (wkt === undefined) return null;
      const g = wkx.Geometry.parse(wkt).toGeoJSON() as { type: string; coordinates: unknown[] };
      return g.type === 'Point' && g.coordinates.length === 0 ? { type: 'Point', coordinates: [NaN, NaN] } : { type: g.type, coordinates: g.coordinates };
    });
    expect(exact(await df.column('geometry').toValues())).toEqual(exact(want));
  });
});
