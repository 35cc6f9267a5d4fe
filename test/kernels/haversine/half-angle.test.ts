// The CPU body of 'spatial/haversine' (kernels/haversine/half-angle.ts: the half-angle form
// with its own sine and arcsine polynomials) against mpmath at 200 bits
// (scripts/golden/haversine_reference.py -> test/fixtures/haversine/reference.json), and the
// GPU twin against the same reference; plus the float32/scalar block path, ±0, nulls.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { ASIN_TABLE, asinSmall, sinReduced } from '../../../kernels/haversine/half-angle.js';
import { centralAngle } from '../../../kernels/haversine/great-circle.js';
import { onBoth, rng } from '../../helpers/parity.js';
import { registeredKernels } from '../../../kernels/registry.js';

type Pair = [number, number, number, number, number, number, string];
const ref = JSON.parse(readFileSync('test/fixtures/haversine/reference.json', 'utf8')) as {
  table: [number, number, number][];
  sin: [number, number, number][];
  asin: [number, number, number][];
  pairs: Pair[];
};
const tolAbs = () => (registeredKernels().find((k) => k.name === 'spatial/haversine')!.tolerance as { abs: number }).abs;

/** The spacing of float64 values at |x| (the unit in the last place). */
function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -1021) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 52);
}
/** |y − (hi + lo)| in ulps of hi, without forming hi + lo in float64. */
const ulps = (y: number, hi: number, lo: number) => Math.abs(y - hi - lo) / ulp(hi);

describe('spatial/haversine CPU body: half-angle form', () => {
  it('its asin(k/16) table is the mpmath one, digit for digit', () => {
    expect(ASIN_TABLE.map((r) => [...r])).toEqual(ref.table);
  });

  const polynomials = [
    { name: 'sinReduced', of: 'sin', domain: '|r| <= pi/4', mine: sinReduced, math: Math.sin, cases: ref.sin },
    { name: 'asinSmall', of: 'asin', domain: '|w| <= 0.0443', mine: asinSmall, math: Math.asin, cases: ref.asin },
  ];
  for (const p of polynomials) {
    it(`${p.name} is within 0.6 ulp of ${p.of} on ${p.domain} (mpmath), as Math.${p.of} is`, () => {
      let mine = 0, math = 0;
      for (const [x, hi, lo] of p.cases) {
        mine = Math.max(mine, ulps(p.mine(x), hi, lo));
        math = Math.max(math, ulps(p.math(x), hi, lo));
      }
      console.log(`${p.of} on ${p.cases.length} arguments: max ${mine.toFixed(3)} ulp (Math.${p.of} ${math.toFixed(3)} ulp)`);
      expect(mine).toBeLessThan(0.6);
    });
  }

  it('central angles are within 1e-15 rad of mpmath on adversarial pairs (and a few ulps where the inputs differ exactly)', async () => {
    const R = 1; // the result is the angle in radians
    const c = [0, 1, 2, 3].map((j) => Float64Array.from(ref.pairs, (p) => p[j] as number));
    const { cpu, gpu } = await onBoth(() => gf.haversine(gf.array(c[0]!), gf.array(c[1]!), gf.array(c[2]!), gf.array(c[3]!), { radius: R }));
    const worst: Record<string, { abs: number; ulps: number; vincenty: number; gpu?: number }> = {};
    ref.pairs.forEach(([l1, p1, l2, p2, hi, lo, kind], i) => {
      const w = (worst[kind] ??= { abs: 0, ulps: 0, vincenty: 0 });
      const got = cpu[0]![i] as number;
      w.abs = Math.max(w.abs, Math.abs(got - hi - lo));
      w.vincenty = Math.max(w.vincenty, Math.abs(centralAngle(l1, p1, l2, p2) - hi - lo));
      // Relative error: where the coordinate differences are exact in float64 (Sterbenz), the
      // half-angle form keeps a few ulps even for sub-metre steps; below 1e-100 rad squares underflow.
      if (['sub-metre', 'small', 'near-antipodal', 'antipodal', 'random', 'lat edge', 'lat sum edge', 'pole'].includes(kind) && hi > 1e-100) w.ulps = Math.max(w.ulps, ulps(got, hi, lo));
      if (gpu) w.gpu = Math.max(w.gpu ?? 0, Math.abs((gpu[0]![i] as number) - hi - lo));
    });
    console.log(`haversine vs mpmath (rad) on ${ref.pairs.length} pairs by kind (cpu abs, cpu ulps, float64 Vincenty abs, gpu abs): ${JSON.stringify(worst)}`);
    for (const [kind, w] of Object.entries(worst)) {
      expect(w.abs, `${kind} abs`).toBeLessThanOrEqual(1e-15);
      expect(w.ulps, `${kind} ulps`).toBeLessThanOrEqual(8);
      if (w.gpu !== undefined) expect(w.gpu * 6371.0088, `${kind} gpu`).toBeLessThanOrEqual(tolAbs());
    }
  });

  it('float32 and scalar operands (widened in blocks) give the same bits as float64 arrays', async () => {
    const n = 10_001; // past two blocks of 4,096, not a multiple
    const r = rng(5);
    const lon = Float32Array.from({ length: n }, () => (r() - 0.5) * 360);
    const lat = Float32Array.from({ length: n }, () => (r() - 0.5) * 180);
    const lat2 = Float64Array.from({ length: n }, () => (r() - 0.5) * 180);
    const l0 = -0.4543;
    const got = await gf.withBackendAsync('cpu', () => gf.haversine(gf.array(lon), gf.array(lat), l0, gf.array(lat2)).toArray());
    const want = await gf.withBackendAsync('cpu', () => gf.haversine(gf.array(Float64Array.from(lon)), gf.array(Float64Array.from(lat)), gf.array(new Float64Array(n).fill(l0)), gf.array(lat2)).toArray());
    expect(Array.from(got)).toEqual(Array.from(want));
    const one = await gf.withBackendAsync('cpu', () => gf.haversine(0, 90, 123, -90).toArray());
    expect(Math.abs(one[0]! - Math.PI * 6371.0088)).toBeLessThanOrEqual(1e-11);
  });

  it('±0, identical points, NaN, ±Inf and nulls on both backends', async () => {
    const c = [
      [0, -0, -0, 0, 360, -360, NaN, Infinity, -Infinity, 1, 45],
      [-0, 0, 90, -90, 0, 0, 0, 0, 0, 1, 45],
      [-0, 0, 0, 0, -360, 360, 0, 0, 0, 1, 45],
      [0, -0, 90, -90, 0, 0, 0, 0, 0, 1, 45.0000001],
    ].map((a) => Float64Array.from(a));
    const { cpu, gpu } = await onBoth(() => gf.haversine(gf.array(c[0]!), gf.array(c[1]!), gf.array(c[2]!), gf.array(c[3]!)));
    for (const out of [cpu[0]!, gpu?.[0]]) {
      if (!out) continue;
      // Identical points (±0, the same pole, ±360 degrees of longitude apart) are exactly 0 (+0 on the CPU).
      for (let i = 0; i < 6; i++) expect(out === cpu[0] ? Object.is(out[i], 0) : out[i] === 0, `row ${i}: ${out[i]}`).toBe(true);
      for (let i = 6; i < 9; i++) expect(Number.isNaN(out[i]), `row ${i}`).toBe(true);
      expect(out[9]).toBe(0);
      expect(Math.abs((out[10] as number) - 1e-7 * (Math.PI / 180) * 6371.0088)).toBeLessThan(out === cpu[0] ? 1e-11 : tolAbs());
    }
    const valid = new Uint8Array([0b101]);
    const lon = gf.Column.from(new Float64Array([1, NaN, 3]), valid);
    const d = await gf.withBackendAsync('cpu', () => gf.haversine(lon, 0, 0, 0).toValues());
    expect(d[1]).toBeNull();
    expect(Math.abs((d[0] as number) - (Math.PI / 180) * 6371.0088)).toBeLessThan(1e-11);
    expect(Math.abs((d[2] as number) - 3 * (Math.PI / 180) * 6371.0088)).toBeLessThan(1e-11);
  });
});
