import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/helpers';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import * as gf from 'gpuframe';
import { expectSameGeometry, sampleColumn, samples } from './geo-samples.js';

const TYPES: gf.GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];
const dir = mkdtempSync(join(tmpdir(), 'gf-geojson-'));

const fc = (features: unknown[], extra: object = {}) => ({ type: 'FeatureCollection', ...extra, features });
const feat = (geometry: unknown, properties: unknown = {}, id?: unknown) => ({ type: 'Feature', ...(id === undefined ? {} : { id }), properties, geometry });
const pt = (x: number, y: number) => ({ type: 'Point' as const, coordinates: [x, y] });

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('readGeoJSON', () => {
  test('properties become typed columns as fromRecords types them; ids kept; geometry with its CRS', async () => {
    const df = await gf.readGeoJSON(
      fc([
        feat(pt(1, 2), { name: 'a', pop: 10, area: 1.5, big: true, tags: ['x'], note: null }, 7),
        feat(pt(3, 4), { name: null, pop: 3000000000, area: 2, big: false, tags: { k: 1 } }, 8),
        feat(null, { name: 'c', pop: null, area: null, big: null }),
      ]),
    );
    expect(df.names).toEqual(['id', 'name', 'pop', 'area', 'big', 'tags', 'note', 'geometry']);
    expect(df.schema).toEqual({ id: 'int64', name: 'utf8', pop: 'int64', area: 'float64', big: 'bool', tags: 'utf8', note: 'float64', geometry: 'point' });
    expect(df.column('id').hostValues()).toEqual([7n, 8n, null]);
    expect(df.column('pop').hostValues()).toEqual([10n, 3000000000n, null]);
    expect(df.column('area').hostValues()).toEqual([1.5, 2, null]);
    expect(df.column('tags').hostValues()).toEqual(['["x"]', '{"k":1}', null]);
    expect(df.column('geometry').hostValues()).toEqual([pt(1, 2), pt(3, 4), null]);
    expect(df.column('geometry').crs).toBe('OGC:CRS84');
    const legacy = await gf.readGeoJSON(fc([feat(pt(0, 0))], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }));
    expect(legacy.column('geometry').crs).toBe('urn:ogc:def:crs:EPSG::3857');
    expect(legacy.names).toEqual(['geometry']);
  });

  test('properties are typed exactly as DataFrame.fromRecords types the same rows (differential)', async () => {
    const rows: Array<Record<string, unknown>> = [
      { i: 1, f: 0.5, m: 1, s: 'x', b: true, n: null, big: 2 ** 60, neg: -(2 ** 40) - 3, e: -0 },
      { i: -7, f: 2, m: 2.25, s: 'é"', b: false, big: -(2 ** 53) + 1, neg: -1, e: 0 },
      { i: null, f: null, s: null, b: null, n: null, big: 9007199254740993, neg: 2 ** 31 },
      {},
      { i: 2 ** 31, m: -3, s: '', only: 'last', e: 12 },
    ];
    const ours = await gf.readGeoJSON(fc(rows.map((p) => feat(pt(0, 0), p))));
    const ref = gf.DataFrame.fromRecords(rows);
    expect(ours.names).toEqual([...ref.names, 'geometry']);
    for (const name of ref.names) {
      expect(ours.column(name).type, name).toBe(ref.column(name).type);
      expect(ours.column(name).hostValues(), name).toEqual(ref.column(name).hostValues());
    }
    // Where fromRecords refuses (integers beyond int64), GeoJSON reads float64.
    const wide = await gf.readGeoJSON(fc([feat(pt(0, 0), { w: 1 }), feat(pt(0, 0), { w: 1e300 })]));
    expect([wide.schema.w, wide.column('w').hostValues()]).toEqual(['float64', [1, 1e300]]);
  });

  test('a path, GeoJSON text and a parsed object read the same; a type and its multi read as the multi', async () => {
    const obj = fc([feat({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, { k: 's' }, 'f1'), feat({ type: 'MultiPolygon', coordinates: [] }, { k: 't' }, 'f2')]);
    const path = join(dir, 'mixed-multi.geojson');
    writeFileSync(path, JSON.stringify(obj));
    const frames = [await gf.readGeoJSON(path), await gf.readGeoJSON(JSON.stringify(obj, null, 2)), await gf.readGeoJSON(obj)];
    for (const df of frames) {
      expect(df.schema).toEqual({ id: 'utf8', k: 'utf8', geometry: 'multipolygon' });
      expect(df.column('geometry').hostValues()).toEqual([
        { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },
        { type: 'MultiPolygon', coordinates: [] },
      ]);
    }
  });

  test('errors name the file and the feature: JSON, root, unknown type, open ring, mixed kinds, mixed properties', async () => {
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, '{"type": "FeatureCollection", "features": [');
    const json = await errorOf(gf.readGeoJSON(bad));
    expect(json).toBeInstanceOf(gf.ParseError);
    expect(json.message).toMatch(/expected valid JSON/);
    expect((json as gf.ParseError).file).toBe(bad);

    const f = join(dir, 'cases.geojson');
    const cases: Array<[unknown, new (m: string) => Error, RegExp]> = [
      [{ type: 'Feature', geometry: pt(0, 0), properties: {} }, gf.ParseError, /expected a FeatureCollection, got type "Feature"/],
      [{ type: 'FeatureCollection' }, gf.ParseError, /without a features array/],
      [[1, 2], gf.ParseError, /expected a FeatureCollection/],
      [fc([feat(pt(0, 0)), { type: 'Polygon' }]), gf.ParseError, /expected a Feature, got type "Polygon" \(feature 1\)/],
      [fc([feat(pt(0, 0)), feat({ type: 'Circle', coordinates: [0, 0] })]), gf.GeometryError, /got "Circle" \(feature 1 of .*cases\.geojson\)/],
      [fc([feat(pt(0, 0)), feat(pt(1, 1)), feat({ type: 'GeometryCollection', geometries: [] })]), gf.GeometryError, /feature 2 of/],
      [fc([feat({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }), feat({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })]), gf.GeometryError, /closed ring.*feature 1 of .*cases\.geojson/],
      [fc([feat({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })]), gf.GeometryError, /at least 4 positions.*feature 0/],
      [fc([feat(pt(0, 0)), feat({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })]), gf.GeometryError, /point \(feature 0\) and linestring \(feature 1\); read them as one binary column of WKB with \{ mixed: 'wkb' \}/],
      [fc([feat({ type: 'LineString', coordinates: [[0, 0], ['a', 1]] })]), gf.GeometryError, /a position \[x, y\], got \["a",1\] \(feature 0/],
      [fc([feat(pt(0, 0), { a: 1 }), feat(pt(0, 0), { a: 'x' })]), gf.ParseError, /'a'.*at feature 1.*cases\.geojson/],
      [fc([feat(pt(0, 0), { id: 1 }, 5)]), gf.ParseError, /idColumn/],
    ];
    for (const [content, cls, msg] of cases) {
      writeFileSync(f, JSON.stringify(content));
      const e = await errorOf(gf.readGeoJSON(f));
      expect(e, msg.source).toBeInstanceOf(cls);
      expect(e.message, msg.source).toMatch(msg);
      expect(e.message, msg.source).toContain(f);
    }
    await expect(gf.readGeoJSON(fc([]), { mixed: 'yes' } as never)).rejects.toThrow(gf.ValueError);
    await expect(gf.readGeoJSON(fc([]), { bbox: true } as never)).rejects.toThrow(gf.ValueError);
    expect((await gf.readGeoJSON(fc([feat(pt(0, 0), { id: 1 }, 5)]), { idColumn: 'fid' })).names).toEqual(['fid', 'id', 'geometry']);
  });

  test("mixed kinds read as a binary WKB 'geometry' column with { mixed: 'wkb' }, and write back as themselves", async () => {
    const geoms = [pt(1, 2), { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, null, { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }];
    const df = await gf.readGeoJSON(fc(geoms.map((g) => feat(g))), { mixed: 'wkb' });
    expect(df.schema.geometry).toBe('binary');
    const wkb = df.column('geometry');
    expect(gf.geo.fromWKB(gf.geo.toWKB(gf.geo.fromGeoJSON([pt(1, 2)]))).hostValues()).toEqual([pt(1, 2)]);
    expect((wkb.hostValues()[2] as unknown)).toBeNull();
    const text = await gf.writeGeoJSON(df);
    expect(JSON.parse(text).features.map((f: { geometry: unknown }) => f.geometry)).toEqual(geoms);
  });
});

describe('writeGeoJSON', () => {
  test.each(TYPES)('%s: write then read is bit-exact (nulls, empties, -0, extreme doubles) with properties and ids', async (type) => {
    const n = 150;
    const g = sampleColumn(type, n, 3, 'OGC:CRS84');
    const df = new gf.DataFrame({
      id: gf.Column.from(Int32Array.from({ length: n }, (_, i) => i * 3)),
      name: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `n"${i}\\é`)),
      v: Float64Array.from({ length: n }, (_, i) => i / 7),
      geometry: g,
    });
    const path = join(dir, `${type}.geojson`);
    const text = await gf.writeGeoJSON(df, path, { idColumn: 'id' });
    expect(readFileSync(path, 'utf8')).toBe(text);
    const parsed = JSON.parse(text);
    expect(parsed.features[1].id).toBe(3);
    expect(Object.keys(parsed.features[1].properties)).toEqual(['name', 'v']);
    // The samples hold extreme doubles (1e21, 5e-324) that no longitude or latitude can be.
    await expect(gf.readGeoJSON(path)).rejects.toThrow(gf.GeometryError);
    const back = await gf.readGeoJSON(path, { checkLonLat: false });
    expectSameGeometry(back.column('geometry'), g);
    expect(back.column('name').hostValues()).toEqual(df.column('name').hostValues());
    expect(back.column('v').hostValues()).toEqual(df.column('v').hostValues());
    expect(back.column('id').hostValues()).toEqual(Array.from({ length: n }, (_, i) => BigInt(i * 3)));
  });

  test('properties: int64 as numbers where exact else strings, timestamps ISO at their unit, dates, bools, nulls', async () => {
    const ts = (unit: gf.Column['unit'], v: bigint[]) => new gf.Column({ type: 'timestamp', unit, data: gf.array(BigInt64Array.from(v), 'int64') });
    const df = new gf.DataFrame({
      i64: gf.Column.from(BigInt64Array.from([2n ** 53n, 2n ** 63n - 1n, -(2n ** 60n), 2n ** 53n + 1n])),
      us: ts('us', [1700000000123456n, -1n, 0n, 86400000000n]),
      s: ts('s', [0n, -1n, 1n, 951782400n]),
      d: new gf.Column({ type: 'date', data: gf.array(Int32Array.from([0, -1, 19000, 11016]), 'int32') }),
      b: new gf.Column({ type: 'bool', data: gf.array(Uint8Array.from([1, 0, 1, 0]), 'bool'), validity: gf.array(Uint8Array.from([0b0111]), 'uint8') }),
      geometry: gf.geo.fromGeoJSON([pt(0, 0), pt(1, 1), pt(2, 2), pt(3, 3)]),
    });
    const props = JSON.parse(await gf.writeGeoJSON(df)).features.map((f: { properties: unknown }) => f.properties);
    expect(props.map((p: { i64: unknown }) => p.i64)).toEqual([2 ** 53, '9223372036854775807', -(2 ** 60), '9007199254740993']);
    expect(props.map((p: { us: unknown }) => p.us)).toEqual(['2023-11-14T22:13:20.123456Z', '1969-12-31T23:59:59.999999Z', '1970-01-01T00:00:00.000000Z', '1970-01-02T00:00:00.000000Z']);
    expect(props.map((p: { s: unknown }) => p.s)).toEqual(['1970-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '1970-01-01T00:00:01Z', '2000-02-29T00:00:00Z']);
    expect(props.map((p: { d: unknown }) => p.d)).toEqual(['1970-01-01', '1969-12-31', '2022-01-08', '2000-02-29']);
    expect(props.map((p: { b: unknown }) => p.b)).toEqual([true, false, true, null]);
  });

  test('a geometry column must be found; non-finite coordinates, binary properties and unknown options are errors', async () => {
    const g = gf.geo.fromGeoJSON([pt(0, 0)]);
    await expect(gf.writeGeoJSON(new gf.DataFrame({ a: new Float64Array(1) }))).rejects.toThrow(/expected a geometry column/);
    await expect(gf.writeGeoJSON(new gf.DataFrame({ a: g, b: g }))).rejects.toThrow(/one geometry column or the geometry option, got a, b/);
    expect(JSON.parse(await gf.writeGeoJSON(new gf.DataFrame({ a: g, b: g }), undefined, { geometry: 'b' })).features[0].properties.a).toEqual(pt(0, 0));
    await expect(gf.writeGeoJSON(new gf.DataFrame({ geometry: gf.geo.fromWKT(gf.Column.from(['LINESTRING (0 0, inf 1)'])) }))).rejects.toThrow(/finite coordinates.*row 0/);
    await expect(gf.writeGeoJSON(new gf.DataFrame({ w: gf.geo.toWKB(g), geometry: g }))).rejects.toThrow(/binary column 'w'/);
    await expect(gf.writeGeoJSON(new gf.DataFrame({ geometry: g }), undefined, { crs: 'x' } as never)).rejects.toThrow(gf.ValueError);
  });

  test('the output opens in Turf: every feature rebuilds through @turf/helpers (which checks rings and positions) and point-in-polygon agrees', async () => {
    const makers: Record<string, (c: never, p: never) => unknown> = {
      Point: turf.point as never,
      LineString: turf.lineString as never,
      Polygon: turf.polygon as never,
      MultiPoint: turf.multiPoint as never,
      MultiLineString: turf.multiLineString as never,
      MultiPolygon: turf.multiPolygon as never,
    };
    for (const type of TYPES) {
      const geoms = samples(type, 40, 5).filter((x) => x !== null && x.coordinates.length > 0);
      const df = new gf.DataFrame({ k: Float64Array.from(geoms, (_, i) => i), geometry: gf.geo.fromGeoJSON(geoms) });
      const parsed = JSON.parse(await gf.writeGeoJSON(df));
      const rebuilt = turf.featureCollection(parsed.features.map((f: { geometry: { type: string; coordinates: never }; properties: never }) => makers[f.geometry.type]!(f.geometry.coordinates, f.properties)));
      expect(rebuilt).toEqual(parsed);
      expect(parsed.features.map((f: { geometry: unknown }) => f.geometry)).toEqual(geoms);
    }
    const square = gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]] }]);
    const poly = JSON.parse(await gf.writeGeoJSON(new gf.DataFrame({ geometry: square }))).features[0];
    expect([booleanPointInPolygon([5, 5], poly), booleanPointInPolygon([3, 3], poly), booleanPointInPolygon([11, 5], poly)]).toEqual([true, false, false]);
  });
});
