/**
 * trajectory/split-gaps: movingpandas' ObservationGapSplitter on the device. One thread per
 * trajectory walks its times T in order; a step T[k] − T[k−1] (float64, correctly rounded on
 * both bodies: software binary64 on the GPU) strictly greater than `maxGap` starts a new part.
 * Parts of one point are dropped, as movingpandas drops them; the part number counts every
 * piece (kept or not), as movingpandas' `<id>_<i>` suffix does. A step with a NaN is no gap.
 *
 * Output per kept part, in row then time order: its first point (absolute index), its point
 * count, its source row and its part number (uint32 each). Two passes (count, then fill after
 * an exclusive scan): ./track-scan.ts.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { ItemSink, TRACK_MAIN, trackPreamble, trackScanGpu, type TrackItems } from './track-scan.js';

const SHADER = {
  label: 'trajectory/split-gaps',
  code: /* wgsl */ `
// trajectory/split-gaps: one thread per trajectory; parts split where the time step > thr1.
${trackPreamble()}
fn track(r: u32, i: u32, start: u32, len: u32) {
  var c = 0u;       // kept parts
  var part = 0u;    // pieces so far
  var first = start;
  for (var k = start + 1u; k <= start + len; k++) {
    let cut = k == start + len || trk_lt(U.thr1, f64_sub(pt(k, 0u), pt(k - 1u, 0u)));
    if (cut) {
      if (k - first > 1u) { emit(r, c, first, k - first, i, part); c++; }
      part++;
      first = k;
    }
  }
  finish(r, c);
}
${TRACK_MAIN}`,
};

async function splitCpu(S: DataBuffer<'uint32'>, N: DataBuffer<'uint32'>, T: DataBuffer<'float64'>, maxGap: number): Promise<TrackItems> {
  const s = S.hostView(SHADER.label) as Uint32Array;
  const len = N.hostView(SHADER.label) as Uint32Array;
  const t = T.hostView(SHADER.label) as Float64Array;
  const out = new ItemSink();
  for (let i = 0; i < s.length; i++) {
    const start = s[i]!, end = start + len[i]!;
    let part = 0, first = start;
    for (let k = start + 1; k <= end; k++) {
      if (k === end || t[k]! - t[k - 1]! > maxGap) {
        if (k - first > 1) out.push(first, k - first, i, part);
        part++;
        first = k;
      }
    }
  }
  return out.done();
}

export const splitGapsKernel = defineKernel({
  name: 'trajectory/split-gaps',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'A null trajectory comes in with 0 points and gives no part; a NaN time step is no gap.',
  cpu: splitCpu,
  gpu: (ctx: GpuContext, S: DataBuffer<'uint32'>, N: DataBuffer<'uint32'>, T: DataBuffer<'float64'>, maxGap: number) => trackScanGpu(ctx, SHADER, S, N, T, 1, maxGap, 0),
});

/**
 * The parts of each trajectory (points S[i] .. S[i] + N[i] − 1 of the times T) split where
 * the time step exceeds `maxGap` (in T's units). Returns [first point, point count, row,
 * part number] per kept part (≥ 2 points). Async: two counted control reads for the plan
 * and one for the total on WebGPU.
 *
 * @example
 * ```ts
 * const u = (v: number[]) => gf.array(new Uint32Array(v));
 * const [first, count, row, part] = await gf.kernels.trajectorySplitGaps(u([0]), u([5]), gf.array(new Float64Array([0, 1, 9, 10, 11])), 5);
 * await first.toArray(); // Uint32Array [0, 2]; count [2, 3], row [0, 0], part [0, 1]
 * ```
 */
export async function trajectorySplitGaps(S: DataBuffer<'uint32'>, N: DataBuffer<'uint32'>, T: DataBuffer<'float64'>, maxGap: number): Promise<TrackItems> {
  expectBuffer('trajectorySplitGaps', S, 'S');
  const op = 'trajectory/split-gaps';
  expectDType(`${op} starts`, S.dtype, ['uint32']);
  expectDType(`${op} counts`, N.dtype, ['uint32']);
  expectDType(`${op} times`, T.dtype, ['float64']);
  if (N.length !== S.length) throw new ShapeError(`${op}: expected ${S.length} counts like the starts, got ${N.length}`);
  if (typeof maxGap !== 'number' || Number.isNaN(maxGap)) throw new ValueError(`${op}: expected maxGap a number, got ${String(maxGap)}`);
  return run(splitGapsKernel, S, N, T, maxGap);
}
