/**
 * 'naive-bayes/joint': the per-row class decision of the naive Bayes models.
 * - With `gaussian` ({ theta, var: C × d, a, b: C }): J[i][c] = a_c + (b_c − 0.5 · S_ic),
 *   S_ic = Σ_j ((X_ij − θ_cj)²) / v_cj summed j = 0..d−1 from +0 — scikit-learn's GaussianNB
 *   joint log-likelihood with a_c = log prior_c and b_c = −0.5 Σ_j log(2π v_cj) (host-side,
 *   from the fitted parameters).
 * - Without, X is taken as the n × C joint log-likelihood itself (MultinomialNB's, from
 *   'linalg/gemm').
 * Outputs: J (n × C; only with `gaussian`), the label (first c with the largest J, as
 * np.argmax) and the row maximum. Device: one thread per row in row windows, soft-f64 in the
 * twin's order: tolerance exact.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { bindAt, pointWindows } from '../linalg/linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR } from '../linalg/linalg-wgsl.js';
import type { Matrix } from '../linalg/types.js';

const OP = 'naive-bayes/joint';

export interface GaussianParams {
  readonly theta: DataBuffer<'float64'>;
  readonly var: DataBuffer<'float64'>;
  readonly a: DataBuffer<'float64'>;
  readonly b: DataBuffer<'float64'>;
}

export interface JointResult {
  readonly jll: DataBuffer<'float64'> | undefined;
  readonly labels: DataBuffer<'int32'>;
  readonly max: DataBuffer<'float64'>;
}

function classesOf(X: Matrix, g: GaussianParams | undefined): number {
  if (X.data.length !== X.n * X.d) throw new ShapeError(`${OP}: expected X of ${X.n} × ${X.d} values, got ${X.data.length}`);
  if (!g) return X.d;
  const C = g.a.length;
  if (g.b.length !== C || g.theta.length !== C * X.d || g.var.length !== C * X.d) throw new ShapeError(`${OP}: expected theta and var of ${C} × ${X.d} values and a, b of ${C}, got ${g.theta.length}, ${g.var.length}, ${g.b.length}`);
  return C;
}

export function jointCpu(X: Matrix, g?: GaussianParams): JointResult {
  const C = classesOf(X, g);
  const { n, d } = X;
  const x = X.data.hostView(OP) as Float64Array;
  const labels = new Int32Array(n);
  const max = new Float64Array(n);
  let J = x;
  if (g) {
    J = new Float64Array(n * C);
    const th = g.theta.hostView(OP) as Float64Array;
    const v = g.var.hostView(OP) as Float64Array;
    const a = g.a.hostView(OP) as Float64Array;
    const b = g.b.hostView(OP) as Float64Array;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const u = x[i * d + j]! - th[c * d + j]!;
          s = s + (u * u) / v[c * d + j]!;
        }
        const r = a[c]! + (b[c]! - 0.5 * s);
        J[i * C + c] = r !== r ? NaN : r;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (J[i * C + c]! > J[i * C + best]!) best = c;
    labels[i] = best;
    max[i] = C > 0 ? J[i * C + best]! : NaN;
  }
  return { jll: g ? DataBuffer.fromHost(J, 'float64') : undefined, labels: DataBuffer.fromHost(labels, 'int32'), max: DataBuffer.fromHost(max, 'float64') };
}

function shader(gauss: boolean) {
  const J = gauss ? 'J' : 'X';
  const at = (k: number) => (gauss ? k : k - 1);
  const code = /* wgsl */ `
// naive-bayes/joint (${gauss ? 'gaussian' : 'argmax'}): one thread per row of the window.
// Bindings: 1 X (window)${gauss ? ', 2 J (window)' : ''}, ${at(3)} L (labels), ${at(4)} M (max)${gauss ? ', 5 TH, 6 V, 7 A, 8 B' : ''}.
struct Params { n: u32, d: u32, C: u32, xOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
${gauss ? '@group(0) @binding(2) var<storage, read_write> J: array<vec2<u32>>;' : ''}
@group(0) @binding(${at(3)}) var<storage, read_write> L: array<u32>;
@group(0) @binding(${at(4)}) var<storage, read_write> M: array<vec2<u32>>;
${gauss ? `@group(0) @binding(5) var<storage, read> TH: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read> V: array<vec2<u32>>;
@group(0) @binding(7) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(8) var<storage, read> B: array<vec2<u32>>;` : ''}
${LA_PRELUDE}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  let C = P.C;
  ${gauss ? `for (var c = 0u; c < C; c = c + 1u) {
    var s = LA_ZERO;
    for (var j = 0u; j < P.d; j = j + 1u) {
      let u = f64_sub(X[P.xOff + i * P.d + j], TH[c * P.d + j]);
      s = f64_add(s, f64_div(f64_mul(u, u), V[c * P.d + j]));
    }
    J[i * C + c] = f64_add(A[c], f64_sub(B[c], f64_mul(vec2<u32>(0u, 0x3fe00000u), s)));
  }` : ''}
  let base = ${gauss ? 'i * C' : 'P.xOff + i * C'};
  var best = 0u;
  for (var c = 1u; c < C; c = c + 1u) {
    let x = ${J}[base + c];
    let y = ${J}[base + best];
    if (!sf64_is_nan(x) && !sf64_is_nan(y) && la_lt(y, x)) { best = c; }
  }
  L[i] = best;
  var mx = ${J}[base + best];
  if (sf64_is_nan(mx)) { mx = SF64_QNAN; }
  M[i] = mx;
}`;
  return { label: `${OP}-${gauss ? 'gaussian' : 'argmax'}`, code };
}

export function jointGpu(ctx: GpuContext, X: Matrix, g?: GaussianParams): JointResult {
  const C = classesOf(X, g);
  const { n, d } = X;
  const rec = new Recorder(ctx);
  const J = g ? rec.output(n * C * 8) : undefined;
  const L = rec.output(n * 4);
  const M = rec.output(n * 8);
  const x = X.data.deviceBuffer(ctx, OP);
  const extra = g ? [g.theta, g.var, g.a, g.b].map((b) => b.deviceBuffer(ctx, OP)) : [];
  for (const w of pointWindows(OP, n, Math.max(d, C, 1) * 8, ctx.maxBindingBytes)) {
    const xb = bindAt(x, w.start * d, w.count * d, 8);
    const jb = J ? [slice(J, w.start * C, w.count * C, 8)] : [];
    rec.dispatch(shader(g !== undefined), new Uint32Array([w.count, d, C, xb.off]), [xb.binding, ...jb, slice(L, w.start, w.count, 4), slice(M, w.start, w.count, 8), ...extra], groups(w.count));
  }
  rec.submit();
  return { jll: J ? DataBuffer.fromDevice(ctx, 'float64', n * C, J) : undefined, labels: DataBuffer.fromDevice(ctx, 'int32', n, L), max: DataBuffer.fromDevice(ctx, 'float64', n, M) };
}

/** Joint log-likelihood (GaussianNB) and the per-row argmax / max, exact on both backends. */
export const naiveBayesJoint = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: callers refuse NaN/Inf/nulls in X; a NaN in a row never wins the argmax unless it is the first entry.',
  cpu: (X: Matrix, g?: GaussianParams) => jointCpu(X, g),
  gpu: (ctx, X: Matrix, g?: GaussianParams) => jointGpu(ctx, X, g),
});
