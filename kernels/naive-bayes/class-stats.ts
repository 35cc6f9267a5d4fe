/**
 * 'naive-bayes/class-stats': per-class column sums of a row-major float64 X (n × d) grouped
 * by int32 class codes (0..C−1), the statistics of the naive Bayes fits:
 * - mode 'sum': out[c][j] = Σ_{i: code_i = c} X_ij for j < d, and out[c][d] = the count of
 *   class c (C × (d + 1));
 * - mode 'sq' (with theta, C × d): out[c][j] = Σ_{i: code_i = c} (X_ij − θ_cj)² (C × d), the
 *   centred sums of squares of GaussianNB's variances.
 *
 * Order (both bodies): rows in blocks of 256 (./linalg-layout.ts); a block's partial is
 * summed in row order from +0, the partials in block order from +0. Device: one thread per
 * (block, class, column) writes its partial, then the shared fold ('linalg' level 2) adds
 * them; X is bound in row windows, so it may exceed one binding. Exact binary64 (soft-f64).
 * Codes outside 0..C−1 are skipped.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { bindAt, BLOCK, blocksOf, pointWindows } from '../linalg/linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR, recordFold } from '../linalg/linalg-wgsl.js';
import type { Matrix } from '../linalg/types.js';

const OP = 'naive-bayes/class-stats';

export interface ClassStatsOptions {
  readonly classes: number;
  /** C × d class means: switches to the centred sums of squares. */
  readonly theta?: DataBuffer<'float64'>;
}

function width(X: Matrix, codes: DataBuffer, o: ClassStatsOptions): number {
  if (!Number.isInteger(o.classes) || o.classes < 1) throw new ValueError(`${OP}: expected classes as an integer >= 1, got ${o.classes}`);
  if (codes.dtype !== 'int32' || codes.length !== X.n) throw new ShapeError(`${OP}: expected ${X.n} int32 codes, got ${codes.length} ${codes.dtype}`);
  if (X.data.length !== X.n * X.d) throw new ShapeError(`${OP}: expected X of ${X.n} × ${X.d} values, got ${X.data.length}`);
  if (o.theta && o.theta.length !== o.classes * X.d) throw new ShapeError(`${OP}: expected theta of ${o.classes} × ${X.d} values, got ${o.theta.length}`);
  return o.theta ? X.d : X.d + 1;
}

export function classStatsCpu(X: Matrix, codes: DataBuffer<'int32'>, o: ClassStatsOptions): DataBuffer<'float64'> {
  const W = width(X, codes, o);
  const { n, d } = X;
  const C = o.classes;
  const x = X.data.hostView(OP) as Float64Array;
  const y = codes.hostView(OP) as Int32Array;
  const th = o.theta?.hostView(OP) as Float64Array | undefined;
  const total = new Float64Array(C * W);
  const part = new Float64Array(C * W);
  for (let b = 0; b < n; b += BLOCK) {
    part.fill(0);
    const end = Math.min(n, b + BLOCK);
    for (let i = b; i < end; i++) {
      const c = y[i]!;
      if (c < 0 || c >= C) continue;
      const o2 = c * W;
      if (th) {
        for (let j = 0; j < d; j++) {
          const u = x[i * d + j]! - th[c * d + j]!;
          part[o2 + j] = part[o2 + j]! + u * u;
        }
      } else {
        for (let j = 0; j < d; j++) part[o2 + j] = part[o2 + j]! + x[i * d + j]!;
        part[o2 + d] = part[o2 + d]! + 1;
      }
    }
    for (let q = 0; q < C * W; q++) total[q] = total[q]! + part[q]!;
  }
  for (let q = 0; q < C * W; q++) if (total[q] !== total[q]) total[q] = NaN;
  return DataBuffer.fromHost(total, 'float64');
}

function shader(sq: boolean) {
  const code = /* wgsl */ `
// naive-bayes/class-stats (${sq ? 'sq' : 'sum'}): one thread per (block, class, column) of the window
// writes the block's partial. Bindings: 1 X (window), 2 Y (codes window), 3 PS (partials window)${sq ? ', 4 TH' : ''}.
struct Params { n: u32, d: u32, C: u32, W: u32, nb: u32, xOff: u32, pOff: u32, q: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Y: array<i32>;
@group(0) @binding(3) var<storage, read_write> PS: array<vec2<u32>>;
${sq ? '@group(0) @binding(4) var<storage, read> TH: array<vec2<u32>>;' : ''}
${LA_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  let cw = P.C * P.W;
  if (t >= P.nb * cw) { return; }
  let b = t / cw;
  let q = t % cw;
  let c = i32(q / P.W);
  let j = q % P.W;
  var acc = LA_ZERO;
  let end = min(P.n, (b + 1u) * ${BLOCK}u);
  for (var i = b * ${BLOCK}u; i < end; i = i + 1u) {
    if (Y[i] != c) { continue; }
    ${sq ? 'let u = f64_sub(X[P.xOff + i * P.d + j], TH[u32(c) * P.d + j]); acc = f64_add(acc, f64_mul(u, u));' : 'if (j == P.d) { acc = f64_add(acc, vec2<u32>(0u, 0x3ff00000u)); } else { acc = f64_add(acc, X[P.xOff + i * P.d + j]); }'}
  }
  PS[P.pOff + t] = acc;
}`;
  return { label: `${OP}-${sq ? 'sq' : 'sum'}`, code };
}

export function classStatsGpu(ctx: GpuContext, X: Matrix, codes: DataBuffer<'int32'>, o: ClassStatsOptions): DataBuffer<'float64'> {
  const W = width(X, codes, o);
  const { n, d } = X;
  const C = o.classes;
  const cw = C * W;
  const nb = blocksOf(n);
  const rec = new Recorder(ctx);
  const total = rec.output(cw * 8);
  const ps = rec.temp(Math.max(1, nb) * cw * 8);
  const x = X.data.deviceBuffer(ctx, OP);
  const y = codes.deviceBuffer(ctx, OP);
  const th = o.theta?.deviceBuffer(ctx, OP);
  const spec = shader(th !== undefined);
  for (const w of pointWindows(OP, n, Math.max(d * 8, Math.ceil((cw * 8) / BLOCK) + 8), ctx.maxBindingBytes)) {
    const xb = bindAt(x, w.start * d, w.count * d, 8);
    const b0 = w.start / BLOCK;
    const nbW = blocksOf(w.count);
    const pb = bindAt(ps, b0 * cw, nbW * cw, 8);
    const binds = [xb.binding, slice(y, w.start, w.count, 4), pb.binding];
    if (th) binds.push(th);
    rec.dispatch(spec, new Uint32Array([w.count, d, C, W, nbW, xb.off, pb.off, 0]), binds, groups(nbW * cw));
  }
  recordFold(rec, ps, nb, cw, total, 'add');
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', cw, total);
}

/** Per-class column sums and counts, or centred sums of squares, exact on both backends. */
export const naiveBayesClassStats = defineKernel({
  name: OP,
  dtypes: ['float64', 'int32'],
  tolerance: EXACT,
  nulls: 'No validity: callers refuse NaN/Inf/nulls in X (linalg/pack flags) and null labels (ml/labels).',
  cpu: (X: Matrix, codes: DataBuffer<'int32'>, o: ClassStatsOptions) => classStatsCpu(X, codes, o),
  gpu: (ctx, X: Matrix, codes: DataBuffer<'int32'>, o: ClassStatsOptions) => classStatsGpu(ctx, X, codes, o),
});
