// gf.sjoin: points (x/y columns or a point column) joined to a frame of polygons, one row per
// point (matches: 'first') or one per (point, polygon) pair (matches: 'all', checked against
// Turf), on both backends.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';
import { hasGpu, randomValidity, rng } from '../helpers/parity.js';
import { squares } from '../kernels/pip/pip-fixtures.js';
import { turfFeatures, turfPairs, type Geom } from '../kernels/pip/turf-oracle.js';

// Two features: a 10×10 square with a 2×2 hole, and a square beside it sharing an edge.
function polygons(): gf.DataFrame {
  const geometry = gf.geo.fromGeoJSON([
    { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] },
    { type: 'Polygon', coordinates: [[[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]]] },
  ]);
  return new gf.DataFrame({ name: ['west', 'east'], pop: new Int32Array([7, 9]), geometry });
}

// inside west, in the hole, on the shared edge, inside east, outside, on the hole's edge
const LON = [1, 5, 10, 15, 25, 4];
const LAT = [1, 5, 5, 5, 5, 5];

function points(): gf.DataFrame {
  return new gf.DataFrame({ name: ['a', 'b', 'c', 'd', 'e', 'f'], longitude: new Float64Array(LON), latitude: new Float64Array(LAT) });
}

function pointGeometry(): gf.DataFrame {
  const geometry = gf.geo.fromGeoJSON(LON.map((x, i) => (i === 3 ? null : { type: 'Point' as const, coordinates: [x, LAT[i]!] })));
  return new gf.DataFrame({ name: ['a', 'b', 'c', 'd', 'e', 'f'], geometry });
}

const cols = (rows: Array<Record<string, unknown>>, ...names: string[]) => rows.map((r) => names.map((n) => r[n]));

describe('sjoin', () => {
  it("how: 'left' keeps every point, with nulls where no polygon contains it; clashing names get the suffix", async () => {
    const rows = await frameParity(() => gf.sjoin(points(), polygons(), { how: 'left' }));
    expect(cols(rows, 'name', 'index_right', 'name_right', 'pop')).toEqual([
      ['a', 0, 'west', 7],
      ['b', null, null, null],
      ['c', 0, 'west', 7],
      ['d', 1, 'east', 9],
      ['e', null, null, null],
      ['f', 0, 'west', 7],
    ]);
  });

  it("how: 'inner' (default) keeps matched points only", async () => {
    const rows = await frameParity(() => gf.sjoin(points(), polygons()));
    expect(rows.map((r) => r.name)).toEqual(['a', 'c', 'd', 'f']);
  });

  it("matches: 'all' gives one row per (point, polygon) pair: the shared edge joins both", async () => {
    const inner = await frameParity(() => gf.sjoin(points(), polygons(), { matches: 'all' }));
    expect(cols(inner, 'name', 'index_right', 'name_right')).toEqual([['a', 0, 'west'], ['c', 0, 'west'], ['c', 1, 'east'], ['d', 1, 'east'], ['f', 0, 'west']]);
    const left = await frameParity(() => gf.sjoin(points(), polygons(), { matches: 'all', how: 'left', predicate: 'within' }));
    expect(cols(left, 'name', 'longitude', 'index_right', 'pop')).toEqual([
      ['a', 1, 0, 7], ['b', 5, null, null], ['c', 10, 0, 7], ['c', 10, 1, 9], ['d', 15, 1, 9], ['e', 25, null, null], ['f', 4, 0, 7],
    ]);
  });

  it('takes the points as a point column: named, or the frame\'s only one; a null point matches nothing', async () => {
    for (const options of [{ points: 'geometry' }, {}] as const) {
      // frameParity compares scalars, so the geometry column is compared apart (as GeoJSON).
      const rows = await frameParity(async () => (await gf.sjoin(pointGeometry(), polygons(), { ...options, how: 'left' })).drop('geometry'));
      expect(cols(rows, 'name', 'index_right', 'name_right')).toEqual([
        ['a', 0, 'west'], ['b', null, null], ['c', 0, 'west'], ['d', null, null], ['e', null, null], ['f', 0, 'west'],
      ]);
      const geoms = async (backend: 'cpu' | 'webgpu') => gf.withBackendAsync(backend, async () => (await gf.sjoin(pointGeometry(), polygons(), { ...options, how: 'left' })).column('geometry').toValues());
      const cpu = await geoms('cpu');
      expect(cpu).toEqual(await pointGeometry().column('geometry').toValues());
      if (hasGpu()) expect(await geoms('webgpu')).toEqual(cpu);
    }
    // Many-to-many with a point column: the point rows (geometry included) repeat per pair.
    const all = async (backend: 'cpu' | 'webgpu') => gf.withBackendAsync(backend, async () => {
      const df = await gf.sjoin(pointGeometry(), polygons(), { points: 'geometry', matches: 'all' });
      return { rows: cols(await df.drop('geometry').toRecords(), 'name', 'index_right'), geometry: await df.column('geometry').toValues() };
    });
    const cpu = await all('cpu');
    expect(cpu.rows).toEqual([['a', 0], ['c', 0], ['c', 1], ['f', 0]]);
    expect(cpu.geometry).toEqual([[1, 1], [10, 5], [10, 5], [4, 5]].map((c) => ({ type: 'Point', coordinates: c })));
    if (hasGpu()) expect(await all('webgpu')).toEqual(cpu);
  });

  it('x/y columns with nulls in both: a row null in either matches nothing', async () => {
    const df = new gf.DataFrame({
      name: ['a', 'b', 'c', 'd', 'e', 'f'],
      lon: gf.Column.from(new Float64Array(LON), new Uint8Array([0b111110])),
      lat: gf.Column.from(new Float64Array(LAT), new Uint8Array([0b110111])),
    });
    const rows = await frameParity(() => gf.sjoin(df, polygons(), { x: 'lon', y: 'lat', matches: 'all' }));
    expect(cols(rows, 'name', 'index_right')).toEqual([['c', 0], ['c', 1], ['f', 0]]);
  });

  it("matches: 'all' equals Turf on overlapping squares, inner and left, past one storage binding (maxBindingBytes 65536)", async () => {
    // 12 × 10 squares of side 1 on a 0.5 lattice: most points are in 2 to 4 of them, lattice points in up to 9.
    const geoms = squares(12, 10, 1, 0.5) as Geom[];
    const n = 9000;
    const r = rng(42);
    const xs = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? Math.round(r() * 16) / 2 : r() * 7.5 - 0.5));
    const ys = Float64Array.from({ length: n }, (_, i) => (i % 4 === 1 ? Math.round(r() * 14) / 2 : r() * 6.5 - 0.5));
    const validity = randomValidity(n, 0.05, 43);
    const make = () => ({
      pts: new gf.DataFrame({ id: Int32Array.from({ length: n }, (_, i) => i), x: gf.Column.from(xs, validity), y: gf.Column.from(ys) }),
      polys: new gf.DataFrame({ sq: Int32Array.from({ length: geoms.length }, (_, i) => 100 + i), geometry: gf.geo.fromGeoJSON(geoms) }),
    });
    const features = turfFeatures(geoms);
    try {
      if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
      for (const how of ['inner', 'left'] as const) {
        const want = turfPairs(xs, ys, features, validity, how === 'left');
        expect(want.rows.length).toBeGreaterThan(16384); // the pairs' int32 arrays span more than one binding
        const rows = await frameParity(async () => {
          const { pts, polys } = make();
          return gf.sjoin(pts, polys, { x: 'x', y: 'y', how, matches: 'all' });
        });
        expect(rows.map((row) => row.id)).toEqual([...want.rows]);
        expect(rows.map((row) => row.index_right ?? -1)).toEqual([...want.index]);
        expect(rows.map((row) => row.sq)).toEqual([...want.index].map((f) => (f < 0 ? null : 100 + f)));
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('rejects frames without geometry, non-float coordinates and bad options with typed errors', async () => {
    await expect(gf.sjoin(points(), points())).rejects.toThrow(/expected a polygons frame with one polygon or multipolygon column/);
    await expect(gf.sjoin(points(), polygons(), { x: 'name' })).rejects.toThrow(gf.DTypeError);
    await expect(gf.sjoin(points(), polygons(), { how: 'outer' as never })).rejects.toThrow(gf.ValueError);
    await expect(gf.sjoin(points(), polygons(), { x: 'lon' })).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(gf.sjoin(points(), polygons(), { matches: 'some' as never })).rejects.toThrow(/expected matches 'first' \| 'all'/);
    await expect(gf.sjoin(points(), polygons(), { predicate: 'contains' as never })).rejects.toThrow(/expected predicate 'within'/);
    await expect(gf.sjoin(points(), polygons(), { op: 'within' } as never)).rejects.toThrow(/got unknown option 'op'/);
    await expect(gf.sjoin(pointGeometry(), polygons(), { points: 'geometry', x: 'name' })).rejects.toThrow(/expected points or x\/y, got both/);
    await expect(gf.sjoin(points(), polygons(), { points: 'longitude' })).rejects.toThrow(/expected points as a point column, got float64/);
  });
});
