/**
 * CPU twin of 'linalg/topk' and 'linalg/radius' (./topk.ts, ./radius.ts): the pair distances
 * of the four neighbour metrics in plain float64 (+, −, ×, ÷, √ in a fixed order, which the
 * device replays in soft-f64: ./topk-wgsl.ts), and the per-query selection.
 *
 * Distances between query row q and reference row r (d features, row-major):
 * - euclidean: √(Σ_j (q_j − r_j)²), summed j = 0..d−1 from +0;
 * - manhattan: Σ_j |q_j − r_j|;
 * - cosine: 1 − (q·r) / (‖q‖·‖r‖) clipped to [0, 2], ‖x‖ = √(Σ_j x_j²); 1 where either norm
 *   is 0 (scikit-learn normalises a zero row to zeros);
 * - haversine: rows [lat, lon] in radians (scikit-learn's order), the central angle on the
 *   unit sphere by the half-angle form (sums of non-negative squares, so well-conditioned
 *   from antipodes down to sub-metre steps) with fdlibm's sine polynomial after a
 *   Cody–Waite reduction by π/2 and a table-plus-Taylor arcsine.
 *
 * Order: (distance, index) ascending, NaN after every number; references are scanned in
 * index order, so a later reference at an equal distance never displaces an earlier one.
 * The per-query loops (./topk-parts.ts) run in parts of the queries on the thread pool.
 */
import { ASIN_TABLE } from '../haversine/half-angle.js';

export type NeighborMetric = 'euclidean' | 'manhattan' | 'cosine' | 'haversine';
export const NEIGHBOR_METRICS: readonly NeighborMetric[] = ['euclidean', 'manhattan', 'cosine', 'haversine'];

/** 1.5 · 2^52: (x + M) − M rounds x to the nearest integer. */
export const ROUND_M = 6755399441055744;
export const TWO_OVER_PI = 2 / Math.PI;
export const PIO2_HI = 1.5707963267948966;
export const PIO2_LO = 6.123233995736766e-17;
// fdlibm __kernel_sin coefficients.
export const SIN_C = [-1.66666666666666324348e-1, 8.33333333332248946124e-3, -1.98412698298579493134e-4, 2.75573137070700676789e-6, -2.50507602534068634195e-8, 1.58969099521155010221e-10] as const;
// asin Taylor coefficients (2m)!/(4^m (m!)² (2m+1)), m = 1..5.
export const ASIN_C = [1 / 6, 3 / 40, 5 / 112, 35 / 1152, 63 / 2816] as const;
const [S1, S2, S3, S4, S5, S6] = SIN_C;
const [A1, A2, A3, A4, A5] = ASIN_C;
export const COS_K = Float64Array.from(ASIN_TABLE, (r) => r[0]);
export const ASIN_HI = Float64Array.from(ASIN_TABLE, (r) => r[1]);
export const ASIN_LO = Float64Array.from(ASIN_TABLE, (r) => r[2]);

/** [sin² x, cos² x] of x (radians) into out[o], out[o + 1]. */
function sinCos2(x: number, out: Float64Array, o: number): void {
  const t = x * TWO_OVER_PI + ROUND_M;
  const k = t - ROUND_M;
  const r = x - k * PIO2_HI - k * PIO2_LO;
  const z = r * r;
  const s = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
  const s2 = s * s;
  const c2 = 1 - s2;
  const odd = (k & 1) !== 0;
  out[o] = odd ? c2 : s2;
  out[o + 1] = odd ? s2 : c2;
}

const SC = new Float64Array(6);

/** Central angle (radians) between [lat1, lon1] and [lat2, lon2] in radians. */
export function havAngle(p1: number, l1: number, p2: number, l2: number): number {
  sinCos2((p2 - p1) * 0.5, SC, 0);
  sinCos2((p1 + p2) * 0.5, SC, 2);
  sinCos2((l2 - l1) * 0.5, SC, 4);
  const SA = SC[0]!, CA = SC[1]!, SB = SC[2]!, CB = SC[3]!, SS = SC[4]!, CC = SC[5]!;
  const h = SA * CC + CB * SS;
  const g = CA * CC + SB * SS;
  const f = h > g;
  const s = Math.sqrt(f ? g : h);
  const co = Math.sqrt(f ? h : g);
  const v = s * 16 + 0.5;
  let k = 0;
  for (let j = 1; j <= 11; j++) if (v >= j) k = j;
  const w = s * COS_K[k]! - co * (k * 0.0625);
  const z = w * w;
  const p = w + w * z * (A1 + z * (A2 + z * (A3 + z * (A4 + z * A5))));
  const half = f ? PIO2_HI - ASIN_HI[k]! + (PIO2_LO - (ASIN_LO[k]! + p)) : ASIN_HI[k]! + (ASIN_LO[k]! + p);
  return 2 * half;
}

/** √(Σ x_j²) of row i (j in order). */
export function rowNorm(x: Float64Array, i: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = x[i * d + j]!;
    s = s + v * v;
  }
  return Math.sqrt(s);
}

/** The distance between query row i of q and reference row t of r (norms for cosine). */
export function pairDistance(metric: NeighborMetric, q: Float64Array, i: number, r: Float64Array, t: number, d: number, nq: number, nr: number): number {
  const qo = i * d, ro = t * d;
  if (metric === 'euclidean') {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const u = q[qo + j]! - r[ro + j]!;
      s = s + u * u;
    }
    return Math.sqrt(s);
  }
  if (metric === 'manhattan') {
    let s = 0;
    for (let j = 0; j < d; j++) s = s + Math.abs(q[qo + j]! - r[ro + j]!);
    return s;
  }
  if (metric === 'cosine') {
    let s = 0;
    for (let j = 0; j < d; j++) s = s + q[qo + j]! * r[ro + j]!;
    const den = nq * nr;
    if (den === 0) return 1;
    const v = 1 - s / den;
    if (v !== v) return NaN;
    return v < 0 ? 0 : v > 2 ? 2 : v;
  }
  return havAngle(q[qo]!, q[qo + 1]!, r[ro]!, r[ro + 1]!);
}

/** (a, i) before (b, j): distance ascending with NaN last (−0 equals +0), then index. */
export function before(a: number, i: number, b: number, j: number): boolean {
  if (a < b) return true;
  if (a === b || (a !== a && b !== b)) return i < j;
  return b !== b && a === a;
}
