/**
 * WGSL shared by the logistic ops ('logistic/loss', 'logistic/proba', 'logistic/argmax'):
 * the float64 library (exact soft-f64 +, −, ×, ÷ and the df64-based m64_exp / m64_log of
 * ../expr/math-wgsl.ts), an ordered float64 compare, a compensated log1p, and the row
 * layout helpers. Every kernel calls `df64_init(P.key)` first (the df64 compiler fence).
 *
 * Accuracy: m64_exp is within 1e-14 relative of Math.exp, m64_log within 1e-13 of Math.log
 * (../expr/math-wgsl.ts); everything else is exact binary64. lg_log1p(t) for t in [0, 1]:
 * s = fl(1 + t) and the rounding error c = t − (s − 1) (exact), then log(s) + c / s.
 */
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import { DF64_WGSL } from '../df64/df64.js';
import { INT64_WGSL } from '../expr/int64-wgsl.js';
import { F64_EXTRA_WGSL } from '../expr/f64-extra-wgsl.js';
import { MATH_WGSL } from '../expr/math-wgsl.js';

/** The float64 math library and the logistic helpers. */
export const LOGISTIC_LIB = [
  SOFT_F64_WGSL,
  SOFT_F64_MUL_WGSL,
  SOFT_F64_SQRT_WGSL,
  INT64_WGSL,
  F64_EXTRA_WGSL,
  DF64_WGSL,
  MATH_WGSL,
  /* wgsl */ `
const LG_ONE = vec2<u32>(0u, 0x3ff00000u);
const LG_ZERO = vec2<u32>(0u, 0u);
// Sign-adjusted bit key: unsigned order of keys = numeric order of non-NaN float64 (-0 = +0).
fn lg_key(a: vec2<u32>) -> vec2<u32> {
  if (a.x == 0u && (a.y & 0x7fffffffu) == 0u) { return vec2<u32>(0u, 0x80000000u); }
  if ((a.y & 0x80000000u) != 0u) { return vec2<u32>(~a.x, ~a.y); }
  return vec2<u32>(a.x, a.y | 0x80000000u);
}
// a < b for non-NaN float64.
fn lg_lt(a: vec2<u32>, b: vec2<u32>) -> bool {
  let ka = lg_key(a);
  let kb = lg_key(b);
  return ka.y < kb.y || (ka.y == kb.y && ka.x < kb.x);
}
// a <= 0 (true for -0).
fn lg_nonpos(a: vec2<u32>) -> bool { return (a.y & 0x80000000u) != 0u || m64_is_zero(a); }
// log(1 + t) for t in [0, 1].
fn lg_log1p(t: vec2<u32>) -> vec2<u32> {
  let s = f64_add(LG_ONE, t);
  let c = f64_sub(t, f64_sub(s, LG_ONE));
  return f64_add(m64_log(s), f64_div(c, s));
}
// The largest of the r values from Z[b].
fn lg_rowmax(b: u32, r: u32) -> vec2<u32> {
  var m = Z[b];
  for (var k = 1u; k < r; k = k + 1u) { let v = Z[b + k]; if (lg_lt(m, v)) { m = v; } }
  return m;
}
// Σ_k exp(Z[b + k] − m), in column order from +0.
fn lg_sumexp(b: u32, r: u32, m: vec2<u32>) -> vec2<u32> {
  var s = LG_ZERO;
  for (var k = 0u; k < r; k = k + 1u) { s = f64_add(s, m64_exp(f64_sub(Z[b + k], m))); }
  return s;
}
`,
].join('\n');

/** The CPU twin of lg_rowmax. */
export function rowMax(z: Float64Array, b: number, r: number): number {
  let m = z[b]!;
  for (let k = 1; k < r; k++) if (m < z[b + k]!) m = z[b + k]!;
  return m;
}

/** The CPU twin of lg_sumexp. */
export function sumExp(z: Float64Array, b: number, r: number, m: number): number {
  let s = 0;
  for (let k = 0; k < r; k++) s += Math.exp(z[b + k]! - m);
  return s;
}
