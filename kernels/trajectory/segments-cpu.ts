/**
 * CPU twin of ./segments.ts: per segment (x0, y0) → (x1, y1), its length and bearing in
 * native float64, one plain loop.
 *
 * - haversine: the spherical Vincenty form of ../haversine/great-circle.ts (the terms the GPU
 *   kernels use; gf.haversine's own CPU body is now the half-angle form), same domain: NaN
 *   where a coordinate is NaN/±Inf, |lat| > 90 or |lon| > 360), and the initial
 *   bearing atan2(a, b) from the same two terms a = cosφ2 sinΔλ, b = cosφ1 sinφ2 −
 *   sinφ1 cosφ2 cosΔλ, in degrees clockwise from north, in [0, 360).
 * - euclidean: √(dx² + dy²) (each step one correctly rounded float64 operation, so the GPU's
 *   software binary64 gives the same bits), and atan2(dy, dx) in degrees, counterclockwise
 *   from the +x axis, in (−180, 180]; NaN where dx or dy is not finite, 0 where both are 0.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { sphereTerms } from '../haversine/great-circle.js';

/** The point metric of a segment. */
export type SegmentMetric = 'haversine' | 'euclidean';

const R2D = 180 / Math.PI;

export function segmentsCpu(x0: DataBuffer<'float64'>, y0: DataBuffer<'float64'>, x1: DataBuffer<'float64'>, y1: DataBuffer<'float64'>, metric: SegmentMetric, radius: number): { length: DataBuffer<'float64'>; bearing: DataBuffer<'float64'> } {
  const op = 'trajectory/segments';
  const [ax, ay, bx, by] = [x0, y0, x1, y1].map((b) => b.hostView(op) as Float64Array) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const n = ax.length;
  const length = new Float64Array(n);
  const bearing = new Float64Array(n);
  const t = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const l1 = ax[i]!, p1 = ay[i]!, l2 = bx[i]!, p2 = by[i]!;
    if (metric === 'euclidean') {
      const dx = l2 - l1, dy = p2 - p1;
      length[i] = Math.sqrt(dx * dx + dy * dy);
      bearing[i] = !(Number.isFinite(dx) && Number.isFinite(dy)) ? NaN : dx === 0 && dy === 0 ? 0 : Math.atan2(dy, dx) * R2D;
      continue;
    }
    if (!(Math.abs(p1) <= 90 && Math.abs(p2) <= 90 && Math.abs(l1) <= 360 && Math.abs(l2) <= 360)) {
      length[i] = NaN;
      bearing[i] = NaN;
      continue;
    }
    sphereTerms(l1, p1, l2, p2, t);
    const a = t[0]!, b = t[1]!;
    length[i] = radius * Math.atan2(Math.sqrt(a * a + b * b), t[2]!);
    let deg = a === 0 && b === 0 ? 0 : Math.atan2(a, b) * R2D;
    if (deg < 0) deg += 360;
    bearing[i] = deg >= 360 ? 0 : deg;
  }
  return { length: DataBuffer.fromHost(length, 'float64'), bearing: DataBuffer.fromHost(bearing, 'float64') };
}
