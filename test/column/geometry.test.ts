// Geometry columns built from GeoJSON (gf.geo.fromGeoJSON) and from raw GeoArrow buffers
// (new gf.Column), with their ring checks, and the flat buffers the point-in-polygon kernel reads.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { polygonBuffers } from '../../src/column/geometry.js';

const square = [0, 0, 0, 1, 1, 1, 1, 0, 0, 0];
const ints = (a: number[]) => gf.array(new Int32Array(a));

/** A multipolygon column from raw buffers: coords, ring, part and geometry offsets. */
const raw = (o: { coords?: number[]; rings?: number[]; parts?: number[]; geoms?: number[] } = {}) => {
  const points = new gf.Column({ type: 'point', data: gf.array(new Float64Array(o.coords ?? square)) });
  const rings = new gf.Column({ type: 'list', data: ints(o.rings ?? [0, 5]), children: [points] });
  const parts = new gf.Column({ type: 'list', data: ints(o.parts ?? [0, 1]), children: [rings] });
  return new gf.Column({ type: 'multipolygon', data: ints(o.geoms ?? [0, 1]), children: [parts] });
};

async function flat(col: gf.Column) {
  const b = polygonBuffers(col, 'test');
  const out = {
    geoms: [...(await b.geomOffsets.toArray())],
    parts: [...(await b.partOffsets.toArray())],
    rings: [...(await b.ringOffsets.toArray())],
    coords: b.coords.length,
  };
  b.dispose();
  return out;
}

describe('geometry columns from raw GeoArrow buffers', () => {
  it('wraps valid multipolygon buffers; values come back as GeoJSON', async () => {
    const col = raw();
    expect(col.length).toBe(1);
    expect(col.type).toBe('multipolygon');
    expect(await col.toValues()).toEqual([{ type: 'MultiPolygon', coordinates: [[[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]] }]);
    expect(await flat(col)).toEqual({ geoms: [0, 1], parts: [0, 1], rings: [0, 5], coords: 10 });
  });

  it('rejects wrong dtypes, bad offsets and wrong nesting', () => {
    const pts = new gf.Column({ type: 'point', data: gf.array(new Float64Array(square)) });
    expect(() => new gf.Column({ type: 'point', data: gf.array(new Float32Array(square)) as never })).toThrow(gf.ShapeError);
    expect(() => new gf.Column({ type: 'linestring', data: gf.array(new Uint32Array([0, 5])) as never, children: [pts] })).toThrow(gf.ShapeError);
    expect(() => raw({ coords: square.slice(0, 9) })).toThrow(/even length/);
    expect(() => raw({ rings: [0, 6] })).toThrow(/within the child's 5 rows/);
    expect(() => raw({ parts: [0, 2] })).toThrow(gf.ShapeError);
    expect(() => raw({ geoms: [0, 1, 0] })).toThrow(/non-decreasing/);
    expect(() => raw({ rings: [-1, 5] })).toThrow(/start at 0 or more/);
    expect(() => new gf.Column({ type: 'multipolygon', data: ints([0, 1]), children: [pts] })).toThrow(gf.GeometryError);
  });
});

describe('gf.geo.fromGeoJSON', () => {
  const hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.2, 0.2]];
  const outer = [[0, 0, 9], [0, 1, 9], [1, 1, 9], [1, 0, 9], [0, 0, 9]];
  const outer2 = outer.map(([x, y]) => [x!, y!]);

  it('point: interleaved xy, nulls kept, z dropped', async () => {
    const col = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2, 3] }, null, { type: 'Point', coordinates: [-0, 5e-324] }], { crs: 'OGC:CRS84' });
    expect(col.type).toBe('point');
    expect(col.crs).toBe('OGC:CRS84');
    expect([...(await col.data.toArray()).slice(0, 2), ...(await col.data.toArray()).slice(4)]).toEqual([1, 2, -0, 5e-324]);
    expect([...(await col.validity!.toArray())]).toEqual([0b101]);
    expect(await col.toValues()).toEqual([{ type: 'Point', coordinates: [1, 2] }, null, { type: 'Point', coordinates: [-0, 5e-324] }]);
  });

  it('linestring and multipoint: offsets into points', async () => {
    const ls = gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] }, { type: 'LineString', coordinates: [] }]);
    expect(ls.type).toBe('linestring');
    expect([...(await ls.data.toArray())]).toEqual([0, 3, 3]);
    expect(await ls.toValues()).toEqual([{ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] }, { type: 'LineString', coordinates: [] }]);
    const mp = gf.geo.fromGeoJSON([{ type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] }, { type: 'Point', coordinates: [5, 5] }]);
    expect(mp.type).toBe('multipoint');
    expect(await mp.toValues()).toEqual([{ type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] }, { type: 'MultiPoint', coordinates: [[5, 5]] }]);
  });

  it('multilinestring: lines mixed with multilines become multilinestrings', async () => {
    const col = gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, { type: 'MultiLineString', coordinates: [[[2, 2], [3, 3]], [[4, 4], [5, 5], [6, 6]]] }]);
    expect(col.type).toBe('multilinestring');
    expect([...(await col.data.toArray())]).toEqual([0, 1, 3]);
    expect([...(await col.child.data.toArray())]).toEqual([0, 2, 4, 7]);
    expect((await col.toValues())[0]).toEqual({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] });
  });

  it('polygon: rings with holes', async () => {
    const col = gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [outer, hole] }, null]);
    expect(col.type).toBe('polygon');
    expect([...(await col.data.toArray())]).toEqual([0, 2, 2]);
    expect(await col.toValues()).toEqual([{ type: 'Polygon', coordinates: [outer2, hole] }, null]);
    expect(await flat(col)).toEqual({ geoms: [0, 1, 2], parts: [0, 2, 2], rings: [0, 5, 10], coords: 20 });
  });

  it('multipolygon: polygons become one-part multipolygons, holes and nulls kept, z dropped', async () => {
    const col = gf.geo.fromGeoJSON([
      { type: 'Polygon', coordinates: [outer, hole] },
      null,
      { type: 'MultiPolygon', coordinates: [[outer], [hole]] },
      { type: 'MultiPolygon', coordinates: [] },
    ]);
    expect(col.type).toBe('multipolygon');
    expect(col.length).toBe(4);
    expect(await flat(col)).toEqual({ geoms: [0, 1, 1, 3, 3], parts: [0, 2, 3, 4], rings: [0, 5, 10, 15, 20], coords: 40 });
    expect([...(await col.validity!.toArray())]).toEqual([0b1101]);
    const values = await col.toValues();
    expect(values[1]).toBeNull();
    expect(values[3]).toEqual({ type: 'MultiPolygon', coordinates: [] });
    expect((values[0] as { coordinates: number[][][][] }).coordinates[0]![1]).toEqual(hole);
    const dense = gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [hole] }]);
    expect(dense.validity).toBeUndefined();
    expect(gf.geo.fromGeoJSON([]).length).toBe(0);
  });

  it('rejects open or short rings (naming feature, part and ring), unknown and mixed types', () => {
    const open = [[0, 0], [0, 1], [1, 1], [1, 0], [0.5, 0]];
    expect(() => gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [open] }])).toThrow(/closed ring.*feature 0, part 0, ring 0/);
    expect(() => gf.geo.fromGeoJSON([null, { type: 'MultiPolygon', coordinates: [[outer2], [outer2, open]] }])).toThrow(/closed ring.*feature 1, part 1, ring 1/);
    expect(() => gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] }])).toThrow(/at least 4 vertices, got 3/);
    expect(() => gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [open] }], { checkRings: false })).not.toThrow();
    expect(() => gf.geo.fromGeoJSON([{ type: 'Circle', coordinates: [0, 0] } as never])).toThrow(gf.GeometryError);
    expect(() => gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [0, 0] }, { type: 'Polygon', coordinates: [outer2] }])).toThrow(gf.GeometryError);
    expect(() => gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [0, 0] }], { type: 'polygon' })).toThrow(gf.GeometryError);
    expect(() => gf.geo.fromGeoJSON([{ type: 'Point', coordinates: ['a', 0] as never }])).toThrow(gf.GeometryError);
  });
});
