/**
 * WGSL fragment: df64 sine, cosine and atan2. Part of the df64 library (./df64.ts).
 *
 * df64_sincos(x) -> vec4<f32>(sin.hi, sin.lo, cos.hi, cos.lo), x in radians:
 *   k = round(x · 2/π) in f32, then r = x − k·π/2 with π/2 split into three f32 parts
 *   (C1 + C2 + C3, 72 bits); k·C1 and k·C2 are formed exactly with two_prod, so r is exact
 *   to df64 precision relative to |r| ≤ π/4 for |k| < 2^24. sin r and cos r are Taylor
 *   polynomials in r² by Horner's rule (sin to r^17, cos to r^18: truncation below 1e-19 on
 *   |r| ≤ π/4), the terms from r^11 on in f32 and the rest in df64; the quadrant k mod 4
 *   picks the signs.
 *   Absolute error ≤ 1e-14, tested on |x| ≤ 100 against float64 (measured 5e-15).
 * df64_sincos_deg(d): the same for d in degrees. The reduction r = d − 90k is exact (90k is
 *   an integer), so sin(180°) is exactly 0 and cos(180°) exactly −1; then r·π/180 in df64.
 * df64_atan2(y, x) -> vec2<f32>: f32 seed θ = atan2(y.hi, x.hi) (WGSL allows 4096 ULP, about
 *   1e-3 rad). Rotating (x, y) by −θ in df64 leaves the angle atan(u), u = (y cos θ − x sin θ)
 *   / (x cos θ + y sin θ), and θ + u − u³/3 + u⁵/5 is exact to u⁷/7 < 2e-22 when |u| < 1e-3:
 *   one step with one df64 sincos. A worse seed takes up to two more steps. Result in
 *   [−π, π] (to within an ulp); atan2(0, 0) = 0. Absolute error ≤ 2e-14 (2^-47 of π).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A WGSL expression for the exact f32 nearest `x` (as bits, so no literal parsing is trusted). */
function lit(x: number): string {
  f32[0] = x;
  return `bitcast<f32>(0x${u32[0]!.toString(16).padStart(8, '0')}u)`;
}

/** A df64 constant vec2(hi, lo) for the float64 `x`. */
function lit2(x: number): string {
  const hi = Math.fround(x);
  return `vec2<f32>(${lit(hi)}, ${lit(x - hi)})`;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * Horner's rule in z = r² for Σ ±z^k / (odd ? 2k+1 : 2k)!, highest term first. The top
 * `tail` terms are summed in f32 (their total is below 2^-26, so f32 rounding stays under
 * 2^-50 of the result); the rest in df64.
 */
function horner(name: string, degrees: number[], tail: number): string {
  const coef = (n: number) => ((n >> 1) % 2 === 0 ? 1 : -1) / factorial(n);
  const desc = degrees.slice().reverse();
  const lines = [`  var q = ${lit(coef(desc[0]!))};`, `  let zf = z.x;`];
  for (const n of desc.slice(1, tail)) lines.push(`  q = q * zf + ${lit(coef(n))};`);
  const [first, ...rest] = desc.slice(tail);
  lines.push(`  var p = df64_add(df64_mul_f32(z, q), ${lit2(coef(first!))});`);
  for (const n of rest) lines.push(`  p = df64_add(df64_mul(p, z), ${lit2(coef(n))});`);
  return `fn ${name}(z: vec2<f32>) -> vec2<f32> {\n${lines.join('\n')}\n  return p;\n}`;
}

// π/2 = C1 + C2 + C3 (+ 1.1e-23), and π/180 = R1 + R2 (relative error 2e-16): computed once
// from 60 digits of π with exact BigInt arithmetic, written here as f32 bits.
const PIO2 = ['0x3fc90fdbu', '0xb33bbd2eu', '0xa6f72cedu'];
const RAD = ['0x3c8efa35u', '0x2f14a74eu'];

export const DF64_TRIG_WGSL = /* wgsl */ `
// ---- df64: sin, cos, atan2 ----
const DF64_PIO2_1 = bitcast<f32>(${PIO2[0]});
const DF64_PIO2_2 = bitcast<f32>(${PIO2[1]});
const DF64_PIO2_3 = bitcast<f32>(${PIO2[2]});
const DF64_RAD = vec2<f32>(bitcast<f32>(${RAD[0]}), bitcast<f32>(${RAD[1]}));
// sin r = r * S(r^2), cos r = C(r^2), Taylor to r^17 and r^18; terms from r^11 and r^12 in f32.
${horner('df64_sin_poly', [1, 3, 5, 7, 9, 11, 13, 15, 17], 4)}
${horner('df64_cos_poly', [0, 2, 4, 6, 8, 10, 12, 14, 16, 18], 4)}
// sin and cos of x = r + q * pi/2 with |r| <= pi/4.
fn df64_sincos_quadrant(r: vec2<f32>, q: i32) -> vec4<f32> {
  let z = df64_mul(r, r);
  let s = df64_mul(r, df64_sin_poly(z));
  let c = df64_cos_poly(z);
  switch (q & 3) {
    case 0: { return vec4<f32>(s, c); }
    case 1: { return vec4<f32>(c, -s); }
    case 2: { return vec4<f32>(-s, -c); }
    default: { return vec4<f32>(-c, s); }
  }
}
fn df64_sincos(x: vec2<f32>) -> vec4<f32> {
  let k = round(x.x * ${lit(2 / Math.PI)});
  var r = df64_sub(x, df64_two_prod(k, DF64_PIO2_1));
  r = df64_sub(r, df64_two_prod(k, DF64_PIO2_2));
  r = df64_add_f32(r, -(k * DF64_PIO2_3));
  return df64_sincos_quadrant(r, i32(k));
}
fn df64_sincos_deg(d: vec2<f32>) -> vec4<f32> {
  let k = round(d.x / 90.0);
  let r = df64_add_f32(d, -(k * 90.0));
  return df64_sincos_quadrant(df64_mul(r, DF64_RAD), i32(k));
}
fn df64_atan2(y: vec2<f32>, x: vec2<f32>) -> vec2<f32> {
  if (y.x == 0.0 && x.x == 0.0) { return vec2<f32>(0.0, 0.0); }
  var t = vec2<f32>(atan2(y.x, x.x), 0.0);
  for (var i = 0; i < 3; i++) {
    // (x, y) rotated by -t is (den, num); the angle left is atan(u), u = num / den.
    let sc = df64_sincos(t);
    let num = df64_sub(df64_mul(y, sc.zw), df64_mul(x, sc.xy));
    let den = df64_add(df64_mul(x, sc.zw), df64_mul(y, sc.xy));
    let u = df64_div(num, den);
    let u2 = u.x * u.x;
    t = df64_add(t, df64_add_f32(u, -u.x * u2 * (1.0 / 3.0 - u2 * 0.2)));
    if (abs(u.x) < 1e-3) { break; }
  }
  return t;
}
`;
