/**
 * 'linalg/radius': for each query row, every reference row within `radius` (distance ≤
 * radius; metrics and distances as 'linalg/topk', ./topk-cpu.ts), in index order, as CSR:
 * offsets (m + 1 int32), indices (int32) and distances (float64). With `self`, query i skips
 * reference i.
 *
 * Device: a count pass (one thread per query, one dispatch per reference window), an
 * exclusive scan of the counts into the offsets, one control read of the total to size the
 * outputs, then a fill pass that writes each query's pairs from its offset. Queries and
 * references may exceed one storage binding; the result lists must fit one (ValueError
 * otherwise). Distances are soft-f64 in the twin's order: tolerance exact.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { readBack } from '../../src/memory/transfer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { recordScanU32 } from '../scan/scan.js';
import { bindAt, f64Words } from './linalg-layout.js';
import type { NeighborMetric } from './topk-cpu.js';
import { radiusRows } from './topk-parts.js';
import { checkPair, pairUniforms, pairWindows } from './topk.js';
import { radiusShader } from './topk-wgsl.js';
import type { Matrix } from './types.js';

const OP = 'linalg/radius';

export interface RadiusOptions {
  readonly radius: number;
  readonly metric: NeighborMetric;
  readonly self?: boolean;
}

export interface RadiusResult {
  /** m + 1 offsets: query i's neighbours are entries offsets[i]..offsets[i + 1]. */
  readonly offsets: DataBuffer<'int32'>;
  readonly indices: DataBuffer<'int32'>;
  readonly distances: DataBuffer<'float64'>;
}

function check(Q: Matrix, R: Matrix, opts: RadiusOptions): void {
  checkPair(OP, Q, R, opts.metric, opts.self === true);
  if (typeof opts.radius !== 'number' || !(opts.radius >= 0)) throw new ValueError(`${OP}: expected radius as a number >= 0, got ${opts.radius}`);
}

export function radiusCpu(Q: Matrix, R: Matrix, opts: RadiusOptions): RadiusResult {
  check(Q, R, opts);
  const q = Q.data.hostView(OP) as Float64Array;
  const r = R.data.hostView(OP) as Float64Array;
  const { offsets, idx, dist } = radiusRows(opts.metric, q, Q.n, r, R.n, R.d, opts.radius, opts.self === true);
  return { offsets: DataBuffer.fromHost(offsets, 'int32'), indices: DataBuffer.fromHost(idx, 'int32'), distances: DataBuffer.fromHost(dist, 'float64') };
}

export async function radiusGpu(ctx: GpuContext, Q: Matrix, R: Matrix, opts: RadiusOptions): Promise<RadiusResult> {
  check(Q, R, opts);
  const m = Q.n, d = Q.d;
  const self = opts.self === true;
  const radius = f64Words(opts.radius);
  const q = Q.data.deviceBuffer(ctx, OP);
  const r = R.data.deviceBuffer(ctx, OP);
  const { qw, rw } = pairWindows(OP, ctx, Q, R, 1);
  const pass = (rec: Recorder, fill: boolean, W: GPUBuffer, extra: GPUBuffer[]) => {
    const shader = radiusShader(opts.metric, fill);
    for (const a of qw) {
      const qb = bindAt(q, a.start * d, a.count * d, 8);
      for (const b of rw) {
        const rb = bindAt(r, b.start * d, b.count * d, 8);
        const u = pairUniforms({ qn: a.count, rn: b.count, d, k: 0, rStart: b.start, qStart: a.start, self, first: b.start === 0, radius, qOff: qb.off, rOff: rb.off });
        rec.dispatch(shader, u, [qb.binding, rb.binding, slice(W, a.start, a.count, 4), ...extra], groups(a.count));
      }
    }
  };
  const rec = new Recorder(ctx);
  const offsets = rec.output((m + 1) * 4);
  rec.clear(offsets, 0, (m + 1) * 4);
  pass(rec, false, offsets, []);
  recordScanU32(rec, offsets, m + 1);
  const small = rec.output(4);
  rec.copy(offsets, m * 4, small, 0, 4);
  rec.submit();
  let total: number;
  try {
    total = new Uint32Array(await readBack(ctx, small, 4, { control: true }))[0]!;
  } finally {
    ctx.pool.release(small);
  }
  if (total * 8 > ctx.maxBindingBytes) {
    ctx.pool.release(offsets);
    throw new ValueError(`${OP}: expected the ${total} neighbours within the radius to fit one binding of ${ctx.maxBindingBytes} bytes, got ${total * 8} bytes (use a smaller radius or fewer queries per call)`);
  }
  const rec2 = new Recorder(ctx);
  const idx = rec2.output(total * 4);
  const dist = rec2.output(total * 8);
  if (total > 0) {
    const cursor = rec2.temp(Math.max(1, m) * 4);
    rec2.copy(offsets, 0, cursor, 0, m * 4);
    pass(rec2, true, cursor, [idx, dist]);
  }
  rec2.submit();
  return { offsets: DataBuffer.fromDevice(ctx, 'int32', m + 1, offsets), indices: DataBuffer.fromDevice(ctx, 'int32', total, idx), distances: DataBuffer.fromDevice(ctx, 'float64', total, dist) };
}

/** Every reference row within a radius of each query row (CSR), exact on both backends. */
export const linalgRadius = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: callers refuse NaN/Inf/nulls (linalg/pack flags); a NaN distance is never within the radius.',
  cpu: async (Q: Matrix, R: Matrix, opts: RadiusOptions) => radiusCpu(Q, R, opts),
  gpu: (ctx, Q: Matrix, R: Matrix, opts: RadiusOptions) => radiusGpu(ctx, Q, R, opts),
});
