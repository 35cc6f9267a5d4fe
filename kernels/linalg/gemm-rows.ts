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
 * in k order: bit for bit the device's result (./gemm-rows-cpu.ts, in parts of the rows on the
 * thread pool).
 *
 * Device: windows of rows of A and C (both within one binding); B, the shift, the weights and
 * the bias are bound whole; a 2-D grid past 65,535 workgroups.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { groups, Recorder, slice } from '../runner.js';
import type { RowsArgs } from './gemm-rows-cpu.js';
import { BLOCK, pointWindows } from './linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR } from './linalg-wgsl.js';

export { rowsCpu, type RowsArgs, type RowsHost } from './gemm-rows-cpu.js';

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
