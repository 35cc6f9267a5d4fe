/**
 * 'logistic/loss': per-row loss and residual of scikit-learn's logistic models, from the
 * logits Z (n × r, row-major float64) and the int32 class codes y:
 *
 *   O[i][k] = s_i · (p_ik − [y_i = k])   for k < r,     O[i][r] = s_i · loss_i,
 *   s_i = sampleWeight_i · classWeight[y_i]  (sampleWeight_i = 1 when absent).
 *
 * - multinomial (r = K ≥ 2, HalfMultinomialLoss): m = max_k z_k, S = Σ_k exp(z_k − m) in
 *   column order, loss = m + log S − z_y, p_k = exp(z_k − m) / S;
 * - binary (r = 1, HalfBinomialLoss, y ∈ {0, 1}): z ≤ 0: e = exp(z), loss = log1p(e) − y z,
 *   p = e / (1 + e); z > 0: e = exp(−z), loss = log1p(e) + (1 − y) z, p = 1 / (1 + e).
 *
 * Summing O over the rows (the intercept gradient and the loss) and Xᵀ O (the coefficient
 * gradient) are 'linalg/gemm' calls by the caller. Z must be finite (the estimator checks X).
 *
 * Device: one thread per row, exact soft-f64 arithmetic except exp and log (df64 after an
 * exact reduction, ../expr/math-wgsl.ts) and a compensated log1p; row windows so Z and O may
 * exceed one storage binding; a 2-D grid past 65,535 workgroups. CPU: the same formulas with
 * Math.exp / Math.log / Math.log1p. Tolerance: relative 1e-12, absolute 1e-15 per element.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DF64_KEY } from '../df64/df64.js';
import { defineKernel } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { pointWindows } from '../linalg/linalg-layout.js';
import { ENTRY, LINEAR } from '../linalg/linalg-wgsl.js';
import type { Matrix } from '../linalg/types.js';
import { LOGISTIC_LIB, rowMax, sumExp } from './logistic-wgsl.js';

const OP = 'logistic/loss';

export interface LogisticLossOptions {
  /** K values (2 for binary): the weight of each class. */
  readonly classWeight: DataBuffer<'float64'>;
  /** n values: the weight of each sample. */
  readonly sampleWeight?: DataBuffer<'float64'>;
}

const SHADER = {
  label: OP,
  code: /* wgsl */ `
// logistic/loss: one thread per row of the window (see loss.ts). Bindings: 1 Z (n × r logits),
// 2 Y (int32 codes), 3 SW (sample weights, or a stand-in when P.sw == 0), 4 CW (class weights),
// 5 O (n × (r + 1): weighted residuals, then the weighted loss).
struct Params { n: u32, r: u32, sw: u32, key: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> Z: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Y: array<i32>;
@group(0) @binding(3) var<storage, read> SW: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> CW: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read_write> O: array<vec2<u32>>;
${LOGISTIC_LIB}
${ENTRY} {
  df64_init(P.key);
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  let y = u32(Y[i]);
  var s = CW[y];
  if (P.sw != 0u) { s = f64_mul(SW[i], s); }
  let b = i * P.r;
  let o = i * (P.r + 1u);
  if (P.r == 1u) {
    let z = Z[b];
    let neg = lg_nonpos(z);
    let e = m64_exp(select(f64_neg(z), z, neg));
    let l1 = lg_log1p(e);
    var loss = l1;
    var p = LG_ZERO;
    if (neg) {
      if (y == 1u) { loss = f64_sub(l1, z); }
      p = f64_div(e, f64_add(LG_ONE, e));
    } else {
      if (y != 1u) { loss = f64_add(l1, z); }
      p = f64_div(LG_ONE, f64_add(LG_ONE, e));
    }
    O[o] = f64_mul(s, select(p, f64_sub(p, LG_ONE), y == 1u));
    O[o + 1u] = f64_mul(s, loss);
    return;
  }
  let m = lg_rowmax(b, P.r);
  let S = lg_sumexp(b, P.r, m);
  let loss = f64_sub(f64_add(m, m64_log(S)), Z[b + y]);
  for (var k = 0u; k < P.r; k = k + 1u) {
    let p = f64_div(m64_exp(f64_sub(Z[b + k], m)), S);
    O[o + k] = f64_mul(s, select(p, f64_sub(p, LG_ONE), k == y));
  }
  O[o + P.r] = f64_mul(s, loss);
}`,
};

function check(Z: Matrix, codes: DataBuffer<'int32'>, opts: LogisticLossOptions): void {
  for (const k of Object.keys(opts)) if (k !== 'classWeight' && k !== 'sampleWeight') throw new ValueError(`${OP}: expected options among classWeight, sampleWeight, got '${k}'`);
  if (Z.d < 1) throw new ShapeError(`${OP}: expected Z with at least 1 column, got ${Z.d}`);
  if (Z.data.length !== Z.n * Z.d) throw new ShapeError(`${OP}: expected Z of ${Z.n} × ${Z.d} values, got ${Z.data.length}`);
  if (codes.length !== Z.n) throw new ShapeError(`${OP}: expected ${Z.n} codes (Z's rows), got ${codes.length}`);
  const K = Z.d === 1 ? 2 : Z.d;
  if (opts.classWeight.length !== K) throw new ShapeError(`${OP}: expected classWeight of ${K} values, got ${opts.classWeight.length}`);
  if (opts.sampleWeight && opts.sampleWeight.length !== Z.n) throw new ShapeError(`${OP}: expected sampleWeight of ${Z.n} values, got ${opts.sampleWeight.length}`);
}

export function lossCpu(Z: Matrix, codes: DataBuffer<'int32'>, opts: LogisticLossOptions): Matrix {
  check(Z, codes, opts);
  const { n, d: r } = Z;
  const z = Z.data.hostView(OP) as Float64Array;
  const y = codes.hostView(OP) as Int32Array;
  const cw = opts.classWeight.hostView(OP) as Float64Array;
  const sw = opts.sampleWeight?.hostView(OP) as Float64Array | undefined;
  const out = new Float64Array(n * (r + 1));
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    const s = sw ? sw[i]! * cw[yi]! : cw[yi]!;
    const b = i * r;
    const o = i * (r + 1);
    if (r === 1) {
      const zi = z[b]!;
      const neg = zi <= 0;
      const e = Math.exp(neg ? zi : -zi);
      const l1 = Math.log1p(e);
      let loss = l1;
      let p: number;
      if (neg) {
        if (yi === 1) loss = l1 - zi;
        p = e / (1 + e);
      } else {
        if (yi !== 1) loss = l1 + zi;
        p = 1 / (1 + e);
      }
      out[o] = s * (yi === 1 ? p - 1 : p);
      out[o + 1] = s * loss;
      continue;
    }
    const m = rowMax(z, b, r);
    const S = sumExp(z, b, r, m);
    const loss = m + Math.log(S) - z[b + yi]!;
    for (let k = 0; k < r; k++) {
      const p = Math.exp(z[b + k]! - m) / S;
      out[o + k] = s * (k === yi ? p - 1 : p);
    }
    out[o + r] = s * loss;
  }
  return { data: DataBuffer.fromHost(out, 'float64'), n, d: r + 1 };
}

export function lossGpu(ctx: GpuContext, Z: Matrix, codes: DataBuffer<'int32'>, opts: LogisticLossOptions): Matrix {
  check(Z, codes, opts);
  const { n, d: r } = Z;
  const rec = new Recorder(ctx);
  const out = rec.output(n * (r + 1) * 8);
  if (n > 0) {
    const z = Z.data.deviceBuffer(ctx, OP);
    const y = codes.deviceBuffer(ctx, OP);
    const cw = opts.classWeight.deviceBuffer(ctx, OP);
    const sw = opts.sampleWeight?.deviceBuffer(ctx, OP);
    for (const w of pointWindows(OP, n, (2 * r + 1) * 8, ctx.maxBindingBytes)) {
      const bindings = [
        slice(z, w.start * r, w.count * r, 8),
        slice(y, w.start, w.count, 4),
        sw ? slice(sw, w.start, w.count, 8) : cw,
        cw,
        slice(out, w.start * (r + 1), w.count * (r + 1), 8),
      ];
      rec.dispatch(SHADER, new Uint32Array([w.count, r, sw ? 1 : 0, DF64_KEY]), bindings, groups(w.count));
    }
  }
  rec.submit();
  return { data: DataBuffer.fromDevice(ctx, 'float64', n * (r + 1), out), n, d: r + 1 };
}

/** Weighted residuals P − Y and losses of the logistic models, one row per sample. */
export const logisticLoss = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: { kind: 'float', rel: 1e-12, abs: 1e-15, note: 'exp and log in df64 after an exact reduction on the device (≤ 1e-13 relative), Math.exp/log/log1p on the CPU; all else exact binary64' },
  nulls: 'No validity: Z must be finite and codes in 0..K-1 (the estimator guarantees both).',
  cpu: (Z: Matrix, codes: DataBuffer<'int32'>, opts: LogisticLossOptions) => lossCpu(Z, codes, opts),
  gpu: (ctx, Z: Matrix, codes: DataBuffer<'int32'>, opts: LogisticLossOptions) => lossGpu(ctx, Z, codes, opts),
});
