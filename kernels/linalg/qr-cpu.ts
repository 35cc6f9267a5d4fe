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
 * The blocks of a level are independent: they run in parts on the thread pool (./qr-parts.ts).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { sharedArray } from '../../src/threads/pool.js';
import { runRows } from '../part-rows.js';
import { levelsOf, type Level } from './qr-layout.js';
import type { QrBlocksArgs } from './qr-parts.js';
import './qr-parts.js';
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

/** Blocks per part of a level (a block is leafRows(d) rows or fanIn(d) triangles). */
const QR_BLOCKS = 16;

export function qrCpu(x: Matrix, withQ = false): QrResult {
  const { n, d } = x;
  const src = x.data.hostView('linalg/qr') as Float64Array;
  if (d === 0) return { r: DataBuffer.fromHost(new Float64Array(0), 'float64'), q: withQ ? { data: DataBuffer.fromHost(new Float64Array(0), 'float64'), n, d } : undefined };
  const levels = levelsOf(n, d);
  const factored: FactoredLevel[] = [];
  let a = sharedArray(Float64Array, n * d);
  a.set(src.subarray(0, n * d));
  let out = new Float64Array(d * d);
  for (const lv of levels) {
    out = sharedArray(Float64Array, Math.max(1, lv.blocks) * d * d);
    const u = sharedArray(Float64Array, lv.blocks * d);
    const g = sharedArray(Float64Array, lv.blocks * d);
    const args: QrBlocksArgs = { rows: lv.rows, rowsPer: lv.rowsPer, blocks: lv.blocks, d, a, u, g, out };
    runRows<void>('linalg/qr-factor', lv.blocks, args, QR_BLOCKS);
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
      const c = sharedArray(Float64Array, f.rows * d);
      const args: QrBlocksArgs = { rows: f.rows, rowsPer: f.rowsPer, blocks: f.blocks, d, a: f.a, u: f.u, g: f.g, out: c, e };
      runRows<void>('linalg/qr-expand', f.blocks, args, QR_BLOCKS);
      e = c;
    }
    q = { data: DataBuffer.fromHost(canonicalNaN(e), 'float64'), n, d };
  }
  return { r: DataBuffer.fromHost(canonicalNaN(out), 'float64'), q };
}
