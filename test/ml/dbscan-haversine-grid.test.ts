// DBSCAN's haversine sphere grid (kernels/dbscan/haversine-grid.ts): the grid's neighbour
// counts, core components and labels equal those of the every-pair search on global points,
// both poles, the antimeridian, clusters across it, large and tiny eps and duplicates; a 1e5-
// point global fit on the CPU; the estimator on both backends.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { componentsCpu, countCpu, labelsCpu } from '../../kernels/dbscan/dbscan-cpu.js';
import { buildSphereGrid, paddedRadius, visitCandidates } from '../../kernels/dbscan/haversine-grid.js';
import type { Space } from '../../kernels/dbscan/types.js';
import { hasGpu, rng } from '../helpers/parity.js';

const HALF_PI = Math.PI / 2;

/** Row-major (lat, lon) of n points; `gen` gives each. */
function points(n: number, seed: number, gen: (r: () => number, i: number) => [number, number]): Float64Array {
  const r = rng(seed);
  const m = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) [m[2 * i], m[2 * i + 1]] = gen(r, i);
  return m;
}
const clampLat = (v: number) => Math.max(-HALF_PI, Math.min(HALF_PI, v));
const wrapLon = (v: number) => (v > Math.PI ? v - 2 * Math.PI : v < -Math.PI ? v + 2 * Math.PI : v);
/** Uniform on the sphere. */
const uniform = (r: () => number): [number, number] => [Math.asin(2 * r() - 1), (2 * r() - 1) * Math.PI];

/** Counts, components and labels of one candidate search (CPU twins, host buffers). */
async function dbscanWith(index: 'grid' | 'brute', m: Float64Array, eps: number, minSamples: number) {
  const t = Math.sin(0.5 * eps);
  const space: Space = { mode: 'haversine', data: gf.withBackend('cpu', () => gf.array(m)), n: m.length / 2, d: 2, thr: t * t, index };
  const { counts } = countCpu(space);
  const comp = componentsCpu(space, counts, minSamples);
  const labels = labelsCpu(space, comp);
  return { counts: Array.from(await counts.toArray()), comp: Array.from(await comp.toArray()), labels: Array.from(await labels.toArray()) };
}

async function expectGridEqualsBrute(m: Float64Array, eps: number, minSamples: number) {
  const grid = await dbscanWith('grid', m, eps, minSamples);
  const brute = await dbscanWith('brute', m, eps, minSamples);
  expect(grid.counts).toEqual(brute.counts);
  expect(grid.comp).toEqual(brute.comp);
  expect(grid.labels).toEqual(brute.labels);
  return brute;
}

describe('DBSCAN haversine grid equals the every-pair search', () => {
  const cases: [string, number, number, (r: () => number, i: number) => [number, number]][] = [
    ['random global points', 3000, 0.05, uniform],
    ['clusters on the sphere with noise', 3000, 0.02, (r, i) => {
      if (i % 5 === 0) return uniform(r);
      const c = rng(i % 37)();
      const [la, lo] = [Math.asin(2 * c - 1) * 0.95, (2 * rng(i % 37 + 100)() - 1) * Math.PI];
      return [clampLat(la + (r() - 0.5) * 0.05), wrapLon(lo + (r() - 0.5) * 0.05)];
    }],
    ['near both poles', 2500, 0.03, (r, i) => {
      const s = i % 2 === 0 ? 1 : -1;
      const lat = i % 7 === 0 ? s * HALF_PI : s * (HALF_PI - r() * 0.15);
      return [lat, (2 * r() - 1) * Math.PI];
    }],
    ['across the antimeridian (lon ±π)', 2500, 0.01, (r, i) => {
      const edge = i % 3 === 0 ? Math.PI : i % 3 === 1 ? -Math.PI : (r() < 0.5 ? 1 : -1) * (Math.PI - r() * 0.03);
      return [(r() - 0.5) * 0.2, edge];
    }],
    ['clusters straddling the antimeridian', 2500, 0.004, (r, i) => {
      const lat0 = [0, 0.7, -1.2, 1.5][i % 4]!;
      return [clampLat(lat0 + (r() - 0.5) * 0.02), wrapLon(Math.PI + (r() - 0.5) * 0.03)];
    }],
    ['eps > π/2', 1500, 2, uniform],
    ['eps near π', 1000, 3.1, uniform],
    ['eps > π (sin² threshold falls again)', 1000, 4, uniform],
    ['tiny eps on a fine lattice with duplicates', 2500, 1e-7, (r) => [Math.floor(r() * 30) * 1e-7 - 0.4, Math.floor(r() * 30) * 1e-7 + 2]],
    ['duplicates', 2100, 0.01, (r, i) => (i % 3 === 0 ? [0.3, -3] : i % 3 === 1 ? [HALF_PI, 1] : uniform(r))],
  ];
  for (const [name, n, eps, gen] of cases) {
    it(`${name} (n = ${n}, eps = ${eps})`, async () => {
      const got = await expectGridEqualsBrute(points(n, n + eps, gen), eps, 5);
      expect(got.counts.some((c) => c > 1)).toBe(true);
    }, 120_000);
  }

  it('pairs exactly at eps and across the antimeridian are candidates', async () => {
    // Points on a meridian spaced eps apart (ties at the threshold) and their mirror across ±π.
    const eps = 0.01;
    const m = points(2200, 5, (r, i) => {
      const k = i % 1100;
      const lon = i < 1100 ? Math.PI - 1e-12 * (k % 3) : -Math.PI + 1e-12 * (k % 5);
      return [-1.5 + (k % 300) * eps, lon];
    });
    await expectGridEqualsBrute(m, eps, 3);
  });

  it('candidates of every point include all its neighbours (direct check of the grid)', () => {
    for (const [n, eps, seed] of [[4000, 0.03, 1], [3000, 0.4, 2], [3000, 1e-3, 3]] as const) {
      const m = points(n, seed, (r, i) => (i % 4 === 0 ? [clampLat(HALF_PI - r() * 0.05), wrapLon(Math.PI - r() * 0.1)] : uniform(r)));
      const t = Math.sin(0.5 * eps);
      const thr = t * t;
      const g = buildSphereGrid(m, n, thr, n);
      expect(paddedRadius(thr)).toBeGreaterThan(eps);
      let missing = 0, visited = 0, twice = 0;
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        seen.fill(0);
        visitCandidates(g, m, i, (j) => {
          twice += seen[j]!; // each candidate once
          seen[j] = 1;
          visited++;
        });
        for (let j = 0; j < n; j++) {
          const a = Math.sin(0.5 * (m[2 * i]! - m[2 * j]!)), b = Math.sin(0.5 * (m[2 * i + 1]! - m[2 * j + 1]!));
          if (a * a + Math.cos(m[2 * i]!) * Math.cos(m[2 * j]!) * b * b <= thr && !seen[j]) missing++;
        }
      }
      expect(missing).toBe(0);
      expect(twice).toBe(0);
      // The grid prunes: far fewer candidates than pairs when eps is small.
      if (eps < 0.1) expect(visited).toBeLessThan(0.1 * n * n);
    }
  });
});

describe('DBSCAN haversine at scale', () => {
  /** Global clusters (20% uniform noise), some at the poles and across the antimeridian. */
  function world(n: number, seed: number): [Float64Array, Float64Array] {
    const r = rng(seed);
    const centres = Array.from({ length: 400 }, (_, k) => (k < 8 ? [k % 2 ? HALF_PI : -HALF_PI, 0] : k < 16 ? [r() - 0.5, Math.PI] : uniform(r)));
    const lat = new Float64Array(n), lon = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (r() < 0.2) [lat[i], lon[i]] = uniform(r);
      else {
        const [a, b] = centres[Math.floor(r() * centres.length)]!;
        lat[i] = clampLat(a! + (r() - 0.5) * 0.01);
        lon[i] = wrapLon(b! + (r() - 0.5) * 0.01);
      }
    }
    return [lat, lon];
  }

  it('1e5 global points on the CPU in under a minute; grid = every pair on a 1e4 subset', async () => {
    const [lat, lon] = world(100_000, 11);
    const t0 = performance.now();
    const db = new gf.DBSCAN({ eps: 0.002, minSamples: 5, metric: 'haversine' });
    await gf.withBackendAsync('cpu', () => db.fit([gf.array(lat), gf.array(lon)]));
    const seconds = (performance.now() - t0) / 1000;
    const labels = await db.labels.toArray();
    db.dispose();
    expect(labels.length).toBe(100_000);
    expect(new Set(labels).size).toBeGreaterThan(300);
    expect(seconds).toBeLessThan(60);
    const sub = new Float64Array(20_000);
    for (let i = 0; i < 10_000; i++) [sub[2 * i], sub[2 * i + 1]] = [lat[i]!, lon[i]!];
    const got = await expectGridEqualsBrute(sub, 0.01, 4);
    expect(new Set(got.labels).size).toBeGreaterThan(50);
  }, 300_000);

  it('the estimator gives the same labels on both backends above the grid size', async () => {
    const [lat, lon] = world(3000, 12);
    const fit = async (backend: gf.BackendName) => {
      const db = new gf.DBSCAN({ eps: 0.01, minSamples: 4, metric: 'haversine' });
      await gf.withBackendAsync(backend, () => db.fit([gf.array(lat), gf.array(lon)]));
      const out = { labels: Array.from(await db.labels.toArray()), core: Array.from(await db.coreSampleIndices.toArray()) };
      db.dispose();
      return out;
    };
    const cpu = await fit('cpu');
    const m = new Float64Array(6000);
    for (let i = 0; i < 3000; i++) [m[2 * i], m[2 * i + 1]] = [lat[i]!, lon[i]!];
    expect(cpu.labels).toEqual((await dbscanWith('brute', m, 0.01, 4)).labels);
    if (hasGpu()) expect(await fit('webgpu')).toEqual(cpu);
  }, 120_000);
});
