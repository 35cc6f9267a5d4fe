/**
 * CPU twin of ./haversine.ts: the same well-conditioned formula in native float64, one
 * plain loop. A scalar operand is a one-element array indexed with mask 0, so the loop has
 * no per-element branch on the operand kind.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { centralAngle } from './great-circle.js';
import type { HaversineOperand } from './haversine.js';

function view(x: HaversineOperand): { a: Float64Array | Float32Array; mask: number } {
  if (typeof x === 'number') return { a: new Float64Array([x]), mask: 0 };
  return { a: x.hostView('spatial/haversine') as Float64Array | Float32Array, mask: -1 };
}

/**
 * Great-circle distance by the spherical Vincenty form:
 * atan2(√((cosφ2 sinΔλ)² + (cosφ1 sinφ2 − sinφ1 cosφ2 cosΔλ)²), sinφ1 sinφ2 + cosφ1 cosφ2 cosΔλ) · R.
 * NaN where an input is NaN/±Inf, |lat| > 90 or |lon| > 360.
 */
export function haversineCpu(lon1: HaversineOperand, lat1: HaversineOperand, lon2: HaversineOperand, lat2: HaversineOperand, radius: number, n: number): DataBuffer<'float64'> {
  const { a: x1, mask: m1 } = view(lon1);
  const { a: y1, mask: n1 } = view(lat1);
  const { a: x2, mask: m2 } = view(lon2);
  const { a: y2, mask: n2 } = view(lat2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l1 = x1[i & m1]!, p1 = y1[i & n1]!, l2 = x2[i & m2]!, p2 = y2[i & n2]!;
    if (!(Math.abs(p1) <= 90 && Math.abs(p2) <= 90 && Math.abs(l1) <= 360 && Math.abs(l2) <= 360)) {
      out[i] = NaN;
      continue;
    }
    out[i] = radius * centralAngle(l1, p1, l2, p2);
  }
  return DataBuffer.fromHost(out, 'float64');
}
