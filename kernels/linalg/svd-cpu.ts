/**
 * CPU twin of 'linalg/svd-small': one-sided Jacobi (Hestenes) SVD of an m × d matrix, with
 * the binary64 operations of the WGSL body (./svd-wgsl.ts) in the same order, so s, Vt and U
 * agree bit for bit.
 *
 * Work arrays are column-major: W (d columns of m, starting as A's columns) and V (d columns
 * of d, starting as I). A sweep visits every pair (p < q) once, in the round-robin order of
 * `pairOf` (rounds of disjoint pairs, so the device rotates a round's pairs in parallel). Per pair:
 *   al = Σ W_p², be = Σ W_q², ga = Σ W_p W_q   (i in order, from +0)
 *   rotate only when |ga| > (tol * sqrt(al)) * sqrt(be), tol = 2^-52 sqrt(m):
 *   ze = (be - al) / (ga + ga); t = ±1 / (|ze| + sqrt(1 + ze ze)) (sign: - when ze < 0);
 *   c = 1 / sqrt(1 + t t); s = c t; W_p' = c W_p - s W_q, W_q' = s W_p + c W_q (V alike).
 * Sweeps stop after one with no rotation (or MAX_SWEEPS). Then sigma_j = sqrt(Σ W_j²),
 * U_j = W_j / sigma_j (0 when sigma_j = 0), and columns are ordered by sigma descending (NaN
 * first, ties by index); when m < d, the values ranked m .. d-1 (zero in exact arithmetic)
 * are set to 0 and their U columns to 0, and their Vt rows span A's null space. Signs (scikit-learn 1.2's svd_flip): 'u' makes the first
 * largest-|.| entry of each U column non-negative; 'v' does so for each row of Vt.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { Matrix } from './types.js';

/** Sweeps after which Jacobi stops even if a rotation was still made (never reached in the tests). */
export const MAX_SWEEPS = 60;

export type SignRule = 'u' | 'v';

export interface SvdResult {
  /** d singular values, descending (min(m, d) .. d-1 are zero when m < d). */
  readonly s: DataBuffer<'float64'>;
  /** d × d row-major: row k is the k-th right singular vector (scikit-learn's components_). */
  readonly vt: DataBuffer<'float64'>;
  /** m × d row-major: column k is the k-th left singular vector (zero where s[k] = 0); only when asked for. */
  readonly u: DataBuffer<'float64'> | undefined;
}

/** Pair i of round r for dp players (dp even): [p, q] with p < q; q >= d means no pair. */
export function pairOf(r: number, i: number, dp: number): [number, number] {
  const x = i === 0 ? dp - 1 : (r + i) % (dp - 1);
  const y = i === 0 ? r : (r - i + dp - 1) % (dp - 1);
  return x < y ? [x, y] : [y, x];
}

/** The rotation threshold factor for m rows: 2^-52 * sqrt(m). */
export function jacobiTol(m: number): number {
  return 2 ** -52 * Math.sqrt(Math.max(m, 1));
}

/**
 * The Jacobi rotation of two contiguous rows of `x` (at offsets p and q, `len` long):
 * x_p ← c x_p − s x_q, x_q ← s x_p + c x_q, element by element (svd-small's W and V, eigh's Vᵀ).
 */
export function rotateRows(x: Float64Array, p: number, q: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const xp = x[p + i]!;
    const xq = x[q + i]!;
    x[p + i] = c * xp - s * xq;
    x[q + i] = s * xp + c * xq;
  }
}

/** σ a before σ b: larger first, NaN before everything, ties by index. */
function before(a: number, ia: number, b: number, ib: number): boolean {
  if (a !== a) return b === b || ia < ib;
  if (b !== b) return false;
  return a > b || (a === b && ia < ib);
}

export function svdCpu(a: Matrix, withU = false, sign: SignRule = 'u'): SvdResult {
  const { n: m, d } = a;
  const src = a.data.hostView('linalg/svd-small') as Float64Array;
  const w = new Float64Array(d * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) w[j * m + i] = src[i * d + j]!;
  const v = new Float64Array(d * d);
  for (let j = 0; j < d; j++) v[j * d + j] = 1;
  const dp = d + (d & 1);
  const tol = jacobiTol(m);
  for (let sweep = 0; sweep < MAX_SWEEPS && d > 1; sweep++) {
    let rotated = 0;
    for (let r = 0; r < dp - 1; r++) {
      for (let pi = 0; pi < dp / 2; pi++) {
        const [p, q] = pairOf(r, pi, dp);
        if (q >= d) continue;
        const wp = p * m;
        const wq = q * m;
        let al = 0;
        let be = 0;
        let ga = 0;
        for (let i = 0; i < m; i++) {
          const xp = w[wp + i]!;
          const xq = w[wq + i]!;
          al = al + xp * xp;
          be = be + xq * xq;
          ga = ga + xp * xq;
        }
        if (!(Math.abs(ga) > tol * Math.sqrt(al) * Math.sqrt(be))) continue;
        rotated++;
        const ze = (be - al) / (ga + ga);
        const t0 = 1 / (Math.abs(ze) + Math.sqrt(1 + ze * ze));
        const t = ze < 0 ? -t0 : t0;
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateRows(w, wp, wq, m, c, s);
        rotateRows(v, p * d, q * d, d, c, s);
      }
    }
    if (rotated === 0) break;
  }
  const sig = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let acc = 0;
    for (let i = 0; i < m; i++) acc = acc + w[j * m + i]! * w[j * m + i]!;
    sig[j] = Math.sqrt(acc);
  }
  const s = new Float64Array(d);
  const vt = new Float64Array(d * d);
  const u = new Float64Array(m * d);
  for (let j = 0; j < d; j++) {
    let rank = 0;
    for (let k = 0; k < d; k++) if (k !== j && before(sig[k]!, k, sig[j]!, j)) rank++;
    // Past rank m the value is 0 in exact arithmetic (rank A <= m): rounding noise is dropped.
    const sj = rank >= m ? 0 : sig[j]!;
    s[rank] = sj;
    for (let i = 0; i < d; i++) vt[rank * d + i] = v[j * d + i]!;
    for (let i = 0; i < m; i++) u[i * d + rank] = sj === 0 ? 0 : w[j * m + i]! / sj;
    // svd_flip: the first entry of largest magnitude decides.
    let best = -1;
    let at = 0;
    for (let i = 0; i < (sign === 'u' ? m : d); i++) {
      const x = Math.abs(sign === 'u' ? u[i * d + rank]! : vt[rank * d + i]!);
      if (x > best) {
        best = x;
        at = i;
      }
    }
    const lead = sign === 'u' ? (m > 0 ? u[at * d + rank]! : 0) : vt[rank * d + at]!;
    if (lead < 0) {
      for (let i = 0; i < d; i++) vt[rank * d + i] = -vt[rank * d + i]!;
      for (let i = 0; i < m; i++) u[i * d + rank] = -u[i * d + rank]!;
    }
  }
  for (const arr of [s, vt, u]) for (let i = 0; i < arr.length; i++) if (arr[i] !== arr[i]) arr[i] = NaN;
  return { s: DataBuffer.fromHost(s, 'float64'), vt: DataBuffer.fromHost(vt, 'float64'), u: withU ? DataBuffer.fromHost(u, 'float64') : undefined };
}
