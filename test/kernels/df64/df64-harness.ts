/**
 * Test harness for the df64 WGSL library: runs a small kernel `op(i)` over n records of
 * `inStride` u32 words each and returns n records of `outStride` u32 words, plus exact
 * BigInt helpers for the error bounds.
 */
import { gpu } from '../../../src/device/index.js';
import { DataBuffer } from '../../../src/memory/data-buffer.js';
import { Recorder, groups, WG } from '../../../kernels/runner.js';
import { DF64_KEY, DF64_WGSL } from '../../../kernels/df64/df64.js';

/**
 * `body` defines `fn op(i: u32)` and may use ld(i, k) -> f32, ldu(i, k) -> u32, st(i, k, f32)
 * and stu(i, k, u32). `protect: false` strips the df64_one defence and skips df64_init, to
 * probe what the compiler does with the bare error-free transformations.
 */
export async function runDf64(body: string, input: Uint32Array, inStride: number, outStride: number, opts: { protect?: boolean } = {}): Promise<Uint32Array> {
  const protect = opts.protect ?? true;
  const n = input.length / inStride;
  const lib = protect ? DF64_WGSL : DF64_WGSL.replace('fn df64_fence(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) ^ df64_key); }', 'fn df64_fence(x: f32) -> f32 { return x; }');
  const code = /* wgsl */ `
struct Params { n: u32, key: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
${lib}
fn ld(i: u32, k: u32) -> f32 { return bitcast<f32>(I[i * ${inStride}u + k]); }
fn ldu(i: u32, k: u32) -> u32 { return I[i * ${inStride}u + k]; }
fn st(i: u32, k: u32, v: f32) { O[i * ${outStride}u + k] = bitcast<u32>(v); }
fn stu(i: u32, k: u32, v: u32) { O[i * ${outStride}u + k] = v; }
${body}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  ${protect ? 'df64_init(P.key);' : ''}
  op(i);
}`;
  const ctx = gpu();
  const inBuf = DataBuffer.fromHost(input, 'uint32');
  const rec = new Recorder(ctx);
  const out = rec.output(n * outStride * 4);
  rec.dispatch({ label: 'test/df64', code }, new Uint32Array([n, DF64_KEY, 0, 0]), [inBuf.deviceBuffer(ctx, 'test/df64'), out], groups(n));
  rec.submit();
  const res = DataBuffer.fromDevice(ctx, 'uint32', n * outStride, out);
  const words = (await res.toArray()).slice();
  res.dispose();
  inBuf.dispose();
  return words;
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
export const f32Bits = (x: number): number => ((F32[0] = x), U32[0]!);
export const bitsF32 = (b: number): number => ((U32[0] = b), F32[0]!);

const F64 = new Float64Array(1);
const W64 = new Uint32Array(F64.buffer);
/** [low, high] words of a float64. */
export const f64Words = (x: number): [number, number] => ((F64[0] = x), [W64[0]!, W64[1]!]);
export const wordsF64 = (lo: number, hi: number): number => ((W64[0] = lo), (W64[1] = hi), F64[0]!);

/** Fixed-point scale for exact arithmetic: values are BigInt numerators over 2^SCALE. */
export const SCALE = 400n;
/** A finite double (so any f32) exactly, as a BigInt times 2^-SCALE. */
export function exact(x: number): bigint {
  if (x === 0) return 0n;
  const [lo, hi] = f64Words(x);
  const E = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (E !== 0) m |= 1n << 52n;
  const e = BigInt(Math.max(E, 1) - 1075) + SCALE;
  const v = e >= 0n ? m << e : m >> -e;
  return hi >>> 31 ? -v : v;
}
/** |got - want| / |want| as a double (both at the same scale). */
export function relErr(got: bigint, want: bigint): number {
  const d = got > want ? got - want : want - got;
  if (want === 0n) return d === 0n ? 0 : Infinity;
  return Number(d) / Math.abs(Number(want));
}
