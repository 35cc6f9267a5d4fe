/**
 * 'linalg/col-absmax': for each column j of a row-major float64 Matrix, the FIRST row i of
 * largest |x_ij| and the signed value there: numpy's `argmax(abs(X), axis=0)`, which is how
 * scikit-learn's `svd_flip` picks the entry whose sign it fixes (PCA and TruncatedSVD read
 * the sign of each score column at that row).
 *
 * Result: `index` (int32, d values; -1 when n = 0) and `value` (float64, d values: x at that
 * row; NaN when n = 0). A NaN counts as larger than any number (numpy's argmax stops at the
 * first NaN), so a column holding NaN gives its first NaN (canonical quiet NaN); -0 and +0
 * tie (the first is kept).
 *
 * Order: blocks of 256 rows (./linalg-layout.ts), each scanned in row order keeping the best
 * so far under a strict "larger than" (ties keep the earlier row), then the block winners in
 * block order the same way, so the first maximal row wins on both backends. No arithmetic
 * (comparisons of the magnitude bits only): tolerance exact.
 *
 * Device: level 1 one thread per (block, column) over windows of rows (the matrix may exceed
 * one storage binding), level 2 one thread per column over windows of block partials.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { BLOCK, bindAt, blocksOf, pointWindows, rowWindows } from './linalg-layout.js';
import { ENTRY, LINEAR } from './linalg-wgsl.js';
import type { Matrix } from './types.js';

const OP = 'linalg/col-absmax';

export interface ColAbsMaxResult {
  /** d int32: the first row of largest magnitude in each column (-1 for n = 0). */
  readonly index: DataBuffer<'int32'>;
  /** d float64: the signed value at that row (NaN for n = 0). */
  readonly value: DataBuffer<'float64'>;
}

/** The magnitude key: |x|'s bits with every NaN as the canonical one (larger than +Inf). */
const KEY = /* wgsl */ `
fn am_key(v: vec2<u32>) -> vec2<u32> {
  let h = v.y & 0x7fffffffu;
  if (h > 0x7ff00000u || (h == 0x7ff00000u && v.x != 0u)) { return vec2<u32>(0u, 0x7ff80000u); }
  return vec2<u32>(v.x, h);
}
fn am_gt(a: vec2<u32>, b: vec2<u32>) -> bool {
  let ka = am_key(a);
  let kb = am_key(b);
  return ka.y > kb.y || (ka.y == kb.y && ka.x > kb.x);
}
fn am_canon(v: vec2<u32>) -> vec2<u32> {
  let h = v.y & 0x7fffffffu;
  if (h > 0x7ff00000u || (h == 0x7ff00000u && v.x != 0u)) { return vec2<u32>(0u, 0x7ff80000u); }
  return v;
}`;

const BLOCK_SHADER = {
  label: 'linalg/col-absmax-block',
  code: /* wgsl */ `
// linalg/col-absmax level 1: for block b of the window and column j, the first row of largest
// |x| in the block. Bindings: 1 M (matrix window), 2 PV (winner values), 3 PI (winner rows,
// global). Uniforms: cnt rows in the window, d, nb blocks, pOff partial offset, row0 window start.
struct Params { cnt: u32, d: u32, nb: u32, pOff: u32, row0: u32, iOff: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> PV: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> PI: array<u32>;
${KEY}
${ENTRY} {
  let t = ${LINEAR};
  let b = t / P.d;
  let j = t % P.d;
  if (b >= P.nb) { return; }
  let start = b * ${BLOCK}u;
  let end = min(start + ${BLOCK}u, P.cnt);
  var best = M[start * P.d + j];
  var at = start;
  for (var i = start + 1u; i < end; i = i + 1u) {
    let v = M[i * P.d + j];
    if (am_gt(v, best)) { best = v; at = i; }
  }
  PV[P.pOff + b * P.d + j] = am_canon(best);
  PI[P.iOff + b * P.d + j] = P.row0 + at;
}`,
};

const FOLD_SHADER = {
  label: 'linalg/col-absmax-fold',
  code: /* wgsl */ `
// linalg/col-absmax level 2: fold the window's block winners of column j in block order into
// the running winner (V, I); the first window starts from its first block. Bindings: 1 PV,
// 2 PI (partials window), 3 V, 4 I (results).
struct Params { d: u32, cb: u32, first: u32, pOff: u32, iOff: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PV: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> PI: array<u32>;
@group(0) @binding(3) var<storage, read_write> V: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> I: array<i32>;
${KEY}
${ENTRY} {
  let j = ${LINEAR};
  if (j >= P.d) { return; }
  var b0 = 0u;
  var best = vec2<u32>(0u, 0u);
  var at = 0u;
  if (P.first != 0u) { best = PV[P.pOff + j]; at = PI[P.iOff + j]; b0 = 1u; } else { best = V[j]; at = u32(I[j]); }
  for (var b = b0; b < P.cb; b = b + 1u) {
    let v = PV[P.pOff + b * P.d + j];
    if (am_gt(v, best)) { best = v; at = PI[P.iOff + b * P.d + j]; }
  }
  V[j] = best;
  I[j] = i32(at);
}`,
};

function check(x: Matrix): void {
  if (x.data.length !== x.n * x.d) throw new ShapeError(`${OP}: expected a matrix of ${x.n} × ${x.d} = ${x.n * x.d} values, got ${x.data.length}`);
}

/** v beats best: NaN beats any number, else a strictly larger magnitude (ties keep best). */
function beats(v: number, best: number): boolean {
  if (best !== best) return false;
  if (v !== v) return true;
  return Math.abs(v) > Math.abs(best);
}

export function colAbsMaxCpu(x: Matrix): ColAbsMaxResult {
  check(x);
  const { n, d } = x;
  const m = x.data.hostView(OP) as Float64Array;
  const index = new Int32Array(d).fill(-1);
  const value = new Float64Array(d).fill(NaN);
  if (n > 0) {
    // Block winners in row order, then across blocks in block order: the first maximal row either way.
    for (let j = 0; j < d; j++) {
      let best = m[j]!;
      let at = 0;
      for (let i = 1, q = d + j; i < n; i++, q += d) {
        const v = m[q]!;
        if (beats(v, best)) {
          best = v;
          at = i;
        }
      }
      index[j] = at;
      value[j] = best === best ? best : NaN;
    }
  }
  return { index: DataBuffer.fromHost(index, 'int32'), value: DataBuffer.fromHost(value, 'float64') };
}

export function colAbsMaxGpu(ctx: GpuContext, x: Matrix): ColAbsMaxResult {
  check(x);
  const { n, d } = x;
  if (n === 0 || d === 0) return { index: DataBuffer.fromHost(new Int32Array(d).fill(-1), 'int32'), value: DataBuffer.fromHost(new Float64Array(d).fill(NaN), 'float64') };
  const rec = new Recorder(ctx);
  const m = x.data.deviceBuffer(ctx, OP);
  const nb = blocksOf(n);
  const pv = rec.temp(nb * d * 8);
  const pi = rec.temp(nb * d * 4);
  const value = rec.output(d * 8);
  const index = rec.output(d * 4);
  for (const w of pointWindows(OP, n, d * 8, ctx.maxBindingBytes)) {
    const nbw = blocksOf(w.count);
    const b0 = (w.start / BLOCK) * d;
    const v = bindAt(pv, b0, nbw * d, 8);
    const i = bindAt(pi, b0, nbw * d, 4);
    rec.dispatch(BLOCK_SHADER, new Uint32Array([w.count, d, nbw, v.off, w.start, i.off, 0, 0]), [slice(m, w.start * d, w.count * d, 8), v.binding, i.binding], groups(nbw * d));
  }
  for (const w of rowWindows(OP, nb, d * 12, ctx.maxBindingBytes)) {
    const v = bindAt(pv, w.start * d, w.count * d, 8);
    const i = bindAt(pi, w.start * d, w.count * d, 4);
    rec.dispatch(FOLD_SHADER, new Uint32Array([d, w.count, w.start === 0 ? 1 : 0, v.off, i.off, 0, 0, 0]), [v.binding, i.binding, value, index], groups(d));
  }
  rec.submit();
  return { index: DataBuffer.fromDevice(ctx, 'int32', d, index), value: DataBuffer.fromDevice(ctx, 'float64', d, value) };
}

/** Per column, the first row of largest magnitude and the signed value there (numpy's argmax of |X| along rows). */
export const linalgColAbsMax = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: a NaN counts as the largest magnitude (the first NaN of a column wins, as numpy argmax).',
  cpu: (x: Matrix) => colAbsMaxCpu(x),
  gpu: (ctx, x: Matrix) => colAbsMaxGpu(ctx, x),
});
