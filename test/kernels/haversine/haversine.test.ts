// 'spatial/haversine': the df64 GPU kernel and the float64 CPU twin, against an independent
// float64 oracle, on random and adversarial pairs.
//
// Why the oracle is not the haversine formula: haversine computes h = sin²(Δφ/2) + ..., then
// 2·atan2(√h, √(1−h)). Near antipodes 1 − h is a difference of nearly equal numbers, and an
// error ε in h becomes an error √ε in the angle: even in float64 that is about 1e-8 rad,
// 6 cm. (The last test here measures it.) So the oracle is a different well-conditioned
// form: unit vectors p = (cosφ cosλ, cosφ sinλ, sinφ) and d = R·atan2(|p1 × p2|, p1 · p2).
// Absolute errors of ~1e-16 in the two atan2 arguments give ~1e-16 rad in d, everywhere.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { expectSame, hasGpu, onBoth, parity, PAST_CAPPED_GRID, withGridCap, randomValidity, isValid, rng, SIZES } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { registeredKernels } from '../../../kernels/registry.js';

const R = 6371.0088;
const D2R = Math.PI / 180;
const MM = 1e-6; // km
const tol = () => registeredKernels().find((k) => k.name === 'spatial/haversine')!.tolerance as { kind: 'float'; rel: number; abs: number; note: string };

function oracle1(l1: number, p1: number, l2: number, p2: number, radius = R): number {
  if (!(Math.abs(p1) <= 90 && Math.abs(p2) <= 90 && Math.abs(l1) <= 360 && Math.abs(l2) <= 360)) return NaN;
  const v = (l: number, p: number) => [Math.cos(p * D2R) * Math.cos(l * D2R), Math.cos(p * D2R) * Math.sin(l * D2R), Math.sin(p * D2R)];
  const [a, b] = [v(l1, p1), v(l2, p2)];
  const cross = Math.hypot(a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!);
  return radius * Math.atan2(cross, a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!);
}
function oracle(c: Float64Array[] | Float32Array[], radius = R): Float64Array {
  const out = new Float64Array(c[0]!.length);
  for (let i = 0; i < out.length; i++) out[i] = oracle1(c[0]![i]!, c[1]![i]!, c[2]![i]!, c[3]![i]!, radius);
  return out;
}
/** Max |x - y| over rows where y is not NaN; NaN rows must be NaN in x too. */
function maxAbs(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i]!)) {
      if (!Number.isNaN(x[i]!)) return Infinity;
    } else m = Math.max(m, Math.abs(x[i]! - y[i]!));
  }
  return m;
}
const run4 = (c: Float64Array[] | Float32Array[], radius?: number) => () => gf.haversine(gf.array(c[0]!), gf.array(c[1]!), gf.array(c[2]!), gf.array(c[3]!), radius === undefined ? {} : { radius });

/** Uniform on the sphere. */
function randomPairs(n: number, seed: number): Float64Array[] {
  const r = rng(seed);
  const c = [0, 1, 2, 3].map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    c[0]![i] = (r() - 0.5) * 360 + r() * 1e-7;
    c[1]![i] = (Math.asin(2 * r() - 1) * 180) / Math.PI;
    c[2]![i] = (r() - 0.5) * 360 + r() * 1e-7;
    c[3]![i] = (Math.asin(2 * r() - 1) * 180) / Math.PI;
  }
  return c;
}

/** Adversarial rows, by category. */
function adversarial(): { c: Float64Array[]; kind: string[] } {
  const r = rng(42);
  const rows: Array<[number, number, number, number, string]> = [];
  const lon = () => (r() - 0.5) * 360 + r() * 1e-7;
  const lat = () => (r() - 0.5) * 178;
  const wrap = (l: number) => (l > 180 ? l - 360 : l);
  for (let i = 0; i < 1000; i++) {
    const [l, p] = [lon(), lat()];
    rows.push([l, p, wrap(l + 180), -p, 'antipodal']);
    const e = 10 ** -(3 + r() * 6); // 1e-9 .. 1e-3 degrees
    const k = i % 3;
    rows.push([l, p, wrap(l + 180 + (k !== 1 ? e * (r() < 0.5 ? -1 : 1) : 0)), -p + (k !== 0 ? e * (r() < 0.5 ? -1 : 1) : 0), 'near-antipodal']);
    rows.push([l, p, l + Math.round((r() - 0.5) * 100) * 1e-8, p + Math.round((r() - 0.5) * 100) * 1e-8, 'sub-metre']);
    rows.push([l, p, l, p, 'identical']);
  }
  for (let i = 0; i < 200; i++) {
    const [l, p] = [lon(), lat()];
    rows.push([l, 90, lon(), 90, 'pole-pole']);
    rows.push([l, -90, lon(), 90, 'pole-antipole']);
    rows.push([l, 90, lon(), p, 'pole']);
    rows.push([l, -90 + r() * 1e-7, l + 180, -90 + r() * 1e-7, 'near-pole']);
    rows.push([180 - r() * 1e-6, p, -180 + r() * 1e-6, p + (r() - 0.5) * 1e-6, 'antimeridian']);
    rows.push([179.5, p, -179.5, -p, 'antimeridian']);
    rows.push([l + 360 * (l < 0 ? 1 : 0), p, l, p + 1e-9, '0..360']);
  }
  rows.push([180, 10, -180, 10, 'antimeridian'], [0, 0, 180, 0, 'antipodal'], [-180, 0, 0, 0, 'antipodal'], [0, 90, 0, -90, 'pole-antipole'], [0, 0, 0, 0, 'identical'], [-0, -0, 0, 0, 'identical']);
  for (const bad of [NaN, Infinity, -Infinity, 90.000000001, -91, 1e300]) rows.push([0, bad, 1, 1, 'invalid'], [1, 1, 0, bad, 'invalid']);
  for (const bad of [NaN, Infinity, 360.0000001, -1e308]) rows.push([bad, 1, 1, 1, 'invalid'], [1, 1, bad, 1, 'invalid']);
  const c = [0, 1, 2, 3].map((j) => Float64Array.from(rows, (row) => row[j] as number));
  return { c, kind: rows.map((row) => row[4]) };
}

describe('spatial/haversine', () => {
  it('matches the oracle and across backends at every size', async () => {
    for (const n of SIZES) {
      const c = randomPairs(n, n + 1);
      await parity(run4(c), { tol: tol(), oracle: [oracle(c)], what: `haversine n=${n}` });
    }
  });

  it('is within 1 mm of the oracle on both backends for random pairs (large)', async () => {
    const c = randomPairs(200_000, 7);
    const want = oracle(c);
    const { cpu, gpu } = await onBoth(run4(c));
    const eCpu = maxAbs(cpu[0]! as Float64Array, want);
    expect(eCpu).toBeLessThanOrEqual(tol().abs);
    if (gpu) {
      const eGpu = maxAbs(gpu[0]! as Float64Array, want);
      console.log(`haversine random 200k on ${gf.info().adapter}: max |gpu - oracle| = ${eGpu} km, |cpu - oracle| = ${eCpu} km`);
      expect(eGpu).toBeLessThanOrEqual(tol().abs);
      expectSame(gpu[0]!, cpu[0]!, tol(), 'gpu-vs-cpu');
    }
  });

  it('is within 1 mm on antipodal, near-antipodal, sub-metre, pole, antimeridian and identical pairs', async () => {
    const { c, kind } = adversarial();
    const want = oracle(c);
    const [cpu] = (await parity(run4(c), { tol: tol(), oracle: [want], what: 'adversarial' })) as Float64Array[];
    const { gpu } = await onBoth(run4(c));
    const worst: Record<string, number> = {};
    kind.forEach((k, i) => {
      for (const [name, out] of [['cpu', cpu!], ['gpu', gpu?.[0]]] as const) {
        if (!out) continue;
        const e = Number.isNaN(want[i]!) ? (Number.isNaN(out[i]!) ? 0 : Infinity) : Math.abs(out[i]! as number - want[i]!);
        worst[`${name} ${k}`] = Math.max(worst[`${name} ${k}`] ?? 0, e);
      }
    });
    console.log(`haversine adversarial worst |x - oracle| (km) on ${gf.info().adapter}: ${JSON.stringify(worst)}`);
    for (const [k, e] of Object.entries(worst)) expect(e, k).toBeLessThanOrEqual(MM);
    // Identical points: exactly 0 on both; invalid rows: NaN on both.
    for (const out of [cpu!, gpu?.[0]]) {
      if (!out) continue;
      kind.forEach((k, i) => {
        if (k === 'identical') expect(out[i], `identical row ${i}`).toBe(0);
        if (k === 'invalid') expect(Number.isNaN(out[i]), `invalid row ${i}`).toBe(true);
      });
    }
  });

  it('a naive f32 haversine misses 1 mm on the antipodal set, and plain f64 haversine misses it near antipodes', () => {
    const { c, kind } = adversarial();
    const want = oracle(c);
    const f = Math.fround;
    const naive = (l1: number, p1: number, l2: number, p2: number, fr: (x: number) => number) => {
      const dp = fr(fr(fr(p2 - p1) * fr(D2R)) / 2), dl = fr(fr(fr(l2 - l1) * fr(D2R)) / 2);
      const h = fr(fr(Math.sin(dp) ** 2) + fr(fr(Math.cos(fr(p1 * D2R)) * Math.cos(fr(p2 * D2R))) * fr(Math.sin(dl) ** 2)));
      return fr(2 * R * fr(Math.asin(fr(Math.sqrt(h)))));
    };
    let e32 = 0, e64 = 0;
    kind.forEach((k, i) => {
      if (k !== 'antipodal' && k !== 'near-antipodal') return;
      const [l1, p1, l2, p2] = [c[0]![i]!, c[1]![i]!, c[2]![i]!, c[3]![i]!];
      e32 = Math.max(e32, Number.isNaN(naive(l1, p1, l2, p2, f)) ? Infinity : Math.abs(naive(l1, p1, l2, p2, f) - want[i]!));
      e64 = Math.max(e64, Math.abs(naive(l1, p1, l2, p2, (x) => x) - want[i]!));
    });
    console.log(`naive haversine error on (near-)antipodes: f32 ${e32} km, f64 ${e64} km`);
    expect(e32).toBeGreaterThan(1); // kilometres
    expect(e64).toBeGreaterThan(MM);
  });

  it('takes scalars (a fixed point) and float32 arrays (widened exactly)', async () => {
    const c = randomPairs(3000, 11);
    const [l0, p0] = [-0.4543, 51.47];
    const at = (j: number) => Float64Array.from(c[j]!, () => [l0, p0][j % 2]!);
    await parity(() => gf.haversine(gf.array(c[0]!), gf.array(c[1]!), l0, p0), { tol: tol(), oracle: [oracle([c[0]!, c[1]!, at(0), at(1)])] });
    await parity(() => gf.haversine(l0, gf.array(c[1]!), gf.array(c[2]!), p0), { tol: tol(), oracle: [oracle([at(0), c[1]!, c[2]!, at(1)])] });
    const c32 = c.map((x) => Float32Array.from(x));
    const wide = c32.map((x) => Float64Array.from(x));
    await parity(() => gf.haversine(gf.array(c32[0]!), gf.array(c[1]!), gf.array(c32[2]!), gf.array(c32[3]!)), { tol: tol(), oracle: [oracle([wide[0]!, c[1]!, wide[2]!, wide[3]!])] });
    const f32special = [0, 1, 2, 3].map(() => new Float32Array([NaN, Infinity, 45, 1e-40]));
    const [r] = (await parity(() => gf.haversine(gf.array(f32special[0]!), gf.array(f32special[1]!), 0, 0), { tol: tol() })) as Float64Array[];
    expect([Number.isNaN(r![0]), Number.isNaN(r![1])]).toEqual([true, true]);
    const [one] = (await parity(() => gf.haversine(0, 0, 180, 0), { tol: tol() })) as Float64Array[];
    expect(one!.length).toBe(1);
    expect(Math.abs(one![0]! - Math.PI * R)).toBeLessThanOrEqual(MM);
  });

  it('leaves valid rows untouched by garbage in null slots (null rates 0, 0.1, 1)', async () => {
    for (const rate of [0, 0.1, 1]) {
      const c = randomPairs(2000, 13);
      const bits = randomValidity(2000, rate, 17);
      for (let i = 0; i < 2000; i++) if (!isValid(bits, i)) [c[0]![i], c[1]![i]] = [i % 2 ? NaN : 1e300, 0];
      const [out] = (await parity(run4(c), { tol: tol(), oracle: [oracle(c)] })) as Float64Array[];
      for (let i = 0; i < 2000; i++) if (!isValid(bits, i)) expect(Number.isNaN(out![i])).toBe(true);
    }
  });

  it.skipIf(!hasGpu())('runs in binding windows when arrays exceed one binding', async () => {
    const c = randomPairs(40_000, 19); // 320 KB per column, windows of 64 KB
    const want = oracle(c);
    await withBindingCap(() => parity(run4(c), { tol: tol(), oracle: [want], what: 'windows' }));
  });

  it('covers every row past the workgroups-per-dimension limit (2-D grid)', async () => {
    // One thread per pair: with the grid capped (withGridCap), these rows need a 2-D grid,
    // as 16.8M rows do at the real 65,535 limit. Most rows are invalid (lat 91 -> NaN);
    // every 997th row and the last 3,000 are real pairs whose distance depends on the row.
    const n = PAST_CAPPED_GRID;
    const lat = new Float64Array(n).fill(91);
    const rows: number[] = [];
    for (let i = 0; i < n; i += 997) rows.push(i);
    for (let i = n - 3000; i < n; i++) rows.push(i);
    for (const i of rows) lat[i] = ((i % 179_999) - 89_999) / 1000;
    const [out] = (await withGridCap(() => parity(() => gf.haversine(10, gf.array(lat), -170.5, 30), { tol: tol() }))) as Float64Array[];
    let nan = 0;
    for (let i = 0; i < n; i++) if (Number.isNaN(out![i])) nan++;
    expect(nan).toBe(n - new Set(rows).size);
    for (const i of rows) expect(Math.abs(out![i]! - oracle1(10, lat[i]!, -170.5, 30)), `row ${i}`).toBeLessThanOrEqual(MM);
  });
});
