/**
 * The block steps of the CPU twin of 'linalg/qr' (./qr-cpu.ts, operations and order as
 * documented there): factoring the blocks of one level, and expanding Q's rows of one level,
 * in parts of the level's blocks on the thread pool. Blocks are independent (each touches
 * only its own rows of a, u, g and its outputs), so any part count gives the same bits.
 */
import { defineTask } from '../../src/threads/tasks.js';
import { partRange } from '../part-rows.js';
import type { Level } from './qr-layout.js';

/** One level's blocks: the level matrix a (factored in place), per block and step u_k and g_k, and the output. */
export interface QrBlocksArgs {
  rows: number;
  rowsPer: number;
  blocks: number;
  d: number;
  a: Float64Array;
  u: Float64Array;
  g: Float64Array;
  /** Factor: the blocks' stacked d × d triangles; expand: Q's rows of this level. */
  out: Float64Array;
  /** Expand: the level above's Q rows (blocks × d rows of d). */
  e?: Float64Array;
  [key: string]: unknown;
}

/**
 * Apply step k's reflector H = I - u uᵀ / g of the block at row r0 (u: head `uk`, tail
 * a[(r0 + i) * d + k] for k < i < m) to columns [j0, d) of rows r0 + k .. r0 + m - 1 of `t`:
 * dots_j = uk t_kj + Σ_i a_ik t_ij in row order, f_j = dots_j / g, then t_kj -= f_j uk and
 * t_ij -= f_j a_ik (the device's operations, in its order). `t` may be `a` itself (j0 > k).
 */
function reflect(a: Float64Array, t: Float64Array, r0: number, k: number, m: number, d: number, j0: number, uk: number, gk: number, dots: Float64Array, fs: Float64Array): void {
  const rowK = (r0 + k) * d;
  for (let j = j0; j < d; j++) dots[j] = uk * t[rowK + j]!;
  for (let i = k + 1; i < m; i++) {
    const row = (r0 + i) * d;
    const aik = a[row + k]!;
    for (let j = j0; j < d; j++) dots[j] = dots[j]! + aik * t[row + j]!;
  }
  for (let j = j0; j < d; j++) {
    const f = dots[j]! / gk;
    fs[j] = f;
    t[rowK + j] = t[rowK + j]! - f * uk;
  }
  for (let i = k + 1; i < m; i++) {
    const row = (r0 + i) * d;
    const aik = a[row + k]!;
    for (let j = j0; j < d; j++) t[row + j] = t[row + j]! - fs[j]! * aik;
  }
}

/** Factor block `b` of `lv` in place; write its d × d triangle at rows b * d of `out`. */
function factorBlock(a: Float64Array, u: Float64Array, g: Float64Array, lv: Level, d: number, b: number, out: Float64Array, dots: Float64Array, fs: Float64Array): void {
  const r0 = b * lv.rowsPer;
  const m = Math.min(lv.rowsPer, lv.rows - r0);
  const steps = Math.min(m, d);
  for (let k = 0; k < steps; k++) {
    const kk = (r0 + k) * d + k;
    let s = 0;
    for (let i = k + 1; i < m; i++) {
      const v = a[kk + (i - k) * d]!;
      s = s + v * v;
    }
    if (s === 0) continue;
    const alpha = a[kk]!;
    const norm = Math.sqrt(alpha * alpha + s);
    const beta = alpha >= 0 ? -norm : norm;
    const uk = alpha - beta;
    const gk = norm * (norm + Math.abs(alpha));
    u[b * d + k] = uk;
    g[b * d + k] = gk;
    a[kk] = beta;
    reflect(a, a, r0, k, m, d, k + 1, uk, gk, dots, fs);
  }
  const o = b * d * d;
  for (let rr = 0; rr < Math.min(m, d); rr++) for (let c = rr; c < d; c++) out[o + rr * d + c] = a[(r0 + rr) * d + c]!;
}

/** Q rows of block `b`: the block's reflectors applied, last first, to [E rows of the block; 0]. */
function expandBlock(f: Level & { a: Float64Array; u: Float64Array; g: Float64Array }, d: number, b: number, e: Float64Array, c: Float64Array, dots: Float64Array, fs: Float64Array): void {
  const r0 = b * f.rowsPer;
  const m = Math.min(f.rowsPer, f.rows - r0);
  const steps = Math.min(m, d);
  for (let i = 0; i < steps; i++) for (let j = 0; j < d; j++) c[(r0 + i) * d + j] = e[(b * d + i) * d + j]!;
  const a = f.a;
  for (let k = steps - 1; k >= 0; k--) {
    const gk = f.g[b * d + k]!;
    if (gk === 0) continue;
    reflect(a, c, r0, k, m, d, 0, f.u[b * d + k]!, gk, dots, fs);
  }
}

/** Factor the part's blocks of the level. */
export function qrFactorPart(part: number, parts: number, x: QrBlocksArgs): void {
  const [b0, b1] = partRange(part, parts, x.blocks);
  const dots = new Float64Array(x.d);
  const fs = new Float64Array(x.d);
  for (let b = b0; b < b1; b++) factorBlock(x.a, x.u, x.g, x, x.d, b, x.out, dots, fs);
}

/** Q's rows of the part's blocks of the level. */
export function qrExpandPart(part: number, parts: number, x: QrBlocksArgs): void {
  const [b0, b1] = partRange(part, parts, x.blocks);
  const dots = new Float64Array(x.d);
  const fs = new Float64Array(x.d);
  for (let b = b0; b < b1; b++) expandBlock(x, x.d, b, x.e!, x.out, dots, fs);
}

defineTask('linalg/qr-factor', (part, parts, args) => qrFactorPart(part, parts, args as QrBlocksArgs));
defineTask('linalg/qr-expand', (part, parts, args) => qrExpandPart(part, parts, args as QrBlocksArgs));
