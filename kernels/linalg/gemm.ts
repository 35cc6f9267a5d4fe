/**
 * 'linalg/gemm': C = op(A) · op(B) in float64, with optional per-column shift of A, weights
 * along the contraction and a bias added to each row of C:
 *
 *   C[r][c] = (Σ_k ((A'_rk − shift) · w_k) · op(B)_kc) + bias_c,   A' = op(A)
 *
 * - `shift` has one value per column of the stored A (A.d values) and is subtracted from
 *   every row of the stored A before the transpose: (X − μ)·W without transA (PCA's
 *   transform), (X − μ)ᵀ·Y with it (centred normal equations).
 * - `weights` has one value per contraction index (A.d without transA, A.n with it).
 * - `bias` has one value per column of C.
 *
 * transA false: one thread per element of C (./gemm-rows.ts). transA true: the blocked
 * contraction over A's rows (./linalg-gram.ts: per-block partials, fixed-order fold), so a
 * 1e6-row XᵀY runs in parallel on the device. Both sum in blocks of 256 along the
 * contraction, exact binary64 on the device (soft-f64) and in the twin: tolerance exact.
 * transA with transB needs B to fit one storage binding; without transA, B always must.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder } from '../runner.js';
import { deviceOf, gramCpu, hostOf, recordGram } from './linalg-gram.js';
import { ENTRY, LA_PRELUDE, LINEAR } from './linalg-wgsl.js';
import { rowsCpu, rowsGpu } from './gemm-rows.js';
import type { Matrix } from './types.js';

const OP = 'linalg/gemm';

export interface GemmOptions {
  readonly transA?: boolean;
  readonly transB?: boolean;
  /** A.d values subtracted from each row of the stored A. */
  readonly shift?: DataBuffer<'float64'>;
  /** One weight per contraction index. */
  readonly weights?: DataBuffer<'float64'>;
  /** One value per column of C, added last. */
  readonly bias?: DataBuffer<'float64'>;
}

const KEYS = ['transA', 'transB', 'shift', 'weights', 'bias'];

interface Shape {
  rows: number;
  k: number;
  m: number;
  transA: boolean;
  transB: boolean;
}

/** Validate shapes and options once (both bodies call it). */
export function gemmShape(A: Matrix, B: Matrix, opts: GemmOptions): Shape {
  for (const key of Object.keys(opts)) if (!KEYS.includes(key)) throw new ValueError(`${OP}: expected options among ${KEYS.join(', ')}, got '${key}'`);
  const transA = opts.transA === true;
  const transB = opts.transB === true;
  const rows = transA ? A.d : A.n;
  const k = transA ? A.n : A.d;
  const kb = transB ? B.d : B.n;
  const m = transB ? B.n : B.d;
  if (A.data.length !== A.n * A.d) throw new ShapeError(`${OP}: expected A of ${A.n} × ${A.d} = ${A.n * A.d} values, got ${A.data.length}`);
  if (B.data.length !== B.n * B.d) throw new ShapeError(`${OP}: expected B of ${B.n} × ${B.d} = ${B.n * B.d} values, got ${B.data.length}`);
  if (kb !== k) throw new ShapeError(`${OP}: expected op(B) with ${k} rows (the columns of op(A)), got ${kb}`);
  if (opts.shift && opts.shift.length !== A.d) throw new ShapeError(`${OP}: expected shift of ${A.d} values (A's columns), got ${opts.shift.length}`);
  if (opts.weights && opts.weights.length !== k) throw new ShapeError(`${OP}: expected weights of ${k} values (the contraction), got ${opts.weights.length}`);
  if (opts.bias && opts.bias.length !== m) throw new ShapeError(`${OP}: expected bias of ${m} values (C's columns), got ${opts.bias.length}`);
  return { rows, k, m, transA, transB };
}

export function gemmCpu(A: Matrix, B: Matrix, opts: GemmOptions = {}): Matrix {
  const s = gemmShape(A, B, opts);
  const a = A.data.hostView(OP) as Float64Array;
  const b = B.data.hostView(OP) as Float64Array;
  const shift = hostOf(opts.shift, OP);
  const w = hostOf(opts.weights, OP);
  const bias = hostOf(opts.bias, OP);
  let out: Float64Array;
  if (!s.transA) out = rowsCpu({ n: s.rows, k: s.k, m: s.m, bT: s.transB }, { a, b, shift, w, bias });
  else {
    out = gramCpu({ a, b, n: s.k, p: s.rows, q: s.m, bT: s.transB, muA: shift, w, sym: false });
    if (bias) {
      for (let r = 0; r < s.rows; r++) {
        for (let c = 0; c < s.m; c++) {
          const v = out[r * s.m + c]! + bias[c]!;
          out[r * s.m + c] = v === v ? v : NaN;
        }
      }
    }
  }
  return { data: DataBuffer.fromHost(out, 'float64'), n: s.rows, d: s.m };
}

const BIAS_SHADER = {
  label: 'linalg/gemm-bias',
  code: /* wgsl */ `
// linalg/gemm bias: C[r * m + c] = C[r * m + c] + BIAS[c], one thread per element.
// Bindings: 1 C, 2 BIAS.
struct Params { len: u32, m: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> C: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> BIAS: array<vec2<u32>>;
${LA_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  if (t >= P.len) { return; }
  C[t] = f64_add(C[t], BIAS[t % P.m]);
}`,
};

export function gemmGpu(ctx: GpuContext, A: Matrix, B: Matrix, opts: GemmOptions = {}): Matrix {
  const s = gemmShape(A, B, opts);
  const a = A.data.deviceBuffer(ctx, OP);
  const b = B.data.deviceBuffer(ctx, OP);
  const shift = deviceOf(ctx, opts.shift, OP);
  const w = deviceOf(ctx, opts.weights, OP);
  const bias = deviceOf(ctx, opts.bias, OP);
  if (!s.transA) {
    const data = rowsGpu(ctx, OP, { n: s.rows, k: s.k, m: s.m, bT: s.transB }, { a, b, shift, w, bias });
    return { data, n: s.rows, d: s.m };
  }
  const len = s.rows * s.m;
  if (len * 8 > ctx.maxBindingBytes) throw new ValueError(`${OP}: expected C of ${len * 8} bytes to fit one binding of ${ctx.maxBindingBytes}, got a larger one`);
  const rec = new Recorder(ctx);
  const out = rec.output(len * 8);
  recordGram(rec, OP, { a, b, n: s.k, p: s.rows, q: s.m, bT: s.transB, muA: shift, w, sym: false }, out);
  if (bias && len > 0) rec.dispatch(BIAS_SHADER, new Uint32Array([len, s.m, 0, 0]), [out, bias], groups(len));
  rec.submit();
  return { data: DataBuffer.fromDevice(ctx, 'float64', len, out), n: s.rows, d: s.m };
}

/** C = op(A) · op(B) (+ per-column shift of A, weights along the contraction, bias per column of C), float64 exact. */
export const linalgGemm = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: NaN and ±Inf propagate as IEEE arithmetic does (NaN results are the canonical quiet NaN on both backends).',
  cpu: (A: Matrix, B: Matrix, opts?: GemmOptions) => gemmCpu(A, B, opts),
  gpu: (ctx, A: Matrix, B: Matrix, opts?: GemmOptions) => gemmGpu(ctx, A, B, opts),
});
