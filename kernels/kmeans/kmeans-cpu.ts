/**
 * CPU twins of the k-means ops: plain typed-array loops that perform the same binary64
 * operations in the same order as the WGSL (./lloyd-wgsl.ts, ./plusplus-wgsl.ts), so every
 * result, float sums included, equals the device's bit for bit. JS numbers are binary64
 * with correctly rounded + - * / and no fused operations, which is what the soft-f64 WGSL
 * implements.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { BLOCK } from './layout.js';
import type { AssignResult, Matrix, UpdateResult } from './types.js';

/** Squared distance between row xb of m and row cb of c, in feature order from +0. */
export function dist(m: Float64Array, xb: number, c: Float64Array, cb: number, d: number): number {
  let acc = 0;
  for (let j = 0; j < d; j++) {
    const t = m[xb + j]! - c[cb + j]!;
    acc += t * t;
  }
  return acc;
}

export function assignCpu(x: Matrix, centers: DataBuffer<'float64'>, k: number, prev?: DataBuffer<'int32'>, withDistances = true): AssignResult {
  const { n, d } = x;
  const m = x.data.hostView('kmeans/assign') as Float64Array;
  const c = centers.hostView('kmeans/assign') as Float64Array;
  const old = prev?.hostView('kmeans/assign') as Int32Array | undefined;
  const labels = new Int32Array(n);
  const dists = new Float64Array(n);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const xb = i * d;
    let ok = true;
    for (let j = 0; j < d; j++) if (m[xb + j]! - m[xb + j]! !== 0) ok = false;
    let best = -1;
    let bd = NaN;
    if (ok) {
      best = 0;
      bd = dist(m, xb, c, 0, d);
      for (let cl = 1; cl < k; cl++) {
        const dd = dist(m, xb, c, cl * d, d);
        if (dd < bd) {
          bd = dd;
          best = cl;
        }
      }
    }
    labels[i] = best;
    dists[i] = bd;
    if (!old || old[i] !== best) changed++;
  }
  return {
    labels: DataBuffer.fromHost(labels, 'int32'),
    distances: withDistances ? DataBuffer.fromHost(dists, 'float64') : undefined,
    changed: DataBuffer.fromHost(new Uint32Array([changed]), 'uint32'),
  };
}

export function updateCpu(x: Matrix, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, changed: DataBuffer<'uint32'>, weights?: DataBuffer<'float64'>): UpdateResult {
  const { n, d } = x;
  const m = x.data.hostView('kmeans/update') as Float64Array;
  const lab = labels.hostView('kmeans/update') as Int32Array;
  const c = centers.hostView('kmeans/update') as Float64Array;
  const wv = weights?.hostView('kmeans/update') as Float64Array | undefined;
  const kd = k * d;
  const total = new Float64Array(kd);
  const wsum = new Float64Array(k);
  const ps = new Float64Array(kd);
  const pw = new Float64Array(k);
  for (let base = 0; base < n; base += BLOCK) {
    ps.fill(0);
    pw.fill(0);
    const end = Math.min(base + BLOCK, n);
    for (let i = base; i < end; i++) {
      const l = lab[i]!;
      if (l < 0 || l >= k) continue;
      if (wv) {
        const w = wv[i]!;
        pw[l]! += w;
        for (let j = 0; j < d; j++) ps[l * d + j]! += m[i * d + j]! * w;
      } else {
        pw[l]! += 1;
        for (let j = 0; j < d; j++) ps[l * d + j]! += m[i * d + j]!;
      }
    }
    for (let q = 0; q < kd; q++) total[q]! += ps[q]!;
    for (let cl = 0; cl < k; cl++) wsum[cl]! += pw[cl]!;
  }
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

/** Block sums of v[0..n) (each from +0, in order). */
export function blockSums(v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(Math.ceil(n / BLOCK));
  for (let b = 0, base = 0; base < n; b++, base += BLOCK) {
    let acc = 0;
    const end = Math.min(base + BLOCK, n);
    for (let i = base; i < end; i++) acc += v[i]!;
    out[b] = acc;
  }
  return out;
}

export function sumCpu(values: DataBuffer<'float64'>, weights?: DataBuffer<'float64'>): DataBuffer<'float64'> {
  let v = values.hostView('kmeans/sum') as Float64Array;
  if (weights) {
    const w = weights.hostView('kmeans/sum') as Float64Array;
    v = v.map((x, i) => x * w[i]!);
  }
  const ps = blockSums(v, values.length);
  let total = 0;
  for (let b = 0; b < ps.length; b++) total += ps[b]!;
  return DataBuffer.fromHost(new Float64Array([total]), 'float64');
}
