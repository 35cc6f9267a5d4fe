/**
 * CPU twin of 'linalg/qr': Householder QR of every block of the reduction tree
 * (./qr-layout.ts), with the binary64 operations of the WGSL body (./qr-wgsl.ts) in the same
 * order, so R and Q agree bit for bit. JS numbers are binary64 with correctly rounded
 * + - * / and sqrt and no fused operations, which is what the soft-f64 WGSL implements.
 *
 * Step k of a block of m rows (column k, rows k .. m-1; a[i][k] below the diagonal):
 *   s = +0; for i = k+1 .. m-1: s = s + a[i][k] * a[i][k]
 *   s == 0 (nothing below, or a zero column): no reflection, u_k = g_k = 0.
 *   else: alpha = a[k][k]; norm = sqrt(alpha * alpha + s); beta = alpha >= 0 ? -norm : norm;
 *         u_k = alpha - beta; g_k = norm * (norm + |alpha|)   (= u^T u / 2 > 0);  a[k][k] = beta
 *         for every column j > k:
 *           t = u_k * a[k][j]; for i = k+1 .. m-1: t = t + a[i][k] * a[i][j]
 *           f = t / g_k; a[k][j] = a[k][j] - f * u_k; for i: a[i][j] = a[i][j] - f * a[i][k]
 * The reflector is u = (u_k, a[k+1][k], ..., a[m-1][k]); H = I - u u^T / g_k.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { levelsOf, type Level } from './qr-layout.js';
import type { Matrix } from './types.js';

/** The factored blocks of one level: reflectors below the diagonals, u_k and g_k per block and step. */
export interface FactoredLevel extends Level {
  readonly a: Float64Array;
  readonly u: Float64Array;
  readonly g: Float64Array;
}

export interface QrResult {
  /** R: d × d row-major, upper triangular, diag(R) >= 0 (rows with a negative diagonal are negated). */
  readonly r: DataBuffer<'float64'>;
  /** Q: n × d row-major with orthonormal columns and X = Q R; only when asked for. */
  readonly q: Matrix | undefined;
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
function expandBlock(f: FactoredLevel, d: number, b: number, e: Float64Array, c: Float64Array, dots: Float64Array, fs: Float64Array): void {
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

/** The sign rule on the final triangle: rows with R[k][k] < 0 are negated (from the diagonal on). Returns the signs. */
export function signRule(r: Float64Array, d: number): Float64Array {
  const sg = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const neg = r[k * d + k]! < 0;
    sg[k] = neg ? -1 : 1;
    if (neg) for (let c = k; c < d; c++) r[k * d + c] = -r[k * d + c]!;
  }
  return sg;
}

/** Every NaN as the canonical quiet NaN, as the device writes it (x86 makes 0xfff8… for 0/0). */
export function canonicalNaN(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) a[i] = NaN;
  return a;
}

export function qrCpu(x: Matrix, withQ = false): QrResult {
  const { n, d } = x;
  const src = x.data.hostView('linalg/qr') as Float64Array;
  if (d === 0) return { r: DataBuffer.fromHost(new Float64Array(0), 'float64'), q: withQ ? { data: DataBuffer.fromHost(new Float64Array(0), 'float64'), n, d } : undefined };
  const levels = levelsOf(n, d);
  const factored: FactoredLevel[] = [];
  const dots = new Float64Array(d);
  const fs = new Float64Array(d);
  let a = src.slice(0, n * d);
  let out = new Float64Array(d * d);
  for (const lv of levels) {
    out = new Float64Array(Math.max(1, lv.blocks) * d * d);
    const u = new Float64Array(lv.blocks * d);
    const g = new Float64Array(lv.blocks * d);
    for (let b = 0; b < lv.blocks; b++) factorBlock(a, u, g, lv, d, b, out, dots, fs);
    factored.push({ ...lv, a, u, g });
    a = out;
  }
  const sg = signRule(out, d);
  let q: Matrix | undefined;
  if (withQ) {
    // E at the top: diag(signs), so that Q = Q0 diag(signs) matches the flipped rows of R.
    let e = new Float64Array(d * d);
    for (let k = 0; k < d; k++) e[k * d + k] = sg[k]!;
    for (let li = factored.length - 1; li >= 0; li--) {
      const f = factored[li]!;
      const c = new Float64Array(f.rows * d);
      for (let b = 0; b < f.blocks; b++) expandBlock(f, d, b, e, c, dots, fs);
      e = c;
    }
    q = { data: DataBuffer.fromHost(canonicalNaN(e), 'float64'), n, d };
  }
  return { r: DataBuffer.fromHost(canonicalNaN(out), 'float64'), q };
}
