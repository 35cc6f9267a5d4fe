// Soft float64 multiplication (kernels/f64/soft-f64-mul.ts): a test kernel applies f64_mul
// (and f64_sub) on the device; every result must equal JS a * b (a - b) bit for bit, NaN
// results being the canonical quiet NaN. Without WebGPU the device half is skipped, loudly.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { WG } from '../../../kernels/runner.js';
import { runPairKernel } from '../../helpers/pair-kernel.js';
import { SOFT_F64_WGSL } from '../../../kernels/f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../../../kernels/f64/soft-f64-mul.js';

const SPEC = {
  label: 'test/soft-f64-mul',
  code: /* wgsl */ `
struct Params { n: u32, op: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> B: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> O: array<vec2<u32>>;
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  if (P.op == 0u) { O[i] = f64_mul(A[i], B[i]); } else { O[i] = f64_sub(A[i], B[i]); }
}`,
};

const onDevice = (op: number, a: Float64Array, b: Float64Array) => runPairKernel(SPEC, a, b, a.length, op);

const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer);
const bits = (sign: number, exp: number, hi20: number, lo: number): number => {
  w64[0] = lo >>> 0;
  w64[1] = ((sign << 31) | (exp << 20) | (hi20 & 0xfffff)) >>> 0;
  return f64[0]!;
};
const hex = (lo: number, hi: number) => `0x${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;

function expectBits(got: Uint32Array, expected: Float64Array, what: string, inputs: (i: number) => string): void {
  const e = new Uint32Array(expected.buffer);
  const first: string[] = [];
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const [lo, hi] = Number.isNaN(expected[i]) ? [0, 0x7ff80000] : [e[2 * i]!, e[2 * i + 1]!];
    if (got[2 * i] !== lo || got[2 * i + 1] !== hi) {
      if (bad++ < 5) first.push(`${inputs(i)}: expected ${hex(lo, hi)} (${expected[i]}), got ${hex(got[2 * i]!, got[2 * i + 1]!)}`);
    }
  }
  expect(first, `${what}: ${bad} of ${expected.length} differ`).toEqual([]);
}

/** Pairs covering every class: random exponents, subnormal results, overflow, exact ties. */
function mulPairs(): { a: Float64Array; b: Float64Array } {
  const r = rng(4242);
  const u32 = () => Math.floor(r() * 2 ** 32) >>> 0;
  const a: number[] = [];
  const b: number[] = [];
  const push = (x: number, y: number) => { a.push(x); b.push(y); };
  const randomWith = (exp: number) => bits(r() < 0.5 ? 1 : 0, exp, u32(), u32());
  // Random exponents anywhere, and exponent sums near the subnormal and overflow edges.
  for (let k = 0; k < 60_000; k++) push(randomWith(Math.floor(r() * 2047)), randomWith(Math.floor(r() * 2047)));
  for (let k = 0; k < 20_000; k++) {
    const ea = 1 + Math.floor(r() * 2045);
    const target = k % 2 ? 1023 - 1022 - Math.floor(r() * 60) : 1023 + 1023 - Math.floor(r() * 3);
    push(randomWith(ea), randomWith(Math.min(2046, Math.max(1, target - ea + 1023))));
  }
  // Subnormal operands, against everything.
  for (let k = 0; k < 10_000; k++) push(randomWith(0), randomWith(k % 2 ? Math.floor(r() * 2047) : 1023 + Math.floor(r() * 60)));
  // Exact ties: A odd in [2^52, 2^54 / 3) times 3 has 54 bits ending in 1 (half an ulp), at many scales.
  for (let k = 0; k < 10_000; k++) {
    const A = 2 ** 52 + 2 * Math.floor(r() * (2 ** 54 / 3 - 2 ** 52) / 2) + 1;
    const s = k % 3 === 0 ? 2 ** -1074 * 2 ** Math.floor(r() * 60) : 2 ** Math.floor(r() * 400 - 200);
    push(A * s, 3 * 2 ** -52);
    push(-A * 2 ** -52, 3 * s);
    push(A, 5 * 2 ** Math.floor(r() * 100 - 1100)); // subnormal results with a long tail
  }
  // Half an ulp plus (or minus) a little that lives only in the product's lowest 32 bits:
  // (2^52 + 1)(2^52 + 2^51 + d) drops exactly 2^51 + d, so the sticky bit decides the rounding.
  for (let k = 0; k < 4000; k++) {
    const d = 1 + Math.floor(r() * (2 ** 32 - 2));
    const s = k % 4 === 0 ? 2 ** (-1074 + 52 + Math.floor(r() * 50)) : 2 ** Math.floor(r() * 200 - 100);
    push((1 + 2 ** -52) * s, 1.5 + (k % 2 ? d : -d) * 2 ** -52);
    push(-(1 + 2 ** -52), (1.5 + d * 2 ** -52) * s);
  }
  const S = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, 3, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** -1022, 2 ** -1023, 2 ** 1023, 1 + 2 ** -52, 1 - 2 ** -53, 0.1, 1e308, 1e-308];
  for (const x of S) for (const y of S) push(x, y);
  push(Number.MIN_VALUE, 0.5); // tie to even: 0
  push(Number.MIN_VALUE, 0.75); // rounds up to MIN_VALUE
  push(3 * Number.MIN_VALUE, 0.5); // 1.5 ulp: tie to even, 2 * MIN_VALUE
  push(2 ** -1022, 1 - 2 ** -53); // rounds up into the normal range
  push(Number.MAX_VALUE, 1 + 2 ** -52); // overflow
  push(2 ** 1023, 2 - 2 ** -52); // exactly MAX_VALUE
  return { a: new Float64Array(a), b: new Float64Array(b) };
}

const words = (x: Float64Array) => new Uint32Array(x.buffer, x.byteOffset, x.length * 2);

describe('soft f64 multiplication on the device', () => {
  it('the pairs reach every case (JS side)', () => {
    const { a, b } = mulPairs();
    const p = a.map((x, i) => x * b[i]!);
    const sub = p.filter((x) => x !== 0 && Math.abs(x) < 2 ** -1022).length;
    const inf = p.filter((x) => !Number.isFinite(x) && !Number.isNaN(x)).length;
    expect(sub).toBeGreaterThan(5000);
    expect(inf).toBeGreaterThan(5000);
    expect(words(a).length).toBe(2 * a.length);
  });

  it.skipIf(!hasGpu())('f64_mul equals JS a * b bit for bit (subnormals, overflow, ±0, Inf, NaN, ties to even)', async () => {
    const { a, b } = mulPairs();
    const got = await onDevice(0, a, b);
    expectBits(got, a.map((x, i) => x * b[i]!), 'f64_mul', (i) => `${a[i]} * ${b[i]}`);
  });

  it.skipIf(!hasGpu())('f64_sub equals JS a - b bit for bit', async () => {
    const { a, b } = mulPairs();
    const got = await onDevice(1, a, b);
    expectBits(got, a.map((x, i) => x - b[i]!), 'f64_sub', (i) => `${a[i]} - ${b[i]}`);
  });

  it('says when the device half did not run', () => {
    if (!hasGpu()) console.warn('soft-f64-mul: no WebGPU adapter; the device tests above were SKIPPED');
    expect(SOFT_F64_MUL_WGSL).toContain('fn f64_mul');
  });
});
