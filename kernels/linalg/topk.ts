/**
 * 'linalg/topk': for each query row, the k nearest reference rows by one of the neighbour
 * metrics (euclidean, manhattan, cosine, haversine; definitions in ./topk-cpu.ts), brute
 * force. Output: distances (m × k float64) and indices (m × k int32), row-major, each row
 * ordered by (distance, index) ascending — equal distances go to the smaller index, and NaN
 * ranks after every number. With `self`, the queries are the references themselves and query
 * i never returns reference i (scikit-learn's `kneighbors()` without X).
 *
 * Device: one thread per query of a query window; one dispatch per window of reference rows
 * (windows from ./linalg-layout.ts), the running (distance, index) list kept in the output,
 * so neither the queries, the references nor the output have to fit one storage binding.
 * Distances are soft-f64 (exact binary64) in the twin's operation order: both bodies agree
 * bit for bit, distances and indices (tolerance exact).
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { bindAt, pointWindows } from './linalg-layout.js';
import { NEIGHBOR_METRICS, type NeighborMetric } from './topk-cpu.js';
import { topkRows } from './topk-parts.js';
import { topkShader } from './topk-wgsl.js';
import type { Matrix } from './types.js';

const OP = 'linalg/topk';

export type { NeighborMetric } from './topk-cpu.js';

export interface TopkOptions {
  /** Neighbours per query (1 ≤ k ≤ the number of candidate references). */
  readonly k: number;
  readonly metric: NeighborMetric;
  /** Queries are the references: query i skips reference i. */
  readonly self?: boolean;
}

export interface TopkResult {
  /** m × k, row-major. */
  readonly distances: DataBuffer<'float64'>;
  /** m × k, row-major, indices into the reference rows. */
  readonly indices: DataBuffer<'int32'>;
}

/** Shape and option checks shared by topk and radius (both bodies call it). */
export function checkPair(op: string, Q: Matrix, R: Matrix, metric: NeighborMetric, self: boolean): void {
  if (!NEIGHBOR_METRICS.includes(metric)) throw new ValueError(`${op}: expected metric among ${NEIGHBOR_METRICS.join(', ')}, got '${String(metric)}'`);
  if (Q.d !== R.d) throw new ShapeError(`${op}: expected queries with ${R.d} columns (the references'), got ${Q.d}`);
  if (Q.data.length !== Q.n * Q.d || R.data.length !== R.n * R.d) throw new ShapeError(`${op}: expected matrices of n × d values, got ${Q.data.length} and ${R.data.length}`);
  if (metric === 'haversine' && R.d !== 2) throw new ShapeError(`${op}: expected 2 columns [lat, lon] for haversine, got ${R.d}`);
  if (self && Q.n !== R.n) throw new ShapeError(`${op}: expected as many queries as references with self, got ${Q.n} and ${R.n}`);
}

function checkK(Q: Matrix, R: Matrix, opts: TopkOptions): number {
  const self = opts.self === true;
  checkPair(OP, Q, R, opts.metric, self);
  const most = R.n - (self ? 1 : 0);
  if (!Number.isInteger(opts.k) || opts.k < 1 || opts.k > most) throw new ValueError(`${OP}: expected k as an integer in [1, ${most}] (the candidate references), got ${opts.k}`);
  return opts.k;
}

export function topkCpu(Q: Matrix, R: Matrix, opts: TopkOptions): TopkResult {
  const k = checkK(Q, R, opts);
  const q = Q.data.hostView(OP) as Float64Array;
  const r = R.data.hostView(OP) as Float64Array;
  const { dist, idx } = topkRows(opts.metric, q, Q.n, r, R.n, R.d, k, opts.self === true);
  return { distances: DataBuffer.fromHost(dist, 'float64'), indices: DataBuffer.fromHost(idx, 'int32') };
}

/** The windows and uniforms both device ops share. */
export function pairWindows(op: string, ctx: GpuContext, Q: Matrix, R: Matrix, perQuery: number) {
  return {
    qw: pointWindows(op, Q.n, Math.max(Q.d, perQuery, 1) * 8, ctx.maxBindingBytes),
    rw: pointWindows(op, R.n, Math.max(R.d, 1) * 8, ctx.maxBindingBytes),
  };
}

/** Uniform words: qn, rn, d, k, rStart, qStart, self, first, radius (2 words), qOff, rOff. */
export function pairUniforms(v: { qn: number; rn: number; d: number; k: number; rStart: number; qStart: number; self: boolean; first: boolean; radius: [number, number]; qOff: number; rOff: number }): Uint32Array {
  return new Uint32Array([v.qn, v.rn, v.d, v.k, v.rStart, v.qStart, v.self ? 1 : 0, v.first ? 1 : 0, v.radius[0], v.radius[1], v.qOff, v.rOff]);
}

export function topkGpu(ctx: GpuContext, Q: Matrix, R: Matrix, opts: TopkOptions): TopkResult {
  const k = checkK(Q, R, opts);
  const m = Q.n, d = Q.d;
  const rec = new Recorder(ctx);
  const D = rec.output(m * k * 8);
  const I = rec.output(m * k * 4);
  const q = Q.data.deviceBuffer(ctx, OP);
  const r = R.data.deviceBuffer(ctx, OP);
  const { qw, rw } = pairWindows(OP, ctx, Q, R, k);
  const shader = topkShader(opts.metric);
  for (const a of qw) {
    const qb = bindAt(q, a.start * d, a.count * d, 8);
    for (const b of rw) {
      const rb = bindAt(r, b.start * d, b.count * d, 8);
      const u = pairUniforms({ qn: a.count, rn: b.count, d, k, rStart: b.start, qStart: a.start, self: opts.self === true, first: b.start === 0, radius: [0, 0], qOff: qb.off, rOff: rb.off });
      rec.dispatch(shader, u, [qb.binding, rb.binding, slice(D, a.start * k, a.count * k, 8), slice(I, a.start * k, a.count * k, 4)], groups(a.count));
    }
  }
  rec.submit();
  return { distances: DataBuffer.fromDevice(ctx, 'float64', m * k, D), indices: DataBuffer.fromDevice(ctx, 'int32', m * k, I) };
}

/** The k nearest reference rows of each query row (brute force), exact on both backends. */
export const linalgTopk = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: callers refuse NaN/Inf/nulls (linalg/pack flags); a NaN distance ranks after every number, ties by index.',
  cpu: (Q: Matrix, R: Matrix, opts: TopkOptions) => topkCpu(Q, R, opts),
  gpu: (ctx, Q: Matrix, R: Matrix, opts: TopkOptions) => topkGpu(ctx, Q, R, opts),
});
