// The df64 WGSL library against exact arithmetic (BigInt) and JS float64, on the active
// WebGPU adapter. df64 is GPU-only (the CPU backend has real float64), so these tests need
// an adapter; run them on SwiftShader (default) and on llvmpipe with
// VK_ICD_FILENAMES=/nonexistent.json.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { bitsF32, exact, f32Bits, f64Words, relErr, runDf64, SCALE, wordsF64 } from './df64-harness.js';

const N = 20_000;
const gpuOnly = describe.skipIf(!hasGpu());

/** A random df64 (hi, lo) with |lo| <= ulp(hi)/2 and hi's exponent in [emin, emax). */
function randDf(r: () => number, emin: number, emax: number): [number, number] {
  const hi = Math.fround((1 + r()) * 2 ** Math.floor(emin + r() * (emax - emin)) * (r() < 0.5 ? -1 : 1));
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(hi))) - 23);
  return [hi, Math.fround((r() - 0.5) * ulp)];
}
/** x split into df64 (hi, lo); hi + lo is exactly a float64. */
const split = (x: number): [number, number] => {
  const h = Math.fround(x);
  return [h, Math.fround(x - h)];
};
const pack = (rows: number[][]): Uint32Array => new Uint32Array(rows.flat().map(f32Bits));
const f = (o: Uint32Array, i: number): number => bitsF32(o[i]!);
const log2max = (xs: number[]): number => Math.log2(Math.max(...xs));

gpuOnly('df64 compiler probe', () => {
  it('error-free transformations are exact with the fence (and the probe reports the bare ones)', async () => {
    const r = rng(1);
    const rows: number[][] = [];
    for (let i = 0; i < N; i++) rows.push([randDf(r, -20, 20)[0], randDf(r, -20, 20)[0], ...randDf(r, -20, 20), ...randDf(r, -20, 20)]);
    const body = `fn op(i: u32) {
      let a = ld(i, 0u); let b = ld(i, 1u);
      let s = df64_two_sum(a, b); let p = df64_two_prod(a, b);
      let q = df64_quick_two_sum(max(abs(a), abs(b)), min(abs(a), abs(b)));
      st(i, 0u, s.x); st(i, 1u, s.y); st(i, 2u, p.x); st(i, 3u, p.y); st(i, 4u, q.x); st(i, 5u, q.y);
      st(i, 6u, fma(a, b, -p.x));
      st(i, 7u, a * b + ld(i, 2u));
      let x = vec2<f32>(ld(i, 2u), ld(i, 3u)); let y = vec2<f32>(ld(i, 4u), ld(i, 5u));
      let m1 = df64_mul(x, y); let m2 = df64_mul(y, x);
      stu(i, 8u, select(0u, 1u, any(m1 != m2))); }`;
    const verdict: Record<string, unknown> = { adapter: gf.info().adapter };
    for (const protect of [true, false]) {
      const o = await runDf64(body, pack(rows), 6, 9, { protect });
      let badSum = 0, badProd = 0, badQuick = 0, fmaExact = 0, contracted = 0, mulNotCommutative = 0;
      rows.forEach(([a, b, c], i) => {
        const [A, B] = [exact(a!), exact(b!)];
        if (exact(f(o, 9 * i)) + exact(f(o, 9 * i + 1)) !== A + B || f(o, 9 * i) !== Math.fround(a! + b!)) badSum++;
        if (exact(f(o, 9 * i + 2)) + exact(f(o, 9 * i + 3)) !== (A * B) >> SCALE || f(o, 9 * i + 2) !== Math.fround(a! * b!)) badProd++;
        if (exact(f(o, 9 * i + 4)) + exact(f(o, 9 * i + 5)) !== (A < 0n ? -A : A) + (B < 0n ? -B : B)) badQuick++;
        if (f(o, 9 * i + 6) === Math.fround(a! * b! - Math.fround(a! * b!))) fmaExact++;
        if (f(o, 9 * i + 7) !== Math.fround(Math.fround(a! * b!) + c!)) contracted++;
        mulNotCommutative += o[9 * i + 8]!;
      });
      verdict[protect ? 'fenced' : 'bare'] = { badSum, badProd, badQuick, mulNotCommutative };
      if (protect) {
        expect({ badSum, badProd, badQuick, mulNotCommutative }).toEqual({ badSum: 0, badProd: 0, badQuick: 0, mulNotCommutative: 0 });
        Object.assign(verdict, { fmaExact: `${fmaExact}/${N}`, aTimesBPlusCContracted: `${contracted}/${N}` });
      }
    }
    console.log(`df64 compiler probe: ${JSON.stringify(verdict)}`);
  });
});

gpuOnly('df64 arithmetic vs exact BigInt', () => {
  // a and b: random over 2^±20, plus cancellation (b ≈ -a), exact negation, equal magnitudes,
  // lo = 0, powers of two with a negative lo, and wide exponent gaps.
  function operands(seed: number): number[][] {
    const r = rng(seed);
    const rows: number[][] = [];
    for (let i = 0; i < N; i++) {
      const a = randDf(r, -20, 20);
      let b = randDf(r, -20, 20);
      switch (i % 8) {
        case 1: b = [-a[0], Math.fround(-a[1] * (1 + (r() - 0.5) * 1e-3))]; break;
        case 2: b = [-a[0], -a[1]]; break;
        case 3: b = [Math.abs(a[0]) * Math.sign(b[0]), Math.fround(a[1] * (r() - 0.5) * 2)]; break;
        case 4: b = [b[0], 0]; break;
        case 5: b = [2 ** Math.floor((r() - 0.5) * 30), -Math.fround(2 ** Math.floor((r() - 0.5) * 30 - 26))]; if (Math.abs(b[1]) > Math.abs(b[0]) * 2 ** -25) b[1] = 0; break;
        case 6: b = randDf(r, -60, -40); break;
      }
      rows.push([...a, ...b]);
    }
    return rows;
  }

  it('add and sub: relative error <= 2^-46; mul <= 2^-45; div <= 2^-45; sqrt <= 2^-45', async () => {
    const rows = operands(2);
    const body = `fn op(i: u32) {
      let a = vec2<f32>(ld(i, 0u), ld(i, 1u)); let b = vec2<f32>(ld(i, 2u), ld(i, 3u));
      let s = df64_add(a, b); let d = df64_sub(a, b); let p = df64_mul(a, b); let q = df64_div(a, b);
      let t = df64_sqrt(select(b, -b, b.x < 0.0));
      st(i, 0u, s.x); st(i, 1u, s.y); st(i, 2u, d.x); st(i, 3u, d.y); st(i, 4u, p.x); st(i, 5u, p.y);
      st(i, 6u, q.x); st(i, 7u, q.y); st(i, 8u, t.x); st(i, 9u, t.y); }`;
    const o = await runDf64(body, pack(rows), 4, 10);
    const err = { add: [0], sub: [0], mul: [0], div: [0], sqrt: [0] };
    rows.forEach(([ah, al, bh, bl], i) => {
      const A = exact(ah!) + exact(al!);
      const B = exact(bh!) + exact(bl!);
      const g = (k: number) => exact(f(o, 10 * i + k)) + exact(f(o, 10 * i + k + 1));
      if (A + B !== 0n) err.add.push(relErr(g(0), A + B));
      else expect(g(0), `add row ${i}: a + (-a) must be exactly 0`).toBe(0n);
      if (A - B !== 0n) err.sub.push(relErr(g(2), A - B));
      err.mul.push(relErr(g(4) << SCALE, A * B));
      err.div.push(relErr(g(6) * B, A << SCALE));
      const q = g(8);
      err.sqrt.push(relErr(q * q, (B < 0n ? -B : B) << SCALE) / 2);
    });
    const worst = Object.fromEntries(Object.entries(err).map(([k, v]) => [k, log2max(v)]));
    console.log(`df64 worst relative error (log2) on ${gf.info().adapter}: ${JSON.stringify(worst)}`);
    expect(worst.add).toBeLessThanOrEqual(-46);
    expect(worst.sub).toBeLessThanOrEqual(-46);
    expect(worst.mul).toBeLessThanOrEqual(-45);
    expect(worst.div).toBeLessThanOrEqual(-45);
    expect(worst.sqrt).toBeLessThanOrEqual(-45);
  });

  it('a plain f32 sum would miss the bound (the test can fail)', async () => {
    const rows = operands(3);
    const o = await runDf64('fn op(i: u32) { st(i, 0u, ld(i, 0u) + ld(i, 2u)); st(i, 1u, 0.0); }', pack(rows), 4, 2);
    const worst = Math.max(...rows.map(([ah, al, bh, bl], i) => {
      const want = exact(ah!) + exact(al!) + exact(bh!) + exact(bl!);
      return want === 0n ? 0 : relErr(exact(f(o, 2 * i)), want);
    }));
    expect(Math.log2(worst)).toBeGreaterThan(-46);
  });
});

gpuOnly('df64 trig vs float64', () => {
  it('sin/cos (radians): absolute error <= 1e-14 on |x| <= 100, near multiples of pi/2, tiny x', async () => {
    const r = rng(4);
    const xs: number[] = [0, -0, 1e-30, -1e-10, Math.PI / 4, -Math.PI / 4, Math.PI, 2 * Math.PI, 100, -100];
    while (xs.length < N) {
      const k = xs.length % 3;
      xs.push(k === 0 ? (r() - 0.5) * 200 : k === 1 ? (Math.round((r() - 0.5) * 120) * Math.PI) / 2 + (r() - 0.5) * 10 ** -(r() * 12) : (r() - 0.5) * 1e-3);
    }
    const rows = xs.map(split);
    const o = await runDf64('fn op(i: u32) { let c = df64_sincos(vec2<f32>(ld(i, 0u), ld(i, 1u))); st(i, 0u, c.x); st(i, 1u, c.y); st(i, 2u, c.z); st(i, 3u, c.w); }', pack(rows), 2, 4);
    let es = 0, ec = 0;
    rows.forEach(([h, l], i) => {
      const x = h! + l!;
      es = Math.max(es, Math.abs(f(o, 4 * i) + f(o, 4 * i + 1) - Math.sin(x)));
      ec = Math.max(ec, Math.abs(f(o, 4 * i + 2) + f(o, 4 * i + 3) - Math.cos(x)));
    });
    console.log(`df64 sin/cos worst absolute error: ${es}, ${ec}`);
    expect(es).toBeLessThanOrEqual(1e-14);
    expect(ec).toBeLessThanOrEqual(1e-14);
    expect(f(o, 0)).toBe(0); // sin(0) = 0 exactly
    expect(f(o, 2)).toBe(1); // cos(0) = 1 exactly
  });

  it('sin/cos (degrees): <= 1e-14, and exact at multiples of 90', async () => {
    const r = rng(5);
    const ds: number[] = [0, 90, 180, -180, 270, 360, -720, 45, 1e-9, 179.99999999];
    while (ds.length < N) ds.push(ds.length % 2 ? (r() - 0.5) * 1440 : Math.round((r() - 0.5) * 16) * 90 + (r() - 0.5) * 10 ** -(r() * 10));
    const rows = ds.map(split);
    const o = await runDf64('fn op(i: u32) { let c = df64_sincos_deg(vec2<f32>(ld(i, 0u), ld(i, 1u))); st(i, 0u, c.x); st(i, 1u, c.y); st(i, 2u, c.z); st(i, 3u, c.w); }', pack(rows), 2, 4);
    let err = 0;
    rows.forEach(([h, l], i) => {
      const x = ((h! + l!) * Math.PI) / 180;
      err = Math.max(err, Math.abs(f(o, 4 * i) + f(o, 4 * i + 1) - Math.sin(x)), Math.abs(f(o, 4 * i + 2) + f(o, 4 * i + 3) - Math.cos(x)));
    });
    expect(err).toBeLessThanOrEqual(1e-14);
    const exactAt = (i: number) => [f(o, 4 * i) + f(o, 4 * i + 1) + 0, f(o, 4 * i + 2) + f(o, 4 * i + 3) + 0]; // +0: the sign of a zero is not asserted
    expect(exactAt(1)).toEqual([1, 0]);
    expect(exactAt(2)).toEqual([0, -1]);
    expect(exactAt(5)).toEqual([0, 1]);
  });

  it('atan2: absolute error <= 2e-14 in every quadrant, on the axes and at tiny ratios', async () => {
    const r = rng(6);
    const rows: number[][] = [[0, 0, 0, 0], [0, 0, -1, 0], [1, 0, 0, 0], [-1, 0, 0, 0], [0, 0, 1, 0], [1e-20, 0, -1, 0], [-1e-20, 0, -1, 0]];
    while (rows.length < N) {
      const ang = (r() * 2 - 1) * Math.PI;
      const rad = 2 ** ((r() - 0.5) * 40);
      const y = rows.length % 5 === 0 ? Math.sin(ang) * rad * 1e-12 : Math.sin(ang) * rad;
      rows.push([...split(y), ...split(Math.cos(ang) * rad)]);
    }
    const o = await runDf64('fn op(i: u32) { let t = df64_atan2(vec2<f32>(ld(i, 0u), ld(i, 1u)), vec2<f32>(ld(i, 2u), ld(i, 3u))); st(i, 0u, t.x); st(i, 1u, t.y); }', pack(rows), 4, 2);
    let err = 0;
    rows.forEach(([yh, yl, xh, xl], i) => {
      err = Math.max(err, Math.abs(f(o, 2 * i) + f(o, 2 * i + 1) - Math.atan2(yh! + yl!, xh! + xl!)));
    });
    console.log(`df64 atan2 worst absolute error: ${err}`);
    expect(err).toBeLessThanOrEqual(2e-14); // results up to pi: 2^-47 relative
    expect(f(o, 0) + f(o, 1)).toBe(0);
  });
});

gpuOnly('df64 <-> float64 bits', () => {
  const F64_CASES = [0, -0, 1, -1, 0.1, 1 / 3, Math.PI, 180, -90, 6371.0088, 2 ** 127 * 1.5, 2 ** -78, -(2 ** -78) * 1.25, 1 + 2 ** -24, 1 + 2 ** -24 + 2 ** -52, 1 - 2 ** -53, Math.fround(0.1), 16777217, 3.4028234663852886e38, 3.4028235677973366e38];
  const SPECIAL = [NaN, Infinity, -Infinity, 1e39, -1e300, 2 ** 128, 1e-30, 2 ** -79, 5e-324, 1e-310, -(2 ** -127), 2 ** -78 + 2 ** -120];

  it('f64 -> df64: hi = nearest f32, lo = nearest f32 of the rest, status flags out-of-range values', async () => {
    const r = rng(7);
    const xs = [...F64_CASES, ...SPECIAL];
    while (xs.length < N) xs.push((r() - 0.5 + r() * 2 ** -32) * 2 ** Math.floor((r() - 0.5) * 200));
    const input = new Uint32Array(xs.flatMap((x) => f64Words(x)));
    const o = await runDf64('fn op(i: u32) { let c = df64_from_f64(vec2<u32>(ldu(i, 0u), ldu(i, 1u))); st(i, 0u, c.v.x); st(i, 1u, c.v.y); stu(i, 2u, c.status); }', input, 2, 3);
    xs.forEach((x, i) => {
      const [hi, lo, status] = [f(o, 3 * i), f(o, 3 * i + 1), o[3 * i + 2]];
      const ax = Math.abs(x);
      const expectStatus = Number.isNaN(x) || ax === Infinity ? 1 : (ax !== 0 && ax < 2 ** -78) || Math.abs(Math.fround(x)) === Infinity ? 2 : 0;
      expect(status, `status of ${x}`).toBe(expectStatus);
      if (expectStatus === 0) {
        const wantHi = Math.fround(x);
        expect(Object.is(hi, wantHi) || (hi === 0 && wantHi === 0), `hi of ${x}`).toBe(true);
        const wantLo = Math.fround(x - wantHi);
        if (Math.abs(wantLo) < 2 ** -126) expect(lo === 0, `lo of ${x} flushes to zero`).toBe(true);
        else expect(lo, `lo of ${x}`).toBe(wantLo);
        expect(Math.abs(hi + lo - x)).toBeLessThanOrEqual(ax * 2 ** -48);
      } else if (Number.isNaN(x)) {
        expect(Number.isNaN(hi)).toBe(true);
      } else if (ax === Infinity || ax >= 2 ** 128) {
        expect(hi).toBe(Math.sign(x) * Infinity);
      } else if (ax < 2 ** -126) {
        expect(hi === 0 && lo === 0 && Object.is(hi, x < 0 ? -0 : 0)).toBe(true);
      }
    });
  });

  it('df64 -> f64: the exact sum hi + lo rounded once (ties to even), for any pair', async () => {
    const r = rng(8);
    const rows: number[][] = [
      [1, 2 ** -53], [1, 3 * 2 ** -53], [1, -(2 ** -54)], [1, -(2 ** -54) - 2 ** -77], [1, 2 ** -53 + 2 ** -70], [-1, -(2 ** -53)], [1.5, -(2 ** -53)],
      [0, 0], [-0, -0], [-0, 0], [1, -1], [Math.fround(Math.PI), Math.fround(Math.PI - Math.fround(Math.PI))], [2 ** -126, 2 ** -120], [-(2 ** 127), -(2 ** 103)],
      [NaN, 0], [Infinity, 0], [-Infinity, 0],
    ];
    while (rows.length < N) {
      const [hi] = randDf(r, -30, 30);
      const gap = rows.length % 3 === 0 ? 20 + Math.floor(r() * 60) : Math.floor(r() * 30) - 5; // normalised or not
      const lo = Math.fround((r() - 0.5) * 2 * 2 ** (Math.floor(Math.log2(Math.abs(hi))) - gap));
      rows.push([hi, rows.length % 7 === 0 ? Math.fround(Math.abs(hi) * 2 ** -24 * Math.sign(lo)) : lo]);
    }
    const o = await runDf64('fn op(i: u32) { let w = df64_to_f64(vec2<f32>(ld(i, 0u), ld(i, 1u))); stu(i, 0u, w.x); stu(i, 1u, w.y); }', pack(rows), 2, 2);
    rows.forEach(([hi, lo], i) => {
      const got = wordsF64(o[2 * i]!, o[2 * i + 1]!);
      const want = Math.fround(hi!) + Math.fround(lo!); // JS adds two doubles exactly rounded (ties to even)
      if (Number.isNaN(want)) expect(Number.isNaN(got), `row ${i}`).toBe(true);
      else expect(Object.is(got, want), `row ${i}: ${hi} + ${lo}: expected ${want}, got ${got}`).toBe(true);
    });
  });

  it('f64 -> df64 -> f64 round-trips to fround(x) + fround(x - fround(x))', async () => {
    const r = rng(9);
    const xs: number[] = [...F64_CASES];
    while (xs.length < N) xs.push((r() - 0.5 + r() * 2 ** -32) * 2 ** Math.floor((r() - 0.5) * 140)); // 53 random bits
    const input = new Uint32Array(xs.flatMap((x) => f64Words(x)));
    const o = await runDf64('fn op(i: u32) { let w = df64_to_f64(df64_from_f64(vec2<u32>(ldu(i, 0u), ldu(i, 1u))).v); stu(i, 0u, w.x); stu(i, 1u, w.y); }', input, 2, 2);
    let changed = 0;
    xs.forEach((x, i) => {
      const [h, l] = split(x);
      const want = Math.abs(x) < 2 ** -78 || Math.abs(h) === Infinity ? NaN : h + l; // flagged values
      if (Number.isNaN(want)) return;
      const got = wordsF64(o[2 * i]!, o[2 * i + 1]!);
      expect(Object.is(got, want), `${x}: expected ${want}, got ${got}`).toBe(true);
      if (got !== x) changed++;
    });
    expect(changed).toBeGreaterThan(N / 2); // 53 -> 48 bits: most values do not survive exactly
  });
});
