/**
 * WGSL fragment: float64 elementary functions on raw bits (vec2<u32>), for the fused
 * expression kernel. Special values (NaN, ±0, ±Inf, out-of-domain) follow JS Math.* exactly;
 * finite results come from double-float (../df64) polynomials after an argument reduction
 * done in exact software binary64 (../f64), so the 48-bit df64 representation never has to
 * hold a large argument. Accuracy against JS Math.* (measured by test/kernels/expr):
 *
 * - m64_exp: k = round(x/ln2) and r = x − k·ln2 with fdlibm's two-part ln2 (k·LN2_HI exact),
 *   Taylor to r^15 in df64, then ·2^k exactly. Relative error ≤ 1e-14.
 * - m64_log: x = m·2^e with m in [√½, √2]; f = m − 1 exact; log m = 2·atanh(f/(m+1)) by its
 *   series (to u^25) in df64; + e·ln2. Relative error ≤ 1e-13.
 * - m64_pow: JS's special cases, the sign for negative bases with integer exponents, then
 *   exp(y·log|x|) with the product and the exponential in df64 (ln2 in three parts): relative
 *   error ≤ 5e-14 · max(1, |y·ln x|).
 * - m64_sin/m64_cos/m64_tan: x − k·π/2 with fdlibm's three-part π/2 (exact products for
 *   |k| < 2^20), then the df64 quadrant polynomials of ../df64/df64-trig.ts. Finite |x| ≥ 2^20·π/2
 *   is outside the reduction: `m64_trig_ok` is false there and the kernel raises a status bit
 *   (the result is NaN and the evaluation fails). Relative error ≤ 1e-13 (absolute 1e-16 near
 *   the zeros of sin and cos).
 * - m64_atan, m64_asin, m64_acos, m64_atan2: df64_atan2 after exact scaling by a power of
 *   two; 1 − x and 1 + x in binary64 (1 − x exact) for asin/acos; tiny ratios take the
 *   exact limits (atan2(y, x) = y/x for x > 0, ±π, ±π/2). Relative error ≤ 1e-13.
 * - Tiny arguments (|x| < 2^-28) return what fdlibm returns: sin, tan, atan, asin → x; cos → 1.
 *
 * Needs SOFT_F64_WGSL (+ mul, sqrt), F64_EXTRA_WGSL, INT64_WGSL and DF64_WGSL.
 */
const f64v = new Float64Array(1);
const u32v = new Uint32Array(f64v.buffer);
const f32v = new Float32Array(1);
const f32u = new Uint32Array(f32v.buffer);

/** WGSL vec2<u32> bits of the float64 x. */
function bits(x: number): string {
  f64v[0] = x;
  return `vec2<u32>(0x${u32v[0]!.toString(16)}u, 0x${u32v[1]!.toString(16)}u)`;
}
/** WGSL exact f32 from bits. */
function f32(x: number): string {
  f32v[0] = x;
  return `bitcast<f32>(0x${f32u[0]!.toString(16).padStart(8, '0')}u)`;
}
/** A df64 constant (hi, lo) for the float64 x. */
function df(x: number): string {
  const hi = Math.fround(x);
  return `vec2<f32>(${f32(hi)}, ${f32(Math.fround(x - hi))})`;
}
function fact(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}
/** Horner in df64 over coefficients c[0..], highest first: p = Σ c[i]·z^i. */
function horner(name: string, coef: number[]): string {
  const lines = [`  var p = ${df(coef[coef.length - 1]!)};`];
  for (let i = coef.length - 2; i >= 0; i--) lines.push(`  p = df64_add(df64_mul(p, z), ${df(coef[i]!)});`);
  return `fn ${name}(z: vec2<f32>) -> vec2<f32> {\n${lines.join('\n')}\n  return p;\n}`;
}

const LN2_HI = 6.93147180369123816490e-1; // fdlibm: 32 significant bits, k·LN2_HI exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10;
const L1 = Math.fround(LN2_HI);
const REM = LN2_HI - L1 + LN2_LO;
const L2 = Math.fround(REM);
const L3 = Math.fround(REM - L2);
// fdlibm's π/2 in 33-bit parts: k·PIO2_1 and k·PIO2_2 are exact for |k| < 2^20.
const PIO2_1 = 1.57079632673412561417e0;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;

/** |x| from which sin/cos/tan leave the reduction (also in ./expr-cpu.ts, as TRIG_LIMIT). */
export const TRIG_LIMIT_BITS = bits(2 ** 20 * (Math.PI / 2));

export const MATH_WGSL = /* wgsl */ `
// ---- float64 elementary functions (df64 after exact reduction) ----
const M64_ONE = ${bits(1)};
const M64_NAN = vec2<u32>(0u, 0x7ff80000u);
const M64_INF = vec2<u32>(0u, 0x7ff00000u);
const M64_PI = ${bits(Math.PI)};
const M64_PI_2 = ${bits(Math.PI / 2)};
const M64_PI_4 = ${bits(Math.PI / 4)};
const M64_3PI_4 = ${bits((3 * Math.PI) / 4)};
const M64_LN2 = ${df(Math.LN2)};
${horner('m64_exp_poly', Array.from({ length: 16 }, (_, n) => 1 / fact(n)))}
${horner('m64_atanh_poly', Array.from({ length: 13 }, (_, n) => 1 / (2 * n + 1)))}
fn m64_abs(a: vec2<u32>) -> vec2<u32> { return vec2<u32>(a.x, a.y & 0x7fffffffu); }
fn m64_with_sign(a: vec2<u32>, s: u32) -> vec2<u32> { return vec2<u32>(a.x, (a.y & 0x7fffffffu) | s); }
fn m64_is_inf(a: vec2<u32>) -> bool { return (a.y & 0x7fffffffu) == 0x7ff00000u && a.x == 0u; }
fn m64_is_zero(a: vec2<u32>) -> bool { return ((a.y & 0x7fffffffu) | a.x) == 0u; }
// |a| < 2^e (e an unbiased exponent), for finite or infinite a.
fn m64_below(a: vec2<u32>, e: i32) -> bool { return (a.y & 0x7fffffffu) < (u32(e + 1023) << 20u); }
fn m64_df(a: vec2<u32>) -> vec2<f32> { return df64_from_f64(a).v; }
// a · 2^k exactly (one rounding when the result is subnormal), |k| < 3000.
fn m64_ldexp(a: vec2<u32>, k_in: i32) -> vec2<u32> {
  var r = a;
  var k = k_in;
  for (var i = 0; i < 4; i = i + 1) {
    if (k == 0) { break; }
    let s = clamp(k, -1000, 1000);
    r = f64_mul(r, vec2<u32>(0u, u32(s + 1023) << 20u));
    k = k - s;
  }
  return r;
}
fn m64_int(a: vec2<u32>) -> i32 {
  let c = f64x_to_int(a);
  return select(i32(c.mag.x), -i32(c.mag.x), c.neg);
}
// exp of a df64 argument t with |t| < 746: t − k·ln2 in df64 (ln2 in three f32 parts).
fn m64_exp_df(t: vec2<f32>) -> vec2<u32> {
  let k = round(t.x * ${f32(1 / Math.LN2)});
  var r = df64_sub(t, df64_two_prod(k, ${f32(L1)}));
  r = df64_sub(r, df64_two_prod(k, ${f32(L2)}));
  r = df64_add_f32(r, -(k * ${f32(L3)}));
  return m64_ldexp(df64_to_f64(m64_exp_poly(r)), i32(k));
}
fn m64_exp(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x)) { return M64_NAN; }
  let neg = (x.y & 0x80000000u) != 0u;
  if (!m64_below(x, 10)) { return select(M64_INF, vec2<u32>(0u, 0u), neg); }
  if (m64_below(x, -54)) { return M64_ONE; }
  let kf = f64x_round(f64_mul(x, ${bits(1 / Math.LN2)}));
  let hi = f64_sub(x, f64_mul(kf, ${bits(LN2_HI)}));
  let lo = f64_mul(kf, ${bits(LN2_LO)});
  let r = df64_sub(m64_df(hi), m64_df(lo));
  return m64_ldexp(df64_to_f64(m64_exp_poly(r)), m64_int(kf));
}
// log as df64 for finite x > 0.
fn m64_log_df(x: vec2<u32>) -> vec2<f32> {
  let u = sf64_unpack(x);
  var e = bitcast<i32>(u.z) - 1023;
  var m = vec2<u32>(u.x, (u.y & 0x000fffffu) | (1023u << 20u));
  if (!sf64_lt64(m, ${bits(Math.SQRT2)})) {
    m = vec2<u32>(m.x, m.y - 0x00100000u);
    e = e + 1;
  }
  let f = f64_sub(m, M64_ONE);
  let s = f64_add(m, M64_ONE);
  let q = df64_div(m64_df(f), m64_df(s));
  let l = df64_mul(df64_mul_f32(q, 2.0), m64_atanh_poly(df64_mul(q, q)));
  return df64_add(df64_mul_f32(M64_LN2, f32(e)), l);
}
fn m64_log(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x)) { return M64_NAN; }
  if (m64_is_zero(x)) { return vec2<u32>(0u, 0xfff00000u); }
  if ((x.y & 0x80000000u) != 0u) { return M64_NAN; }
  if (m64_is_inf(x)) { return M64_INF; }
  if (all(x == M64_ONE)) { return vec2<u32>(0u, 0u); }
  return df64_to_f64(m64_log_df(x));
}
fn m64_is_int(y: vec2<u32>) -> bool { return all(f64x_trunc(y) == y) && !m64_is_inf(y) && !sf64_is_nan(y); }
fn m64_is_odd(y: vec2<u32>) -> bool {
  if (!m64_is_int(y) || !m64_below(y, 53)) { return false; }
  return (f64x_to_int(y).mag.x & 1u) == 1u;
}
fn m64_pow(x: vec2<u32>, y: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(y)) { return M64_NAN; }
  if (m64_is_zero(y)) { return M64_ONE; }
  if (sf64_is_nan(x)) { return M64_NAN; }
  let ax = m64_abs(x);
  let ypos = (y.y & 0x80000000u) == 0u;
  let xneg = (x.y & 0x80000000u) != 0u;
  if (m64_is_inf(y)) {
    if (all(ax == M64_ONE)) { return M64_NAN; }
    let big = !sf64_lt64(ax, M64_ONE);
    return select(vec2<u32>(0u, 0u), M64_INF, big == ypos);
  }
  let odd = m64_is_odd(y);
  let sign = select(0u, 0x80000000u, xneg && odd);
  if (m64_is_inf(x) || m64_is_zero(x)) {
    // |x| = Inf: y > 0 → Inf, y < 0 → 0; |x| = 0: the reverse. Odd integer y keeps x's sign.
    let inf = m64_is_inf(x) == ypos;
    return vec2<u32>(0u, sign | select(0u, 0x7ff00000u, inf));
  }
  if (xneg && !m64_is_int(y)) { return M64_NAN; }
  if (all(ax == M64_ONE)) { return vec2<u32>(0u, sign | 0x3ff00000u); }
  let l = m64_log_df(ax);
  let t = df64_mul(l, m64_df(y));
  // Overflow and underflow limits of exp (the df64 product may be out of its own range).
  if (!(t.x < 745.2)) { return vec2<u32>(0u, sign | 0x7ff00000u); }
  if (!(t.x > -746.0)) { return vec2<u32>(0u, sign); }
  let r = m64_exp_df(t);
  return vec2<u32>(r.x, r.y | sign);
}
fn m64_trig_ok(x: vec2<u32>) -> bool { return sf64_is_nan(x) || m64_is_inf(x) || sf64_lt64(m64_abs(x), ${TRIG_LIMIT_BITS}); }
// sin and cos of x as df64 pairs (sin.hi, sin.lo, cos.hi, cos.lo), for finite |x| < 2^20·π/2.
fn m64_sincos(x: vec2<u32>) -> vec4<f32> {
  let kf = f64x_round(f64_mul(x, ${bits(2 / Math.PI)}));
  let a = f64_sub(x, f64_mul(kf, ${bits(PIO2_1)}));
  let w = f64_mul(kf, ${bits(PIO2_2)});
  let y0 = f64_sub(a, w);
  let y1 = f64_sub(f64_sub(a, y0), w);
  let w2 = f64_mul(kf, ${bits(PIO2_2T)});
  let r = df64_sub(df64_add(m64_df(y0), m64_df(y1)), m64_df(w2));
  return df64_sincos_quadrant(r, m64_int(kf));
}
fn m64_sin(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x) || m64_is_inf(x) || !m64_trig_ok(x)) { return M64_NAN; }
  if (m64_below(x, -28)) { return x; }
  return df64_to_f64(m64_sincos(x).xy);
}
fn m64_cos(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x) || m64_is_inf(x) || !m64_trig_ok(x)) { return M64_NAN; }
  if (m64_below(x, -28)) { return M64_ONE; }
  return df64_to_f64(m64_sincos(x).zw);
}
fn m64_tan(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x) || m64_is_inf(x) || !m64_trig_ok(x)) { return M64_NAN; }
  if (m64_below(x, -28)) { return x; }
  let sc = m64_sincos(x);
  return df64_to_f64(df64_div(sc.xy, sc.zw));
}
// atan2 of finite, nonzero y and x.
fn m64_atan2_finite(y: vec2<u32>, x: vec2<u32>) -> vec2<u32> {
  let ey = i32((y.y >> 20u) & 0x7ffu);
  let ex = i32((x.y >> 20u) & 0x7ffu);
  let sy = y.y & 0x80000000u;
  let xneg = (x.y & 0x80000000u) != 0u;
  if (ey < ex - 60) {
    // |y/x| < 2^-59: the angle is y/x (x > 0) or ±π.
    if (!xneg) { return f64_div(y, x); }
    return m64_with_sign(M64_PI, sy);
  }
  if (ex < ey - 60) { return m64_with_sign(M64_PI_2, sy); }
  let s = 1023 - max(ex, ey);
  let r = df64_atan2(m64_df(m64_ldexp(y, s)), m64_df(m64_ldexp(x, s)));
  return df64_to_f64(r);
}
fn m64_atan2(y: vec2<u32>, x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x) || sf64_is_nan(y)) { return M64_NAN; }
  let sy = y.y & 0x80000000u;
  let xneg = (x.y & 0x80000000u) != 0u;
  if (m64_is_zero(y)) { return select(vec2<u32>(0u, sy), m64_with_sign(M64_PI, sy), xneg); }
  if (m64_is_inf(y)) {
    if (m64_is_inf(x)) { return m64_with_sign(select(M64_PI_4, M64_3PI_4, xneg), sy); }
    return m64_with_sign(M64_PI_2, sy);
  }
  if (m64_is_zero(x)) { return m64_with_sign(M64_PI_2, sy); }
  if (m64_is_inf(x)) { return select(vec2<u32>(0u, sy), m64_with_sign(M64_PI, sy), xneg); }
  return m64_atan2_finite(y, x);
}
fn m64_atan(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x)) { return M64_NAN; }
  if (m64_below(x, -28)) { return x; }
  if (!m64_below(x, 66)) { return m64_with_sign(M64_PI_2, x.y & 0x80000000u); }
  return df64_to_f64(df64_atan2(m64_df(x), vec2<f32>(1.0, 0.0)));
}
// sqrt((1 − |x|)(1 + |x|)) as df64, for |x| <= 1 (1 − |x| exact when |x| >= 1/2).
fn m64_cos_of_asin(x: vec2<u32>) -> vec2<f32> {
  let ax = m64_abs(x);
  let a = f64_sub(M64_ONE, ax);
  let b = f64_add(M64_ONE, ax);
  return df64_sqrt(df64_mul(m64_df(a), m64_df(b)));
}
fn m64_asin(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x) || sf64_lt64(M64_ONE, m64_abs(x))) { return M64_NAN; }
  if (m64_below(x, -28)) { return x; }
  return df64_to_f64(df64_atan2(m64_df(x), m64_cos_of_asin(x)));
}
fn m64_acos(x: vec2<u32>) -> vec2<u32> {
  if (sf64_is_nan(x) || sf64_lt64(M64_ONE, m64_abs(x))) { return M64_NAN; }
  if (m64_below(x, -60)) { return M64_PI_2; }
  return df64_to_f64(df64_atan2(m64_cos_of_asin(x), m64_df(x)));
}
`;
