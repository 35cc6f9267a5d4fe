/**
 * CPU twin of ./haversine.ts: the great-circle distance in float64 by the half-angle form of
 * ./half-angle.ts (well-conditioned for every pair, like the GPU's Vincenty form; within
 * ~2e-15 rad of the exact angle). Four float64 arrays go straight to its one loop; float32
 * arrays and scalars are widened (exactly) into float64 blocks of CHUNK rows first, so the loop
 * only ever sees Float64Arrays.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { centralDistances } from './half-angle.js';
import type { HaversineOperand } from './haversine.js';

const CHUNK = 4096;

/**
 * Great-circle distance · radius for n pairs (degrees in). NaN where an input is NaN/±Inf,
 * |lat| > 90 or |lon| > 360.
 */
export function haversineCpu(lon1: HaversineOperand, lat1: HaversineOperand, lon2: HaversineOperand, lat2: HaversineOperand, radius: number, n: number): DataBuffer<'float64'> {
  const ops = [lon1, lat1, lon2, lat2];
  const host = ops.map((x) => (typeof x === 'number' ? x : (x.hostView('spatial/haversine') as Float64Array | Float32Array)));
  const out = new Float64Array(n);
  if (host.every((a) => a instanceof Float64Array)) {
    const [x1, y1, x2, y2] = host as Float64Array[];
    centralDistances(x1!, y1!, x2!, y2!, out, n, radius);
    return DataBuffer.fromHost(out, 'float64');
  }
  // Scalars fill a block once; float32 arrays are copied block by block (exact widening).
  const blocks = host.map((a) => (a instanceof Float64Array ? undefined : typeof a === 'number' ? new Float64Array(CHUNK).fill(a) : new Float64Array(CHUNK)));
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    const views = host.map((a, j) => {
      if (a instanceof Float64Array) return a.subarray(start, end);
      const b = blocks[j]!;
      if (a instanceof Float32Array) b.set(a.subarray(start, end));
      return b;
    }) as Float64Array[];
    centralDistances(views[0]!, views[1]!, views[2]!, views[3]!, out.subarray(start, end), end - start, radius);
  }
  return DataBuffer.fromHost(out, 'float64');
}
