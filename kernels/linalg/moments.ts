/**
 * 'linalg/moments': per-column mean and population variance (numpy's `np.var`, ddof 0) of a
 * row-major float64 Matrix, and optionally per-column min and max: one float64 buffer of
 * 2d values (means, then variances) or, with `{ range: true }`, 4d (means, variances, mins,
 * maxs). The scalers' and KMeans' statistics.
 *
 * Order (./linalg-layout.ts): sum_j = blocks of 256 rows summed in row order from +0, block
 * sums in block order from +0; mean_j = sum_j / n; then the same for (x_ij - mean_j)^2,
 * divided by n. min/max: per block from the block's first row in row order, then over blocks
 * in order, NaN sticky (any NaN gives NaN), -0 and +0 equal (the first seen is kept). Exact
 * binary64 on the device (soft-f64), the same operations in the twin: tolerance exact.
 * n = 0 gives NaN everywhere (0 / 0).
 */
import type { GpuContext } from '../../src/device/index.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { BLOCK, bindAt, blocksOf, f64Words, pointWindows } from './linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR, pick, recordFold } from './linalg-wgsl.js';
import type { Matrix } from './types.js';

const OP = 'linalg/moments';

export interface MomentsOptions {
  /** Also return per-column min and max (4d values instead of 2d). */
  readonly range?: boolean;
}

/** Level 1: one thread per (block, column) of the window: sum of x (mode 0, with min/max when asked) or (x - MU)^2 (mode 1). */
function colsumShader(range: boolean) {
  const code = /* wgsl */ `
// linalg/moments level 1: PS[pOff + b * d + j] = sum over block b of x_ij (mode 0) or
// (x_ij - MU[j])^2 (mode 1)${range ? '; in mode 0 also PMIN/PMAX = the block min/max' : ''}.
// Bindings: 1 M (window), 2 MU (means), 3 PS (partials window)${range ? ', 4 PMIN, 5 PMAX' : ''}.
struct Params { cnt: u32, d: u32, nb: u32, pOff: u32, mode: u32, q0: u32, q1: u32, q2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> MU: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> PS: array<vec2<u32>>;
${range ? '@group(0) @binding(4) var<storage, read_write> PMIN: array<vec2<u32>>;\n@group(0) @binding(5) var<storage, read_write> PMAX: array<vec2<u32>>;' : ''}
${LA_PRELUDE}
${ENTRY} {
  let t = ${LINEAR};
  let b = t / P.d;
  let j = t % P.d;
  if (b >= P.nb) { return; }
  let start = b * ${BLOCK}u;
  let end = min(start + ${BLOCK}u, P.cnt);
  var acc = LA_ZERO;
  if (P.mode == 0u) {
    ${range ? 'var lo = M[start * P.d + j];\n    var hi = lo;' : ''}
    for (var i = start; i < end; i = i + 1u) {
      let x = M[i * P.d + j];
      acc = f64_add(acc, x);
      ${range ? 'lo = la_pick(lo, x, false);\n      hi = la_pick(hi, x, true);' : ''}
    }
    ${range ? 'PMIN[P.pOff + b * P.d + j] = lo;\n    PMAX[P.pOff + b * P.d + j] = hi;' : ''}
  } else {
    let mu = MU[j];
    for (var i = start; i < end; i = i + 1u) {
      let x = f64_sub(M[i * P.d + j], mu);
      acc = f64_add(acc, f64_mul(x, x));
    }
  }
  PS[P.pOff + b * P.d + j] = acc;
}`;
  return { label: `linalg/colsum${range ? '-range' : ''}`, code };
}

/** S[outOff + j] = T[j] / n (n as float64 bits in the uniforms), one thread per j. */
function divideShader() {
  const code = /* wgsl */ `
// linalg/divide: S[outOff + j] = T[j] / n, correctly rounded. Bindings: 1 T, 2 S.
struct Params { d: u32, outOff: u32, nlo: u32, nhi: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> T: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> S: array<vec2<u32>>;
${LA_PRELUDE}
${ENTRY} {
  let j = ${LINEAR};
  if (j >= P.d) { return; }
  S[P.outOff + j] = f64_div(T[j], vec2<u32>(P.nlo, P.nhi));
}`;
  return { label: 'linalg/divide', code };
}

export function momentsCpu(x: Matrix, opts: MomentsOptions = {}): DataBuffer<'float64'> {
  const { n, d } = x;
  const range = opts.range === true;
  const m = x.data.hostView(OP) as Float64Array;
  const s = new Float64Array((range ? 4 : 2) * d);
  if (n === 0) return DataBuffer.fromHost(s.fill(NaN), 'float64');
  const acc = new Float64Array(d);
  const total = new Float64Array(d);
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  for (let base = 0, b = 0; base < n; base += BLOCK, b++) {
    const end = Math.min(base + BLOCK, n);
    acc.fill(0);
    if (range) {
      for (let j = 0; j < d; j++) lo[j] = hi[j] = m[base * d + j]!;
    }
    for (let i = base; i < end; i++) {
      const r = i * d;
      for (let j = 0; j < d; j++) acc[j]! += m[r + j]!;
      if (range) {
        for (let j = 0; j < d; j++) {
          const v = m[r + j]!;
          lo[j] = pick(lo[j]!, v, false);
          hi[j] = pick(hi[j]!, v, true);
        }
      }
    }
    for (let j = 0; j < d; j++) total[j]! += acc[j]!;
    if (range) {
      for (let j = 0; j < d; j++) {
        s[2 * d + j] = b === 0 ? lo[j]! : pick(s[2 * d + j]!, lo[j]!, false);
        s[3 * d + j] = b === 0 ? hi[j]! : pick(s[3 * d + j]!, hi[j]!, true);
      }
    }
  }
  for (let j = 0; j < d; j++) s[j] = total[j]! / n;
  total.fill(0);
  for (let base = 0; base < n; base += BLOCK) {
    acc.fill(0);
    const end = Math.min(base + BLOCK, n);
    for (let i = base; i < end; i++) {
      const r = i * d;
      for (let j = 0; j < d; j++) {
        const t = m[r + j]! - s[j]!;
        acc[j]! += t * t;
      }
    }
    for (let j = 0; j < d; j++) total[j]! += acc[j]!;
  }
  for (let j = 0; j < d; j++) s[d + j] = total[j]! / n;
  for (let q = 0; q < s.length; q++) if (s[q] !== s[q]) s[q] = NaN;
  return DataBuffer.fromHost(s, 'float64');
}

export function momentsGpu(ctx: GpuContext, x: Matrix, opts: MomentsOptions = {}): DataBuffer<'float64'> {
  const { n, d } = x;
  const range = opts.range === true;
  const width = (range ? 4 : 2) * d;
  if (n === 0 || d === 0) return DataBuffer.fromHost(new Float64Array(width).fill(NaN), 'float64');
  const rec = new Recorder(ctx);
  const m = x.data.deviceBuffer(ctx, OP);
  const nb = blocksOf(n);
  const ps = rec.temp(nb * d * 8);
  const pmin = range ? rec.temp(nb * d * 8) : undefined;
  const pmax = range ? rec.temp(nb * d * 8) : undefined;
  const total = rec.temp(d * 8);
  const s = rec.output(width * 8);
  const [nlo, nhi] = f64Words(n);
  const wins = pointWindows(OP, n, d * 8, ctx.maxBindingBytes);
  for (const mode of [0, 1]) {
    const withRange = range && mode === 0;
    for (const w of wins) {
      const nbw = blocksOf(w.count);
      const p = bindAt(ps, (w.start / BLOCK) * d, nbw * d, 8);
      const binds = [slice(m, w.start * d, w.count * d, 8), s, p.binding];
      if (withRange) binds.push(bindAt(pmin!, (w.start / BLOCK) * d, nbw * d, 8).binding, bindAt(pmax!, (w.start / BLOCK) * d, nbw * d, 8).binding);
      rec.dispatch(colsumShader(withRange), new Uint32Array([w.count, d, nbw, p.off, mode, 0, 0, 0]), binds, groups(nbw * d));
    }
    recordFold(rec, ps, nb, d, total);
    rec.dispatch(divideShader(), new Uint32Array([d, mode * d, nlo, nhi]), [total, s], groups(d));
  }
  if (range) {
    const t = rec.temp(d * 8);
    recordFold(rec, pmin!, nb, d, t, 'min');
    rec.copy(t, 0, s, 2 * d * 8, d * 8);
    const u = rec.temp(d * 8);
    recordFold(rec, pmax!, nb, d, u, 'max');
    rec.copy(u, 0, s, 3 * d * 8, d * 8);
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', width, s);
}

/** Per-column mean and population variance (2d float64: means then variances), with min and max (4d) when `range` is set. */
export const linalgMoments = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: the matrix comes from linalg/pack (nulls are NaN there); NaN propagates to the mean, variance, min and max of its column.',
  cpu: (x: Matrix, opts?: MomentsOptions) => momentsCpu(x, opts),
  gpu: (ctx, x: Matrix, opts?: MomentsOptions) => momentsGpu(ctx, x, opts),
});
