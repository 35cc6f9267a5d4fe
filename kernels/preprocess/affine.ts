/**
 * 'preprocess/affine': the per-column affine maps of the scalers, each column float64 or
 * float32 (widened exactly) into a new float64 column:
 * - mode 'divide':   y = (x - shift_j) / scale_j   (scikit-learn's `X -= shift; X /= scale`);
 * - mode 'multiply': y = x * scale_j + shift_j     (`X *= scale; X += shift`);
 * a missing shift or scale skips its step; `clip` [lo, hi] then bounds y (NaN stays NaN, as
 * `np.clip`). Each step is one correctly rounded binary64 operation: soft-f64 on the device, the
 * same operation in the CPU twin, so the backends agree bit for bit (tolerance exact). NaN
 * results are the canonical quiet NaN on both.
 *
 * Device: one thread per element of one column per dispatch, windows of rows so a column may
 * exceed one storage binding, a 2-D grid past 65,535 workgroups; parameters (as float64 bits)
 * in the uniforms, never in shader text. Validity is the caller's (the scalers refuse nulls).
 */
import type { GpuContext } from '../../src/device/index.js';
import { dtypeInfo } from '../../src/dtypes.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { f64Words, pointWindows } from '../linalg/linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR, pick } from '../linalg/linalg-wgsl.js';

const OP = 'preprocess/affine';

/** The map applied to every column (per-column shift and scale, d values each). */
export interface AffineParams {
  readonly mode: 'divide' | 'multiply';
  readonly shift: Float64Array | null;
  readonly scale: Float64Array | null;
  /** Bound the result into [lo, hi]. */
  readonly clip?: readonly [number, number];
}

const SHIFT = 1;
const SCALE = 2;
const MULTIPLY = 4;
const CLIP = 8;

function flagsOf(p: AffineParams): number {
  return (p.shift ? SHIFT : 0) | (p.scale ? SCALE : 0) | (p.mode === 'multiply' ? MULTIPLY : 0) | (p.clip ? CLIP : 0);
}

function affineShader(f32: boolean) {
  const code = /* wgsl */ `
// preprocess/affine: Y[i] = the affine map of X[i] (see the module comment), one thread per
// element of the window. Bindings: 1 X (column window, ${f32 ? 'float32' : 'float64'}), 2 Y (float64 window).
// flags: 1 shift, 2 scale, 4 multiply mode, 8 clip; every float64 parameter as (lo, hi) words.
struct Params { n: u32, flags: u32, s0: u32, s1: u32, k0: u32, k1: u32, a0: u32, a1: u32, b0: u32, b1: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<${f32 ? 'u32' : 'vec2<u32>'}>;
@group(0) @binding(2) var<storage, read_write> Y: array<vec2<u32>>;
${LA_PRELUDE}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  var v = ${f32 ? 'f64_from_f32(X[i])' : 'X[i]'};
  let s = vec2<u32>(P.s0, P.s1);
  let k = vec2<u32>(P.k0, P.k1);
  if ((P.flags & 4u) == 0u) {
    if ((P.flags & 1u) != 0u) { v = f64_sub(v, s); }
    if ((P.flags & 2u) != 0u) { v = f64_div(v, k); }
  } else {
    if ((P.flags & 2u) != 0u) { v = f64_mul(v, k); }
    if ((P.flags & 1u) != 0u) { v = f64_add(v, s); }
  }
  if ((P.flags & 8u) != 0u) {
    v = la_pick(la_pick(v, vec2<u32>(P.a0, P.a1), true), vec2<u32>(P.b0, P.b1), false);
  }
  if (sf64_is_nan(v)) { v = SF64_QNAN; }
  Y[i] = v;
}`;
  return { label: `${OP}-${f32 ? 'f32' : 'f64'}`, code };
}

/** (x − s) / k over the column, with the absent steps left out; NaN canonical. */
function divide(x: Float64Array | Float32Array, y: Float64Array, f: number, s: number, k: number): void {
  const n = x.length;
  if ((f & SHIFT) && (f & SCALE)) {
    for (let i = 0; i < n; i++) {
      const v = (x[i]! - s) / k;
      y[i] = v === v ? v : NaN;
    }
  } else if (f & SHIFT) {
    for (let i = 0; i < n; i++) {
      const v = x[i]! - s;
      y[i] = v === v ? v : NaN;
    }
  } else if (f & SCALE) {
    for (let i = 0; i < n; i++) {
      const v = x[i]! / k;
      y[i] = v === v ? v : NaN;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      y[i] = v === v ? v : NaN;
    }
  }
}

/** x · k + s over the column, with the absent steps left out; NaN canonical. */
function multiply(x: Float64Array | Float32Array, y: Float64Array, f: number, s: number, k: number): void {
  const n = x.length;
  if ((f & SHIFT) && (f & SCALE)) {
    for (let i = 0; i < n; i++) {
      const v = x[i]! * k + s;
      y[i] = v === v ? v : NaN;
    }
  } else if (f & SCALE) {
    for (let i = 0; i < n; i++) {
      const v = x[i]! * k;
      y[i] = v === v ? v : NaN;
    }
  } else if (f & SHIFT) {
    for (let i = 0; i < n; i++) {
      const v = x[i]! + s;
      y[i] = v === v ? v : NaN;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      y[i] = v === v ? v : NaN;
    }
  }
}

/**
 * One column: a loop per combination of steps (each step one correctly rounded operation, as
 * the device; JS never fuses x · k + s), then the clip (NaN stays NaN).
 */
function column(x: Float64Array | Float32Array, f: number, s: number, k: number, lo: number, hi: number): Float64Array {
  const y = new Float64Array(x.length);
  if (f & MULTIPLY) multiply(x, y, f, s, k);
  else divide(x, y, f, s, k);
  if (f & CLIP) for (let i = 0; i < y.length; i++) y[i] = pick(pick(y[i]!, lo, true), hi, false);
  return y;
}

export function affineCpu(cols: readonly DataBuffer[], p: AffineParams): DataBuffer<'float64'>[] {
  const f = flagsOf(p);
  const [lo, hi] = p.clip ?? [0, 0];
  return cols.map((c, j) => DataBuffer.fromHost(column(c.hostView(OP) as Float64Array | Float32Array, f, p.shift?.[j] ?? 0, p.scale?.[j] ?? 1, lo, hi), 'float64'));
}

export function affineGpu(ctx: GpuContext, cols: readonly DataBuffer[], p: AffineParams): DataBuffer<'float64'>[] {
  const f = flagsOf(p);
  const [a0, a1] = f64Words(p.clip?.[0] ?? 0);
  const [b0, b1] = f64Words(p.clip?.[1] ?? 0);
  const rec = new Recorder(ctx);
  const outs = cols.map((c, j) => {
    const n = c.length;
    const y = rec.output(n * 8);
    if (n === 0) return { y, n };
    const f32 = c.dtype === 'float32';
    const xb = dtypeInfo(c.dtype).bytes;
    const x = c.deviceBuffer(ctx, OP);
    const [s0, s1] = f64Words(p.shift?.[j] ?? 0);
    const [k0, k1] = f64Words(p.scale?.[j] ?? 1);
    for (const w of pointWindows(OP, n, 8, ctx.maxBindingBytes)) {
      const u = new Uint32Array([w.count, f, s0, s1, k0, k1, a0, a1, b0, b1, 0, 0]);
      rec.dispatch(affineShader(f32), u, [slice(x, w.start, w.count, xb), slice(y, w.start, w.count, 8)], groups(w.count));
    }
    return { y, n };
  });
  rec.submit();
  return outs.map(({ y, n }) => DataBuffer.fromDevice(ctx, 'float64', n, y));
}

/** Per-column (x - shift) / scale or x * scale + shift (optionally clipped) into new float64 columns. */
export const preprocessAffine = defineKernel({
  name: OP,
  dtypes: ['float64', 'float32'],
  tolerance: EXACT,
  nulls: 'No validity in or out: the scalers refuse nulls before calling it; NaN propagates (canonical quiet NaN).',
  cpu: (cols: readonly DataBuffer[], p: AffineParams) => affineCpu(cols, p),
  gpu: (ctx, cols: readonly DataBuffer[], p: AffineParams) => affineGpu(ctx, cols, p),
});
