// Parity of 'trajectory/stops' and 'trajectory/stop-points': CPU twins vs WebGPU (exact),
// the stop detector vs a plain-JS oracle of movingpandas' loop with an all-pairs diameter
// check, the unit vectors vs Math.sin/cos.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, SIZES, hasGpu } from '../../helpers/parity.js';
import { mulberry32 } from '../../../src/random.js';

/** n tracks from `base`, points wandering with pauses, times with steps 0..9 (ties included). */
function data(n: number, seed: number, maxLen = 12, base = 2) {
  const r = mulberry32(seed);
  const S = new Uint32Array(n), N = new Uint32Array(n);
  let p = base;
  for (let i = 0; i < n; i++) { S[i] = p; N[i] = Math.floor(r() * (maxLen + 1)); p += N[i]!; }
  const xy = new Float64Array(2 * p), T = new Float64Array(p);
  let x = 0, y = 0, t = 0;
  for (let k = 0; k < p; k++) {
    if (r() < 0.35) { x = r() * 340 - 170; y = r() * 160 - 80; } else { x += (r() - 0.5) * 0.02; y += (r() - 0.5) * 0.02; }
    xy[2 * k] = r() < 0.01 ? NaN : x;
    xy[2 * k + 1] = y;
    T[k] = t += Math.floor(r() * 10);
  }
  return { S, N, xy, T };
}

function oracle(S: Uint32Array, N: Uint32Array, P: Float64Array, minDur: number, thr: number): Uint32Array[] {
  const cols: number[][] = [[], [], [], []];
  const d = (a: number, b: number) => Math.hypot(P[4 * a]! - P[4 * b]!, P[4 * a + 1]! - P[4 * b + 1]!, P[4 * a + 2]! - P[4 * b + 2]!);
  const t = (k: number) => P[4 * k + 3]!;
  for (let i = 0; i < S.length; i++) {
    let w: number[] = [], stopped = false, c = 0;
    for (let e = S[i]!; e < S[i]! + N[i]!; e++) {
      w.push(e);
      if (!stopped) while (w.length > 2 && t(e) - t(w[0]!) >= minDur) w.shift();
      const prev = stopped;
      stopped = w.length > 1 && w.every((a) => w.every((b) => a >= b || d(a, b) < thr));
      if (!stopped && prev && w.length > 1 && t(w[w.length - 2]!) - t(w[0]!) >= minDur) { [w[0]!, e - 1, i, c++].forEach((v, j) => cols[j]!.push(v)); w = [e]; }
    }
    if (stopped && t(w[w.length - 1]!) - t(w[0]!) >= minDur) [w[0]!, w[w.length - 1]!, i, c++].forEach((v, j) => cols[j]!.push(v));
  }
  return cols.map((c) => Uint32Array.from(c));
}

const A = gf.array;

describe('trajectory/stop-points', () => {
  it('unit vectors: the same bits on both backends, within 1e-15 of Math.sin/cos; euclidean packs x, y, 0, t', async () => {
    for (const n of SIZES) {
      const { xy, T } = data(n, n + 1, 12, 0);
      const len = T.length;
      const extra = [90, 0, -90, 45, 180, -89.9, 360, 90, -360, -90, 0, 91, 400, 0, Infinity, 0];
      const xy2 = new Float64Array([...xy, ...extra]);
      const T2 = new Float64Array([...T, ...new Array(extra.length / 2).fill(1)]);
      const [h] = await parity(() => gf.kernels.trajectoryStopPoints(A(xy2), A(T2), 'haversine'), { what: `n=${n}` });
      for (let k = 0; k < T2.length; k++) {
        const lon = xy2[2 * k]! * Math.PI / 180, lat = xy2[2 * k + 1]! * Math.PI / 180;
        const ok = Math.abs(xy2[2 * k + 1]!) <= 90 && Math.abs(xy2[2 * k]!) <= 360;
        const want = ok ? [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)] : [NaN, NaN, NaN];
        for (let c = 0; c < 3; c++) {
          const g = Number(h![4 * k + c]!);
          if (Number.isNaN(want[c]!)) expect(g).toBeNaN(); else expect(Math.abs(g - want[c]!)).toBeLessThan(1e-15);
        }
        expect(h![4 * k + 3]).toBe(T2[k]);
      }
      const [e] = await parity(() => gf.kernels.trajectoryStopPoints(A(xy), A(T), 'euclidean'));
      for (let k = 0; k < len; k++) expect([e![4 * k], e![4 * k + 2], e![4 * k + 3]]).toEqual([xy[2 * k], 0, T[k]]);
    }
  });
});

describe('trajectory/stops', () => {
  it('matches the oracle on both backends (haversine chords and euclidean; sizes incl. empty)', async () => {
    for (const n of SIZES) {
      const d = data(n, n + 3);
      for (const metric of ['haversine', 'euclidean'] as const) {
        const P = gf.kernels.trajectoryStopPoints(A(d.xy), A(d.T), metric);
        const Ph = (await P.toArray()) as Float64Array;
        const thr = metric === 'euclidean' ? 0.02 : 2 * Math.sin(1.5 / (2 * 6371.0088));
        for (const minDur of [10, 0]) {
          await parity(() => gf.kernels.trajectoryStops(A(d.S), A(d.N), A(Ph), minDur, thr), { oracle: oracle(d.S, d.N, Ph, minDur, thr), what: `n=${n} ${metric} minDur=${minDur}` });
        }
      }
    }
  });

  it('finds stops in the random data (the oracle is not trivially empty)', async () => {
    const d = data(1000, 9);
    const P = (await gf.kernels.trajectoryStopPoints(A(d.xy), A(d.T), 'euclidean').toArray()) as Float64Array;
    expect(oracle(d.S, d.N, P, 10, 0.02)[0]!.length).toBeGreaterThan(50);
  });

  it('past one storage binding (maxBindingBytes 65536) and past 64 workgroups per dimension', async () => {
    const d = data(1500, 5, 20);
    const P = (await gf.kernels.trajectoryStopPoints(A(d.xy), A(d.T), 'euclidean').toArray()) as Float64Array;
    expect(P.length * 8).toBeGreaterThan(65536);
    try {
      if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
      await parity(() => gf.kernels.trajectoryStops(A(d.S), A(d.N), A(P), 10, 0.02), { oracle: oracle(d.S, d.N, P, 10, 0.02), what: 'windows' });
      await parity(() => gf.kernels.trajectoryStopPoints(A(d.xy), A(d.T), 'haversine'), { what: 'stop-points windows' });
      if (hasGpu()) await gf.init({ maxWorkgroupsPerDim: 64 });
      const e = data(64 * 256 + 300, 6, 2);
      const Q = (await gf.kernels.trajectoryStopPoints(A(e.xy), A(e.T), 'euclidean').toArray()) as Float64Array;
      await parity(() => gf.kernels.trajectoryStops(A(e.S), A(e.N), A(Q), 1, 0.02), { oracle: oracle(e.S, e.N, Q, 1, 0.02), what: '2-D grid' });
    } finally {
      if (hasGpu()) await gf.init({});
    }
  });

  it('rejects bad arguments by name', async () => {
    const u = A(new Uint32Array(1));
    await expect(gf.kernels.trajectoryStops(u, u, A(new Float64Array(3)), 1, 1)).rejects.toThrow(/4 float64 per packed point/);
    await expect(gf.kernels.trajectoryStops(u, u, A(new Float64Array(4)), NaN, 1)).rejects.toThrow(/minDuration/);
    expect(() => gf.kernels.trajectoryStopPoints(A(new Float64Array(2)), A(new Float64Array(2)), 'haversine')).toThrow(/expected 4 xy values/);
  });
});
