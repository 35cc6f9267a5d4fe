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

export function unpackCpu(x: Matrix): DataBuffer<'float64'>[] {
  const { n, d } = x;
  const m = x.data.hostView(OP) as Float64Array;
  const out: DataBuffer<'float64'>[] = [];
  for (let j = 0; j < d; j++) {
    const c = new Float64Array(n);
    for (let i = 0, q = j; i < n; i++, q += d) {
      const v = m[q]!;
      c[i] = v === v ? v : NaN;
    }
    out.push(DataBuffer.fromHost(c, 'float64'));
  }
  return out;
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
