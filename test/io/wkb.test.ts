import { describe, expect, test } from 'vitest';
import * as gf from 'gpuframe';
import { expectSameGeometry, sampleColumn } from './geo-samples.js';

const TYPES: gf.GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();

/** A binary column of the given values (null → null), offsets starting at `start` over a padded child. */
function binary(values: Array<Uint8Array | null>, start = 0): gf.Column {
  const offsets = new Int32Array(values.length + 1);
  offsets[0] = start;
  values.forEach((v, i) => (offsets[i + 1] = offsets[i]! + (v?.length ?? 0)));
  const bytes = new Uint8Array(offsets[values.length]! + 3);
  values.forEach((v, i) => v && bytes.set(v, offsets[i]!));
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => v && (bits[i >> 3]! |= 1 << (i & 7)));
  return new gf.Column({
    type: 'binary',
    data: gf.array(offsets, 'int32'),
    validity: values.includes(null) ? gf.array(bits, 'uint8') : undefined,
    children: [gf.Column.from(bytes)],
  });
}

// Reference bytes written by GEOS (shapely.wkb.dumps), independent of gpuframe.
const GEOS = {
  pointLE: '0101000000000000000000F03F0000000000000040',
  pointBE: '00000000013FF00000000000004000000000000000',
  pointZ: '0101000080000000000000F03F00000000000000400000000000000840',
  pointZSrid: '01010000A0E6100000000000000000F03F00000000000000400000000000000840',
  lineBE: '000000000200000003000000000000000000000000000000003FF00000000000003FF000000000000040000000000000003FE0000000000000',
  polygon:
    '010300000002000000040000000000000000000000000000000000000000000000000010400000000000000000000000000000104000000000000010400000000000000000000000000000000004000000000000000000F03F000000000000F03F0000000000000040000000000000F03F00000000000000400000000000000040000000000000F03F000000000000F03F',
  multipolygonSrid: '0106000020110F0000010000000103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F00000000000000000000000000000000',
  multilineZ:
    '01050000800200000001020000800200000000000000000000000000000000000000000000000000F03F000000000000F03F000000000000F03F0000000000000040010200008002000000000000000000004000000000000000400000000000000840000000000000084000000000000008400000000000001040',
  multipoint: '0104000000020000000101000000000000000000F03F0000000000000040010100000000000000000008400000000000001040',
  pointEmpty: '0101000000000000000000F87F000000000000F87F',
  lineEmpty: '010200000000000000',
};

describe('toWKB / fromWKB', () => {
  test.each(TYPES)('%s: round trip is bit-exact (nulls, empties, -0, extreme doubles), CRS given back', (type) => {
    const g = sampleColumn(type, 300, 7, 'EPSG:4326');
    const wkb = gf.geo.toWKB(g);
    expect(wkb.type).toBe('binary');
    expect(wkb.length).toBe(300);
    expect(wkb.hostValues().map((v) => v === null)).toEqual(g.hostValues().map((v) => v === null));
    expectSameGeometry(gf.geo.fromWKB(wkb, { crs: 'EPSG:4326' }), g);
  });

  test('writes the bytes GEOS writes (ISO, little-endian, 2-D; an empty point as NaN NaN)', () => {
    const w = (geoms: gf.geo.GeoJSONGeometry[]) => gf.geo.toWKB(gf.geo.fromGeoJSON(geoms)).hostValues().map((b) => toHex(b as Uint8Array));
    expect(w([{ type: 'Point', coordinates: [1, 2] }])).toEqual([GEOS.pointLE]);
    expect(w([{ type: 'Point', coordinates: [NaN, NaN] }])).toEqual([GEOS.pointEmpty]);
    expect(w([{ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] }])).toEqual([GEOS.polygon]);
    expect(w([{ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }])).toEqual([GEOS.multipoint]);
    expect(w([{ type: 'LineString', coordinates: [] }])).toEqual([GEOS.lineEmpty]);
  });

  test('reads big-endian, Z (dropped), EWKB with SRID, and empties as GEOS writes them', () => {
    const pts = gf.geo.fromWKB(binary([hex(GEOS.pointBE), hex(GEOS.pointZ), hex(GEOS.pointZSrid), hex(GEOS.pointEmpty), null]));
    expect(pts.type).toBe('point');
    const v = pts.hostValues() as Array<{ coordinates: number[] } | null>;
    expect(v.slice(0, 3).map((p) => p!.coordinates)).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(v[3]!.coordinates.every(Number.isNaN)).toBe(true);
    expect(v[4]).toBeNull();
    expect(gf.geo.fromWKB(binary([hex(GEOS.lineBE), hex(GEOS.lineEmpty)])).hostValues()).toEqual([
      { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0.5]] },
      { type: 'LineString', coordinates: [] },
    ]);
    expect(gf.geo.fromWKB(binary([hex(GEOS.multipolygonSrid)])).hostValues()).toEqual([{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }]);
    expect(gf.geo.fromWKB(binary([hex(GEOS.multilineZ)])).hostValues()).toEqual([{ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }]);
  });

  test('reads ISO M and ZM codes (1001..3006) with the extra values dropped', () => {
    const m = new Uint8Array(29);
    const dv = new DataView(m.buffer);
    dv.setUint8(0, 1);
    dv.setUint32(1, 2001, true); // POINT M
    [5, 6, 7].forEach((x, i) => dv.setFloat64(5 + 8 * i, x, true));
    const zm = new Uint8Array(9 + 2 * 32);
    const dz = new DataView(zm.buffer);
    dz.setUint8(0, 0);
    dz.setUint32(1, 3002, false); // LINESTRING ZM, big-endian
    dz.setUint32(5, 2, false);
    [1, 2, 9, 9, 3, 4, 9, 9].forEach((x, i) => dz.setFloat64(9 + 8 * i, x, false));
    expect(gf.geo.fromWKB(binary([m])).hostValues()).toEqual([{ type: 'Point', coordinates: [5, 6] }]);
    expect(gf.geo.fromWKB(binary([zm])).hostValues()).toEqual([{ type: 'LineString', coordinates: [[1, 2], [3, 4]] }]);
  });

  test('a column mixing a type and its multi reads as the multi type; offsets may start above 0', () => {
    const c = binary([hex(GEOS.pointLE), null, hex(GEOS.multipoint), hex(GEOS.pointEmpty)], 5);
    const g = gf.geo.fromWKB(c);
    expect(g.type).toBe('multipoint');
    expect(g.hostValues()).toEqual([
      { type: 'MultiPoint', coordinates: [[1, 2]] },
      null,
      { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] },
      { type: 'MultiPoint', coordinates: [] },
    ]);
    expect(gf.geo.fromWKB(binary([hex(GEOS.polygon)]), { type: 'multipolygon' }).type).toBe('multipolygon');
  });

  test('mixed kinds are a GeometryError naming both rows; an empty column is an empty point column', () => {
    expect(() => gf.geo.fromWKB(binary([null, hex(GEOS.pointLE), hex(GEOS.lineBE)]))).toThrow(/one kind.*point \(row 1\) and linestring \(row 2\)/);
    expect(() => gf.geo.fromWKB(binary([hex(GEOS.pointLE), hex(GEOS.lineBE)]), { type: 'point' })).toThrow(gf.GeometryError);
    const e = gf.geo.fromWKB(binary([]));
    expect([e.type, e.length]).toEqual(['point', 0]);
  });

  test('bad input is a ParseError naming the row: truncated, bad byte order, bad type code, bytes left over', () => {
    const good = hex(GEOS.polygon);
    const cases: Array<[Uint8Array, RegExp]> = [
      [good.slice(0, good.length - 3), /truncated/],
      [good.slice(0, 3), /WKB header.*truncated/],
      [Uint8Array.from([2, ...good.slice(1)]), /byte order of 0 or 1, got 2/],
      [Uint8Array.from([1, 99, 0, 0, 0]), /type code.*got 99/],
      [Uint8Array.from([1, 7, 0, 0, 0, 0, 0, 0, 0]), /GeometryCollection, not supported/],
      [Uint8Array.from([...hex(GEOS.pointLE), 0]), /1 left over/],
      [hex('0104000000010000000102000000'.padEnd(80, '0')), /a point inside the multi geometry, got a linestring/],
    ];
    for (const [bytes, msg] of cases) {
      const c = binary([null, null, bytes]);
      const row = 2;
      let err: unknown;
      try {
        gf.geo.fromWKB(c);
      } catch (e) {
        err = e;
      }
      expect(err, msg.source).toBeInstanceOf(gf.ParseError);
      expect((err as gf.ParseError).message).toMatch(msg);
      expect((err as gf.ParseError).row).toBe(row);
    }
  });

  test('huge counts are bounded by the bytes left (no hang, no huge allocation)', () => {
    const huge = (code: number) => Uint8Array.from([1, code, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
    for (const code of [2, 3, 4, 5, 6]) {
      const t0 = performance.now();
      expect(() => gf.geo.fromWKB(binary([huge(code)]))).toThrow(/4294967295 .* truncated WKB.*row 0/);
      expect(performance.now() - t0).toBeLessThan(100);
    }
  });

  test('unclosed rings are a GeometryError unless checkRings: false; unknown options and non-binary input are errors', () => {
    const open = gf.geo.toWKB(gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }], { checkRings: false }));
    expect(() => gf.geo.fromWKB(open)).toThrow(/closed ring.*feature 0/);
    expect(gf.geo.fromWKB(open, { checkRings: false }).length).toBe(1);
    expect(() => gf.geo.fromWKB(open, { srid: 4326 } as never)).toThrow(gf.ValueError);
    expect(() => gf.geo.fromWKB(gf.Column.from(new Float64Array(2)))).toThrow(/expected a binary column of WKB, got float64/);
    expect(() => gf.geo.toWKB(gf.Column.from(new Float64Array(2)))).toThrow(/expected a geometry column, got float64/);
  });
});
