/**
 * 'kmeans/transform': the euclidean distance of every point to every center (scikit-learn's
 * `KMeans.transform`), an n × k row-major float64 matrix. Each entry is the correctly rounded
 * square root of the squared distance summed in feature order from +0 (./wgsl-common.ts
 * `distFn`): soft-f64 and `f64_sqrt` on the device, plain numbers and `Math.sqrt` in the twin,
 * so both agree bit for bit. scikit-learn's |x|² − 2x·c + |c|² form differs by rounding.
 *
 * Device: one thread per point of a point window (the window sized for max(d, k) float64 per
 * point), so neither the points nor the output have to fit one storage binding.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { dist } from './kmeans-cpu.js';
import { pointWindows } from './layout.js';
import type { Matrix } from './types.js';
import { distFn, ENTRY, KM_PRELUDE, LINEAR } from './wgsl-common.js';

const OP = 'kmeans/transform';

function check(x: Matrix, centers: DataBuffer<'float64'>, k: number): void {
  if (!Number.isInteger(k) || k < 1 || centers.length !== k * x.d) throw new ShapeError(`${OP}: expected k * d = ${k} * ${x.d} center values, got ${centers.length}`);
}

export function transformCpu(x: Matrix, centers: DataBuffer<'float64'>, k: number): Matrix {
  check(x, centers, k);
  const { n, d } = x;
  const m = x.data.hostView(OP) as Float64Array;
  const c = centers.hostView(OP) as Float64Array;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let cl = 0; cl < k; cl++) out[i * k + cl] = Math.sqrt(dist(m, i * d, c, cl * d, d));
  return { data: DataBuffer.fromHost(out, 'float64'), n, d: k };
}

function transformShader() {
  const code = /* wgsl */ `
// kmeans/transform: one thread per point of the window. Bindings: 1 M (window), 2 C (k * d
// centers), 3 Z (window of the n × k output).
struct Params { cnt: u32, d: u32, k: u32, q0: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> Z: array<vec2<u32>>;
${KM_PRELUDE}
${SOFT_F64_SQRT_WGSL}
${distFn('C')}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.cnt) { return; }
  for (var c = 0u; c < P.k; c = c + 1u) {
    Z[i * P.k + c] = f64_sqrt(km_dist_C(i * P.d, c * P.d));
  }
}`;
  return { label: OP, code };
}

export function transformGpu(ctx: GpuContext, x: Matrix, centers: DataBuffer<'float64'>, k: number): Matrix {
  check(x, centers, k);
  const { n, d } = x;
  const rec = new Recorder(ctx);
  const m = x.data.deviceBuffer(ctx, OP);
  const c = centers.deviceBuffer(ctx, OP);
  const z = rec.output(n * k * 8);
  for (const w of pointWindows(OP, n, Math.max(d, k) * 8, ctx.maxBindingBytes)) {
    rec.dispatch(transformShader(), new Uint32Array([w.count, d, k, 0]), [slice(m, w.start * d, w.count * d, 8), c, slice(z, w.start * k, w.count * k, 8)], groups(w.count));
  }
  rec.submit();
  return { data: DataBuffer.fromDevice(ctx, 'float64', n * k, z), n, d: k };
}

/** Distances of each point to each center, n × k row-major. */
export const kmeansTransform = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'A point with a NaN coordinate gets NaN distances; the estimator refuses NaN, ±Inf and nulls first.',
  cpu: (x: Matrix, centers: DataBuffer<'float64'>, k: number) => transformCpu(x, centers, k),
  gpu: (ctx, x: Matrix, centers: DataBuffer<'float64'>, k: number) => transformGpu(ctx, x, centers, k),
});
