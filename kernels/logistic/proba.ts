/**
 * 'logistic/proba': class probabilities (or their logs) of the logistic models from the
 * decision values Z (n × r, row-major float64), as scikit-learn's predict_proba /
 * predict_log_proba compute them:
 *
 * - mode 'softmax' (r = K ≥ 2, multinomial): m = max_k z_k, S = Σ_k exp(z_k − m) in column
 *   order, p_k = exp(z_k − m) / S;
 * - mode 'sigmoid' (r = 1, binary): p = 1 / (1 + exp(−z)), row [1 − p, p];
 * - mode 'softmax2' (r = 1, a binary model fitted as multinomial): softmax of [−z, z].
 *
 * With `log`, each probability is replaced by log(p) (scikit-learn's np.log(predict_proba)).
 * Output n × K (K = 2 for the binary modes).
 *
 * Device: one thread per row, exact soft-f64 except exp and log (df64 after an exact
 * reduction, ../expr/math-wgsl.ts); row windows past one storage binding; a 2-D grid past
 * 65,535 workgroups. Tolerance: relative 1e-12, absolute 1e-15 per element.
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

const OP = 'logistic/proba';

export type ProbaMode = 'softmax' | 'sigmoid' | 'softmax2';

export interface LogisticProbaOptions {
  readonly mode: ProbaMode;
  readonly log?: boolean;
}

const MODES: readonly ProbaMode[] = ['softmax', 'sigmoid', 'softmax2'];

const SHADER = {
  label: OP,
  code: /* wgsl */ `
// logistic/proba: one thread per row of the window (see proba.ts). Bindings: 1 Z (n × r),
// 2 O (n × K probabilities or log-probabilities).
struct Params { n: u32, r: u32, mode: u32, lg: u32, key: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> Z: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> O: array<vec2<u32>>;
${LOGISTIC_LIB}
fn put(o: u32, p: vec2<u32>) { O[o] = select(p, m64_log(p), P.lg != 0u); }
${ENTRY} {
  df64_init(P.key);
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  if (P.mode == 0u) {
    let b = i * P.r;
    let m = lg_rowmax(b, P.r);
    let S = lg_sumexp(b, P.r, m);
    for (var k = 0u; k < P.r; k = k + 1u) { put(b + k, f64_div(m64_exp(f64_sub(Z[b + k], m)), S)); }
    return;
  }
  let z = Z[i];
  if (P.mode == 1u) {
    let p = f64_div(LG_ONE, f64_add(LG_ONE, m64_exp(f64_neg(z))));
    put(2u * i, f64_sub(LG_ONE, p));
    put(2u * i + 1u, p);
    return;
  }
  let nz = f64_neg(z);
  let m = select(nz, z, lg_lt(nz, z));
  let e0 = m64_exp(f64_sub(nz, m));
  let e1 = m64_exp(f64_sub(z, m));
  let S = f64_add(e0, e1);
  put(2u * i, f64_div(e0, S));
  put(2u * i + 1u, f64_div(e1, S));
}`,
};

function check(Z: Matrix, opts: LogisticProbaOptions): number {
  for (const k of Object.keys(opts)) if (k !== 'mode' && k !== 'log') throw new ValueError(`${OP}: expected options among mode, log, got '${k}'`);
  if (!MODES.includes(opts.mode)) throw new ValueError(`${OP}: expected mode among ${MODES.join(', ')}, got ${String(opts.mode)}`);
  if (Z.data.length !== Z.n * Z.d) throw new ShapeError(`${OP}: expected Z of ${Z.n} × ${Z.d} values, got ${Z.data.length}`);
  const want = opts.mode === 'softmax' ? 'at least 2' : '1';
  if (opts.mode === 'softmax' ? Z.d < 2 : Z.d !== 1) throw new ShapeError(`${OP}: expected Z with ${want} column(s) for mode '${opts.mode}', got ${Z.d}`);
  return opts.mode === 'softmax' ? Z.d : 2;
}

export function probaCpu(Z: Matrix, opts: LogisticProbaOptions): Matrix {
  const K = check(Z, opts);
  const { n, d: r } = Z;
  const z = Z.data.hostView(OP) as Float64Array;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    if (opts.mode === 'softmax') {
      const b = i * r;
      const m = rowMax(z, b, r);
      const S = sumExp(z, b, r, m);
      for (let k = 0; k < r; k++) out[b + k] = Math.exp(z[b + k]! - m) / S;
    } else if (opts.mode === 'sigmoid') {
      const p = 1 / (1 + Math.exp(-z[i]!));
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    } else {
      const zi = z[i]!;
      const m = -zi < zi ? zi : -zi;
      const e0 = Math.exp(-zi - m);
      const e1 = Math.exp(zi - m);
      const S = e0 + e1;
      out[2 * i] = e0 / S;
      out[2 * i + 1] = e1 / S;
    }
  }
  if (opts.log) for (let t = 0; t < out.length; t++) out[t] = Math.log(out[t]!);
  return { data: DataBuffer.fromHost(out, 'float64'), n, d: K };
}

export function probaGpu(ctx: GpuContext, Z: Matrix, opts: LogisticProbaOptions): Matrix {
  const K = check(Z, opts);
  const { n, d: r } = Z;
  const rec = new Recorder(ctx);
  const out = rec.output(n * K * 8);
  if (n > 0) {
    const z = Z.data.deviceBuffer(ctx, OP);
    const mode = MODES.indexOf(opts.mode);
    for (const w of pointWindows(OP, n, (r + K) * 8, ctx.maxBindingBytes)) {
      const bindings = [slice(z, w.start * r, w.count * r, 8), slice(out, w.start * K, w.count * K, 8)];
      rec.dispatch(SHADER, new Uint32Array([w.count, r, mode, opts.log ? 1 : 0, DF64_KEY, 0, 0, 0]), bindings, groups(w.count));
    }
  }
  rec.submit();
  return { data: DataBuffer.fromDevice(ctx, 'float64', n * K, out), n, d: K };
}

/** Probabilities (or log-probabilities) of the logistic models from their decision values. */
export const logisticProba = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: { kind: 'float', rel: 1e-12, abs: 1e-15, note: 'exp and log in df64 after an exact reduction on the device (≤ 1e-13 relative), Math.exp/log on the CPU; all else exact binary64' },
  nulls: 'No validity: Z must be finite (the estimator checks X).',
  cpu: (Z: Matrix, opts: LogisticProbaOptions) => probaCpu(Z, opts),
  gpu: (ctx, Z: Matrix, opts: LogisticProbaOptions) => probaGpu(ctx, Z, opts),
});
