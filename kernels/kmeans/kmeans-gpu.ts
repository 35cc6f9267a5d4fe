/**
 * The WebGPU bodies of the k-means ops: each records its passes (./lloyd-wgsl.ts) into one
 * Recorder, window by window, and returns device-resident DataBuffers. No body reads from
 * the device; the estimator does the few control reads it needs.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { groups, Recorder, slice, WG } from '../runner.js';
import { BLOCK, bindAt, blocksOf, MAXK, pointWindows, type Window } from './layout.js';
import { recordFold } from '../linalg/linalg-wgsl.js';
import { finalizeShader, updateShader, vsumShader } from './lloyd-wgsl.js';
import { assignFastShader, assignListShader, assignShader } from './assign-wgsl.js';
import type { AssignResult, Matrix, UpdateResult } from './types.js';
import { rowsF32Shader } from './wgsl-common.js';

/** Point windows for a matrix of d features and k clusters (partials included). */
export function matrixWindows(ctx: GpuContext, op: string, n: number, d: number, k = 1): Window[] {
  return pointWindows(op, n, d * 8 * Math.max(1, Math.ceil(k / BLOCK)), ctx.maxBindingBytes);
}

/** Block sums of V (n float64; times W when given) into PS[0 .. nb), window by window (level 1). */
export function recordVsum(rec: Recorder, v: GPUBuffer, n: number, wins: Window[], ps: GPUBuffer, w?: GPUBuffer): void {
  const dummy = w ? undefined : rec.temp(8);
  for (const win of wins) {
    const nbw = blocksOf(win.count);
    const p = bindAt(ps, win.start / BLOCK, nbw, 8);
    const wb = w ? slice(w, win.start, win.count, 8) : dummy!;
    rec.dispatch(vsumShader(), new Uint32Array([win.count, nbw, p.off, w ? 1 : 0]), [slice(v, win.start, win.count, 8), p.binding, wb], groups(nbw));
  }
}

/** f32 copies of k * d centers and their below-2^40 flags, for the f32 brackets. */
export function recordRowsF32(rec: Recorder, rows: GPUBuffer, k: number, d: number): GPUBuffer {
  const out = rec.temp((k * d + k) * 4);
  rec.dispatch(rowsF32Shader(), new Uint32Array([k, d, 0, 0]), [rows, out], groups(k));
  return out;
}

/** Threads of the list pass: enough for a short list, few enough to start quickly. */
const LIST_GROUPS = 8;

export function assignGpu(ctx: GpuContext, x: Matrix, centers: DataBuffer<'float64'>, k: number, prev?: DataBuffer<'int32'>, withDistances = true): AssignResult {
  const { n, d } = x;
  const rec = new Recorder(ctx);
  const m = x.data.deviceBuffer(ctx, 'kmeans/assign');
  const c = centers.deviceBuffer(ctx, 'kmeans/assign');
  const cf = recordRowsF32(rec, c, k, d);
  const lo = prev ? prev.deviceBuffer(ctx, 'kmeans/assign') : rec.temp(4);
  const labels = rec.output(n * 4);
  const dist = withDistances ? rec.output(n * 8) : undefined;
  const changed = rec.output(4);
  rec.clear(changed, 0, 4);
  const wins = matrixWindows(ctx, 'kmeans/assign', n, d);
  const list = withDistances ? undefined : rec.temp(4 + Math.min(n, wins[0]?.count ?? 0) * 4);
  for (const w of wins) {
    const mw = slice(m, w.start * d, w.count * d, 8);
    const lw = slice(labels, w.start, w.count, 4);
    const ow = prev ? slice(lo, w.start, w.count, 4) : lo;
    const u = new Uint32Array([w.count, d, k, prev ? 1 : 0, 0, 0, 0, 0]);
    if (dist) {
      rec.dispatch(assignShader(), u, [mw, c, cf, lw, slice(dist, w.start, w.count, 8), ow, changed], groups(w.count));
    } else {
      // Pass 1 settles the points a single f32 candidate decides; pass 2 strides over the rest.
      rec.clear(list!, 0, 4);
      rec.dispatch(assignFastShader(), u.subarray(0, 4), [mw, cf, lw, ow, list!, changed], groups(w.count));
      const g = Math.min(LIST_GROUPS, groups(w.count));
      u[4] = g * WG;
      rec.dispatch(assignListShader(), u, [mw, c, cf, lw, ow, list!, changed], g);
    }
  }
  rec.submit();
  return {
    labels: DataBuffer.fromDevice(ctx, 'int32', n, labels),
    distances: dist ? DataBuffer.fromDevice(ctx, 'float64', n, dist) : undefined,
    changed: DataBuffer.fromDevice(ctx, 'uint32', 1, changed),
  };
}

export function updateGpu(ctx: GpuContext, x: Matrix, labels: DataBuffer<'int32'>, centers: DataBuffer<'float64'>, k: number, changed: DataBuffer<'uint32'>, weights?: DataBuffer<'float64'>): UpdateResult {
  const { n, d } = x;
  if (k * d * 8 > ctx.maxBindingBytes - 256) throw new ValueError(`kmeans/update: expected k * d * 8 bytes of centers to fit one binding of ${ctx.maxBindingBytes}, got ${k * d * 8}`);
  const rec = new Recorder(ctx);
  const m = x.data.deviceBuffer(ctx, 'kmeans/update');
  const lb = labels.deviceBuffer(ctx, 'kmeans/update');
  const wb = weights ? weights.deviceBuffer(ctx, 'kmeans/update') : rec.temp(8);
  const nb = blocksOf(n);
  const ps = rec.temp(nb * k * d * 8);
  const pw = rec.temp(nb * k * 8);
  const total = rec.output(k * d * 8);
  const wsum = rec.output(k * 8);
  for (const w of matrixWindows(ctx, 'kmeans/update', n, d, k)) {
    const nbw = blocksOf(w.count);
    const p = bindAt(ps, (w.start / BLOCK) * k * d, nbw * k * d, 8);
    const q = bindAt(pw, (w.start / BLOCK) * k, nbw * k, 8);
    const ww = weights ? slice(wb, w.start, w.count, 8) : wb;
    for (let c0 = 0; c0 < k; c0 += MAXK) {
      const u = new Uint32Array([w.count, d, k, nbw, c0, Math.min(MAXK, k - c0), p.off, q.off, weights ? 1 : 0, 0, 0, 0]);
      rec.dispatch(updateShader(), u, [slice(m, w.start * d, w.count * d, 8), slice(lb, w.start, w.count, 4), p.binding, q.binding, ww], groups(nbw * d));
    }
  }
  recordFold(rec, ps, nb, k * d, total);
  recordFold(rec, pw, nb, k, wsum);
  const next = rec.output(k * d * 8);
  const control = rec.output(4 * 8);
  const binds = [total, wsum, centers.deviceBuffer(ctx, 'kmeans/update'), next, changed.deviceBuffer(ctx, 'kmeans/update'), control];
  rec.dispatch(finalizeShader(), new Uint32Array([k, d, 0, 0]), binds, 1);
  rec.submit();
  return {
    centers: DataBuffer.fromDevice(ctx, 'float64', k * d, next),
    control: DataBuffer.fromDevice(ctx, 'float64', 4, control),
    sums: DataBuffer.fromDevice(ctx, 'float64', k * d, total),
    weights: DataBuffer.fromDevice(ctx, 'float64', k, wsum),
  };
}

export function sumGpu(ctx: GpuContext, values: DataBuffer<'float64'>, weights?: DataBuffer<'float64'>): DataBuffer<'float64'> {
  const n = values.length;
  const rec = new Recorder(ctx);
  const nb = blocksOf(n);
  const ps = rec.temp(nb * 8);
  const out = rec.output(8);
  const w = weights?.deviceBuffer(ctx, 'kmeans/sum');
  recordVsum(rec, values.deviceBuffer(ctx, 'kmeans/sum'), n, pointWindows('kmeans/sum', n, 8, ctx.maxBindingBytes), ps, w);
  recordFold(rec, ps, nb, 1, out);
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', 1, out);
}
