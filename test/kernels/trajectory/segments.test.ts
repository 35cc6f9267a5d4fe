// Parity of 'trajectory/segments': CPU twin vs WebGPU, and the twin vs an independent
// plain-JS reference (haversine by the textbook formula, bearings by the navigation one).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, SIZES, hasGpu } from '../../helpers/parity.js';
import { mulberry32 } from '../../../src/random.js';
import { registeredKernels } from '../../../kernels/registry.js';

const tol = () => registeredKernels().find((k) => k.name === 'trajectory/segments')!.tolerance;
const R = 6371.0088;
const rad = Math.PI / 180;

function tracks(n: number, seed: number): Float64Array[] {
  const r = mulberry32(seed);
  const x0 = new Float64Array(n), y0 = new Float64Array(n), x1 = new Float64Array(n), y1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = r() * 360 - 180;
    y0[i] = r() * 170 - 85;
    x1[i] = x0[i]! + (r() - 0.5) * 4;
    y1[i] = Math.max(-89, Math.min(89, y0[i]! + (r() - 0.5) * 4));
  }
  return [x0, y0, x1, y1];
}

/** Textbook haversine and initial bearing (independent of the twin's Vincenty form). */
function reference(x0: number, y0: number, x1: number, y1: number): [number, number] {
  const f1 = y0 * rad, f2 = y1 * rad, dl = (x1 - x0) * rad;
  const h = Math.sin((f2 - f1) / 2) ** 2 + Math.cos(f1) * Math.cos(f2) * Math.sin(dl / 2) ** 2;
  const d = 2 * R * Math.asin(Math.sqrt(h));
  const b = Math.atan2(Math.sin(dl) * Math.cos(f2), Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl));
  return [d, ((b / rad) % 360 + 360) % 360];
}

describe('trajectory/segments', () => {
  it('haversine: CPU twin = GPU within the stated tolerance, and = a textbook reference', async () => {
    for (const n of SIZES) {
      const [x0, y0, x1, y1] = tracks(n, n + 1).map((a) => gf.array(a));
      const [len, brg] = (await parity(() => { const s = gf.kernels.trajectorySegments(x0!, y0!, x1!, y1!, 'haversine', R); return [s.length, s.bearing]; }, { tol: tol(), what: `n=${n}` })) as Float64Array[];
      const h = await Promise.all([x0!, y0!, x1!, y1!].map((b) => b.toArray() as Promise<Float64Array>));
      for (let i = 0; i < n; i++) {
        const [d, b] = reference(h[0]![i]!, h[1]![i]!, h[2]![i]!, h[3]![i]!);
        expect(Math.abs(len![i]! - d)).toBeLessThan(1e-9 * Math.max(1, d));
        const db = Math.abs(brg![i]! - b);
        expect(Math.min(db, 360 - db)).toBeLessThan(1e-7);
        expect(brg![i]!).toBeGreaterThanOrEqual(0);
        expect(brg![i]!).toBeLessThan(360);
      }
    }
  });

  it('haversine edges: antimeridian, identical points, poles, NaN and out-of-range; north/east/south/west', async () => {
    const a = (v: number[]) => gf.array(new Float64Array(v));
    const x0 = a([179.9, -179.9, 10, 0, 0, 0, 0, NaN, 0, 0, 0]);
    const y0 = a([0, 0, 20, 0, 0, 0, 0, 0, 91, 0, 89.999]);
    const x1 = a([-179.9, 179.9, 10, 0, 1, 0, -1, 0, 0, 400, 0]);
    const y1 = a([0, 0, 20, 1, 0, -1, 0, 0, 0, 0, 90]);
    const [len, brg] = (await parity(() => { const s = gf.kernels.trajectorySegments(x0, y0, x1, y1, 'haversine', R); return [s.length, s.bearing]; }, { tol: tol() })) as Float64Array[];
    const deg = R * rad;
    expect(Math.abs(len![0]! - 0.2 * deg)).toBeLessThan(1e-9); // across ±180: 0.2°, not 359.8°
    expect(Math.abs(brg![0]! - 90)).toBeLessThan(1e-9);
    expect(Math.abs(brg![1]! - 270)).toBeLessThan(1e-9);
    expect([len![2], brg![2]]).toEqual([0, 0]);
    expect([brg![3], brg![4], brg![5], brg![6]].map((b) => Math.round(b! * 1e9) / 1e9)).toEqual([0, 90, 180, 270]);
    expect(Number.isNaN(len![7]!) && Number.isNaN(len![8]!) && Number.isNaN(len![9]!)).toBe(true);
    expect(Math.abs(len![10]! - 0.001 * deg)).toBeLessThan(1e-9);
  });

  it('euclidean: lengths bit-identical on both backends, bearings within tolerance, edges', async () => {
    for (const n of SIZES) {
      const [x0, y0, x1, y1] = tracks(n, 99 + n).map((v) => gf.array(v.map((c) => c * 1e4)));
      const [len, brg] = (await parity(() => { const s = gf.kernels.trajectorySegments(x0!, y0!, x1!, y1!, 'euclidean', 1); return [s.length, s.bearing]; }, { tol: tol(), what: `n=${n}` })) as Float64Array[];
      const exact = await parity(() => gf.kernels.trajectorySegments(x0!, y0!, x1!, y1!, 'euclidean', 1).length); // exact by default
      expect(exact[0]).toEqual(len);
      const h = await Promise.all([x0!, y0!, x1!, y1!].map((b) => b.toArray() as Promise<Float64Array>));
      for (let i = 0; i < n; i++) {
        const dx = h[2]![i]! - h[0]![i]!, dy = h[3]![i]! - h[1]![i]!;
        expect(len![i]).toBe(Math.sqrt(dx * dx + dy * dy));
        expect(Math.abs(brg![i]! - Math.atan2(dy, dx) / rad)).toBeLessThan(1e-9);
      }
    }
    const a = (v: number[]) => gf.array(new Float64Array(v));
    const [len, brg] = (await parity(() => { const s = gf.kernels.trajectorySegments(a([0, 1, 0, 0, 1e300, 0]), a([0, 1, 0, NaN, 0, 0]), a([3, 1, -2, 0, -1e300, Infinity]), a([4, 1, 0, 0, 0, 0]), 'euclidean', 1); return [s.length, s.bearing]; }, { tol: tol() })) as Float64Array[];
    expect([len![0], len![1], len![2]]).toEqual([5, 0, 2]);
    expect([brg![1], brg![2]]).toEqual([0, 180]);
    expect(Number.isNaN(brg![3]!) && Number.isNaN(brg![5]!)).toBe(true);
    expect(len![4]).toBe(Infinity);
    expect(brg![4]).toBe(180);
  });

  it('past one storage binding and past 65,535 workgroups', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    const n = 20_000;
    const [x0, y0, x1, y1] = tracks(n, 5).map((a) => gf.array(a));
    await parity(() => { const s = gf.kernels.trajectorySegments(x0!, y0!, x1!, y1!, 'haversine', R); return [s.length, s.bearing]; }, { tol: tol() });
    if (hasGpu()) await gf.init({ maxWorkgroupsPerDim: 64 });
    const m = 64 * 256 + 300;
    const [a0, b0, a1, b1] = tracks(m, 6).map((a) => gf.array(a));
    await parity(() => { const s = gf.kernels.trajectorySegments(a0!, b0!, a1!, b1!, 'euclidean', 1); return [s.length, s.bearing]; }, { tol: tol() });
    if (hasGpu()) await gf.init({});
  });

  it('rejects bad arguments by name', () => {
    const a = gf.array(new Float64Array(2));
    expect(() => gf.kernels.trajectorySegments(a, a, a, gf.array(new Float64Array(3)), 'haversine', 1)).toThrow(/expected arrays of 2 segments, got 3/);
    expect(() => gf.kernels.trajectorySegments(a, a, a, a, 'manhattan' as never, 1)).toThrow(/expected metric/);
    expect(() => gf.kernels.trajectorySegments(a, a, a, a, 'haversine', 0)).toThrow(/radius/);
  });
});
