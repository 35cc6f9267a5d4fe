/**
 * The row-wise body of 'linalg/gemm' (transA false): one output element per thread,
 *
 *   C[i][c] = (Σ_k ((A_ik − μ_k) · w_k) · op(B)_kc) + bias_c
 *
 * with the contraction over k cut into blocks of 256 (each from +0 in k order, the block sums
 * from +0 in block order, as everywhere in ./linalg-layout.ts), then the bias added. An
 * absent shift, weight or bias is an absent operation. This is PCA's transform
 * ((X − mean) · Wᵀ, with transB) and a linear model's predict (X · coef + intercept) in one
 * pass. The CPU twin computes 2 × 4 tiles of C in registers, each element still summed
 * in k order: bit for bit the device's result.
 *
 * Device: windows of rows of A and C (both within one binding); B, the shift, the weights and
 * the bias are bound whole; a 2-D grid past 65,535 workgroups.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { groups, Recorder, slice } from '../runner.js';
import { tile2x4 } from './gemm-tile.js';
import { BLOCK, pointWindows } from './linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR } from './linalg-wgsl.js';

export interface RowsArgs {
  n: number;
  /** Contraction length (A's columns). */
  k: number;
  /** Output columns. */
  m: number;
  /** op(B)_kc = bT ? B[c * k + kk] : B[kk * m + c]. */
  bT: boolean;
}

export interface RowsHost {
  a: Float64Array;
  b: Float64Array;
  shift?: Float64Array;
  w?: Float64Array;
  bias?: Float64Array;
}

/** Σ_{kk in [k0, k1)} U[u + kk] · BT[t + kk] from +0 in kk order. */
function dot(U: Float64Array, u: number, BT: Float64Array, t: number, k0: number, k1: number): number {
  let s = 0;
  for (let kk = k0; kk < k1; kk++) s += U[u + kk]! * BT[t + kk]!;
  return s;
}

/** Row i of A with the shift and weights applied, into U at offset o. */
function prepare(a: Float64Array, i: number, k: number, shift: Float64Array | undefined, w: Float64Array | undefined, U: Float64Array, o: number): void {
  const ai = i * k;
  for (let kk = 0; kk < k; kk++) {
    let v = a[ai + kk]!;
    if (shift) v -= shift[kk]!;
    if (w) v *= w[kk]!;
    U[o + kk] = v;
  }
}

/** op(B) as m × k (BT[c * k + kk]), so both operands of every dot product run along k. */
function transposedB(s: RowsArgs, b: Float64Array): Float64Array {
  if (s.bT) return b;
  const { k, m } = s;
  const BT = new Float64Array(k * m);
  for (let kk = 0; kk < k; kk++) for (let c = 0; c < m; c++) BT[c * k + kk] = b[kk * m + c]!;
  return BT;
}

/** Write row results: out[o + c] = tot (+ bias_c), NaN canonical. */
function finish(out: Float64Array, o: number, c: number, tot: number, bias: Float64Array | undefined): void {
  const v = bias ? tot + bias[c]! : tot;
  out[o + c] = v === v ? v : NaN;
}

/**
 * The twin for k ≤ 256 (one contraction block: C = 0 + Σ, then the bias, as the device adds
 * them; +0 + s = s since a sum from +0 is never -0): 2 rows × 4 columns of C per register tile,
 * each summed in k order, results written once. Without shift and weights the rows of A are read
 * in place.
 */
function rowsOneBlock(s: RowsArgs, h: RowsHost, BT: Float64Array, out: Float64Array): void {
  const { n, k, m } = s;
  const { a, shift, w, bias } = h;
  const plain = !shift && !w;
  const U = plain ? a : new Float64Array(2 * k);
  const S = new Float64Array(8);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let u0 = 0;
    if (plain) u0 = i * k;
    else {
      prepare(a, i, k, shift, w, U, 0);
      prepare(a, i + 1, k, shift, w, U, k);
    }
    const u1 = u0 + k;
    const o0 = i * m;
    const o1 = o0 + m;
    let c = 0;
    for (; c + 4 <= m; c += 4) {
      tile2x4(U, u0, u1, BT, c * k, k, 0, k, S);
      for (let t = 0; t < 4; t++) {
        finish(out, o0, c + t, S[t]!, bias);
        finish(out, o1, c + t, S[4 + t]!, bias);
      }
    }
    for (; c < m; c++) {
      finish(out, o0, c, dot(U, u0, BT, c * k, 0, k), bias);
      finish(out, o1, c, dot(U, u1, BT, c * k, 0, k), bias);
    }
  }
  if (i < n) {
    let u0 = 0;
    if (plain) u0 = i * k;
    else prepare(a, i, k, shift, w, U, 0);
    for (let c = 0; c < m; c++) finish(out, i * m, c, dot(U, u0, BT, c * k, 0, k), bias);
  }
}

/**
 * The twin: 2 rows × 4 columns of C at a time in scalar accumulators (each still summed in k
 * order, block by block), against op(B) transposed to m × k so both operands run along k.
 */
export function rowsCpu(s: RowsArgs, h: RowsHost): Float64Array {
  const { n, k, m } = s;
  const out = new Float64Array(n * m);
  const BT = transposedB(s, h.b);
  if (k <= BLOCK) {
    rowsOneBlock(s, h, BT, out);
    return out;
  }
  const { a, shift, w, bias } = h;
  const U = new Float64Array(2 * k);
  const S = new Float64Array(8);
  for (let i = 0; i < n; i += 2) {
    const two = i + 1 < n;
    prepare(a, i, k, shift, w, U, 0);
    if (two) prepare(a, i + 1, k, shift, w, U, k);
    const o0 = i * m;
    const o1 = o0 + m;
    for (let k0 = 0; k0 < k; k0 += BLOCK) {
      const k1 = Math.min(k0 + BLOCK, k);
      let c = 0;
      if (two) {
        for (; c + 4 <= m; c += 4) {
          tile2x4(U, 0, k, BT, c * k, k, k0, k1, S);
          for (let t = 0; t < 4; t++) {
            out[o0 + c + t]! += S[t]!;
            out[o1 + c + t]! += S[4 + t]!;
          }
        }
      }
      for (; c < m; c++) {
        out[o0 + c]! += dot(U, 0, BT, c * k, k0, k1);
        if (two) out[o1 + c]! += dot(U, k, BT, c * k, k0, k1);
      }
    }
    const end = two ? o1 + m : o0 + m;
    for (let q = o0, c = 0; q < end; q++) {
      finish(out, q - c, c, out[q]!, bias);
      c = c + 1 === m ? 0 : c + 1;
    }
  }
  return out;
}

const SHIFT = 1, WEIGHTS = 4, BIAS = 16;

const ROWS_SHADER = {
  label: 'linalg/gemm-rows',
  code: /* wgsl */ `
// linalg/gemm rows: one thread per output element (i, c) of the window.
// Bindings: 1 A (rows window, k per row), 2 B (whole), 3 MU (k), 4 W (k), 5 BIAS (m), 6 C (rows window).
struct Params { cnt: u32, k: u32, m: u32, flags: u32, bsk: u32, bsc: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> B: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> MU: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> W: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read> BIAS: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read_write> C: array<vec2<u32>>;
${LA_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  let i = t / P.m;
  let c = t % P.m;
  if (i >= P.cnt) { return; }
  var tot = LA_ZERO;
  for (var k0 = 0u; k0 < P.k; k0 = k0 + ${BLOCK}u) {
    let k1 = min(k0 + ${BLOCK}u, P.k);
    var acc = LA_ZERO;
    for (var kk = k0; kk < k1; kk = kk + 1u) {
      var u = A[i * P.k + kk];
      if ((P.flags & ${SHIFT}u) != 0u) { u = f64_sub(u, MU[kk]); }
      if ((P.flags & ${WEIGHTS}u) != 0u) { u = f64_mul(u, W[kk]); }
      acc = f64_add(acc, f64_mul(u, B[kk * P.bsk + c * P.bsc]));
    }
    tot = f64_add(tot, acc);
  }
  if ((P.flags & ${BIAS}u) != 0u) { tot = f64_add(tot, BIAS[c]); }
  C[i * P.m + c] = tot;
}`,
};

export interface RowsDevice {
  a: GPUBuffer;
  b: GPUBuffer;
  shift?: GPUBuffer;
  w?: GPUBuffer;
  bias?: GPUBuffer;
}

export function rowsGpu(ctx: GpuContext, op: string, s: RowsArgs, g: RowsDevice): DataBuffer<'float64'> {
  const { n, k, m } = s;
  if (k * m * 8 > ctx.maxBindingBytes) throw new ValueError(`${op}: expected B of ${k * m * 8} bytes to fit one binding of ${ctx.maxBindingBytes}, got a larger one`);
  const rec = new Recorder(ctx);
  const out = rec.output(n * m * 8);
  if (n * m > 0) {
    const dummy = rec.temp(8);
    const flags = (g.shift ? SHIFT : 0) | (g.w ? WEIGHTS : 0) | (g.bias ? BIAS : 0);
    const u = new Uint32Array([0, k, m, flags, s.bT ? 1 : m, s.bT ? k : 1, 0, 0]);
    for (const w of pointWindows(op, n, Math.max(k, m, 1) * 8, ctx.maxBindingBytes)) {
      u[0] = w.count;
      // k = 0: A, B, the shift and the weights are empty; bind a placeholder (never read).
      const e = k === 0;
      const binds = [e ? dummy : slice(g.a, w.start * k, w.count * k, 8), e ? dummy : g.b, e ? dummy : (g.shift ?? dummy), e ? dummy : (g.w ?? dummy), g.bias ?? dummy, slice(out, w.start * m, w.count * m, 8)];
      rec.dispatch(ROWS_SHADER, u.slice(), binds, groups(w.count * m));
    }
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', n * m, out);
}
