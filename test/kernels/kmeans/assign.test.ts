// 'kmeans/assign': nearest center per point (ties to the smallest index), its squared
// distance and the changed-label count. Bitwise on both backends and against a brute-force
// oracle, including exact ties, 1-ulp near-ties (where the device's f32 bracket must not
// prune the true nearest center), coordinates beyond 2^40 and subnormal ones.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansAssign } from '../../../kernels/kmeans/ops.js';
import { blobs, packed, rows, sqdist } from './blobs.js';

function oracle(cols: Float64Array[], centers: Float64Array, k: number, prev?: Int32Array): [Int32Array, Float64Array, Uint32Array] {
  const d = cols.length;
  const n = cols[0]!.length;
  const m = rows(cols);
  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const ds = Array.from({ length: k }, (_, c) => sqdist(m, i, centers, c, d));
    const finite = Array.from({ length: d }, (_, j) => Number.isFinite(m[i * d + j]!)).every(Boolean);
    const best = finite ? ds.indexOf(Math.min(...ds)) : -1;
    labels[i] = best;
    dist[i] = finite ? ds[best]! : NaN;
    if (!prev || prev[i] !== best) changed++;
  }
  return [labels, dist, new Uint32Array([changed])];
}

async function check(cols: Float64Array[], centers: Float64Array, k: number, what: string, prev?: Int32Array): Promise<[Int32Array, Float64Array, Uint32Array]> {
  return (await parity(
    () => {
      const x = packed(cols);
      const a = run(kmeansAssign, x, gf.array(centers), k, prev ? gf.array(prev) : undefined);
      x.data.dispose();
      return [a.labels, a.distances!, a.changed];
    },
    { oracle: oracle(cols, centers, k, prev), what },
  )) as [Int32Array, Float64Array, Uint32Array];
}

describe('kmeans/assign', () => {
  it('matches the brute-force oracle on blobs for n in {1, 257, 4099}, k in {1, 3, 8, 33}, d in {1, 2, 5}', async () => {
    for (const n of [1, 257, 4099]) {
      for (const k of [1, 3, 8, 33]) {
        for (const d of [1, 2, 5]) {
          const b = blobs(n, d, Math.min(k, 6), n + 10 * k + d);
          const centers = blobs(k, d, Math.min(k, 6), 99 + k).columns;
          await check(b.columns, rows(centers), k, `n=${n} k=${k} d=${d}`);
        }
      }
    }
  });

  it('assigns n = 3e4 points (one thread each, 118 workgroups) like the oracle', async () => {
    const b = blobs(30_000, 2, 8, 5);
    const [labels] = await check(b.columns, b.centers, 8, 'n=3e4');
    expect(new Set(labels).size).toBe(8);
  });

  it('breaks exact ties toward the smallest cluster index', async () => {
    // Points on the perpendicular bisector of centers (-1, 0) and (1, 0); duplicate centers.
    const x = new Float64Array([0, 0, 0, 5, -5]);
    const y = new Float64Array([0, 3, -7, 0, 0]);
    const centers = new Float64Array([5, 0, -1, 0, 1, 0, -1, 0, 5, 0]);
    const [labels] = await check([x, y], centers, 5, 'ties');
    expect([...labels!]).toEqual([1, 1, 1, 0, 1]);
  });

  it('separates 1-ulp near-ties exactly (the f32 bracket never prunes the nearest center)', async () => {
    // Centers 3.5 float32 grid steps apart: for a point just past the midpoint of centers 2m
    // and 2m + 1, truncation to f32 makes center 2m look nearer by a whole step, so only a
    // sound bound keeps the true nearest as a candidate. At several scales, up to 2^40.
    for (const scale of [1e6, 2 ** 39 * 1.9, 3e-5, 1e-30]) {
      const r = rng(17);
      const n = 3000;
      const g = 2 ** (Math.floor(Math.log2(scale)) - 23);
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      const centers: number[] = [];
      for (let c = 0; c < 8; c++) centers.push(scale + c * 3.5 * g, (c % 3) * g * 2 ** -20);
      for (let i = 0; i < n; i++) {
        const c = Math.floor(r() * 7);
        const mid = (centers[2 * c]! + centers[2 * c + 2]!) / 2;
        const ulp = 2 ** (Math.floor(Math.log2(mid)) - 52);
        x[i] = mid + Math.round((r() - 0.5) * 8) * ulp;
        y[i] = (centers[2 * c + 1]! + centers[2 * c + 3]!) / 2;
      }
      const [labels] = await check([x, y], new Float64Array(centers), 8, `near-ties at ${scale}`);
      expect(new Set(labels).size).toBe(8);
    }
  });

  it('handles coordinates beyond 2^40 (no f32 bracket), subnormals, and marks non-finite points -1', async () => {
    const x = new Float64Array([2 ** 41, -(2 ** 45), 1e300, 5e-324, 1e-310, NaN, 1, Infinity, -0]);
    const y = new Float64Array([3, 2 ** 50, -1e300, 0, -5e-324, 1, NaN, 2, 0]);
    const centers = new Float64Array([0, 0, 2 ** 41, 0, -(2 ** 45), 2 ** 50, 1e300, -1e300, 1e-310, 0]);
    const [labels, dist] = await check([x, y], centers, 5, 'extremes');
    // (1e-310, -5e-324): both squared distances underflow to 0, a tie, so cluster 0.
    expect([...labels!]).toEqual([1, 2, 3, 0, 0, -1, -1, -1, 0]);
    expect(Number.isNaN(dist![5]!)).toBe(true);
  });

  it('without distances (the Lloyd iterations) gives the same labels and counts, near-ties and k > 32 included', async () => {
    const near = (() => {
      const r = rng(5);
      const g = 2 ** -4;
      const centers: number[] = [];
      for (let c = 0; c < 40; c++) centers.push(1e6 + c * 3.5 * g, 0);
      const x = Float64Array.from({ length: 4000 }, () => {
        const c = Math.floor(r() * 39);
        const mid = (centers[2 * c]! + centers[2 * c + 2]!) / 2;
        return mid + Math.round((r() - 0.5) * 8) * 2 ** (Math.floor(Math.log2(mid)) - 52);
      });
      return { cols: [x, new Float64Array(4000)], centers: new Float64Array(centers) };
    })();
    const b = blobs(5000, 3, 8, 12);
    const cases: Array<[Float64Array[], Float64Array, number]> = [
      [near.cols, near.centers, 40],
      [b.columns, rows(blobs(33, 3, 8, 13).columns), 33],
      [b.columns, b.centers, 8],
      [b.columns, b.centers.subarray(0, 3), 1],
    ];
    for (const [cols, centers, k] of cases) {
      const [labels, , changed] = oracle(cols, centers, k);
      const out = await parity(
        () => {
          const x = packed(cols);
          const a = run(kmeansAssign, x, gf.array(centers), k, undefined, false);
          x.data.dispose();
          expect(a.distances).toBeUndefined();
          return [a.labels, a.changed];
        },
        { oracle: [labels, changed], what: `no distances k=${k}` },
      );
      expect(out[0]!.length).toBe(cols[0]!.length);
    }
  });

  it('counts labels that changed since the previous assignment', async () => {
    const b = blobs(1000, 2, 3, 8);
    const centers = rows(blobs(3, 2, 3, 9).columns);
    const [first] = await check(b.columns, centers, 3, 'first');
    const prev = Int32Array.from(first!, (l, i) => (i % 10 === 0 ? (l + 1) % 3 : l));
    const [, , changed] = await check(b.columns, centers, 3, 'prev', prev);
    expect(changed![0]).toBe(100);
  });
});
