/**
 * 'cluster/pairwise-euclidean': a block of rows of the euclidean distance matrix of n points,
 * in exact binary64 on both backends (the agglomerative estimator's O(n^2) work).
 *
 * Input: the row-major float64 point matrix (n points of d features, from 'kmeans/pack') and
 * a row range [r0, r1). Output: (r1 - r0) * n float64, row-major: element (i - r0) * n + j is
 * the distance between points i and j when j > i, and +0 when j <= i (the strict upper
 * triangle is all a linkage needs; the matrix is symmetric bit for bit, as
 * (a - b)^2 = (b - a)^2 exactly).
 *
 * Arithmetic: `t = x_i0 - x_j0; acc = t * t; for k in 1..d: t = x_ik - x_jk; acc = acc + t * t;
 * dist = sqrt(acc)`, every operation correctly rounded: soft-f64 on the device (integer
 * arithmetic only, ../f64/ and ../groupby/soft-f64-sqrt.ts), plain JS numbers in the twin, so
 * results agree bit for bit (tolerance exact) and merge decisions are the same on both
 * backends. NaN results are the canonical quiet NaN on both (the estimator refuses NaN input
 * before it gets here). scikit-learn and SciPy sum the squares in the same feature order.
 *
 * Device layout: binding 1 is the whole point matrix (n * d * 8 bytes must fit one storage
 * binding), binding 2 a window of the output; one thread per output element, windows of at
 * most `maxBindingBytes`, each on a 2-D grid when it needs more than the per-dimension
 * workgroup limit.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import type { Matrix } from '../kmeans/types.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice, WG, windows, type ShaderSpec } from '../runner.js';

const OP = 'cluster/pairwise-euclidean';

/**
 * Uniforms: n points, d features, first row r0, window start (output element), window count.
 * Thread e of the window computes output element g = start + e: row r0 + g / n, column g % n.
 */
const SHADER: ShaderSpec = {
  label: OP,
  code: /* wgsl */ `
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
${SOFT_F64_SQRT_WGSL}
struct Params { n: u32, d: u32, r0: u32, start: u32, count: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> O: array<vec2<u32>>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = (wid.x + wid.y * nwg.x) * ${WG}u + lid;
  if (e >= P.count) { return; }
  let g = P.start + e;
  let i = P.r0 + g / P.n;
  let j = g % P.n;
  if (j <= i) {
    O[e] = vec2<u32>(0u, 0u);
    return;
  }
  let xb = i * P.d;
  let yb = j * P.d;
  let t0 = f64_sub(M[xb], M[yb]);
  var acc = f64_mul(t0, t0);
  for (var k = 1u; k < P.d; k = k + 1u) {
    let t = f64_sub(M[xb + k], M[yb + k]);
    acc = f64_add(acc, f64_mul(t, t));
  }
  O[e] = f64_sqrt(acc);
}
`,
};

function checkRange(x: Matrix, r0: number, r1: number): void {
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && 0 <= r0 && r0 <= r1 && r1 <= x.n)) {
    throw new ShapeError(`${OP}: expected 0 <= r0 <= r1 <= n = ${x.n}, got [${r0}, ${r1})`);
  }
  if (x.d < 1) throw new ShapeError(`${OP}: expected at least one feature, got d = ${x.d}`);
}

/** The CPU twin: the same operations in the same order on JS numbers. */
export function pairwiseEuclideanCpu(x: Matrix, r0: number, r1: number): DataBuffer<'float64'> {
  checkRange(x, r0, r1);
  const { n, d } = x;
  const m = x.data.hostView(OP) as Float64Array;
  const out = new Float64Array((r1 - r0) * n);
  for (let i = r0; i < r1; i++) {
    const xb = i * d;
    const ob = (i - r0) * n;
    for (let j = i + 1; j < n; j++) {
      const yb = j * d;
      const t0 = m[xb]! - m[yb]!;
      let acc = t0 * t0;
      for (let k = 1; k < d; k++) {
        const t = m[xb + k]! - m[yb + k]!;
        acc = acc + t * t;
      }
      const v = Math.sqrt(acc);
      out[ob + j] = v === v ? v : NaN;
    }
  }
  return DataBuffer.fromHost(out, 'float64');
}

/** The WebGPU body: one recorder, output windows of at most one storage binding. */
export function pairwiseEuclideanGpu(ctx: GpuContext, x: Matrix, r0: number, r1: number): DataBuffer<'float64'> {
  checkRange(x, r0, r1);
  const { n, d } = x;
  const total = (r1 - r0) * n;
  if (n * d * 8 > ctx.maxBindingBytes) {
    throw new ShapeError(`${OP}: expected the point matrix (n * d * 8 bytes) within one storage binding of ${ctx.maxBindingBytes} bytes, got ${n * d * 8}`);
  }
  if (total > 2 ** 32 - 1) throw new ShapeError(`${OP}: expected fewer than 2^32 output elements per call, got ${total}`);
  const rec = new Recorder(ctx);
  const out = rec.output(total * 8);
  const m = x.data.deviceBuffer(ctx, OP);
  for (const w of windows(total, 8, ctx.maxBindingBytes)) {
    rec.dispatch(SHADER, new Uint32Array([n, d, r0, w.start, w.count]), [slice(m, 0, n * d, 8), slice(out, w.start, w.count, 8)], groups(w.count));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', total, out);
}

/** Rows [r0, r1) of the euclidean distance matrix, strict upper triangle (+0 elsewhere), exact binary64. */
export const pairwiseEuclidean = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: the matrix comes from pack and the estimator refuses nulls and NaN first; a NaN coordinate gives NaN distances.',
  cpu: (x: Matrix, r0: number, r1: number) => pairwiseEuclideanCpu(x, r0, r1),
  gpu: (ctx, x: Matrix, r0: number, r1: number) => pairwiseEuclideanGpu(ctx, x, r0, r1),
});
