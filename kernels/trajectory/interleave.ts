/**
 * trajectory/interleave: two float64 arrays x and y as one interleaved xy array (GeoArrow's
 * point encoding), the inverse of ../geometry/point-xy.ts. Bits are copied unchanged.
 *
 * GPU: one thread per point, reading one vec2<u32> from each input and writing one
 * vec4<u32>. Long inputs run in binding windows (starts are multiples of 256 points, so
 * every offset is aligned); grids past 65,535 workgroups use a second dimension.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';

const SHADER = {
  label: 'trajectory/interleave',
  code: /* wgsl */ `
// trajectory/interleave: C[i] = (X[i], Y[i]) as float64 bits, one thread per point.
// Bindings: 0 uniforms {n}, 1 X, 2 Y (windows), 3 C (interleaved window).
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Y: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> C: array<vec4<u32>>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  C[i] = vec4<u32>(X[i], Y[i]);
}`,
};

function interleaveCpu(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>): DataBuffer<'float64'> {
  const a = x.hostView(SHADER.label) as Float64Array;
  const b = y.hostView(SHADER.label) as Float64Array;
  // Through uint32 words, so NaN payloads are copied bit for bit.
  const wa = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
  const wb = new Uint32Array(b.buffer, b.byteOffset, 2 * b.length);
  const out = new Uint32Array(4 * a.length);
  for (let i = 0; i < a.length; i++) {
    out[4 * i] = wa[2 * i]!;
    out[4 * i + 1] = wa[2 * i + 1]!;
    out[4 * i + 2] = wb[2 * i]!;
    out[4 * i + 3] = wb[2 * i + 1]!;
  }
  return DataBuffer.fromHost(new Float64Array(out.buffer), 'float64');
}

function interleaveGpu(ctx: GpuContext, x: DataBuffer<'float64'>, y: DataBuffer<'float64'>): DataBuffer<'float64'> {
  const n = x.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n * 16);
  const X = x.deviceBuffer(ctx, SHADER.label);
  const Y = y.deviceBuffer(ctx, SHADER.label);
  for (const { start, count } of windows(n, 16, ctx.maxBindingBytes)) {
    rec.dispatch(SHADER, new Uint32Array([count, 0, 0, 0]), [slice(X, start, count, 8), slice(Y, start, count, 8), slice(out, start, count, 16)], groups(count));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', 2 * n, out);
}

export const interleaveKernel = defineKernel({
  name: 'trajectory/interleave',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'Bits are copied; the caller carries the validity.',
  cpu: interleaveCpu,
  gpu: interleaveGpu,
});

/**
 * Interleave x and y (float64, equal lengths) into xy pairs: the data of a 'point' column:
 * x [1, 2] and y [3, 4] give [1, 3, 2, 4]. Internal.
 */
export function interleaveXY(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>): DataBuffer<'float64'> {
  expectDType('interleaveXY x', x.dtype, ['float64']);
  expectDType('interleaveXY y', y.dtype, ['float64']);
  if (x.length !== y.length) throw new ShapeError(`interleaveXY: expected y of ${x.length} values like x, got ${y.length}`);
  return run(interleaveKernel, x, y);
}
