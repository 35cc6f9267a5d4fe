/**
 * The blocked cross-product shared by 'linalg/syrk' (XᵀX) and 'linalg/gemm' with transA
 * (XᵀY): a contraction over the n rows of two row-major float64 matrices, with optional
 * column shifts and per-row weights.
 *
 *   C[a][c] = Σ_i ((A_ia − μA_a) · w_i) · (B_ic − μB_c)        (a < p, c < q)
 *
 * Each step is one correctly rounded binary64 operation, and an absent shift or weight is an
 * absent operation (not a subtraction of 0 or a product by 1). Order (./linalg-layout.ts):
 * rows in blocks of 256, each block's partial from +0 in row order, the partials summed from
 * +0 in block order. With `sym` (B = A, μB = μA) only a ≤ c is computed and the lower
 * triangle is the mirror, so the result is symmetric bit for bit.
 *
 * Device: level 1 is one thread per (block, a, c), writing a p × q partial per block of rows;
 * windows of rows keep A, B and the partials within one binding; level 2 is the fold of
 * ./linalg-wgsl.ts (sym: mirrored while folding). The CPU twin walks the same blocks with
 * column-major scratch copies of the block and 2 × 4 register tiles; every entry is still
 * summed in row order, so results agree bit for bit (tolerance exact).
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { groups, Recorder, slice, type Binding } from '../runner.js';
import { tile2x4 } from './gemm-tile.js';
import { BLOCK, bindAt, blocksOf, pointWindows } from './linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR, recordFold } from './linalg-wgsl.js';

export interface GramArgs {
  /** Stored A: n rows of p. */
  a: Float64Array | GPUBuffer;
  /** Stored B: n rows of q, or (bT) q rows of n. Ignored with sym. */
  b: Float64Array | GPUBuffer;
  n: number;
  p: number;
  q: number;
  bT: boolean;
  muA?: Float64Array | GPUBuffer;
  muB?: Float64Array | GPUBuffer;
  w?: Float64Array | GPUBuffer;
  sym: boolean;
}

/** Column-major scratch of rows [base, end) of a row-major matrix: out[j * BLOCK + r]; each step only when its operand is given. */
function scratch(m: Float64Array, ld: number, cols: number, base: number, end: number, mu: Float64Array | undefined, w: Float64Array | undefined, out: Float64Array, bT: boolean, n: number): void {
  if (bT) {
    for (let j = 0; j < cols; j++) {
      const o = j * BLOCK - base;
      const s = mu ? mu[j]! : 0;
      for (let i = base; i < end; i++) {
        let v = m[j * n + i]!;
        if (mu) v -= s;
        if (w) v *= w[i]!;
        out[o + i] = v;
      }
    }
    return;
  }
  // Rows in the outer loop: the block of the matrix is read once, in order.
  if (!mu && !w) {
    for (let i = base, r = 0; i < end; i++, r++) for (let j = 0, q = i * ld; j < cols; j++, q++) out[j * BLOCK + r] = m[q]!;
  } else if (mu && !w) {
    for (let i = base, r = 0; i < end; i++, r++) for (let j = 0, q = i * ld; j < cols; j++, q++) out[j * BLOCK + r] = m[q]! - mu[j]!;
  } else {
    for (let i = base, r = 0; i < end; i++, r++) {
      const wi = w![i]!;
      for (let j = 0, q = i * ld; j < cols; j++, q++) {
        let v = m[q]!;
        if (mu) v -= mu[j]!;
        out[j * BLOCK + r] = v * wi;
      }
    }
  }
}

/** Σ_r U[u + r] · T[t + r] for r in [0, len), from +0 in r order. */
function dotBlock(U: Float64Array, u: number, T: Float64Array, t: number, len: number): number {
  let s = 0;
  for (let r = 0; r < len; r++) s += U[u + r]! * T[t + r]!;
  return s;
}

/**
 * One block's products added to `total` (p × q): 2 × 4 register tiles (./gemm-tile.ts, into
 * the scratch S) over the column-major scratches U (p columns) and T (q columns), each entry
 * summed in row order from +0, then added to its running total (block order). With `sym` only tiles reaching c ≥ a are computed.
 */
function blockProducts(U: Float64Array, T: Float64Array, len: number, p: number, q: number, sym: boolean, total: Float64Array, S: Float64Array): void {
  let a = 0;
  for (; a + 2 <= p; a += 2) {
    const u0 = a * BLOCK;
    const u1 = u0 + BLOCK;
    let c = sym ? a : 0;
    for (; c + 4 <= q; c += 4) {
      tile2x4(U, u0, u1, T, c * BLOCK, BLOCK, 0, len, S);
      const o = a * q + c;
      for (let t = 0; t < 4; t++) {
        total[o + t]! += S[t]!;
        total[o + q + t]! += S[4 + t]!;
      }
    }
    for (; c < q; c++) {
      const t = c * BLOCK;
      total[a * q + c]! += dotBlock(U, u0, T, t, len);
      total[(a + 1) * q + c]! += dotBlock(U, u1, T, t, len);
    }
  }
  if (a < p) for (let c = sym ? a : 0; c < q; c++) total[a * q + c]! += dotBlock(U, a * BLOCK, T, c * BLOCK, len);
}

/** The CPU twin: p × q float64, row-major. */
export function gramCpu(g: GramArgs): Float64Array {
  const { n, p, q, sym } = g;
  const A = g.a as Float64Array;
  const B = sym ? A : (g.b as Float64Array);
  const muA = g.muA as Float64Array | undefined;
  const muB = sym ? muA : (g.muB as Float64Array | undefined);
  const w = g.w as Float64Array | undefined;
  const total = new Float64Array(p * q);
  const U = new Float64Array(p * BLOCK);
  const T = sym && !w ? U : new Float64Array(q * BLOCK);
  const S = new Float64Array(8);
  for (let base = 0; base < n; base += BLOCK) {
    const end = Math.min(base + BLOCK, n);
    scratch(A, p, p, base, end, muA, w, U, false, n);
    if (T !== U) scratch(B, q, q, base, end, muB, undefined, T, !sym && g.bT, n);
    blockProducts(U, T, end - base, p, q, sym, total, S);
  }
  if (sym) for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) total[a * q + c] = total[c * q + a]!;
  for (let k = 0; k < total.length; k++) if (total[k] !== total[k]) total[k] = NaN;
  return total;
}

/** Flag bits of the level-1 shader's uniforms. */
const SHIFT_A = 1, SHIFT_B = 2, WEIGHTS = 4, SYM = 8;

const GRAM_SHADER = {
  label: 'linalg/gram',
  code: /* wgsl */ `
// linalg/gram level 1: one thread per (block b, a, c) of the window;
// PS[pOff + (b * p + a) * q + c] = Σ over the block's rows, from +0 in row order, of
// ((A[i][a] - MUA[a]) * W[i]) * (B[i][c] - MUB[c]) (each factor only when its flag is set).
// B element (i, c) is B[(bRow + i) * bsi + c * bsc]. With SYM, threads with c < a exit.
// Bindings: 1 A (window), 2 B (window or whole), 3 MUA, 4 MUB, 5 W (window), 6 PS (window).
struct Params { cnt: u32, p: u32, q: u32, nb: u32, pOff: u32, flags: u32, bRow: u32, bsi: u32, bsc: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> B: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> MUA: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> MUB: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read> W: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read_write> PS: array<vec2<u32>>;
${LA_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  let pq = P.p * P.q;
  let b = t / pq;
  if (b >= P.nb) { return; }
  let a = (t % pq) / P.q;
  let c = t % P.q;
  if ((P.flags & ${SYM}u) != 0u && c < a) { return; }
  let start = b * ${BLOCK}u;
  let end = min(start + ${BLOCK}u, P.cnt);
  var acc = LA_ZERO;
  for (var i = start; i < end; i = i + 1u) {
    var u = A[i * P.p + a];
    if ((P.flags & ${SHIFT_A}u) != 0u) { u = f64_sub(u, MUA[a]); }
    if ((P.flags & ${WEIGHTS}u) != 0u) { u = f64_mul(u, W[i]); }
    var v = B[(P.bRow + i) * P.bsi + c * P.bsc];
    if ((P.flags & ${SHIFT_B}u) != 0u) { v = f64_sub(v, MUB[c]); }
    acc = f64_add(acc, f64_mul(u, v));
  }
  PS[P.pOff + (b * P.p + a) * P.q + c] = acc;
}`,
};

/** The device body: records level 1 window by window and the fold into `out` (p × q float64). */
export function recordGram(rec: Recorder, op: string, g: GramArgs, out: GPUBuffer): void {
  const { n, p, q, sym } = g;
  const ctx = rec.ctx;
  const A = g.a as GPUBuffer;
  const B = sym ? A : (g.b as GPUBuffer);
  const bT = !sym && g.bT;
  if (bT && n * q * 8 > ctx.maxBindingBytes) throw new ValueError(`${op}: expected a transposed B of ${n * q * 8} bytes to fit one binding of ${ctx.maxBindingBytes}, got a larger one`);
  const nb = blocksOf(n);
  const pq = p * q;
  if (n === 0 || pq === 0) {
    rec.clear(out, 0, pq * 8);
    return;
  }
  const ps = rec.temp(nb * pq * 8);
  const dummy = rec.temp(8);
  const muA = (g.muA as GPUBuffer | undefined) ?? dummy;
  const muB = sym ? muA : ((g.muB as GPUBuffer | undefined) ?? dummy);
  const flags = (g.muA ? SHIFT_A : 0) | ((sym ? g.muA : g.muB) ? SHIFT_B : 0) | (g.w ? WEIGHTS : 0) | (sym ? SYM : 0);
  const perRow = Math.max(p * 8, bT ? 8 : q * 8, Math.ceil((pq * 8) / BLOCK));
  for (const w of pointWindows(op, n, perRow, ctx.maxBindingBytes)) {
    const nbw = blocksOf(w.count);
    const part = bindAt(ps, (w.start / BLOCK) * pq, nbw * pq, 8);
    const bBind: Binding = bT ? B : slice(B, w.start * q, w.count * q, 8);
    const wBind: Binding = g.w ? slice(g.w as GPUBuffer, w.start, w.count, 8) : dummy;
    const u = new Uint32Array([w.count, p, q, nbw, part.off, flags, bT ? w.start : 0, bT ? 1 : q, bT ? n : 1, 0, 0, 0]);
    rec.dispatch(GRAM_SHADER, u, [slice(A, w.start * p, w.count * p, 8), bBind, muA, muB, wBind, part.binding], groups(nbw * pq));
  }
  recordFold(rec, ps, nb, pq, out, 'add', sym ? p : 0);
}

/** Host views (CPU) or device buffers (GPU) of optional vectors. */
export function hostOf(b: DataBuffer<'float64'> | undefined, op: string): Float64Array | undefined {
  return b ? (b.hostView(op) as Float64Array) : undefined;
}
export function deviceOf(ctx: GpuContext, b: DataBuffer<'float64'> | undefined, op: string): GPUBuffer | undefined {
  return b ? b.deviceBuffer(ctx, op) : undefined;
}
