/**
 * WebGPU bodies of the DBSCAN ops. Each point's thread walks its neighbours (grid cells,
 * every point, or its matrix row) and decides each pair exactly. Components converge by
 * hooking to the smallest core id and pointer jumping; each round ends with one 4-byte
 * control read of the changed flag. The haversine space has no WGSL body yet: its ops read
 * the n x 2 coordinates back (a counted download) and run the CPU twin.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { STORAGE_USAGE } from '../../src/memory/pool.js';
import { readBack } from '../../src/memory/transfer.js';
import { recordScanU32 } from '../scan/scan.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { componentsCpu, countCpu, labelsCpu } from './dbscan-cpu.js';
import { CELLS_SHADER, dbscanShader, type Mode, type Pass } from './dbscan-wgsl.js';
import type { Space } from './types.js';

const F = new Float64Array(1);
const W = new Uint32Array(F.buffer);
const words = (x: number): [number, number] => ((F[0] = x), [W[0]!, W[1]!]);

interface Slots {
  c?: GPUBuffer;
  m?: GPUBuffer;
  a?: GPUBuffer;
  o?: GPUBuffer;
}

interface Bound {
  rec: Recorder;
  /** One pass over every point; an unused slot gets its own 4-byte temporary (writable bindings never alias). */
  dispatch(pass: Pass, slots: Slots): void;
}

function bind(ctx: GpuContext, space: Space, op: string, minSamples = 0): Bound {
  const mode = space.mode as Mode;
  const bytes = space.data.byteLength;
  if (bytes > ctx.maxBindingBytes) {
    throw new ValueError(`${op}: expected the ${mode} data (${bytes} bytes) to fit one storage binding of ${ctx.maxBindingBytes} bytes, got more`);
  }
  const rec = new Recorder(ctx);
  const x = space.data.deviceBuffer(ctx, op);
  const g = space.grid;
  const dummy = g ? undefined : rec.temp(4);
  const k = g ? g.keys.deviceBuffer(ctx, op) : dummy!;
  const q = g ? g.perm.deviceBuffer(ctx, op) : dummy!;
  const cell = g ? g.cell.deviceBuffer(ctx, op) : dummy!;
  const u = new Uint32Array(8);
  u[0] = space.n;
  u[1] = space.d;
  u[2] = g?.nx ?? 0;
  u[3] = g?.ny ?? 0;
  [u[4], u[5]] = words(space.thr);
  u[6] = minSamples;
  u[7] = g ? g.keys.length : 0;
  return {
    rec,
    dispatch(pass, { c, m, a, o }) {
      const t = () => rec.temp(4);
      rec.dispatch(dbscanShader(mode, pass), u, [x, k, q, cell, c ?? t(), m ?? t(), a ?? t(), o ?? t()], groups(space.n));
    },
  };
}

/** Host copy of a haversine space, for the CPU twin (a counted download). */
async function hosted(ctx: GpuContext, space: Space): Promise<Space> {
  const bytes = await readBack(ctx, space.data.deviceBuffer(ctx, 'dbscan'), space.data.byteLength);
  return { ...space, data: DataBuffer.fromHost(new Float64Array(bytes, 0, space.data.length), 'float64') };
}

async function hostBuffer<D extends 'uint32' | 'int32'>(ctx: GpuContext, b: DataBuffer<D>, dtype: D): Promise<DataBuffer<D>> {
  const bytes = await readBack(ctx, b.deviceBuffer(ctx, 'dbscan'), b.byteLength);
  const a = dtype === 'uint32' ? new Uint32Array(bytes, 0, b.length) : new Int32Array(bytes, 0, b.length);
  return DataBuffer.fromHost(a, dtype) as DataBuffer<D>;
}

/** An empty result (no points: nothing to dispatch, and the CPU twin would read device-only inputs). */
function empty<D extends 'uint32' | 'int32'>(dtype: D): DataBuffer<D> {
  return DataBuffer.fromHost(dtype === 'uint32' ? new Uint32Array(0) : new Int32Array(0), dtype) as DataBuffer<D>;
}

/**
 * Cell keys in windows of points that each fit one storage binding (16 bytes of matrix and 4 of
 * key per point), so any matrix one device buffer holds works at the WebGPU minimum limits
 * (128 MiB bindings). Keys depend on the point alone: each window is an independent dispatch.
 */
export function cellsGpu(ctx: GpuContext, matrix: DataBuffer<'float64'>, n: number, ox: number, oy: number, s: number, nx: number): DataBuffer<'uint32'> {
  if (n === 0) return DataBuffer.fromHost(new Uint32Array(0), 'uint32');
  const x = matrix.deviceBuffer(ctx, 'dbscan/cells');
  const rec = new Recorder(ctx);
  const out = rec.output(n * 4);
  for (const { start, count } of windows(n, 16, ctx.maxBindingBytes)) {
    const u = new Uint32Array(12);
    u[0] = count;
    u[1] = nx;
    [u[4], u[5]] = words(ox);
    [u[6], u[7]] = words(oy);
    [u[8], u[9]] = words(s);
    rec.dispatch(CELLS_SHADER, u, [slice(x, start, count, 16), slice(out, start, count, 4)], groups(count));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint32', n, out);
}

export async function countGpu(ctx: GpuContext, space: Space): Promise<{ counts: DataBuffer<'uint32'>; flags: DataBuffer<'uint32'> }> {
  if (space.n === 0) return { counts: empty('uint32'), flags: DataBuffer.fromHost(new Uint32Array(2), 'uint32') };
  if (space.mode === 'haversine') return countCpu(await hosted(ctx, space));
  const b = bind(ctx, space, 'dbscan/count');
  const counts = b.rec.output(space.n * 4);
  const flags = b.rec.output(8);
  b.rec.clear(flags, 0, 8);
  b.dispatch('count', { c: counts, a: flags });
  b.rec.submit();
  return { counts: DataBuffer.fromDevice(ctx, 'uint32', space.n, counts), flags: DataBuffer.fromDevice(ctx, 'uint32', 2, flags) };
}

export async function componentsGpu(ctx: GpuContext, space: Space, counts: DataBuffer<'uint32'>, minSamples: number): Promise<DataBuffer<'int32'>> {
  if (space.n === 0) return empty('int32');
  if (space.mode === 'haversine') {
    return componentsCpu(await hosted(ctx, space), await hostBuffer(ctx, counts, 'uint32'), minSamples);
  }
  const c = counts.deviceBuffer(ctx, 'dbscan/components');
  const comp = ctx.pool.acquire(space.n * 4, STORAGE_USAGE);
  const flag = ctx.pool.acquire(4, STORAGE_USAGE);
  try {
    let first = true;
    for (;;) {
      const b = bind(ctx, space, 'dbscan/components', minSamples);
      if (first) b.dispatch('init', { c, m: comp });
      b.rec.clear(flag, 0, 4);
      b.dispatch('prop', { c, m: comp, a: flag });
      for (let r = 0; r < 4; r++) b.dispatch('jump', { c, m: comp });
      b.rec.submit();
      first = false;
      const changed = new Uint32Array(await readBack(ctx, flag, 4, { control: true }))[0];
      if (changed === 0) break;
    }
  } finally {
    ctx.pool.release(flag);
  }
  return DataBuffer.fromDevice(ctx, 'int32', space.n, comp);
}

export async function labelsGpu(ctx: GpuContext, space: Space, comp: DataBuffer<'int32'>): Promise<DataBuffer<'int32'>> {
  if (space.n === 0) return empty('int32');
  if (space.mode === 'haversine') {
    return labelsCpu(await hosted(ctx, space), await hostBuffer(ctx, comp, 'int32'));
  }
  const b = bind(ctx, space, 'dbscan/labels');
  const m = comp.deviceBuffer(ctx, 'dbscan/labels');
  const rank = b.rec.temp(space.n * 4);
  const out = b.rec.output(space.n * 4);
  b.dispatch('roots', { m, o: rank });
  recordScanU32(b.rec, rank, space.n);
  b.dispatch('labels', { m, a: rank, o: out });
  b.rec.submit();
  return DataBuffer.fromDevice(ctx, 'int32', space.n, out);
}
