import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const square = [0, 0, 0, 1, 1, 1, 1, 0, 0, 0];
const buffers = (o: { coords?: number[]; rings?: number[]; parts?: number[]; geoms?: number[] } = {}) => ({
  coords: gf.array(new Float64Array(o.coords ?? square)),
  ringOffsets: gf.array(new Int32Array(o.rings ?? [0, 5])),
  partOffsets: gf.array(new Int32Array(o.parts ?? [0, 1])),
  geomOffsets: gf.array(new Int32Array(o.geoms ?? [0, 1])),
});

describe('PolygonColumn', () => {
  it('wraps valid GeoArrow buffers (the constructor example)', async () => {
    const col = new gf.PolygonColumn(buffers());
    expect(col.length).toBe(1);
    expect(col.kind).toBe('multipolygon');
    expect(await col.getPolygon(0)).toEqual([[[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]]);
  });

  it('fromGeoJSON: polygons become one-part multipolygons, holes and nulls kept, z dropped', async () => {
    const hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.2, 0.2]];
    const outer = [[0, 0, 9], [0, 1, 9], [1, 1, 9], [1, 0, 9], [0, 0, 9]];
    const col = gf.PolygonColumn.fromGeoJSON([
      { type: 'Polygon', coordinates: [outer, hole] },
      null,
      { type: 'MultiPolygon', coordinates: [[outer], [hole]] },
      { type: 'MultiPolygon', coordinates: [] },
    ]);
    expect(col.length).toBe(4);
    expect([...(await col.geomOffsets.toArray())]).toEqual([0, 1, 1, 3, 3]);
    expect([...(await col.partOffsets.toArray())]).toEqual([0, 2, 3, 4]);
    expect([...(await col.ringOffsets.toArray())]).toEqual([0, 5, 10, 15, 20]);
    expect(col.coords.length).toBe(40);
    expect([...(await col.validity!.toArray())]).toEqual([0b1101]);
    expect(await col.getPolygon(1)).toBeNull();
    expect(await col.getPolygon(3)).toEqual([]);
    expect((await col.getPolygon(0))![0]![1]).toEqual(hole);
    const dense = gf.PolygonColumn.fromGeoJSON([{ type: 'Polygon', coordinates: [hole] }]);
    expect(dense.validity).toBeUndefined();
    expect(gf.PolygonColumn.fromGeoJSON([]).length).toBe(0);
  });

  it('rejects wrong dtypes, bad offsets, open or short rings', () => {
    expect(() => new gf.PolygonColumn({ ...buffers(), coords: gf.array(new Float32Array(square)) as never })).toThrow(gf.DTypeError);
    expect(() => new gf.PolygonColumn({ ...buffers(), ringOffsets: gf.array(new Uint32Array([0, 5])) as never })).toThrow(gf.DTypeError);
    expect(() => new gf.PolygonColumn(buffers({ coords: square.slice(0, 9) }))).toThrow(/even number/);
    expect(() => new gf.PolygonColumn(buffers({ rings: [1, 5] }))).toThrow(gf.GeometryError);
    expect(() => new gf.PolygonColumn(buffers({ rings: [0, 6] }))).toThrow(/end at 5 vertices/);
    expect(() => new gf.PolygonColumn(buffers({ parts: [0, 2] }))).toThrow(gf.GeometryError);
    expect(() => new gf.PolygonColumn(buffers({ geoms: [0, 1, 0] }))).toThrow(/non-decreasing/);
    const open = [0, 0, 0, 1, 1, 1, 1, 0, 0.5, 0];
    expect(() => new gf.PolygonColumn(buffers({ coords: open }))).toThrow(/closed ring.*feature 0, part 0, ring 0/);
    expect(() => new gf.PolygonColumn(buffers({ coords: [0, 0, 0, 1, 0, 0], rings: [0, 3] }))).toThrow(/at least 4 vertices, got 3/);
    expect(() => gf.PolygonColumn.fromGeoJSON([{ type: 'Point', coordinates: [0, 0] } as never])).toThrow(gf.GeometryError);
    expect(() => gf.PolygonColumn.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] }])).toThrow(gf.GeometryError);
  });

  it('getPolygon checks its index', async () => {
    const col = new gf.PolygonColumn(buffers());
    await expect(col.getPolygon(1)).rejects.toBeInstanceOf(gf.GeometryError);
    await expect(col.getPolygon(-1)).rejects.toBeInstanceOf(gf.GeometryError);
  });
});
