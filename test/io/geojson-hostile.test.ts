// Hostile GeoJSON (issue 16): non-finite coordinates (1e999 in the text, NaN or Infinity in a
// parsed object) and longitudes/latitudes out of range for a geographic CRS are typed errors
// naming the feature, part, ring and vertex; `checkLonLat: false` keeps out-of-range values.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';

const fc = (...geoms: unknown[]) => ({ type: 'FeatureCollection', features: geoms.map((geometry, i) => ({ type: 'Feature', properties: { k: i }, geometry })) });
const square = (x: number, y: number, s: number): number[][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

describe('readGeoJSON hostile: non-finite coordinates', () => {
  it('1e999 in the text (Infinity once parsed) is a GeometryError naming the feature, ring and vertex', async () => {
    const text = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},' +
      '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1e999],[0,1],[0,0]]]}}]}';
    // Mixed kinds read as WKB would skip the geometry column: read the polygon alone first.
    const poly = text.replace(/\{"type":"Feature","properties":\{\},"geometry":\{"type":"Point","coordinates":\[1,2\]\}\},/, '');
    const e = await rejection(gf.readGeoJSON(poly));
    expect(e).toBeInstanceOf(gf.GeometryError);
    expect(e.message).toBe('readGeoJSON: expected finite coordinates, got (1, Infinity) (feature 0 of <text>, part 0, ring 0, vertex 2)');
  });

  it('NaN and ±Infinity in a parsed object: multipolygon hole, linestring, point', async () => {
    const hole = [[1, 1], [2, 1], [NaN, 2], [1, 1]];
    let e = await rejection(gf.readGeoJSON(fc({ type: 'Polygon', coordinates: [square(0, 0, 1)] }, { type: 'MultiPolygon', coordinates: [[square(10, 10, 1)], [square(0, 0, 4), hole]] })));
    expect(e.message).toMatch(/got \(NaN, 2\) \(feature 1 of <object>, part 1, ring 1, vertex 2\)/);
    e = await rejection(gf.readGeoJSON(fc({ type: 'LineString', coordinates: [[0, 0], [1, -Infinity]] })));
    expect(e.message).toMatch(/got \(1, -Infinity\) \(feature 0 of <object>, vertex 1\)/);
    e = await rejection(gf.readGeoJSON(fc({ type: 'Point', coordinates: [1, 2] }, null, { type: 'Point', coordinates: [Infinity, 0] })));
    expect(e.message).toMatch(/got \(Infinity, 0\) \(feature 2 of <object>\)/);
    // checkLonLat: false does not let non-finite values through.
    await expect(gf.readGeoJSON(fc({ type: 'Point', coordinates: [NaN, 0] }), { checkLonLat: false })).rejects.toThrow(gf.GeometryError);
    // An empty point ([]) is NaN, NaN: still read.
    expect((await gf.readGeoJSON(fc({ type: 'Point', coordinates: [] }))).numRows).toBe(1);
  });

  it('fromGeoJSON refuses a non-finite polygon vertex, naming the feature, part, ring and vertex', () => {
    expect(() => gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, NaN], [0, 0]]] }])).toThrow(/fromGeoJSON: expected finite coordinates, got \(1, NaN\) \(feature 0, part 0, ring 0, vertex 2\)/);
    expect(() => gf.geo.fromGeoJSON([null, { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1), [[6, 6], [7, 6], [Infinity, 7], [6, 6]]]] }])).toThrow(/\(Infinity, 7\) \(feature 1, part 1, ring 1, vertex 2\)/);
  });

  it('features of mixed kinds read as WKB are checked too', async () => {
    const mixed = fc({ type: 'Point', coordinates: [1, 2] }, { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, NaN], [0, 0]]] });
    const e = await rejection(gf.readGeoJSON(mixed, { mixed: 'wkb' }));
    expect(e.message).toBe('readGeoJSON: expected finite coordinates, got (1, NaN) (feature 1 of <object>, part 0, ring 0, vertex 2)');
    const far = fc({ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [0, 95]] });
    await expect(gf.readGeoJSON(far, { mixed: 'wkb' })).rejects.toThrow(/got \(0, 95\) \(feature 1 of <object>, vertex 1\); pass \{ checkLonLat: false \}/);
    expect((await gf.readGeoJSON(far, { mixed: 'wkb', checkLonLat: false })).column('geometry').type).toBe('binary');
  });

  it('a MultiLineString read from a file names the part and vertex', async () => {
    const e = await rejection(gf.readGeoJSON(fc(null, { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [Infinity, 3]]] })));
    expect(e.message).toMatch(/\(Infinity, 3\) \(feature 1 of <object>, part 1, vertex 1\)/);
  });
});

describe('readGeoJSON hostile: longitude and latitude out of range', () => {
  it('longitude 181 and latitude -90.5 are GeometryErrors naming the feature; 1e-6 degrees over is tolerated', async () => {
    let e = await rejection(gf.readGeoJSON(fc({ type: 'Polygon', coordinates: [square(0, 0, 1)] }, { type: 'Polygon', coordinates: [[[170, 0], [181, 0], [181, 1], [170, 0]]] })));
    expect(e).toBeInstanceOf(gf.GeometryError);
    expect(e.message).toMatch(/readGeoJSON: expected longitude in \[-180, 180\] and latitude in \[-90, 90\] \(±0\.000001°\) for a geographic CRS, got \(181, 0\) \(feature 1 of <object>, part 0, ring 0, vertex 1\); pass \{ checkLonLat: false \} to keep them/);
    e = await rejection(gf.readGeoJSON(fc({ type: 'MultiPoint', coordinates: [[0, 0], [0, -90.5]] })));
    expect(e.message).toMatch(/got \(0, -90\.5\) \(feature 0 of <object>, point 1\)/);
    const ok = await gf.readGeoJSON(fc({ type: 'MultiPoint', coordinates: [[180.0000009, 90.0000009], [-180.0000009, -90]] }));
    expect(ok.numRows).toBe(1);
  });

  it('checkLonLat: false keeps them; a projected CRS (legacy crs member or option) is not checked', async () => {
    const far = fc({ type: 'Point', coordinates: [500000, 4649776] });
    await expect(gf.readGeoJSON(far)).rejects.toThrow(gf.GeometryError);
    const kept = await gf.readGeoJSON(far, { checkLonLat: false });
    expect(await kept.column('geometry').toValues()).toEqual([{ type: 'Point', coordinates: [500000, 4649776] }]);
    const legacy = { ...far, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32631' } } };
    expect((await gf.readGeoJSON(legacy)).column('geometry').crs).toBe('urn:ogc:def:crs:EPSG::32631');
    expect((await gf.readGeoJSON(far, { crs: 'EPSG:32631' })).numRows).toBe(1);
    // EPSG:4326 named explicitly is geographic: checked.
    await expect(gf.readGeoJSON(far, { crs: 'EPSG:4326' })).rejects.toThrow(/for a geographic CRS/);
  });

  it('the option is strict: a snake_case name gets a hint, a non-boolean is a ValueError', async () => {
    await expect(gf.readGeoJSON(fc(), { check_lon_lat: false } as never)).rejects.toThrow(/unknown option 'check_lon_lat' \(did you mean 'checkLonLat'/);
    await expect(gf.readGeoJSON(fc(), { checkLonLat: 0 } as never)).rejects.toThrow(/readGeoJSON: expected checkLonLat as a boolean, got 0/);
  });
});
