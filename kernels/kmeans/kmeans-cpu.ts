/**
 * CPU twins of the k-means ops: plain typed-array loops that perform the same binary64
 * operations in the same order as the WGSL (./lloyd-wgsl.ts, ./plusplus-wgsl.ts), so every
 * result, float sums included, equals the device's bit for bit. JS numbers are binary64
 * with correctly rounded + - * / and no fused operations, which is what the soft-f64 WGSL
 * implements. The row loops run in parts on the thread pool (./kmeans-parts.ts): labels and
 * distances per row, float sums per fixed block folded here in block order, so the bits do
 * not depend on the thread count.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { BLOCK } from './layout.js';
import { sharedArray } from '../../src/threads/pool.js';
import { runRows } from '../part-rows.js';
import { foldBlocks } from './kmeans-parts.js';
import type { AssignResult, Matrix, UpdateResult } from './types.js';

/** Squared distance between row xb of m and row cb of c, in feature order from +0. */
export { dist } from './kmeans-parts.js';

/** Rows per part of the assignment (below this, one part: the work is too small to share). */
const ASSIGN_ROWS = 8192;

export function assignCpu(x: Matrix, centers: DataBuffer<'float64'>, k: number, prev?: DataBuffer<'int32'>, withDistances = true): AssignResult {
  const { n, d } = x;
  const m = x.data.hostView('kmeans/assign') as Float64Array;
  const c = centers.hostView('kmeans/assign') as Float64Array;
  const old = prev ? prev.hostView('kmeans/assign') as Int32Array : undefined;
  const labels = sharedArray(Int32Array, n);
  const dists = withDistances ? sharedArray(Float64Array, n) : undefined;
  const counts = runRows<number>('kmeans/assign-rows', n, { m, c, n, d, k, old, labels, dists }, ASSIGN_ROWS);
  const changed = counts.reduce((a, v) => a + v, 0);
  return {
    labels: DataBuffer.fromHost(labels, 'int32'),
    distances: dists ? DataBuffer.fromHost(dists, 'float64') : undefined,
    changed: DataBuffer.fromHost(new Uint32Array([changed]), 'uint32'),
  };
}

export function updateCpu(x: Matrix, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, changed: DataBuffer<'uint32'>, weights?: DataBuffer<'float64'>): UpdateResult {
  const { n, d } = x;
  const m = x.data.hostView('kmeans/update') as Float64Array;
  const lab = labels.hostView('kmeans/update') as Int32Array;
  const c = centers.hostView('kmeans/update') as Float64Array;
  const w = weights ? weights.hostView('kmeans/update') as Float64Array : undefined;
  const kd = k * d;
  const parts = runRows<{ sums: Float64Array; weights: Float64Array }>('kmeans/update-blocks', n, { m, lab, n, d, k, w }, ASSIGN_ROWS);
  const total = new Float64Array(kd);
  const wsum = new Float64Array(k);
  foldBlocks(total, parts.map((p) => p.sums), kd);
  foldBlocks(wsum, parts.map((p) => p.weights), k);
  const { next, control } = finalizeCpu(total, wsum, c, k, d, (changed.hostView('kmeans/update') as Uint32Array)[0]!);
  return { centers: DataBuffer.fromHost(next, 'float64'), control: DataBuffer.fromHost(control, 'float64'), sums: DataBuffer.fromHost(total, 'float64'), weights: DataBuffer.fromHost(wsum, 'float64') };
}

/**
 * scikit-learn's `_average_centers` (sum / weight where weight > 0, else the sum; after a
 * relocation, `emptyKeepsOld`: else the old center) and the control words.
 */
export function finalizeCpu(total: Float64Array, wsum: Float64Array, old: Float64Array, k: number, d: number, changed: number, emptyKeepsOld = false): { next: Float64Array; control: Float64Array } {
  const kd = k * d;
  const next = new Float64Array(kd);
  for (let q = 0; q < kd; q++) {
    const w = wsum[Math.floor(q / d)]!;
    next[q] = w > 0 ? total[q]! / w : emptyKeepsOld ? old[q]! : total[q]!;
  }
  let shift = 0;
  for (let q = 0; q < kd; q++) {
    const t = next[q]! - old[q]!;
    shift += t * t;
  }
  let empty = 0;
  for (let cl = 0; cl < k; cl++) if (wsum[cl] === 0) empty++;
  return { next, control: new Float64Array([shift, changed, empty, 0]) };
}

/** Block sums of v[0..n) (of v * w with weights; each from +0, in order). */
export function blockSums(v: Float64Array, n: number, w?: Float64Array): Float64Array {
  const parts = runRows<Float64Array>('kmeans/block-sums', n, { v: v, n, w: w ? w : undefined }, ASSIGN_ROWS * 4);
  if (parts.length === 1) return parts[0]!;
  const out = new Float64Array(Math.ceil(n / BLOCK));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function sumCpu(values: DataBuffer<'float64'>, weights?: DataBuffer<'float64'>): DataBuffer<'float64'> {
  const v = values.hostView('kmeans/sum') as Float64Array;
  const w = weights?.hostView('kmeans/sum') as Float64Array | undefined;
  const ps = blockSums(v, values.length, w);
  let total = 0;
  for (let b = 0; b < ps.length; b++) total += ps[b]!;
  return DataBuffer.fromHost(new Float64Array([total]), 'float64');
}
