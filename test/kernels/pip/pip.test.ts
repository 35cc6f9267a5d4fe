// Parity + oracle tests for 'spatial/point-in-polygon' (kernels/pip/). The oracle is Turf
// itself (test/kernels/pip/turf-oracle.ts): every point's feature must equal the smallest f
// with booleanPointInPolygon(point, feature f) true, or null. Every case runs with the grid
// index and with the brute-force scan, on the CPU twin and on WebGPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orient2d } from 'robust-predicates';
import haoPip from 'point-in-polygon-hao';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, randomValidity, rng, SIZES, withGridCap } from '../../helpers/parity.js';
import { turfOrient, turfPip } from '../../../kernels/pip/turf-orient.js';
import { polygonBuffers } from '../../../src/column/geometry.js';
import { pipCount, pipRank } from '../../../kernels/pip/pip.js';
import { geomsOf, turfFeatures, turfOracle, turfPairs, type Geom, type TurfFeature } from './turf-oracle.js';
import { adversarial, squares, starPolygon } from './pip-fixtures.js';

type Mode = 'none' | 'grid' | 'auto';

/** Run both index modes on both backends against Turf's answer. */
async function check(xs: Float64Array, ys: Float64Array, col: gf.Column, features: ReadonlyArray<TurfFeature | null>, what: string, validity?: Uint8Array, modes: Mode[] = ['none', 'grid']): Promise<Int32Array> {
  const { index, bits } = turfOracle(xs, ys, features, validity);
  const v = validity ? gf.array(validity) : undefined;
  for (const mode of modes) {
    await parity(() => {
      const r = gf.pointInPolygon(gf.array(xs), gf.array(ys), col, { index: mode, validity: v });
      return [r.index, r.validity];
    }, { oracle: [index, bits], what: `${what} (${mode})` });
  }
  return index;
}

/**
 * The many-to-many modes of the kernel against Turf: 'count' (features containing each point)
 * and 'rank' (the k-th smallest of them, for every k, plus NO_RANK rows), both index modes.
 */
async function checkPairs(xs: Float64Array, ys: Float64Array, col: gf.Column, features: ReadonlyArray<TurfFeature | null>, what: string, validity?: Uint8Array): Promise<void> {
  const n = xs.length;
  const pairs = turfPairs(xs, ys, features, validity);
  const counts = new Uint32Array(n);
  for (const i of pairs.rows) counts[i]!++;
  // Rank inputs: one row per pair (rank k of its point), then a NO_RANK row and a rank past the last.
  const m = pairs.rows.length;
  const extra = n > 0 ? 2 : 0;
  const rx = new Float64Array(m + extra);
  const ry = new Float64Array(m + extra);
  const rank = new Uint32Array(m + extra);
  const want = new Int32Array(m + extra).fill(-1);
  for (let j = 0, k = 0; j < m; j++) {
    k = j > 0 && pairs.rows[j - 1] === pairs.rows[j] ? k + 1 : 0;
    rx[j] = xs[pairs.rows[j]!]!;
    ry[j] = ys[pairs.rows[j]!]!;
    rank[j] = k;
    want[j] = pairs.index[j]!;
  }
  if (n > 0) {
    [rx[m], ry[m], rank[m]] = [xs[0]!, ys[0]!, 0xffffffff];
    [rx[m + 1], ry[m + 1], rank[m + 1]] = [xs[0]!, ys[0]!, counts[0]!];
  }
  const wantBits = new Uint8Array(Math.ceil((m + extra) / 8));
  want.forEach((f, j) => f >= 0 && (wantBits[j >> 3]! |= 1 << (j & 7)));
  const v = validity ? gf.array(validity) : undefined;
  for (const mode of ['none', 'grid'] as const) {
    await parity(() => {
      const pb = polygonBuffers(col, 'test');
      const out = pipCount(gf.array(xs), gf.array(ys), pb, v, mode);
      pb.dispose();
      return [out];
    }, { oracle: [counts], what: `${what} count (${mode})` });
    await parity(() => {
      const pb = polygonBuffers(col, 'test');
      const r = pipRank(gf.array(rx), gf.array(ry), pb, gf.array(rank), mode);
      pb.dispose();
      return [r.index, r.validity];
    }, { oracle: [want, wantBits], what: `${what} rank (${mode})` });
  }
}

describe('Turf arithmetic restated (JS, no device)', () => {
  const SPECIAL = [0, -0, 1, -1, 3, 0.1, 1e-300, -1e-300, 1e-170, 5e-324, 2 ** -1022, 1e300, -1e300, 1e154, Infinity, -Infinity, NaN];

  it('turfOrient equals robust-predicates orient2d(u1, u2, v1, v2, 0, 0) bit for bit', () => {
    const r = rng(1);
    const pick = () => (r() < 0.4 ? SPECIAL[Math.floor(r() * SPECIAL.length)]! : (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20));
    let bad = 0;
    const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
    for (let i = 0; i < 300_000; i++) {
      const [a, b, c, d] = [pick(), pick(), pick(), pick()];
      if (!same(turfOrient(a, b, c, d), orient2d(a, b, c, d, 0, 0))) bad++;
    }
    // Near-collinear, at every scale: the adaptive stage decides these.
    for (let i = 0; i < 200_000; i++) {
      const s = 10 ** Math.floor(r() * 600 - 300);
      const u1 = (r() * 2 - 1) * s, v1 = (r() * 2 - 1) * s, t = r() * 3;
      const [a, b, c, d] = [u1, u1 * t, v1, v1 * t * (1 + (r() < 0.5 ? 0 : 2 ** -52))];
      if (!same(turfOrient(a, b, c, d), orient2d(a, b, c, d, 0, 0))) bad++;
    }
    expect(bad).toBe(0);
  });

  it('turfPip equals point-in-polygon-hao on random rings with holes', () => {
    const r = rng(3);
    let bad = 0;
    for (let k = 0; k < 300; k++) {
      const poly = adversarial.randomPolygon(r, 3 + Math.floor(r() * 20), k % 3 === 0);
      const flat = poly.flat();
      const xy = new Float64Array(flat.flat());
      const ro = new Int32Array(poly.length + 1);
      poly.forEach((ring, i) => (ro[i + 1] = ro[i]! + ring.length));
      for (let j = 0; j < 60; j++) {
        const v = flat[Math.floor(r() * flat.length)]!;
        const p = j % 3 === 0 ? v : [v[0]! + (r() - 0.5) * 2, v[1]! + (r() - 0.5) * 2];
        const want = haoPip(p, poly);
        const got = turfPip(xy, ro, 0, poly.length, p[0]!, p[1]!);
        if ((want === 0 ? 0 : want ? 1 : -1) !== got) bad++;
      }
    }
    expect(bad).toBe(0);
  });
});

describe('spatial/point-in-polygon on real data (naturalearth_lowres)', () => {
  let world: gf.DataFrame;
  let col: gf.Column;
  let features: Array<TurfFeature | null>;
  beforeAll(async () => {
    world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
    col = world.column('geometry');
    // Turf with each feature's bbox set (Turf's own shortcut, exact for lon/lat data) keeps the oracle fast.
    features = turfFeatures(await geomsOf(col), true);
  });

  it('airports (3,376): every point equals Turf', async () => {
    const t = await gf.readCSV('data/airports.csv');
    const lon = t.getColumns()[t.names.indexOf('longitude')]!;
    const lat = t.getColumns()[t.names.indexOf('latitude')]!;
    expect([lon.type, lat.type]).toEqual(['float64', 'float64']);
    const xs = (await lon.data.toArray()) as Float64Array;
    const ys = (await lat.data.toArray()) as Float64Array;
    expect(xs.length).toBe(3376);
    const idx = await check(xs, ys, col, features, 'airports', undefined, ['none', 'grid', 'auto']);
    const usa = world.getColumns()[world.names.indexOf('iso_a3')]!;
    const dict = usa.dictionary!;
    const codes = await usa.data.toArray();
    const matched = [...idx].filter((f) => f >= 0);
    // Nearly all airports are in the USA; some sit on the coast just outside the low-res outline.
    expect(matched.filter((f) => dict[codes[f] as number] === 'USA').length).toBeGreaterThan(3000);
  });

  it('1e5 seeded random points over the globe plus every 7th vertex: every point equals Turf', async () => {
    const r = rng(2026);
    const xy = (await polygonBuffers(col, 'test').coords.toArray()) as Float64Array;
    const nv = xy.length / 2;
    const extra = Math.floor(nv / 7);
    const n = 100_000 + extra;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < 100_000; i++) {
      xs[i] = r() * 360 - 180;
      ys[i] = r() * 180 - 90;
    }
    for (let j = 0; j < extra; j++) {
      xs[100_000 + j] = xy[14 * j]!;
      ys[100_000 + j] = xy[14 * j + 1]!;
    }
    const idx = await check(xs, ys, col, features, 'globe');
    const inside = idx.filter((f) => f >= 0).length;
    expect(inside).toBeGreaterThan(20_000);
    // Every vertex is on a boundary, so inside some feature.
    expect(idx.subarray(100_000).every((f) => f >= 0)).toBe(true);
  });
});

describe('spatial/point-in-polygon adversarial cases (oracle: Turf)', () => {
  for (const c of adversarial.cases()) {
    it(c.name, async () => {
      const col = gf.geo.fromGeoJSON(c.geoms);
      await check(c.xs, c.ys, col, turfFeatures(c.geoms), c.name, c.validity);
      await checkPairs(c.xs, c.ys, col, turfFeatures(c.geoms), c.name, c.validity);
      if (c.expect) {
        const r = gf.withBackend('cpu', () => gf.pointInPolygon(gf.array(c.xs), gf.array(c.ys), col, { validity: c.validity && gf.array(c.validity) }));
        expect([...(await r.index.toArray())]).toEqual(c.expect);
      }
    });
  }

  it('a polygon with 1e4 vertices: random points, vertices and edge midpoints', async () => {
    const geoms: Geom[] = [starPolygon(10_000, 7)];
    const ring = geoms[0]!.coordinates[0]! as number[][];
    const r = rng(5);
    const pts: number[][] = [];
    for (let i = 0; i < 1000; i++) pts.push([r() * 24 - 12, r() * 24 - 12]);
    // Every 20th vertex, and the midpoint of the edge after it (exact on the 1/64 lattice, so often on the edge).
    for (let i = 0; i < ring.length - 1; i += 20) pts.push(ring[i]!, [(ring[i]![0]! + ring[i + 1]![0]!) / 2, (ring[i]![1]! + ring[i + 1]![1]!) / 2]);
    const col = gf.geo.fromGeoJSON(geoms);
    await check(Float64Array.from(pts, (p) => p[0]!), Float64Array.from(pts, (p) => p[1]!), col, turfFeatures(geoms), 'star 1e4');
  });

  it('1000 squares (> 31 polygons): shared edges go to the smallest feature; grid equals brute force', async () => {
    const geoms = squares(40, 25, 0.5);
    const r = rng(6);
    const n = 20_000;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // A third of the points on the lattice lines (shared edges and corners).
      xs[i] = i % 3 === 0 ? Math.round(r() * 80) / 4 - 1 : r() * 22 - 1;
      ys[i] = i % 3 === 1 ? Math.round(r() * 52) / 4 - 0.5 : r() * 14 - 1;
    }
    const col = gf.geo.fromGeoJSON(geoms);
    const idx = await check(xs, ys, col, turfFeatures(geoms), '1000 squares');
    expect(new Set(idx).size).toBeGreaterThan(900);
    // Many-to-many: corners and shared edges are in 2 to 4 squares.
    await checkPairs(xs.subarray(0, 3000), ys.subarray(0, 3000), col, turfFeatures(geoms), '1000 squares pairs');
    expect(turfPairs(xs.subarray(0, 3000), ys.subarray(0, 3000), turfFeatures(geoms)).rows.length).toBeGreaterThan(3000 * 0.4);
  });
});

describe('spatial/point-in-polygon sizes, nulls and windows', () => {
  const geoms = [...squares(6, 5, 0.8), ...adversarial.holeAndMulti()];
  const col = gf.geo.fromGeoJSON(geoms);
  const features = turfFeatures(geoms);

  for (const rate of [0, 0.1, 1]) {
    it(`sizes ${SIZES.join(', ')} with null rate ${rate}`, async () => {
      for (const n of SIZES) {
        const r = rng(n + 11);
        const xs = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : i % 5 === 0 ? Math.round(r() * 24) / 2 : r() * 14 - 1));
        const ys = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? Math.round(r() * 20) / 2 : r() * 10 - 1));
        await check(xs, ys, col, features, `n=${n} rate=${rate}`, rate > 0 ? randomValidity(n, rate, n + 3) : undefined);
        await checkPairs(xs, ys, col, features, `n=${n} rate=${rate}`, rate > 0 ? randomValidity(n, rate, n + 3) : undefined);
      }
    });
  }

  it.skipIf(!hasGpu())('binding windows over the points (maxBindingBytes 65536) with nulls', async () => {
    try {
      await gf.init({ maxBindingBytes: 65536 });
      const n = 40_000 + 123;
      const r = rng(8);
      const xs = Float64Array.from({ length: n }, () => Math.round(r() * 60) / 4 - 1);
      const ys = Float64Array.from({ length: n }, () => r() * 10 - 1);
      await check(xs, ys, col, features, 'windows', randomValidity(n, 0.1, 9));
      await checkPairs(xs, ys, col, features, 'windows', randomValidity(n, 0.1, 9));
    } finally {
      await gf.init();
    }
  });

  it('past the workgroups-per-dimension limit (2-D grid, brute force)', async () => {
    // One thread per point: with the grid capped (withGridCap) these points need a 2-D grid,
    // the code path 16.8M points take at the real 65,535 limit (25–60 s on SwiftShader).
    const n = PAST_CAPPED_GRID;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = (i % 1000) / 100 - 1; // [-1, 9): squares [0,4]x[0,4] and [5,9]x[0,4], boundary inclusive
      ys[i] = ((i * 7) % 1000) / 50 - 2; // [-2, 18): most points fail the box test quickly
    }
    const sq = (x0: number): Geom => ({ type: 'Polygon', coordinates: [[[x0, 0], [x0 + 4, 0], [x0 + 4, 4], [x0, 4], [x0, 0]]] });
    const col = gf.geo.fromGeoJSON([sq(0), sq(5)]);
    const index = new Int32Array(n);
    const bits = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < n; i++) {
      const inY = ys[i]! >= 0 && ys[i]! <= 4;
      index[i] = inY && xs[i]! >= 0 && xs[i]! <= 4 ? 0 : inY && xs[i]! >= 5 && xs[i]! <= 9 ? 1 : -1;
      if (index[i]! >= 0) bits[i >> 3]! |= 1 << (i & 7);
    }
    const [got] = await withGridCap(() =>
      parity(() => {
        const r = gf.pointInPolygon(gf.array(xs), gf.array(ys), col, { index: 'none' });
        return [r.index, r.validity];
      }, { oracle: [index, bits], what: 'past grid' }),
    );
    expect(got![n - 1]).toBe(index[n - 1]);
  });
});

afterAll(() => {
  if (!hasGpu()) console.warn('spatial/point-in-polygon: no WebGPU adapter; only the CPU twin was checked against Turf');
});
