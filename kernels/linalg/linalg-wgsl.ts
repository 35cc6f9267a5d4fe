/**
 * WGSL shared by the dense float64 ops: the exact binary64 prelude (soft-f64 add, sub, mul,
 * div from ../f64/, no f32 operation anywhere), the entry point over a 1-D or 2-D grid, and
 * the level-2 fold of per-block partials (sum, min or max) with its recorder.
 *
 * Every NaN a soft-f64 operation yields is the canonical quiet NaN 0x7ff8000000000000; the
 * CPU twins write JS's `NaN` (the same bits) wherever a result is NaN, so outputs agree bit
 * for bit.
 */
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { groups, type Recorder, WG } from '../runner.js';
import { bindAt, rowWindows } from './linalg-layout.js';

/** The linear thread index over a 1-D or 2-D grid. */
export const LINEAR = `gid.x + gid.y * nwg.x * ${WG}u`;

/** The entry point signature every dense float64 kernel uses. */
export const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32)`;

export const LA_PRELUDE = /* wgsl */ `
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
const LA_ZERO = vec2<u32>(0u, 0u);
fn la_finite(a: vec2<u32>) -> bool { return (a.y & 0x7ff00000u) != 0x7ff00000u; }
// a < b as float64 values (neither NaN; -0 equals +0): compare sign-adjusted bit keys.
fn la_key(a: vec2<u32>) -> vec2<u32> {
  if (a.x == 0u && (a.y & 0x7fffffffu) == 0u) { return vec2<u32>(0u, 0x80000000u); }
  if ((a.y & 0x80000000u) != 0u) { return vec2<u32>(~a.x, ~a.y); }
  return vec2<u32>(a.x, a.y | 0x80000000u);
}
fn la_lt(a: vec2<u32>, b: vec2<u32>) -> bool {
  let ka = la_key(a);
  let kb = la_key(b);
  return ka.y < kb.y || (ka.y == kb.y && ka.x < kb.x);
}
// One step of a running min (mx = false) or max (mx = true): NaN is sticky (canonical), ties keep acc.
fn la_pick(acc: vec2<u32>, x: vec2<u32>, mx: bool) -> vec2<u32> {
  if (sf64_is_nan(acc) || sf64_is_nan(x)) { return SF64_QNAN; }
  if (select(la_lt(x, acc), la_lt(acc, x), mx)) { return x; }
  return acc;
}
`;

/** The CPU twin of `la_pick`: one step of a running min or max (NaN sticky, ties keep acc). */
export function pick(acc: number, x: number, max: boolean): number {
  if (acc !== acc || x !== x) return NaN;
  return (max ? acc < x : x < acc) ? x : acc;
}

export type FoldOp = 'add' | 'min' | 'max' | 'u32';

/**
 * Level 2 of every blocked reduction: T[q] (op)= PS[b * Q + map(q)] for the window's blocks
 * in order, one thread per q; the first window starts from the identity (+0 for sums, the
 * first block's value for min and max), later ones from T. With `sym` (a d * d output of a
 * symmetric matrix whose partials hold the upper triangle), thread q = a * d + c reads entry
 * (min(a, c), max(a, c)), so the full matrix is written from the upper triangle.
 */
export function foldShader(op: FoldOp) {
  const T = op === 'u32' ? 'u32' : 'vec2<u32>';
  const step = { add: 'f64_add(acc, v)', u32: 'acc + v', min: 'la_pick(acc, v, false)', max: 'la_pick(acc, v, true)' }[op];
  const zero = op === 'u32' ? '0u' : 'LA_ZERO';
  const code = /* wgsl */ `
// linalg/fold-${op}: sequential reduction over blocks of per-block partials, one thread per
// output. Bindings: 1 PS (partials window, row b holds Q values), 2 T (Q running results).
struct Params { q: u32, cb: u32, first: u32, pOff: u32, sym: u32, d: u32, q2: u32, q3: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PS: array<${T}>;
@group(0) @binding(2) var<storage, read_write> T: array<${T}>;
${op === 'u32' ? '' : LA_PRELUDE}
${ENTRY} {
  let q = ${LINEAR};
  if (q >= P.q) { return; }
  var src = q;
  if (P.sym != 0u) {
    let a = q / P.d;
    let c = q % P.d;
    src = min(a, c) * P.d + max(a, c);
  }
  var b0 = 0u;
  var acc = ${zero};
  if (P.first == 0u) { acc = T[q]; } else if (${op === 'min' || op === 'max' ? 'true' : 'false'}) { acc = PS[P.pOff + src]; b0 = 1u; }
  for (var b = b0; b < P.cb; b = b + 1u) {
    let v = PS[P.pOff + b * P.q + src];
    acc = ${step};
  }
  T[q] = acc;
}`;
  return { label: `linalg/fold-${op}`, code };
}

/**
 * T[q] = reduction over rows b of PS[b * q + q'] in row order (level 2), window by window.
 * `sym` gives the d * d symmetric fold described at `foldShader` (then q = d * d).
 */
export function recordFold(rec: Recorder, ps: GPUBuffer, rows: number, q: number, total: GPUBuffer, op: FoldOp = 'add', sym = 0): void {
  const bytes = op === 'u32' ? 4 : 8;
  if (rows === 0) {
    rec.clear(total, 0, q * bytes);
    return;
  }
  for (const w of rowWindows('linalg/fold', rows, q * bytes, rec.ctx.maxBindingBytes)) {
    const { binding, off } = bindAt(ps, w.start * q, w.count * q, bytes);
    rec.dispatch(foldShader(op), new Uint32Array([q, w.count, w.start === 0 ? 1 : 0, off, sym ? 1 : 0, sym, 0, 0]), [binding, total], groups(q));
  }
}
