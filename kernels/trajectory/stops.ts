/**
 * trajectory/stops: movingpandas' TrajectoryStopDetector (get_stop_time_ranges), one thread
 * per trajectory walking its points in time order. With the window [s, e] of the points seen
 * (e the newest), per point:
 * 1. if the previous point left the window not stopped, drop points from the front while the
 *    window has more than 2 points and T[e] − T[s] ≥ minDuration;
 * 2. stopped = the window has ≥ 2 points and every pair of its points is closer than
 *    maxDiameter (distance < thr2, strictly; a NaN distance is not closer);
 * 3. if not stopped, the previous point was, the window has ≥ 2 points and
 *    T[e−1] − T[s] ≥ minDuration: emit the stop [s, e−1] and restart the window at [e, e];
 * and after the last point, if stopped and T[e] − T[s] ≥ minDuration, emit [s, e].
 * movingpandas tests the diagonal of the window's minimum rotated rectangle (after a bounding
 * box pre-check); this kernel tests the diameter (the largest pairwise distance), which the
 * two agree on for two points and never exceeds the diagonal.
 *
 * Distances: sqrt of the sum of squared differences of the packed coordinates (./stop-points.ts:
 * planar x, y, or unit vectors, whose chord stands for the great-circle distance), in float64
 * with every operation correctly rounded (software binary64 on the GPU), compared with
 * thr2; times compared as T[b] − T[a] ≥ thr1. So every decision is the same on both bodies.
 * The window's pairs are checked incrementally: each new point against the window back to
 * the latest point that was already too far from a later one.
 *
 * Output per stop: its first and last point (absolute indices), its source row and its
 * index within the trajectory (uint32). Two passes: ./track-scan.ts.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { ItemSink, TRACK_MAIN, trackPreamble, trackScanGpu, type TrackItems } from './track-scan.js';

const SHADER = {
  label: 'trajectory/stops',
  code: /* wgsl */ `
// trajectory/stops: one thread per trajectory; P holds (x, y, z, t) per point.
${trackPreamble()}
fn sq(a: vec2<u32>) -> vec2<u32> { return f64_mul(a, a); }
fn close_pts(j: u32, e: u32) -> bool {
  let d = f64_sqrt(f64_add(f64_add(sq(f64_sub(pt(e, 0u), pt(j, 0u))), sq(f64_sub(pt(e, 1u), pt(j, 1u)))), sq(f64_sub(pt(e, 2u), pt(j, 2u)))));
  return trk_lt(d, U.thr2);
}
fn long_enough(a: u32, b: u32) -> bool { return trk_ge(f64_sub(pt(b, 3u), pt(a, 3u)), U.thr1); }
fn track(r: u32, i: u32, start: u32, len: u32) {
  var c = 0u;
  var s = start;
  var bad = -1;     // the latest j with a later window point too far from it
  var prev = false;
  for (var e = start; e < start + len; e++) {
    if (!prev) { while (e - s + 1u > 2u && long_enough(s, e)) { s++; } }
    var j = i32(e) - 1;
    let lo = max(i32(s), bad + 1);
    while (j >= lo) { if (!close_pts(u32(j), e)) { bad = j; break; } j--; }
    let stopped = e > s && bad < i32(s);
    if (!stopped && prev && e > s && long_enough(s, e - 1u)) { emit(r, c, s, e - 1u, i, c); c++; s = e; }
    prev = stopped;
  }
  if (prev && long_enough(s, start + len - 1u)) { emit(r, c, s, start + len - 1u, i, c); c++; }
  finish(r, c);
}
${TRACK_MAIN}`,
};

async function stopsCpu(S: DataBuffer<'uint32'>, N: DataBuffer<'uint32'>, P: DataBuffer<'float64'>, minDuration: number, thr: number): Promise<TrackItems> {
  const st = S.hostView(SHADER.label) as Uint32Array;
  const len = N.hostView(SHADER.label) as Uint32Array;
  const p = P.hostView(SHADER.label) as Float64Array;
  const out = new ItemSink();
  const close = (j: number, e: number) => {
    const dx = p[4 * e]! - p[4 * j]!, dy = p[4 * e + 1]! - p[4 * j + 1]!, dz = p[4 * e + 2]! - p[4 * j + 2]!;
    return Math.sqrt(dx * dx + dy * dy + dz * dz) < thr;
  };
  const longEnough = (a: number, b: number) => p[4 * b + 3]! - p[4 * a + 3]! >= minDuration;
  for (let i = 0; i < st.length; i++) {
    const start = st[i]!, end = start + len[i]!;
    let c = 0, s = start, bad = -1, prev = false;
    for (let e = start; e < end; e++) {
      if (!prev) while (e - s + 1 > 2 && longEnough(s, e)) s++;
      for (let j = e - 1, lo = Math.max(s, bad + 1); j >= lo; j--) if (!close(j, e)) { bad = j; break; }
      const stopped = e > s && bad < s;
      if (!stopped && prev && e > s && longEnough(s, e - 1)) { out.push(s, e - 1, i, c++); s = e; }
      prev = stopped;
    }
    if (prev && longEnough(s, end - 1)) out.push(s, end - 1, i, c++);
  }
  return out.done();
}

export const stopsKernel = defineKernel({
  name: 'trajectory/stops',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'A null trajectory comes in with 0 points and gives no stop; a NaN distance is never within the diameter, a NaN time step never long enough.',
  cpu: stopsCpu,
  gpu: (ctx: GpuContext, S: DataBuffer<'uint32'>, N: DataBuffer<'uint32'>, P: DataBuffer<'float64'>, minDuration: number, thr: number) => trackScanGpu(ctx, SHADER, S, N, P, 4, minDuration, thr),
});

/**
 * The stops of each trajectory (points S[i] .. S[i] + N[i] − 1 of the packed points P from
 * `trajectoryStopPoints`): [first point, last point, row, stop index] per stop. `minDuration`
 * is in the times' units; `threshold` is the distance bound in P's space (see the module
 * comment). Async: counted control reads for the plan and the total on WebGPU.
 *
 * @example
 * ```ts
 * const u = (v: number[]) => gf.array(new Uint32Array(v));
 * const xy = gf.array(new Float64Array([0, 0, 5, 0, 5, 0.1, 5, 0, 9, 0]));
 * const P = gf.kernels.trajectoryStopPoints(xy, gf.array(new Float64Array([0, 1, 2, 3, 4])), 'euclidean');
 * const [first, last] = await gf.kernels.trajectoryStops(u([0]), u([5]), P, 2, 0.5);
 * await first.toArray(); // Uint32Array [1]; last [3]
 * ```
 */
export async function trajectoryStops(S: DataBuffer<'uint32'>, N: DataBuffer<'uint32'>, P: DataBuffer<'float64'>, minDuration: number, threshold: number): Promise<TrackItems> {
  expectBuffer('trajectoryStops', S, 'S');
  const op = 'trajectory/stops';
  expectDType(`${op} starts`, S.dtype, ['uint32']);
  expectDType(`${op} counts`, N.dtype, ['uint32']);
  expectDType(`${op} points`, P.dtype, ['float64']);
  if (N.length !== S.length) throw new ShapeError(`${op}: expected ${S.length} counts like the starts, got ${N.length}`);
  if (P.length % 4 !== 0) throw new ShapeError(`${op}: expected 4 float64 per packed point, got ${P.length} values`);
  for (const [k, v] of [['minDuration', minDuration], ['threshold', threshold]] as const) {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new ValueError(`${op}: expected ${k} a number, got ${String(v)}`);
  }
  return run(stopsKernel, S, N, P, minDuration, threshold);
}
