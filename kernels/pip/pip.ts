/**
 * Point-in-polygon on the device: for each point, the smallest index of a polygon feature
 * that contains it, with Turf's exact rule (`@turf/boolean-point-in-polygon`, default
 * ignoreBoundary = false: points on an edge or vertex of any ring, holes included, are
 * inside; a feature contains a point when any of its parts does; holes toggle parity).
 *
 * All recorded into one submit, no read-back:
 * 1. `pip/part-table` (thread per part): box, feature, flags (./pip-wgsl.ts, file header),
 *    and the order keys of every vertex, which the point test compares; `pip/chunks`: the
 *    y range of every 16 vertices, so the test skips runs of edges far from the point.
 * 2. With the grid: `pip/grid-params` (one workgroup) picks the cells from the box of the
 *    live tame parts; `pip/grid-count` counts parts per cell with atomics (or appends them to
 *    the big list); `recordScanU32` turns counts into cell starts, copied into the grid
 *    buffer; `pip/grid-fill` writes each part into its cells through atomic cursors.
 * 3. `pip/points` (thread per point, in binding windows over the points) tests candidates
 *    with Turf's differences on raw float64 bits (soft float, bit-exact) and the exact sign of
 *    its orientation (./exact-orient.ts: Turf's where Turf is exact, right where Turf's
 *    overflows; the CPU twin takes the same sign). It writes the
 *    smallest containing feature, or (for many-to-many joins) the number of containing
 *    features, or the k-th smallest of them (`PipEmit` in ./pip-cpu.ts).
 * 4. `pip/pack-validity` packs the result's validity bitmap (not for counts).
 *
 * The polygon buffers are bound whole: each must fit one binding (a ValueError says so).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import type { PolygonBuffers } from '../../src/column/geometry.js';
import { defineKernel, EXACT, run } from '../registry.js';
import { groups, Recorder, slice, windows, type Binding } from '../runner.js';
import { alignedSlice, bitSlice } from '../scan/aligned-slice.js';
import { recordScanU32 } from '../scan/scan.js';
import { gridCells, MAX_SPAN, pipCpu, useGrid, type PipEmit, type PipIndex, type PipResult } from './pip-cpu.js';
import { CHUNK, chunkShader, gridCountShader, gridFillShader, gridParamsShader, packShader, partTableShader, pointShader } from './pip-wgsl.js';

const OP = 'pointInPolygon';
const HEADER = 16;

function fits(ctx: GpuContext, what: string, bytes: number): void {
  if (bytes > ctx.maxBindingBytes) {
    throw new ValueError(`${OP}: expected ${what} to fit one binding (${ctx.maxBindingBytes} bytes), got ${bytes} bytes`);
  }
}

interface Grid {
  buffer: GPUBuffer;
  cellOff: number;
  bigOff: number;
  entOff: number;
}

/** Record the grid build; undefined when the grid buffer would not fit one binding. */
function recordGrid(rec: Recorder, pb: GPUBuffer, P: number): Grid | undefined {
  const ctx = rec.ctx;
  const ncap = gridCells(P);
  const cellOff = HEADER;
  const bigOff = cellOff + ncap + 1;
  const entOff = bigOff + P;
  const bytes = 4 * (entOff + P * MAX_SPAN);
  if (bytes > ctx.maxBindingBytes) return undefined;
  const buffer = rec.temp(bytes);
  const counts = rec.temp(4 * (ncap + 1));
  const cursors = rec.temp(4 * ncap);
  rec.clear(counts, 0, 4 * (ncap + 1));
  rec.clear(cursors, 0, 4 * ncap);
  rec.dispatch(gridParamsShader, new Uint32Array([P, ncap, Math.log2(ncap), 0]), [pb, buffer], 1);
  const u = new Uint32Array([P, cellOff, bigOff, entOff]);
  rec.dispatch(gridCountShader, u, [pb, buffer, counts], groups(P));
  recordScanU32(rec, counts, ncap + 1);
  rec.copy(counts, 0, buffer, 4 * cellOff, 4 * (ncap + 1));
  rec.dispatch(gridFillShader, u, [pb, buffer, cursors], groups(P));
  return { buffer, cellOff, bigOff, entOff };
}

function pipGpu(ctx: GpuContext, x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: PolygonBuffers, validity: DataBuffer<'uint8'> | undefined, mode: PipIndex, emit: PipEmit = { kind: 'first' }): PipResult | DataBuffer<'uint32'> {
  const n = x.length;
  const P = Math.max(0, polygons.partOffsets.length - 1);
  const F = polygons.length;
  const V = polygons.coords.length / 2;
  fits(ctx, 'the polygon coordinates and their keys', 16 * (V + Math.ceil(V / CHUNK)));
  fits(ctx, 'the ring offsets', 4 * polygons.ringOffsets.length);
  fits(ctx, 'the part table', 48 * P);
  const rec = new Recorder(ctx);
  const out = rec.output(4 * n);
  const counting = emit.kind === 'count';
  const bits = counting ? undefined : rec.output(4 * Math.ceil(n / 32));
  const emitCode = counting ? 1 : emit.kind === 'rank' ? 2 : 0;
  if (n > 0) {
    const dummy = (bytes: number): GPUBuffer => rec.temp(bytes);
    const coords = V > 0 ? polygons.coords.deviceBuffer(ctx, OP) : dummy(16);
    const ro = polygons.ringOffsets.deviceBuffer(ctx, OP);
    const pb = P > 0 ? rec.temp(48 * P) : dummy(48);
    const nchunks = Math.ceil(V / CHUNK);
    const keys = rec.temp(16 * Math.max(1, V + nchunks));
    if (P > 0) {
      const po = polygons.partOffsets.deviceBuffer(ctx, OP);
      const go = polygons.geomOffsets.deviceBuffer(ctx, OP);
      const fv = polygons.validity?.deviceBuffer(ctx, OP);
      const u = new Uint32Array([P, F, fv ? 1 : 0, 0]);
      rec.dispatch(partTableShader, u, [coords, ro, po, go, fv ?? po, pb, keys], groups(P));
      rec.dispatch(chunkShader, new Uint32Array([V, nchunks, V, 0]), [keys], groups(nchunks));
    }
    const grid = P > 0 && useGrid(mode, n, P) ? recordGrid(rec, pb, P) : undefined;
    const g = grid?.buffer ?? dummy(4 * HEADER);
    const X = x.deviceBuffer(ctx, OP);
    const Y = y.deviceBuffer(ctx, OP);
    // Rank mode binds the ranks where the point validity goes (and reads no validity).
    const vb = emit.kind === 'rank' ? undefined : validity?.deviceBuffer(ctx, OP);
    const rb = emit.kind === 'rank' ? emit.rank.deviceBuffer(ctx, OP) : undefined;
    for (const { start, count } of windows(n, 8, ctx.maxBindingBytes)) {
      let vbind: Binding = rb ? slice(rb, start, count, 4) : slice(X, start, count, 8);
      let vskip = 0;
      if (vb) ({ binding: vbind, skip: vskip } = bitSlice(vb, start, count));
      const u = new Uint32Array([count, P, grid ? 1 : 0, vb ? 1 : 0, vskip, grid?.cellOff ?? 0, grid?.bigOff ?? 0, grid?.entOff ?? 0, V, emitCode, 0, 0]);
      rec.dispatch(pointShader, u, [slice(X, start, count, 8), slice(Y, start, count, 8), vbind, keys, ro, pb, g, slice(out, start, count, 4)], groups(count));
    }
    for (const { start, count } of bits ? windows(n, 4, ctx.maxBindingBytes) : []) {
      const w = alignedSlice(bits!, start / 32, Math.ceil(count / 32), 4);
      rec.dispatch(packShader, new Uint32Array([count, w.skip, 0, 0]), [slice(out, start, count, 4), w.binding], groups(Math.ceil(count / 32)));
    }
  }
  rec.submit();
  if (!bits) return DataBuffer.fromDevice(ctx, 'uint32', n, out);
  return { index: DataBuffer.fromDevice(ctx, 'int32', n, out), validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), bits) };
}

export const pipKernel = defineKernel({
  name: 'spatial/point-in-polygon',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'A null point, or one with a NaN or infinite coordinate, gives null (index -1) or a count of 0; a null polygon feature, or a part with a NaN or infinite vertex, contains no point; rank mode takes no bitmap (rank NO_RANK gives -1).',
  cpu: (x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: PolygonBuffers, validity: DataBuffer<'uint8'> | undefined, mode: PipIndex, emit?: PipEmit) => pipCpu(x, y, polygons, validity, mode, emit),
  gpu: (ctx, x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: PolygonBuffers, validity: DataBuffer<'uint8'> | undefined, mode: PipIndex, emit?: PipEmit) => pipGpu(ctx, x, y, polygons, validity, mode, emit),
});

/** The smallest containing feature of each point (int32, -1 for none) and its validity. */
export function pipFirst(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: PolygonBuffers, validity: DataBuffer<'uint8'> | undefined, mode: PipIndex): PipResult {
  return run(pipKernel, x, y, polygons, validity, mode, { kind: 'first' }) as PipResult;
}

/** How many features contain each point (uint32; 0 for a null point). */
export function pipCount(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: PolygonBuffers, validity: DataBuffer<'uint8'> | undefined, mode: PipIndex): DataBuffer<'uint32'> {
  return run(pipKernel, x, y, polygons, validity, mode, { kind: 'count' }) as DataBuffer<'uint32'>;
}

/** The rank[i]-th smallest feature containing point i (int32, -1 for NO_RANK or none) and its validity. */
export function pipRank(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: PolygonBuffers, rank: DataBuffer<'uint32'>, mode: PipIndex): PipResult {
  return run(pipKernel, x, y, polygons, undefined, mode, { kind: 'rank', rank }) as PipResult;
}
