// Soft float64 (kernels/f64/soft-f64.ts): a tiny test kernel applies f64_add (and f64_div,
// f64_from_f32, f64_from_i128) to pairs on the device; results must equal JS bit for bit
// (NaN results: the canonical quiet NaN). Without WebGPU the device half is skipped, loudly,
// and the JS reference of the reduction's pairwise order still runs.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { WG } from '../../../kernels/runner.js';
import { runPairKernel } from '../../helpers/pair-kernel.js';
import { SOFT_F64_WGSL } from '../../../kernels/f64/soft-f64.js';
import { FAN_IN, pairwiseSum } from '../../../kernels/reduce/reduce-cpu.js';

const OPS = { add: 0, div: 1, fromF32: 2, fromI128: 3 } as const;

const SPEC = {
  label: 'test/soft-f64',
  code: /* wgsl */ `
struct Params { n: u32, op: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> B: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> O: array<vec2<u32>>;
${SOFT_F64_WGSL}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  let a = A[i];
  let b = B[i];
  switch P.op {
    case 0u: { O[i] = f64_add(a, b); }
    case 1u: { O[i] = f64_div(a, b); }
    case 2u: { O[i] = f64_from_f32(a.x); }
    default: { O[i] = f64_from_i128(vec4<u32>(a.x, a.y, b.x, b.y)); }
  }
}`,
};

/** Run the test kernel over word pairs; returns the result words. */
const onDevice = (op: number, a: Uint32Array, b: Uint32Array) => runPairKernel(SPEC, a, b, a.length / 2, op);

const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer);
const hex = (lo: number, hi: number) => `0x${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;
const valueOf = (lo: number, hi: number) => { w64[0] = lo; w64[1] = hi; return f64[0]!; };

/** Compare device words against JS results (NaN: canonical quiet NaN bits). */
function expectBits(got: Uint32Array, expected: Float64Array, what: string, inputs: (i: number) => string): void {
  const e = new Uint32Array(expected.buffer);
  let bad = 0;
  const first: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const [lo, hi] = Number.isNaN(expected[i]) ? [0, 0x7ff80000] : [e[2 * i]!, e[2 * i + 1]!];
    if (got[2 * i] !== lo || got[2 * i + 1] !== hi) {
      if (bad++ < 5) first.push(`${inputs(i)}: expected ${hex(lo, hi)} (${expected[i]}), got ${hex(got[2 * i]!, got[2 * i + 1]!)} (${valueOf(got[2 * i]!, got[2 * i + 1]!)})`);
    }
  }
  expect(first, `${what}: ${bad} of ${expected.length} differ`).toEqual([]);
}

/** Pairs of float64 built from bit patterns: every class of value, and interacting exponents. */
function testPairs(): { a: Float64Array; b: Float64Array } {
  const r = rng(20261);
  const u32 = () => Math.floor(r() * 2 ** 32) >>> 0;
  const a: number[] = [];
  const b: number[] = [];
  const bits = (sign: number, exp: number, hi20: number, lo: number) => valueOf(lo >>> 0, ((sign << 31) | (exp << 20) | (hi20 & 0xfffff)) >>> 0);
  const randomWith = (exp: number) => bits(r() < 0.5 ? 1 : 0, exp, u32(), u32());
  const push = (x: number, y: number) => { a.push(x); b.push(y); };
  // 1e5 random pairs: exponents anywhere (subnormal to overflow), mostly within 60 of each other.
  for (let k = 0; k < 100_000; k++) {
    const ea = Math.floor(r() * 2047);
    const eb = r() < 0.2 ? Math.floor(r() * 2047) : Math.min(2046, Math.max(0, ea + Math.floor(r() * 121) - 60));
    push(randomWith(ea), randomWith(eb));
  }
  // Near cancellation: y = -x with its low bits changed, and x with a nearby exponent.
  for (let k = 0; k < 5000; k++) {
    const x = randomWith(Math.floor(r() * 2046) + 1);
    f64[0] = -x;
    w64[0] = (w64[0]! ^ (u32() & (k % 2 ? 0xff : 0xfffff))) >>> 0;
    if (k % 7 === 0) w64[1] = (w64[1]! ^ 1) >>> 0;
    push(x, f64[0]!);
    push(x, -x * (1 + 2 ** -52 * (k % 5)));
  }
  // Subnormals with subnormals and with the smallest normals.
  for (let k = 0; k < 5000; k++) push(randomWith(0), randomWith(k % 3 ? 0 : 1 + (k % 2)));
  // Ties: y is exactly half an ulp of x (plus or minus), so round-to-even decides.
  for (let k = 0; k < 5000; k++) {
    const e = Math.floor(r() * 1900) + 60;
    const x = randomWith(e);
    const half = bits(r() < 0.5 ? 1 : 0, e - 53, 0, 0);
    push(x, half);
    push(x, half * 3);
  }
  const S = [0, -0, Infinity, -Infinity, NaN, 1, -1, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** -1022, 2 ** 53, 2 ** 971, 1e308];
  for (const x of S) for (const y of S) push(x, y);
  // Overflow: MAX plus half an ulp ties up to Inf (MAX's significand is odd); just under stays.
  push(Number.MAX_VALUE, 2 ** 970);
  push(Number.MAX_VALUE, 2 ** 970 - 2 ** 918);
  push(-Number.MAX_VALUE, -(2 ** 970));
  push(2 ** 53, 1);
  push(2 ** 53 + 2, 1);
  return { a: new Float64Array(a), b: new Float64Array(b) };
}

const words = (x: Float64Array) => new Uint32Array(x.buffer, x.byteOffset, x.length * 2);

describe('soft f64 on the device', () => {
  it.skipIf(!hasGpu())('f64_add equals JS a + b bit for bit (1e5 random pairs and every edge case)', async () => {
    const { a, b } = testPairs();
    const got = await onDevice(OPS.add, words(a), words(b));
    const exp = a.map((x, i) => x + b[i]!);
    expectBits(got, exp, 'f64_add', (i) => `${a[i]} + ${b[i]}`);
    // Spot checks that the cases above mean what they say.
    const at = (x: number, y: number) => { for (let i = a.length - 1; i >= 0; i--) if (Object.is(a[i], x) && Object.is(b[i], y)) return valueOf(got[2 * i]!, got[2 * i + 1]!); throw new Error('no pair'); };
    expect(Object.is(at(-0, -0), -0)).toBe(true);
    expect(Object.is(at(1, -1), 0)).toBe(true);
    expect(Number.isNaN(at(Infinity, -Infinity))).toBe(true);
    expect(at(Number.MAX_VALUE, 2 ** 970)).toBe(Infinity);
    expect(at(2 ** 53 + 2, 1)).toBe(2 ** 53 + 4);
  });

  it.skipIf(!hasGpu())('f64_div equals JS a / b bit for bit', async () => {
    const { a, b } = testPairs();
    const got = await onDevice(OPS.div, words(a), words(b));
    expectBits(got, a.map((x, i) => x / b[i]!), 'f64_div', (i) => `${a[i]} / ${b[i]}`);
  });

  it.skipIf(!hasGpu())('f64_from_f32 widens every float32 class exactly', async () => {
    const r = rng(7);
    const src = new Uint32Array(40_000);
    for (let i = 0; i < src.length; i++) src[i] = i < 20_000 ? Math.floor(r() * 2 ** 32) : (i % 4 === 0 ? Math.floor(r() * 2 ** 23) : i % 4 === 1 ? 0x7f800000 + (i % 3) : Math.floor(r() * 2 ** 32) >>> 0) | (i % 2 ? 0x80000000 : 0);
    const pairs = new Uint32Array(2 * src.length);
    for (let i = 0; i < src.length; i++) pairs[2 * i] = src[i]!;
    const got = await onDevice(OPS.fromF32, pairs, pairs);
    const exp = Float64Array.from(new Float32Array(src.buffer));
    expectBits(got, exp, 'f64_from_f32', (i) => `0x${src[i]!.toString(16)}`);
  });

  it.skipIf(!hasGpu())('f64_from_i128 rounds like Number(bigint)', async () => {
    const r = rng(11);
    const vals: bigint[] = [0n, 1n, -1n, 2n ** 53n + 1n, 2n ** 53n + 3n, -(2n ** 64n) - 1n, 2n ** 126n, -(2n ** 127n) + 1n, (2n ** 53n - 1n) << 70n, ((2n ** 53n + 1n) << 40n) + 1n];
    for (let k = 0; k < 20_000; k++) {
      const bitsLen = BigInt(Math.floor(r() * 127));
      let v = 0n;
      for (let j = 0; j < 4; j++) v = (v << 32n) | BigInt(Math.floor(r() * 2 ** 32));
      v &= (1n << bitsLen) - 1n;
      vals.push(k % 2 ? -v : v);
    }
    const lo = new BigUint64Array(vals.map((v) => BigInt.asUintN(64, v)));
    const hi = new BigUint64Array(vals.map((v) => BigInt.asUintN(64, v >> 64n)));
    const got = await onDevice(OPS.fromI128, new Uint32Array(lo.buffer), new Uint32Array(hi.buffer));
    expectBits(got, Float64Array.from(vals, (v) => Number(v)), 'f64_from_i128', (i) => `${vals[i]}`);
  });

  it('says when the device half did not run', () => {
    if (!hasGpu()) console.warn('soft-f64: no WebGPU adapter; the device tests above were SKIPPED (JS reference only)');
    expect(typeof SOFT_F64_WGSL).toBe('string');
  });
});

describe('pairwise order (JS reference, runs without a device)', () => {
  /** An independent, recursive statement of the order in kernels/reduce/reduce-wgsl.ts. */
  function reference(x: ArrayLike<number>): number {
    if (x.length === 0) return 0;
    const partials: number[] = [];
    for (let base = 0; base < x.length; base += FAN_IN) {
      let s = 0;
      for (let i = base; i < Math.min(base + FAN_IN, x.length); i++) s = s + x[i]!;
      partials.push(s);
    }
    return partials.length === 1 ? partials[0]! : reference(partials);
  }

  it('pairwiseSum follows the documented order exactly and stays within 1e-12 of a naive sum', () => {
    const r = rng(99);
    for (const n of [0, 1, 255, 4096, 4097, 100_000, 1_000_003]) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = r() * 100 + 1;
      const p = pairwiseSum(x);
      expect(Object.is(p, reference(x)), `n=${n}`).toBe(true);
      let naive = 0;
      for (let i = 0; i < n; i++) naive += x[i]!;
      expect(Math.abs(p - naive)).toBeLessThanOrEqual(1e-12 * Math.abs(naive));
    }
  });

  it('is more accurate than the naive sum on a hard case', () => {
    // 1e6 copies of 0.1: the naive sum drifts far more than the pairwise one.
    const x = new Float64Array(1_000_000).fill(0.1);
    let naive = 0;
    for (let i = 0; i < x.length; i++) naive += x[i]!;
    const exact = 100000.00000000000555; // 1e6 * fl(0.1), to double precision
    expect(Math.abs(pairwiseSum(x) - exact)).toBeLessThan(Math.abs(naive - exact));
  });
});
