/**
 * spatial-index/nearest-linestring: for each point, the linestring (row of a linestring or
 * multilinestring column) with the smallest GEOS distance (./segment-distance.ts), ties to
 * the smallest row, exactly the brute-force answer, through a uniform grid over segments
 * built on the device (cuSpatial's quadtree_point_to_nearest_linestring, without its
 * approximation: the search goes outward ring by ring until no unvisited cell can hold a
 * segment as near; the stopping rule is in ./nearest-linestring-wgsl.ts).
 *
 * All recorded into one submit, no read-back:
 * 1. `spatial-index/segment-table` (thread per vertex): the segment starting there, with
 *    its box keys, row and flags, in point-in-polygon's part-table layout.
 * 2. With the grid: point-in-polygon's `pip/grid-params`, `pip/grid-count`, a scan and
 *    `pip/grid-fill` (../pip/grid-wgsl.ts) over the segments (about 2 cells per segment).
 * 3. `spatial-index/nearest-points` (thread per point, in binding windows over the points).
 * 4. `pip/pack-validity` packs the validity bitmap.
 * The segment buffers are bound whole: each must fit one binding (a ValueError says so).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { defineKernel, EXACT, run } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { alignedSlice, bitSlice } from '../scan/aligned-slice.js';
import { recordScanU32 } from '../scan/scan.js';
import { gridCells, MAX_SPAN, type PipIndex } from '../pip/pip-cpu.js';
import { gridCountShader, gridFillShader, gridParamsShader, packShader } from '../pip/pip-wgsl.js';
import { nearestPointShader, segmentTableShader } from './nearest-linestring-wgsl.js';
import { nearestCpu, useSegmentGrid, type NearestResult } from './nearest-linestring-cpu.js';
import type { LinestringBuffers } from './linestring-buffers.js';

const OP = 'nearestLinestring';
const HEADER = 16;

function fits(ctx: GpuContext, what: string, bytes: number): void {
  if (bytes > ctx.maxBindingBytes) throw new ValueError(`${OP}: expected ${what} to fit one binding (${ctx.maxBindingBytes} bytes), got ${bytes} bytes`);
}

interface Grid { buffer: GPUBuffer; cellOff: number; bigOff: number; entOff: number }

/** Record the grid build over S segment slots; undefined when it would not fit one binding. */
function recordGrid(rec: Recorder, pb: GPUBuffer, S: number): Grid | undefined {
  const ncap = gridCells(S);
  const cellOff = HEADER;
  const bigOff = cellOff + ncap + 1;
  const entOff = bigOff + S;
  const bytes = 4 * (entOff + S * MAX_SPAN);
  if (bytes > rec.ctx.maxBindingBytes) return undefined;
  const buffer = rec.temp(bytes);
  const counts = rec.temp(4 * (ncap + 1));
  const cursors = rec.temp(4 * ncap);
  rec.clear(counts, 0, 4 * (ncap + 1));
  rec.clear(cursors, 0, 4 * ncap);
  rec.dispatch(gridParamsShader, new Uint32Array([S, ncap, Math.log2(ncap), 0]), [pb, buffer], 1);
  const u = new Uint32Array([S, cellOff, bigOff, entOff]);
  rec.dispatch(gridCountShader, u, [pb, buffer, counts], groups(S));
  recordScanU32(rec, counts, ncap + 1);
  rec.copy(counts, 0, buffer, 4 * cellOff, 4 * (ncap + 1));
  rec.dispatch(gridFillShader, u, [pb, buffer, cursors], groups(S));
  return { buffer, cellOff, bigOff, entOff };
}

function nearestGpu(ctx: GpuContext, x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, pointValidity: DataBuffer<'uint8'> | undefined, lineValidity: DataBuffer<'uint8'> | undefined, mode: PipIndex, maxDistance: number): NearestResult {
  const n = x.length;
  const V = lines.coords.length / 2;
  const P = lines.partOffsets.length - 1;
  const multi = lines.rowOffsets !== undefined;
  fits(ctx, 'the linestring vertices', 16 * V);
  fits(ctx, 'the part offsets', 4 * lines.partOffsets.length);
  if (multi) fits(ctx, 'the row offsets', 4 * lines.rowOffsets!.length);
  fits(ctx, 'the segment table', 48 * V);
  const rec = new Recorder(ctx);
  const O = rec.output(4 * n);
  const D = rec.output(8 * n);
  const W = rec.output(4 * Math.ceil(n / 32));
  if (n > 0) {
    const C = V > 0 ? lines.coords.deviceBuffer(ctx, OP) : rec.temp(16);
    const pb = rec.temp(48 * Math.max(1, V));
    if (V > 0) {
      const po = lines.partOffsets.deviceBuffer(ctx, OP);
      const ro = multi ? lines.rowOffsets!.deviceBuffer(ctx, OP) : po;
      const lv = lineValidity?.deviceBuffer(ctx, OP);
      const u = new Uint32Array([V, Math.max(0, P), lines.length, multi ? 1 : 0, lv ? 1 : 0, 0, 0, 0]);
      rec.dispatch(segmentTableShader, u, [C, po, ro, lv ?? po, pb], groups(V));
    }
    const grid = V > 0 && useSegmentGrid(mode, n, V) ? recordGrid(rec, pb, V) : undefined;
    const g = grid?.buffer ?? rec.temp(4 * HEADER);
    if (!grid) rec.clear(g, 0, 4 * HEADER);
    const X = x.deviceBuffer(ctx, OP);
    const Y = y.deviceBuffer(ctx, OP);
    const vb = pointValidity?.deviceBuffer(ctx, OP);
    const maxBits = new Uint32Array(new Float64Array([maxDistance]).buffer);
    for (const { start, count } of windows(n, 8, ctx.maxBindingBytes)) {
      const v = vb ? bitSlice(vb, start, count) : { binding: slice(X, start, count, 8), skip: 0 };
      const u = new Uint32Array([count, V, grid ? 1 : 0, vb ? 1 : 0, v.skip, grid?.cellOff ?? 0, grid?.bigOff ?? 0, grid?.entOff ?? 0, maxBits[0]!, maxBits[1]!, 0, 0]);
      rec.dispatch(nearestPointShader, u, [slice(X, start, count, 8), slice(Y, start, count, 8), v.binding, C, pb, g, slice(O, start, count, 4), slice(D, start, count, 8)], groups(count));
    }
    for (const { start, count } of windows(n, 8, ctx.maxBindingBytes)) {
      const w = alignedSlice(W, start / 32, Math.ceil(count / 32), 4);
      rec.dispatch(packShader, new Uint32Array([count, w.skip, 0, 0]), [slice(O, start, count, 4), w.binding], groups(Math.ceil(count / 32)));
    }
  }
  rec.submit();
  return { index: DataBuffer.fromDevice(ctx, 'int32', n, O), distance: DataBuffer.fromDevice(ctx, 'float64', n, D), validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), W) };
}

export const nearestLinestringKernel = defineKernel({
  name: 'spatial-index/nearest-linestring',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'A null point or one with a NaN or infinite coordinate, or one with no live segment within maxDistance, gives null (index -1, distance +0); null rows and NaN segments of the lines are never nearest.',
  cpu: (x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, pv: DataBuffer<'uint8'> | undefined, lv: DataBuffer<'uint8'> | undefined, mode: PipIndex, maxDistance: number) => nearestCpu(x, y, lines, pv, lv, mode, maxDistance),
  gpu: (ctx, x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, pv: DataBuffer<'uint8'> | undefined, lv: DataBuffer<'uint8'> | undefined, mode: PipIndex, maxDistance: number) => nearestGpu(ctx, x, y, lines, pv, lv, mode, maxDistance),
});

/**
 * The nearest line of each point (see the module comment), on the active backend.
 * Internal: `gf.nearestLinestring` is the public op.
 */
export function nearestLinestringRows(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, pointValidity: DataBuffer<'uint8'> | undefined, lineValidity: DataBuffer<'uint8'> | undefined, mode: PipIndex, maxDistance: number): NearestResult {
  return run(nearestLinestringKernel, x, y, lines, pointValidity, lineValidity, mode, maxDistance);
}
export type { NearestResult };
