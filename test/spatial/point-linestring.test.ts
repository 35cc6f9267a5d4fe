// gf.pointLinestringDistance and gf.nearestLinestring: the operand forms, the rules, typed
// errors, and shapely/GEOS goldens (scripts/golden/point_linestring_reference.py →
// test/fixtures/spatial/point_linestring.json), on the active backend.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const golden = JSON.parse(readFileSync('test/fixtures/spatial/point_linestring.json', 'utf8')) as {
  points: number[][]; lines: Array<{ type: string; coordinates: unknown }>; rowLines: number[];
  rowwise: number[]; nearest: number[]; nearestDistance: number[];
};

const close = (got: number, want: number): boolean => Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want));

describe('pointLinestringDistance', () => {
  it('equals shapely (GEOS) row by row on the golden set', async () => {
    const pts = gf.geo.fromGeoJSON(golden.points.map((c) => ({ type: 'Point', coordinates: c })) as never);
    const lines = gf.geo.fromGeoJSON(golden.rowLines.map((j) => golden.lines[j]) as never, { type: 'multilinestring' });
    const got = (await gf.pointLinestringDistance(pts, lines).toValues()) as number[];
    let exact = 0;
    got.forEach((d, i) => {
      if (!close(d, golden.rowwise[i]!)) expect.fail(`row ${i}: expected ${golden.rowwise[i]}, got ${d}`);
      if (d === golden.rowwise[i]) exact++;
    });
    // GEOS's formula in IEEE float64: expected bit for bit on every row.
    expect(exact).toBe(got.length);
  });

  it('takes x and y Columns, a frame and names, and a linestring column', async () => {
    const lines = gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [4, 0]] }, { type: 'LineString', coordinates: [[0, 0], [0, 4]] }]);
    const df = new gf.DataFrame({ x: new Float64Array([2, 3]), y: new Float64Array([3, 1]) });
    const want = [3, 3];
    expect(await gf.pointLinestringDistance(df.column('x'), df.column('y'), lines).toValues()).toEqual(want);
    expect(await gf.pointLinestringDistance(df, 'x', 'y', lines).toValues()).toEqual(want);
    const withGeom = new gf.DataFrame({ id: new Int32Array([1, 2]) }).withColumns({ g: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [2, 3] }, { type: 'Point', coordinates: [3, 1] }]) });
    expect(await gf.pointLinestringDistance(withGeom, 'g', lines).toValues()).toEqual(want);
    const named = withGeom.withColumns({ l: lines });
    expect(await gf.pointLinestringDistance(named, 'g', 'l').toValues()).toEqual(want);
    expect(await gf.nearestLinestring(named, 'g', 'l').index.toValues()).toEqual([1, 0]); // (2, 3) is 2 from the y axis
  });

  it('the TSDoc example: null rows, an empty linestring → null', async () => {
    const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 1] }, { type: 'Point', coordinates: [5, 0] }, null, { type: 'Point', coordinates: [0, 0] }]);
    const lines = gf.geo.fromGeoJSON([
      { type: 'LineString', coordinates: [[0, 0], [2, 0]] },
      { type: 'LineString', coordinates: [[0, 0], [3, 4]] },
      { type: 'LineString', coordinates: [[0, 0], [1, 0]] },
      { type: 'LineString', coordinates: [] },
    ]);
    expect(await gf.pointLinestringDistance(pts, lines).toValues()).toEqual([1, 4, null, null]);
  });

  it('typed errors: metric, options, lengths, operand types', () => {
    const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 1] }]);
    const lines = gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [2, 0]] }]);
    expect(() => gf.pointLinestringDistance(pts, lines, { metric: 'haversine' as never })).toThrow(/expected metric 'euclidean' \(the metrics supported\), got 'haversine'/);
    expect(() => gf.pointLinestringDistance(pts, lines, { bogus: 1 } as never)).toThrow(gf.ValueError);
    expect(() => gf.pointLinestringDistance(pts, gf.geo.fromGeoJSON([null, null], { type: 'linestring' }))).toThrow(gf.ShapeError);
    expect(() => gf.pointLinestringDistance(pts, pts)).toThrow(gf.DTypeError);
    expect(() => gf.pointLinestringDistance(lines, lines)).toThrow(gf.DTypeError);
  });
});

describe('nearestLinestring', () => {
  it('equals shapely brute force (smallest index among equal distances) on the golden set, with and without the grid', async () => {
    const pts = gf.geo.fromGeoJSON(golden.points.map((c) => ({ type: 'Point', coordinates: c })) as never);
    const lines = gf.geo.fromGeoJSON(golden.lines as never);
    for (const index of ['none', 'grid', 'auto'] as const) {
      const r = gf.nearestLinestring(pts, lines, { index });
      expect(await r.index.toValues()).toEqual(golden.nearest);
      const d = (await r.distance.toValues()) as number[];
      d.forEach((v, i) => expect(v, `point ${i}`).toBe(golden.nearestDistance[i]));
    }
  });

  it('the TSDoc example: ties and maxDistance', async () => {
    const lines = gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [10, 0]] }, { type: 'LineString', coordinates: [[0, 5], [10, 5]] }]);
    const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [3, 1] }, { type: 'Point', coordinates: [3, 4] }, { type: 'Point', coordinates: [3, 2.5] }]);
    const { index, distance } = gf.nearestLinestring(pts, lines);
    expect(await index.toValues()).toEqual([0, 1, 0]);
    expect(await distance.toValues()).toEqual([1, 1, 2.5]);
    const near = gf.nearestLinestring(pts, lines, { maxDistance: 2 });
    expect(await near.index.toValues()).toEqual([0, 1, null]);
    expect(await near.distance.toValues()).toEqual([1, 1, null]);
  });

  it('typed errors: maxDistance, index, metric', () => {
    const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 1] }]);
    const lines = gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [2, 0]] }]);
    expect(() => gf.nearestLinestring(pts, lines, { maxDistance: -1 })).toThrow(/maxDistance as a number >= 0, got -1/);
    expect(() => gf.nearestLinestring(pts, lines, { maxDistance: NaN })).toThrow(gf.ValueError);
    expect(() => gf.nearestLinestring(pts, lines, { index: 'quadtree' as never })).toThrow(/expected index 'auto' \| 'grid' \| 'none', got 'quadtree'/);
    expect(() => gf.nearestLinestring(pts, lines, { metric: 'haversine' as never })).toThrow(/the metrics supported/);
    expect(() => gf.nearestLinestring(pts, pts)).toThrow(gf.DTypeError);
  });
});
