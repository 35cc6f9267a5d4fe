/**
 * 'linalg/unpack': a row-major float64 Matrix back into one float64 column per matrix column
 * (estimators hand results back as frames of columns). A copy: tolerance exact, NaN written
 * as the canonical quiet NaN on both backends.
 *
 * Device: one thread per row of one column per dispatch, windows of rows so the matrix may
 * exceed one storage binding, a 2-D grid past 65,535 workgroups.
 */
import type { GpuContext } from '../../src/device/index.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { pointWindows } from './linalg-layout.js';
import { ENTRY, LINEAR } from './linalg-wgsl.js';
import type { Matrix } from './types.js';

const OP = 'linalg/unpack';

const SHADER = {
  label: OP,
  code: /* wgsl */ `
// linalg/unpack: C[i] = M[i * d + j] for the rows of the window, NaN canonical.
// Bindings: 1 M (matrix window), 2 C (column window).
struct Params { n: u32, d: u32, j: u32, q0: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> C: array<vec2<u32>>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  var v = M[i * P.d + P.j];
  let h = v.y & 0x7fffffffu;
  if (h > 0x7ff00000u || (h == 0x7ff00000u && v.x != 0u)) { v = vec2<u32>(0u, 0x7ff80000u); }
  C[i] = v;
}`,
};

/** out[i] = m[i * d + j] for i in [i0, i1), NaN canonical. */
function copyColumn(m: Float64Array, out: Float64Array, d: number, j: number, i0: number, i1: number): void {
  for (let i = i0, q = i0 * d + j; i < i1; i++, q += d) {
    const v = m[q]!;
    out[i] = v === v ? v : NaN;
  }
}

/** The twin: a cache-blocked transpose (about 32 KiB of the matrix per block of rows, every column per block). */
export function unpackCpu(x: Matrix): DataBuffer<'float64'>[] {
  const { n, d } = x;
  const m = x.data.hostView(OP) as Float64Array;
  const cols = Array.from({ length: d }, () => new Float64Array(n));
  const R = Math.max(8, Math.min(1024, Math.floor(4096 / Math.max(1, d))));
  for (let i0 = 0; i0 < n; i0 += R) {
    const i1 = Math.min(n, i0 + R);
    for (let j = 0; j < d; j++) copyColumn(m, cols[j]!, d, j, i0, i1);
  }
  return cols.map((c) => DataBuffer.fromHost(c, 'float64'));
}

export function unpackGpu(ctx: GpuContext, x: Matrix): DataBuffer<'float64'>[] {
  const { n, d } = x;
  if (d === 0) return [];
  const rec = new Recorder(ctx);
  const m = x.data.deviceBuffer(ctx, OP);
  const cols = Array.from({ length: d }, () => rec.output(n * 8));
  for (const w of pointWindows(OP, n, d * 8, ctx.maxBindingBytes)) {
    const mw = slice(m, w.start * d, w.count * d, 8);
    for (let j = 0; j < d; j++) rec.dispatch(SHADER, new Uint32Array([w.count, d, j, 0]), [mw, slice(cols[j]!, w.start, w.count, 8)], groups(w.count));
  }
  rec.submit();
  return cols.map((c) => DataBuffer.fromDevice(ctx, 'float64', n, c));
}

/** A row-major float64 matrix into one float64 column per matrix column. */
export const linalgUnpack = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity in or out: a NaN element (a null packed by linalg/pack) stays NaN in its column.',
  cpu: (x: Matrix) => unpackCpu(x),
  gpu: (ctx, x: Matrix) => unpackGpu(ctx, x),
});
