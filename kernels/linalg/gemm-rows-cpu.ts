/**
 * The CPU twin of 'linalg/gemm' rows (./gemm-rows.ts: the formula, order and device body):
 * 2 × 4 register tiles of C, each element summed in k order, in parts of the rows on the thread
 * pool. Parts start at even rows, so every row pair is the one-thread pair and each element the
 * same bits on any thread count.
 */
import { sharedArray } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';
import { partRange, runRows } from '../part-rows.js';
import { tile2x4 } from './gemm-tile.js';
import { BLOCK } from './linalg-layout.js';

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

/** Rows of C into `out`: the one-block path, or blocks of k added in block order. */
function rowsInto(s: RowsArgs, h: RowsHost, BT: Float64Array, out: Float64Array): void {
  const { n, k, m } = s;
  if (k <= BLOCK) {
    rowsOneBlock(s, h, BT, out);
    return;
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
}

interface GemmRowsTask {
  n: number;
  k: number;
  m: number;
  bT: boolean;
  a: Float64Array;
  /** op(B) as m × k. */
  BT: Float64Array;
  shift?: Float64Array;
  w?: Float64Array;
  bias?: Float64Array;
  out: Float64Array;
  [key: string]: unknown;
}

/** The part's rows of C (an even first row), on views of A and C from that row. */
function rowsPart(part: number, parts: number, t: GemmRowsTask): void {
  const [lo, hi] = partRange(part, parts, t.n, 2);
  const { k, m } = t;
  rowsInto({ n: hi - lo, k, m, bT: t.bT }, { a: t.a.subarray(lo * k, hi * k), b: t.BT, shift: t.shift, w: t.w, bias: t.bias }, t.BT, t.out.subarray(lo * m, hi * m));
}

defineTask('linalg/gemm-rows', (part, parts, args) => rowsPart(part, parts, args as GemmRowsTask));

/**
 * The twin: 2 rows × 4 columns of C at a time in scalar accumulators (each still summed in k
 * order, block by block), against op(B) transposed to m × k so both operands run along k.
 */
export function rowsCpu(s: RowsArgs, h: RowsHost): Float64Array {
  const { n, k, m } = s;
  const out = sharedArray(Float64Array, n * m);
  const BT = transposedB(s, h.b);
  const task: GemmRowsTask = { n, k, m, bT: s.bT, a: h.a, BT, shift: h.shift, w: h.w, bias: h.bias, out };
  // A part of at least about 2^17 multiply-adds
  runRows<void>('linalg/gemm-rows', n, task, Math.max(2, Math.ceil((1 << 17) / Math.max(1, k * m))));
  return out;
}
