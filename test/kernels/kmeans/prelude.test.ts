// The k-means prelude (kernels/kmeans/wgsl-common.ts) takes f64_mul from kernels/f64/soft-f64-mul.ts;
// the distances depend on it, so this checks it here: every product must equal JS a * b bit
// for bit (NaN results: the canonical quiet NaN).
import { describe, expect, it } from 'vitest';
import { hasGpu, rng } from '../../helpers/parity.js';
import { gpu } from '../../../src/device/index.js';
import { readBack } from '../../../src/memory/transfer.js';
import { DataBuffer } from '../../../src/memory/data-buffer.js';
import { runPairKernel } from '../../helpers/pair-kernel.js';
import { Recorder, groups } from '../../../kernels/runner.js';
import { approxFn, distFn, ENTRY, KM_PRELUDE, LINEAR, POINT_CACHE, rowsF32Shader } from '../../../kernels/kmeans/wgsl-common.js';

const SPEC = {
  label: 'test/kmeans-f64-mul',
  code: /* wgsl */ `
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> B: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> O: array<vec2<u32>>;
${KM_PRELUDE}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  O[i] = f64_mul(A[i], B[i]);
}`,
};

const mulOnDevice = (a: Float64Array, b: Float64Array) => runPairKernel(SPEC, a, b, a.length);

const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer);
const valueOf = (lo: number, hi: number) => { w64[0] = lo; w64[1] = hi; return f64[0]!; };

function pairs(): { a: Float64Array; b: Float64Array } {
  const r = rng(4242);
  const u32 = () => Math.floor(r() * 2 ** 32) >>> 0;
  const bits = (sign: number, exp: number) => valueOf(u32(), ((sign << 31) | (exp << 20) | (u32() & 0xfffff)) >>> 0);
  const a: number[] = [];
  const b: number[] = [];
  const push = (x: number, y: number) => { a.push(x); b.push(y); };
  // Exponents whose sum spans underflow, the normal range and overflow.
  for (let k = 0; k < 60_000; k++) push(bits(r() < 0.5 ? 1 : 0, Math.floor(r() * 2047)), bits(r() < 0.5 ? 1 : 0, Math.floor(r() * 2047)));
  // Products near 1 (squares of differences, the k-means case), and exact squares.
  for (let k = 0; k < 20_000; k++) { const t = (r() - 0.5) * 10 ** Math.floor(r() * 20 - 10); push(t, t); }
  // Subnormal results and results at the subnormal/normal boundary.
  for (let k = 0; k < 10_000; k++) push(bits(0, 1 + (k % 40)), bits(k % 2, 1023 - 30 - (k % 40)));
  for (let k = 0; k < 5000; k++) push(bits(0, 0), bits(0, 1023 + (k % 60)));
  // Small integers: exact products and ties (odd * odd near 2^53).
  for (let k = 0; k < 5000; k++) push(Math.floor(r() * 2 ** 27) * 2 + 1, Math.floor(r() * 2 ** 27) * 2 + 1);
  const S = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.1, 3, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** -1022, 2 ** -1074 * 3, 2 ** 512, 2 ** -537, 1 + 2 ** -52];
  for (const x of S) for (const y of S) push(x, y);
  return { a: new Float64Array(a), b: new Float64Array(b) };
}

describe('f64_mul on the device', () => {
  it.skipIf(!hasGpu())('equals JS a * b bit for bit (1e5 pairs: every exponent, subnormals, ties, specials)', async () => {
    const { a, b } = pairs();
    const got = await mulOnDevice(a, b);
    const exp = a.map((x, i) => x * b[i]!);
    const e = new Uint32Array(exp.buffer);
    const bad: string[] = [];
    for (let i = 0; i < exp.length; i++) {
      const [lo, hi] = Number.isNaN(exp[i]) ? [0, 0x7ff80000] : [e[2 * i]!, e[2 * i + 1]!];
      if (got[2 * i] !== lo || got[2 * i + 1] !== hi) if (bad.push(`${a[i]} * ${b[i]}: expected ${exp[i]}, got ${valueOf(got[2 * i]!, got[2 * i + 1]!)}`) > 5) break;
    }
    expect(bad).toEqual([]);
  });

  it.skipIf(!hasGpu())('the f32 bracket holds every exact distance, and km_upper bounds it (adversarial scales)', async () => {
    const r = rng(808);
    const N = 40_000;
    const d = 3;
    const m = new Float64Array(N * d);
    const c = new Float64Array(N * d);
    for (let i = 0; i < N; i++) {
      const scale = 2 ** (Math.floor(r() * 170) - 130); // 2^-130 .. 2^39
      const g = 2 ** (Math.floor(Math.log2(scale)) - 23);
      for (let j = 0; j < d; j++) {
        const base = (r() < 0.5 ? -1 : 1) * scale * (1 + r());
        m[i * d + j] = base + Math.round((r() - 0.5) * 20) * g * (r() < 0.5 ? 1 : 1.75) + (r() - 0.5) * g * 2 ** -20;
        c[i * d + j] = r() < 0.3 ? base : base + Math.round((r() - 0.5) * 8) * 1.75 * g;
      }
    }
    const ctx = gpu();
    const dm = DataBuffer.fromHost(m);
    const dc = DataBuffer.fromHost(c);
    const spec = {
      label: 'test/kmeans-bracket',
      code: /* wgsl */ `
struct Params { n: u32, d: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> CF: array<f32>;
@group(0) @binding(4) var<storage, read_write> O: array<vec4<u32>>;
${KM_PRELUDE}
${POINT_CACHE}
${distFn('C')}
${approxFn('C', 'P.n')}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  km_load_point(i * P.d);
  let a = km_approx_C(i * P.d, i);
  let e = km_dist_C(i * P.d, i * P.d);
  O[2u * i] = vec4<u32>(bitcast<u32>(a.x), bitcast<u32>(a.y), e.x, e.y);
  O[2u * i + 1u] = vec4<u32>(bitcast<u32>(km_upper(e)), 0u, 0u, 0u);
}`,
    };
    const rec = new Recorder(ctx);
    const out = rec.output(N * 32); // read after submit, so not a temporary
    const cf = rec.temp((N * d + N) * 4);
    rec.dispatch(rowsF32Shader(), new Uint32Array([N, d, 0, 0]), [dc.deviceBuffer(ctx, 'test'), cf], groups(N));
    rec.dispatch(spec, new Uint32Array([N, d, 0, 0]), [dm.deviceBuffer(ctx, 'test'), dc.deviceBuffer(ctx, 'test'), cf, out], groups(N));
    rec.submit();
    const words = new Uint32Array(await readBack(ctx, out, N * 32));
    ctx.pool.release(out);
    dm.dispose();
    dc.dispose();
    const f32 = new Float32Array(words.buffer);
    const f64v = (lo: number, hi: number) => valueOf(lo, hi);
    const bad: string[] = [];
    let bracketed = 0;
    let maxRatio = 0;
    for (let i = 0; i < N; i++) {
      const s = f32[8 * i]!;
      const b = f32[8 * i + 1]!;
      const exact = f64v(words[8 * i + 2]!, words[8 * i + 3]!);
      const js = Array.from({ length: d }, (_, j) => m[i * d + j]! - c[i * d + j]!).reduce((acc, t) => acc + t * t, 0);
      if (!Object.is(exact, js)) bad.push(`row ${i}: exact ${exact} != JS ${js}`);
      if (b >= 0) {
        bracketed++;
        if (b > 0) maxRatio = Math.max(maxRatio, Math.abs(exact - s) / b);
        if (Math.fround(s - b) > exact || Math.fround(s + b) < exact) bad.push(`row ${i}: ${exact} outside [${s - b}, ${s + b}]`);
      }
      if (exact < 2 ** 80 && f32[8 * i + 4]! < exact) bad.push(`row ${i}: km_upper ${f32[8 * i + 4]} < ${exact}`);
      if (bad.length > 5) break;
    }
    expect(bad).toEqual([]);
    expect(bracketed).toBeGreaterThan(N / 2);
    // The data comes within a factor of 100 of the bound (the bound is deliberately loose).
    expect(maxRatio).toBeGreaterThan(0.01);
  });

  it('says when the device half did not run', () => {
    if (!hasGpu()) console.warn('f64_mul: no WebGPU adapter; the device test above was SKIPPED');
    expect(KM_PRELUDE).toContain('fn f64_mul');
  });
});
