import { describe, expect, test } from 'vitest';
import * as gf from 'gpuframe';
import { expectSameGeometry, sampleColumn } from './geo-samples.js';

const TYPES: gf.GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];

const wkt = (geoms: Array<gf.geo.GeoJSONGeometry | null>) => gf.geo.toWKT(gf.geo.fromGeoJSON(geoms)).hostValues();
const read = (texts: Array<string | null>, options?: gf.geo.FromGeoBytesOptions) => gf.geo.fromWKT(gf.Column.from(texts), options);

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('toWKT / fromWKT', () => {
  test.each(TYPES)('%s: round trip is bit-exact (nulls, empties, -0, 5e-324, 1e21, 1/3), CRS given back', (type) => {
    const g = sampleColumn(type, 300, 11, 'OGC:CRS84');
    const text = gf.geo.toWKT(g);
    expect(text.type).toBe('utf8');
    expectSameGeometry(gf.geo.fromWKT(text, { crs: 'OGC:CRS84' }), g);
  });

  test('writes the text GEOS writes for each type, EMPTY for empties, -0 kept', () => {
    expect(wkt([{ type: 'Point', coordinates: [1, 2] }, { type: 'Point', coordinates: [NaN, NaN] }, null, { type: 'Point', coordinates: [0.1, -0] }])).toEqual([
      'POINT (1 2)',
      'POINT EMPTY',
      null,
      'POINT (0.1 -0)',
    ]);
    expect(wkt([{ type: 'LineString', coordinates: [[0, 0], [1.5, -2]] }, { type: 'LineString', coordinates: [] }])).toEqual(['LINESTRING (0 0, 1.5 -2)', 'LINESTRING EMPTY']);
    expect(wkt([{ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] }])).toEqual(['POLYGON ((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))']);
    expect(wkt([{ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }, { type: 'MultiPoint', coordinates: [] }])).toEqual(['MULTIPOINT ((1 2), (3 4))', 'MULTIPOINT EMPTY']);
    expect(wkt([{ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }])).toEqual(['MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))']);
    expect(wkt([{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] }])).toEqual([
      'MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))',
    ]);
    expect(wkt([{ type: 'Point', coordinates: [1e21, 5e-324] }])).toEqual(['POINT (1e+21 5e-324)']);
  });

  test('reads case, spacing, Z/M/ZM, attached dimension words, EWKT SRID, MULTIPOINT without inner parentheses', () => {
    const g = read(['point(1 2)', '  POINT Z (1 2 3) ', 'POINTM(1 2 9)', 'SRID=4326;POINT ZM (1 2 3 4)', 'POINT EMPTY', null, 'MULTIPOINT (3 4, 5 6)', 'MULTIPOINT ((7 8), EMPTY)']);
    expect(g.type).toBe('multipoint');
    expect(g.hostValues()).toEqual([
      { type: 'MultiPoint', coordinates: [[1, 2]] },
      { type: 'MultiPoint', coordinates: [[1, 2]] },
      { type: 'MultiPoint', coordinates: [[1, 2]] },
      { type: 'MultiPoint', coordinates: [[1, 2]] },
      { type: 'MultiPoint', coordinates: [] },
      null,
      { type: 'MultiPoint', coordinates: [[3, 4], [5, 6]] },
      { type: 'MultiPoint', coordinates: [[7, 8], [NaN, NaN]] },
    ]);
    expect(read(['LINESTRING(1e-3 -2.5E+2,+.5 7.)', 'LINESTRING (nan inf, -Infinity 0)']).hostValues()).toEqual([
      { type: 'LineString', coordinates: [[0.001, -250], [0.5, 7]] },
      { type: 'LineString', coordinates: [[NaN, Infinity], [-Infinity, 0]] },
    ]);
    expect(read(['POLYGON ((0 0, 1 0, 1 1, 0 0))', 'MULTIPOLYGON EMPTY']).hostValues()).toEqual([
      { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },
      { type: 'MultiPolygon', coordinates: [] },
    ]);
    expect(read(['MULTILINESTRING ((0 0, 1 1))', 'LINESTRING (2 2, 3 3)']).hostValues()).toEqual([
      { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] },
      { type: 'MultiLineString', coordinates: [[[2, 2], [3, 3]]] },
    ]);
  });

  test('text that does not parse is a ParseError naming the row and the character', () => {
    const cases: Array<[string, RegExp]> = [
      ['POINT (1)', /a second number \(x y\) at character 8, got '\)'/],
      ['POINT (1 2', /expected '\)' at character 10, got the end of the text/],
      ['LINESTRING (1 2, 3 4) x', /the end of the geometry at character 22, got 'x'/],
      ['CIRCLE (1 2)', /POINT, LINESTRING, POLYGON/],
      ['GEOMETRYCOLLECTION EMPTY', /GEOMETRYCOLLECTION is not supported/],
      ['POINT 1 2', /'\(' or EMPTY at character 6/],
      ['LINESTRING (1 2,, 3 4)', /a number at character 16/],
    ];
    for (const [text, msg] of cases) {
      const e = errorOf(() => read([null, null, text]));
      expect(e, text).toBeInstanceOf(gf.ParseError);
      expect(e.message, text).toMatch(msg);
      expect((e as gf.ParseError).row, text).toBe(2);
    }
    expect((errorOf(() => read([null, 'POINT (1 2', 'POINT (0 0)'])) as gf.ParseError).row).toBe(1);
  });

  test('mixed kinds, unclosed rings, wrong input type and unknown options are typed errors', () => {
    expect(() => read(['POINT (1 2)', 'LINESTRING (0 0, 1 1)'])).toThrow(/point \(row 0\) and linestring \(row 1\); mixed kinds stay WKB/);
    expect(() => read(['POLYGON ((0 0, 1 0, 1 1, 0 1))'])).toThrow(gf.GeometryError);
    expect(read(['POLYGON ((0 0, 1 0, 1 1, 0 1))'], { checkRings: false }).length).toBe(1);
    expect(() => gf.geo.fromWKT(gf.Column.from(new Int32Array(1)))).toThrow(/expected a utf8 column of WKT, got int32/);
    expect(() => read(['POINT (1 2)'], { srid: 1 } as never)).toThrow(gf.ValueError);
  });
});
