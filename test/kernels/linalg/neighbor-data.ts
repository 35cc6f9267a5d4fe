// Shared by the linalg/topk and linalg/radius parity tests: seeded point sets (random, tied,
// with specials, lat/lon in radians) and a plain-JS reference of the four metrics by their
// textbook formulas (Math.sin/cos/asin for haversine), for a tolerance check of the twin.
import { rng } from '../../helpers/parity.js';
import type { NeighborMetric } from '../../../kernels/linalg/topk-cpu.js';

export interface Points {
  x: Float64Array;
  n: number;
  d: number;
}

export function points(n: number, d: number, seed: number, kind: 'random' | 'ties' | 'special' | 'latlon' = 'random'): Points {
  const r = rng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) {
    if (kind === 'ties') x[i] = Math.floor(r() * 3);
    else if (kind === 'latlon') x[i] = i % 2 === 0 ? (r() - 0.5) * Math.PI : (r() * 2 - 1) * Math.PI;
    else x[i] = (r() * 2 - 1) * 5;
  }
  if (kind === 'special') {
    const sp = [NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308];
    for (let i = 0; i < n * d; i += 7) x[i] = sp[(i / 7) % sp.length]!;
  }
  return { x, n, d };
}

/** The textbook distance of query row i and reference row t. */
export function textbook(metric: NeighborMetric, q: Points, i: number, r: Points, t: number): number {
  const a = q.x.subarray(i * q.d, i * q.d + q.d);
  const b = r.x.subarray(t * r.d, t * r.d + r.d);
  if (metric === 'euclidean') return Math.hypot(...a.map((v, j) => v - b[j]!));
  if (metric === 'manhattan') return a.reduce((s, v, j) => s + Math.abs(v - b[j]!), 0);
  if (metric === 'cosine') {
    const dot = a.reduce((s, v, j) => s + v * b[j]!, 0);
    const na = Math.hypot(...a), nb = Math.hypot(...b);
    return na === 0 || nb === 0 ? 1 : Math.min(2, Math.max(0, 1 - dot / (na * nb)));
  }
  const h = Math.sin((b[0]! - a[0]!) / 2) ** 2 + Math.cos(a[0]!) * Math.cos(b[0]!) * Math.sin((b[1]! - a[1]!) / 2) ** 2;
  return 2 * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** Whether two distances agree to the reference's accuracy. */
export function near(x: number, y: number): boolean {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  return x === y || Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
}
