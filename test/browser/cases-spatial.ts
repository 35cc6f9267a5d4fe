/**
 * Browser slice, spatial: haversine, point-in-polygon (x/y columns and a point column),
 * nearest linestring, trajectories (derive, stats, gaps, stops) and a symmetrised distance matrix,
 * on small random data with nulls, NaN and ±Inf coordinates where they are allowed.
 */
import * as gf from 'gpuframe';
import { rng } from '../helpers/parity.js';
import { both, tolOf } from './compare.js';

/** n random lon/lat points (with null rows, and NaN/±Inf where `specials`), as a frame. */
function points(n: number, seed: number, specials: boolean): gf.DataFrame {
  const r = rng(seed);
  const lon = Float64Array.from({ length: n }, () => (r() - 0.5) * 20);
  const lat = Float64Array.from({ length: n }, () => (r() - 0.5) * 20);
  if (specials && n > 4) [lon[0], lat[1], lon[2], lat[3], lon[4]] = [NaN, Infinity, -Infinity, -0, 0];
  const valid = new Uint8Array(Math.ceil(n / 8)).fill(0xff);
  if (n > 5) valid[0]! &= ~(1 << 5);
  return new gf.DataFrame({ lon: gf.Column.from(lon, valid), lat: gf.Column.from(lat) });
}

const polygons = () =>
  gf.geo.fromGeoJSON([
    { type: 'Polygon', coordinates: [[[-5, -5], [5, -5], [5, 5], [-5, 5], [-5, -5]], [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]] },
    { type: 'MultiPolygon', coordinates: [[[[0, 0], [9, 0], [0, 9], [0, 0]]], [[[-9, -9], [-6, -9], [-6, -6], [-9, -9]]]] },
    null,
  ]);

const lines = () =>
  gf.geo.fromGeoJSON([
    { type: 'LineString', coordinates: [[-8, -8], [0, 3], [7, -2]] },
    { type: 'LineString', coordinates: [[5, 5], [5, 9]] },
    { type: 'LineString', coordinates: [] },
    null,
    { type: 'LineString', coordinates: [[-3, 6], [-3, 6.5], [2, 8], [9, 9]] },
  ]);

/** Tracks: `ids` trajectories of a random walk (times in seconds, one repeated gap, one long stop). */
function tracks(rows: number, ids: number, seed: number): gf.DataFrame {
  const r = rng(seed);
  const id = new Int32Array(rows), x = new Float64Array(rows), y = new Float64Array(rows), t = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    id[j] = j % ids;
    const prev = j >= ids ? j - ids : -1;
    const still = j % 11 < 4;
    x[j] = prev < 0 ? (r() - 0.5) * 40 : x[prev]! + (still ? 0 : (r() - 0.5) * 0.5);
    y[j] = prev < 0 ? (r() - 0.5) * 40 : y[prev]! + (still ? 0 : (r() - 0.5) * 0.5);
    t[j] = Math.floor(j / ids) * 60 + (j % 13 === 0 ? 3600 : 0);
  }
  return new gf.DataFrame({ id, x, y, t });
}

export async function spatialCases(n: number): Promise<void> {
  await both(`haversine n=${n}`, () => [gf.haversine(points(n, 1, true), 'lon', 'lat', 2.35, 48.85), gf.haversine(points(n, 2, false), 'lon', 'lat', -180, -0)], tolOf('spatial/haversine'));
  await both(`point-in-polygon n=${n}`, () => [gf.pointInPolygon(points(n, 3, true), 'lon', 'lat', polygons()), gf.pointInPolygon(points(n, 4, false), 'lon', 'lat', polygons(), { index: 'none' } as never)]);
  const pointColumn = () => {
    const r = rng(5);
    return gf.geo.fromGeoJSON(Array.from({ length: n }, (_, j) => (j % 9 === 4 ? null : { type: 'Point', coordinates: [(r() - 0.5) * 20, (r() - 0.5) * 20] })) as never, { type: 'point' });
  };
  await both(`point column in polygon n=${n}`, () => gf.pointInPolygon(pointColumn(), polygons()));
  await both(`point-linestring n=${n}`, () => {
    const p = pointColumn();
    const ls = lines();
    return [gf.nearestLinestring(p, ls), gf.nearestLinestring(p, ls, { maxDistance: 2 })];
  });
}

export async function trajectoryCases(rows: number): Promise<void> {
  // Euclidean only: the haversine variants are further df64 shaders (spatial/haversine above covers
  // df64 haversine), each a long compile on SwiftShader.
  const traj = () => gf.deriveTrajectories(tracks(rows, 5, rows), { id: 'id', x: 'x', y: 'y', t: 't' });
  await both(`trajectories rows=${rows}`, async () => {
    const tr = await traj();
    const metric = 'euclidean';
    return [tr, await gf.trajectoryStats(tr, { metric }), await gf.splitByGap(tr, { maxGap: 600 }), await gf.detectStops(tr, { maxDiameter: 0.05, minDuration: 120, metric })];
  }, tolOf('trajectory/segments')); // bearings: atan2 within 1e-12 on the device
  // Hausdorff and Fréchet (trajectory/hausdorff, trajectory/frechet) are left to the Node suite: their
  // soft-f64 shaders take most of a minute to compile on SwiftShader. The matrix kernel runs here.
  await both(`distance matrix n=${rows >> 3}`, () => {
    const m = rows >> 3;
    const r = rng(m);
    const a = Float64Array.from({ length: m * m }, (_, k) => (k % (m + 1) === 0 ? 0 : k % 17 === 3 ? NaN : r() * 10));
    const d = gf.DistanceMatrix.fromArray(a, m);
    return [d.symmetrize('max'), d.symmetrize('mean')];
  });
}
