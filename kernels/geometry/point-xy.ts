/**
 * geometry/point-xy: the x and y of a 'point' column's interleaved float64 coordinates
 * (GeoArrow's native point encoding) as two float64 arrays, for ops that take coordinates
 * as separate columns (haversine, point-in-polygon). Bits are copied unchanged (NaN
 * payloads and -0 kept).
 *
 * GPU: one thread per point, reading one vec4<u32> (x and y as raw float64 words) and
 * writing one vec2<u32> to each output. Long inputs run in binding windows (window starts
 * are multiples of 256 points, so every binding offset is aligned); grids past 65,535
 * workgroups use a second dimension.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';

const XY_WGSL = /* wgsl */ `
// geometry/point-xy: X[i] = C[i].xy, Y[i] = C[i].zw (float64 bits), one thread per point.
// Bindings: 0 uniforms, 1 C (interleaved xy, window), 2 X, 3 Y (windows).
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> C: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> X: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> Y: array<vec2<u32>>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  let c = C[i];
  X[i] = c.xy;
  Y[i] = c.zw;
}`;

/** The x and y arrays of n points. */
export interface PointXY {
  x: DataBuffer<'float64'>;
  y: DataBuffer<'float64'>;
}

function xyCpu(coords: DataBuffer<'float64'>): PointXY {
  const c = coords.hostView('pointXY') as Float64Array;
  const n = c.length / 2;
  // Through uint32 words, so NaN payloads are copied bit for bit.
  const w = new Uint32Array(c.buffer, c.byteOffset, 2 * c.length);
  const x = new Uint32Array(2 * n);
  const y = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = w[4 * i]!;
    x[2 * i + 1] = w[4 * i + 1]!;
    y[2 * i] = w[4 * i + 2]!;
    y[2 * i + 1] = w[4 * i + 3]!;
  }
  return { x: DataBuffer.fromHost(new Float64Array(x.buffer), 'float64'), y: DataBuffer.fromHost(new Float64Array(y.buffer), 'float64') };
}

function xyGpu(ctx: GpuContext, coords: DataBuffer<'float64'>): PointXY {
  const n = coords.length / 2;
  const rec = new Recorder(ctx);
  const X = rec.output(8 * n);
  const Y = rec.output(8 * n);
  if (n > 0) {
    const C = coords.deviceBuffer(ctx, 'pointXY');
    for (const { start, count } of windows(n, 16, ctx.maxBindingBytes)) {
      rec.dispatch({ label: 'geometry/point-xy', code: XY_WGSL }, new Uint32Array([count, 0, 0, 0]), [slice(C, start, count, 16), slice(X, start, count, 8), slice(Y, start, count, 8)], groups(count));
    }
  }
  rec.submit();
  return { x: DataBuffer.fromDevice(ctx, 'float64', n, X), y: DataBuffer.fromDevice(ctx, 'float64', n, Y) };
}

export const pointXYKernel = defineKernel({
  name: 'geometry/point-xy',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'Values only: a null point is split like any other; its validity stays with the caller.',
  cpu: (coords: DataBuffer<'float64'>) => xyCpu(coords),
  gpu: (ctx, coords: DataBuffer<'float64'>) => xyGpu(ctx, coords),
});

/**
 * Split interleaved float64 coordinates (x0, y0, x1, y1, ...: a 'point' column's `data`)
 * into x and y arrays, bit for bit, on the active backend. The caller owns both. Internal.
 */
export function pointXY(coords: DataBuffer<'float64'>): PointXY {
  expectDType('pointXY', coords.dtype, ['float64']);
  if (coords.length % 2 !== 0) throw new ShapeError(`pointXY: expected interleaved x,y (an even length), got ${coords.length}`);
  return run(pointXYKernel, coords);
}
