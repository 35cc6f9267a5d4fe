/**
 * 'neighbors/vote': what a k-neighbours model predicts from each query's neighbours (the
 * output of 'linalg/topk': m × k indices and distances), as scikit-learn 1.2 computes it.
 *
 * Weights: 'uniform' → 1 each; 'distance' → 1/d, except in a row with a neighbour at distance
 * 0, where those neighbours weigh 1 and the others 0 (scikit-learn's `_get_weights`).
 * - classify (targets = int32 class codes of the reference rows, C classes): P[i][c] = Σ of
 *   the weights of row i's neighbours of class c, added in neighbour order from +0; label[i] =
 *   the first c with the largest P[i][c] (vote ties to the smallest class, as `weighted_mode`);
 *   then P[i][c] /= Σ_c P[i][c] (summed in class order; a zero sum divides by 1).
 * - regress (targets = float64 values): uniform Σ y / k; distance Σ (y·w) / Σ w (neighbour
 *   order, from +0).
 *
 * Device: one thread per query, soft-f64 in the twin's order (tolerance exact); queries run in
 * binding windows; the targets (n values) must fit one storage binding.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { pointWindows } from '../linalg/linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR } from '../linalg/linalg-wgsl.js';

const OP = 'neighbors/vote';

export interface VoteOptions {
  readonly k: number;
  readonly weights: 'uniform' | 'distance';
  /** Number of classes (classify); absent to regress. */
  readonly classes?: number;
}

export interface VoteResult {
  /** classify: m × C probabilities; regress: m predictions. */
  readonly values: DataBuffer<'float64'>;
  /** classify: m labels (class codes); regress: undefined. */
  readonly labels?: DataBuffer<'int32'>;
}

function check(indices: DataBuffer, distances: DataBuffer, targets: DataBuffer, o: VoteOptions): number {
  if (!Number.isInteger(o.k) || o.k < 1) throw new ValueError(`${OP}: expected k as an integer >= 1, got ${o.k}`);
  if (indices.length !== distances.length || indices.length % o.k !== 0) throw new ShapeError(`${OP}: expected indices and distances of m × ${o.k} values, got ${indices.length} and ${distances.length}`);
  if (o.weights !== 'uniform' && o.weights !== 'distance') throw new ValueError(`${OP}: expected weights 'uniform' or 'distance', got '${String(o.weights)}'`);
  const want = o.classes === undefined ? 'float64' : 'int32';
  if (targets.dtype !== want) throw new ValueError(`${OP}: expected targets as ${want}, got ${targets.dtype}`);
  if (o.classes !== undefined && (!Number.isInteger(o.classes) || o.classes < 1)) throw new ValueError(`${OP}: expected classes as an integer >= 1, got ${o.classes}`);
  return indices.length / o.k;
}

export function voteCpu(indices: DataBuffer<'int32'>, distances: DataBuffer<'float64'>, targets: DataBuffer, o: VoteOptions): VoteResult {
  const m = check(indices, distances, targets, o);
  const I = indices.hostView(OP) as Int32Array;
  const D = distances.hostView(OP) as Float64Array;
  const T = targets.hostView(OP) as Int32Array | Float64Array;
  const k = o.k;
  const C = o.classes ?? 1;
  const out = new Float64Array(o.classes === undefined ? m : m * C);
  const labels = new Int32Array(o.classes === undefined ? 0 : m);
  const w = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    let zero = false;
    if (o.weights === 'distance') for (let p = 0; p < k; p++) if (D[i * k + p] === 0) zero = true;
    for (let p = 0; p < k; p++) {
      const d = D[i * k + p]!;
      w[p] = o.weights === 'uniform' ? 1 : zero ? (d === 0 ? 1 : 0) : 1 / d;
    }
    if (o.classes === undefined) {
      let num = 0, den = 0;
      for (let p = 0; p < k; p++) {
        const y = T[I[i * k + p]!]!;
        if (o.weights === 'uniform') num = num + y;
        else {
          num = num + y * w[p]!;
          den = den + w[p]!;
        }
      }
      const v = o.weights === 'uniform' ? num / k : num / den;
      out[i] = v !== v ? NaN : v;
      continue;
    }
    const P = i * C;
    for (let p = 0; p < k; p++) {
      const c = T[I[i * k + p]!]!;
      out[P + c] = out[P + c]! + w[p]!;
    }
    let best = 0;
    let sum = 0;
    for (let c = 0; c < C; c++) {
      if (out[P + c]! > out[P + best]!) best = c;
      sum = sum + out[P + c]!;
    }
    if (sum === 0) sum = 1;
    for (let c = 0; c < C; c++) {
      const v = out[P + c]! / sum;
      out[P + c] = v !== v ? NaN : v;
    }
    labels[i] = best;
  }
  return o.classes === undefined ? { values: DataBuffer.fromHost(out, 'float64') } : { values: DataBuffer.fromHost(out, 'float64'), labels: DataBuffer.fromHost(labels, 'int32') };
}

function shader(classify: boolean, distance: boolean) {
  const weight = distance ? 'select(f64_div(ONE, d), select(LA_ZERO, ONE, sf64_is_zero(vec2<u32>(d.x, d.y & 0x7fffffffu))), zero)' : 'ONE';
  const body = classify
    ? `let P = i * C;
  for (var c = 0u; c < C; c = c + 1u) { O[P + c] = LA_ZERO; }
  for (var p = 0u; p < k; p = p + 1u) {
    let d = D[i * k + p];
    let c = T[I[i * k + p]];
    O[P + c] = f64_add(O[P + c], ${weight});
  }
  var best = 0u;
  var sum = LA_ZERO;
  for (var c = 0u; c < C; c = c + 1u) {
    if (la_lt(O[P + best], O[P + c])) { best = c; }
    sum = f64_add(sum, O[P + c]);
  }
  if (sf64_is_zero(vec2<u32>(sum.x, sum.y & 0x7fffffffu))) { sum = ONE; }
  for (var c = 0u; c < C; c = c + 1u) { O[P + c] = f64_div(O[P + c], sum); }
  L[i] = best;`
    : `var num = LA_ZERO;
  var den = LA_ZERO;
  for (var p = 0u; p < k; p = p + 1u) {
    let d = D[i * k + p];
    let y = T[I[i * k + p]];
    ${distance ? `let w = ${weight}; num = f64_add(num, f64_mul(y, w)); den = f64_add(den, w);` : 'num = f64_add(num, y);'}
  }
  O[i] = f64_div(num, ${distance ? 'den' : 'P.kf'});`;
  const code = /* wgsl */ `
// neighbors/vote (${classify ? 'classify' : 'regress'}, ${distance ? 'distance' : 'uniform'}): one thread per query.
// Bindings: 1 I (indices), 2 D (distances), 3 T (targets), 4 O (output)${classify ? ', 5 L (labels)' : ''}.
struct Params { m: u32, k: u32, C: u32, pad: u32, kf: vec2<u32> }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> D: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> T: array<${classify ? 'u32' : 'vec2<u32>'}>;
@group(0) @binding(4) var<storage, read_write> O: array<vec2<u32>>;
${classify ? '@group(0) @binding(5) var<storage, read_write> L: array<u32>;' : ''}
${LA_PRELUDE}
const ONE = vec2<u32>(0u, 0x3ff00000u);
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.m) { return; }
  let k = P.k;
  let C = P.C;
  var zero = false;
  ${distance ? 'for (var p = 0u; p < k; p = p + 1u) { let d = D[i * k + p]; if (sf64_is_zero(vec2<u32>(d.x, d.y & 0x7fffffffu))) { zero = true; } }' : ''}
  ${body}
}`;
  return { label: `neighbors/vote-${classify ? 'classify' : 'regress'}-${distance ? 'distance' : 'uniform'}`, code };
}

export function voteGpu(ctx: GpuContext, indices: DataBuffer<'int32'>, distances: DataBuffer<'float64'>, targets: DataBuffer, o: VoteOptions): VoteResult {
  const m = check(indices, distances, targets, o);
  const k = o.k;
  const classify = o.classes !== undefined;
  const C = o.classes ?? 1;
  if (targets.byteLength > ctx.maxBindingBytes) throw new ValueError(`${OP}: expected the ${targets.length} targets to fit one binding of ${ctx.maxBindingBytes} bytes, got ${targets.byteLength}`);
  const rec = new Recorder(ctx);
  const out = rec.output((classify ? m * C : m) * 8);
  const labels = classify ? rec.output(m * 4) : undefined;
  const I = indices.deviceBuffer(ctx, OP);
  const D = distances.deviceBuffer(ctx, OP);
  const T = targets.deviceBuffer(ctx, OP);
  const kf = new Float64Array([k]);
  const kw = new Uint32Array(kf.buffer);
  const spec = shader(classify, o.weights === 'distance');
  for (const w of pointWindows(OP, m, Math.max(k, C) * 8, ctx.maxBindingBytes)) {
    const binds = [slice(I, w.start * k, w.count * k, 4), slice(D, w.start * k, w.count * k, 8), T, slice(out, w.start * (classify ? C : 1), w.count * (classify ? C : 1), 8)];
    if (labels) binds.push(slice(labels, w.start, w.count, 4));
    rec.dispatch(spec, new Uint32Array([w.count, k, C, 0, kw[0]!, kw[1]!]), binds, groups(w.count));
  }
  rec.submit();
  const values = DataBuffer.fromDevice(ctx, 'float64', classify ? m * C : m, out);
  return labels ? { values, labels: DataBuffer.fromDevice(ctx, 'int32', m, labels) } : { values };
}

/** Class probabilities and labels, or regression values, from each query's k neighbours. */
export const neighborsVote = defineKernel({
  name: OP,
  dtypes: ['float64', 'int32'],
  tolerance: EXACT,
  nulls: 'No validity: indices come from linalg/topk and targets are refused with nulls by the estimators.',
  cpu: (indices: DataBuffer<'int32'>, distances: DataBuffer<'float64'>, targets: DataBuffer, o: VoteOptions) => voteCpu(indices, distances, targets, o),
  gpu: (ctx, indices: DataBuffer<'int32'>, distances: DataBuffer<'float64'>, targets: DataBuffer, o: VoteOptions) => voteGpu(ctx, indices, distances, targets, o),
});
