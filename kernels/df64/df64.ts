/**
 * df64: float64-accurate arithmetic in WGSL, which has only f32.
 *
 * A df64 value is an unevaluated sum of two f32, `vec2<f32>(hi, lo)` with |lo| ≤ ulp(hi)/2,
 * so it carries 48 significant bits (2^-48 ≈ 3.6e-15 relative) within f32's exponent range.
 * The algorithms are the classic error-free transformations (Dekker 1971, Knuth; Hida, Li
 * and Bailey's QD library; Thall's "Extended-precision floating-point numbers for GPU
 * computation"): two_sum and quick_two_sum give a + b exactly as s + e, and two_prod (Dekker
 * with the Veltkamp split at 4097 = 2^12 + 1, NOT fma) gives a * b exactly as p + e. They rely
 * on f32 +, -, * being correctly rounded, which WGSL requires, and on the compiler evaluating
 * them exactly as written.
 *
 * The compiler hazard and its defence. An optimiser that reassociates ((a + b) − a → b) or
 * contracts a * b + c into one fma (with the product unrounded) turns the error terms into
 * zero or garbage. WGSL has no `precise` qualifier, and drivers differ. So every rounded
 * intermediate whose exact value matters goes through `df64_fence(x)`, which returns
 * `bitcast<f32>(bitcast<u32>(x) ^ df64_key)`: df64_key is a private variable the kernel sets
 * from a uniform word holding 0 (`df64_init(P.key)`). The optimiser cannot know the key, and
 * no floating-point identity crosses an integer xor, so it can neither cancel (s − a)
 * against s nor fuse a rounded product into a later add. Products of split halves (12 bits
 * each) are exact, so contracting them is harmless. A kernel that forgets `df64_init` gets a
 * constant key and loses the defence.
 *
 * Measured on this machine (test/kernels/df64/df64.test.ts, 'compiler probe', which logs
 * its verdict on every run), 20,000 random pairs each:
 * - SwiftShader 5.0.0 (Vulkan, Subzero JIT): the bare two_sum/two_prod (no fence) are exact;
 *   a * b + c is not contracted.
 * - Mesa 22.3 llvmpipe (OpenGL ES, through NIR): the bare two_sum and quick_two_sum are wrong
 *   for ~93% of pairs: NIR's inexact algebraic rules fold (a + b) − a to b (s is right, e is
 *   0). two_prod stays exact and a lone a * b + c is not contracted. A first defence,
 *   multiplying intermediates by a uniform 1.0 (deck.gl's ONE), was NOT enough there:
 *   two_sum passed alone but failed once inlined into sin/cos (NIR factors x*one ± y*one
 *   into (x ± y)*one, then reassociates), giving 2e-8 errors. Inside the haversine kernel it
 *   also regrouped mul's cross terms (a.x·b.y + a.y·b.x), so mul(a, b) ≠ mul(b, a) bitwise
 *   and identical points gave 2e-11 km instead of 0; those terms are fenced too. With the
 *   fence both adapters pass every bound in the tests.
 * - WGSL `fma()` is computed unfused on both (fma(a, b, −fl(a·b)) gave 0 for every pair), so
 *   it is not an exact-product primitive here: two_prod uses Dekker's split, never fma.
 *
 * Functions: df64_two_sum(a, b), df64_quick_two_sum(a, b) (needs |a| ≥ |b|),
 *   df64_two_prod(a, b) and df64_split(a) take f32 and return a vec2<f32> pair;
 *   df64_add, df64_sub, df64_neg, df64_mul, df64_div, df64_sqrt take and return pairs;
 *   df64_add_f32(a, b) and df64_mul_f32(a, b) take a pair and an f32. Trig is in
 *   ./df64-trig.ts and the float64-bit conversions in ./df64-convert.ts.
 * Error bounds, checked by the tests against exact BigInt arithmetic on random and
 * adversarial inputs (measured worst on both adapters in brackets): add/sub relative
 * ≤ 2^-46 [2^-47.1], mul ≤ 2^-45 [2^-45.8], div ≤ 2^-45 [2^-45.8], sqrt ≤ 2^-45 [2^-46.7].
 * Subnormal f32 intermediates may flush to zero (WGSL allows it).
 * Domain: |x| < 2^112 for mul/div/sqrt (the split multiplies by 4097), b ≠ 0 for div,
 * a ≥ 0 for sqrt (a ≤ 0 returns 0). Outside it results are undefined: callers that may
 * meet such values check the status from df64_from_f64 first.
 */
import { DF64_CONVERT_WGSL } from './df64-convert.js';
import { DF64_TRIG_WGSL } from './df64-trig.js';

/** The word a kernel puts in its uniform and passes to `df64_init` (it must be 0). */
export const DF64_KEY = 0;

/** Core df64 arithmetic (see the file header). */
export const DF64_CORE_WGSL = /* wgsl */ `
// ---- df64: double-float arithmetic on (hi, lo) f32 pairs ----
var<private> df64_key: u32 = 0u;
// Call first in main with a uniform word holding 0: hides the value of df64_key from the optimiser.
fn df64_init(key: u32) { df64_key = key; }
// x itself, through an integer op the optimiser cannot see through (df64_key is 0 at run time).
fn df64_fence(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) ^ df64_key); }

// s + e == a + b exactly.
fn df64_two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = df64_fence(a + b);
  let bb = df64_fence(s - a);
  let e = (a - df64_fence(s - bb)) + (b - bb);
  return vec2<f32>(s, e);
}
// s + e == a + b exactly, when |a| >= |b| (or a == 0).
fn df64_quick_two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = df64_fence(a + b);
  return vec2<f32>(s, b - df64_fence(s - a));
}
// a == hi + lo, each with at most 12 significant bits (Veltkamp).
fn df64_split(a: f32) -> vec2<f32> {
  let t = df64_fence(4097.0 * a);
  let hi = df64_fence(t - df64_fence(t - a));
  return vec2<f32>(hi, a - hi);
}
// p + e == a * b exactly (Dekker), no fma.
fn df64_two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = df64_fence(a * b);
  let x = df64_split(a);
  let y = df64_split(b);
  let e = ((x.x * y.x - p) + x.x * y.y + x.y * y.x) + x.y * y.y;
  return vec2<f32>(p, e);
}
fn df64_neg(a: vec2<f32>) -> vec2<f32> { return -a; }
fn df64_add(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = df64_two_sum(a.x, b.x);
  let t = df64_two_sum(a.y, b.y);
  let u = df64_quick_two_sum(s.x, s.y + t.x);
  return df64_quick_two_sum(u.x, u.y + t.y);
}
fn df64_sub(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return df64_add(a, -b); }
fn df64_add_f32(a: vec2<f32>, b: f32) -> vec2<f32> {
  let s = df64_two_sum(a.x, b);
  return df64_quick_two_sum(s.x, s.y + a.y);
}
// The cross terms are fenced so that no fma contraction makes mul(a, b) != mul(b, a).
fn df64_mul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let p = df64_two_prod(a.x, b.x);
  return df64_quick_two_sum(p.x, p.y + (df64_fence(a.x * b.y) + df64_fence(a.y * b.x)));
}
fn df64_mul_f32(a: vec2<f32>, b: f32) -> vec2<f32> {
  let p = df64_two_prod(a.x, b);
  return df64_quick_two_sum(p.x, p.y + a.y * b);
}
// Long division: three f32 quotient digits, each remainder exact in df64.
fn df64_div(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let q1 = a.x / b.x;
  let r1 = df64_sub(a, df64_mul_f32(b, q1));
  let q2 = r1.x / b.x;
  let r2 = df64_sub(r1, df64_mul_f32(b, q2));
  let q3 = r2.x / b.x;
  return df64_add_f32(df64_quick_two_sum(q1, q2), q3);
}
// f32 seed, then two Newton steps q + (a - q^2) / 2q, the residual exact (two_prod).
fn df64_sqrt(a: vec2<f32>) -> vec2<f32> {
  if (a.x <= 0.0) { return vec2<f32>(0.0, 0.0); }
  let s = sqrt(a.x);
  let r = df64_sub(a, df64_two_prod(s, s));
  let q = df64_quick_two_sum(s, r.x / (2.0 * s));
  let r2 = df64_sub(a, df64_mul(q, q));
  return df64_add_f32(q, r2.x / (2.0 * q.x));
}
`;

/** The whole library: core arithmetic, trig (sin/cos/atan2) and f64-bit conversions. */
export const DF64_WGSL = DF64_CORE_WGSL + DF64_TRIG_WGSL + DF64_CONVERT_WGSL;
