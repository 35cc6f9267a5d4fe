/**
 * matrix/symmetrize: S = op(M, Mᵀ) for a square float64 matrix held in row bands, op 'max'
 * (NaN-propagating: NaN if either entry is NaN, as Math.max) or 'mean' ((a + b) * 0.5, so
 * Inf + -Inf is NaN too). Every NaN result is the canonical quiet NaN on both bodies.
 *
 * Layout: band k holds rows [start, start + rows) of an n×n row-major matrix, one DataBuffer
 * per band (a band is sized so it fits one storage binding; see src/matrix/distance-matrix.ts).
 * The result has the same bands, as new buffers; the input is not changed.
 *
 * GPU: one dispatch per (output band b, transposed band c), one thread per entry (i in b,
 * j in c): out_b[i][j] = op(in_b[i][j], in_c[j][i]). Bindings: 0 uniforms, 1 out_b
 * (read_write), 2 in_b, 3 in_c (read-only; the same buffer twice when b == c). Float64 stays
 * raw bits: max compares order keys of the bits (sign-flipped, as a radix sort does), so
 * +0 beats -0 as in Math.max; mean is soft-f64 add then multiply by 0.5, bit for bit equal to
 * JS `(a + b) * 0.5`. Grids past 65,535 workgroups use a second dimension.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';

/** How the two triangles combine. */
export type SymmetrizeOp = 'max' | 'mean';

/** One row band of an n×n float64 matrix: rows [start, start + rows). */
export interface MatrixBand {
  readonly start: number;
  readonly rows: number;
  readonly data: DataBuffer<'float64'>;
}

const SHADER = (op: SymmetrizeOp): { label: string; code: string } => ({
  label: `matrix/symmetrize-${op}`,
  code: /* wgsl */ `
// matrix/symmetrize (${op}): O[i][j] = ${op}(A[i][j], B[j][i]) for i in band A, j in band B.
struct Params { count: u32, cols: u32, n: u32, a0: u32, b0: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> O: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> B: array<vec2<u32>>;
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
// Order key of float64 bits: larger key = larger value (negative values have every bit flipped).
fn okey(a: vec2<u32>) -> vec2<u32> {
  if ((a.y & 0x80000000u) != 0u) { return ~a; }
  return vec2<u32>(a.x, a.y | 0x80000000u);
}
fn combine(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(a) || sf64_is_nan(b)) { return SF64_QNAN; }
  ${op === 'max' ? 'if (sf64_lt64(okey(a), okey(b))) { return b; } return a;' : 'return f64_mul(f64_add(a, b), vec2<u32>(0u, 0x3fe00000u));'}
}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  if (t >= P.count) { return; }
  let r = t / P.cols;          // row within band A
  let c = t % P.cols;          // row within band B = column offset from b0
  let k = r * P.n + P.b0 + c;  // (a0 + r, b0 + c) in band A
  O[k] = combine(A[k], B[c * P.n + P.a0 + r]);
}`,
});

/** CPU twin: the same rule over the host bands. */
export function symmetrizeCpu(bands: readonly MatrixBand[], n: number, op: SymmetrizeOp): DataBuffer<'float64'>[] {
  const host = bands.map((b) => b.data.hostView('matrix/symmetrize') as Float64Array);
  const per = bands[0]?.rows ?? 1;
  return bands.map((b, k) => {
    const a = host[k]!;
    const out = new Float64Array(b.rows * n);
    for (let r = 0; r < b.rows; r++) {
      const i = b.start + r;
      for (let j = 0; j < n; j++) {
        const x = a[r * n + j]!;
        const y = host[Math.floor(j / per)]![(j % per) * n + i]!;
        const v = op === 'max' ? Math.max(x, y) : (x + y) * 0.5;
        out[r * n + j] = Number.isNaN(v) ? NaN : v; // the canonical NaN (Inf + -Inf may carry a sign)
      }
    }
    return DataBuffer.fromHost(out, 'float64');
  });
}

function symmetrizeGpu(ctx: GpuContext, bands: readonly MatrixBand[], n: number, op: SymmetrizeOp): DataBuffer<'float64'>[] {
  const spec = SHADER(op);
  const rec = new Recorder(ctx);
  const bufs = bands.map((b) => b.data.deviceBuffer(ctx, spec.label));
  const outs = bands.map((b) => rec.output(b.rows * n * 8));
  bands.forEach((a, ka) => {
    bands.forEach((b, kb) => {
      const u = new Uint32Array([a.rows * b.rows, b.rows, n, a.start, b.start, 0, 0, 0]);
      rec.dispatch(spec, u, [outs[ka]!, bufs[ka]!, bufs[kb]!], groups(a.rows * b.rows));
    });
  });
  rec.submit();
  return bands.map((b, k) => DataBuffer.fromDevice(ctx, 'float64', b.rows * n, outs[k]!));
}

export const symmetrizeKernel = defineKernel({
  name: 'matrix/symmetrize',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No nulls: NaN entries propagate (NaN if either M[i][j] or M[j][i] is NaN).',
  cpu: (bands: readonly MatrixBand[], n: number, op: SymmetrizeOp) => symmetrizeCpu(bands, n, op),
  gpu: (ctx, bands: readonly MatrixBand[], n: number, op: SymmetrizeOp) => symmetrizeGpu(ctx, bands, n, op),
});
