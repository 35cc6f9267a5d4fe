/**
 * The exact sign of Turf's orientation f = u2·v1 - u1·v2 for ANY finite coordinates, where
 * u = x - px and v = y - py are the float64 differences Turf forms (rounded once).
 *
 * Turf's own arithmetic (./turf-orient.ts) is exact only while no product underflows or
 * overflows: for coordinates of magnitude 0 or in [2^-460, 2^500) ("tame"). Beyond, a
 * product of 1e155-sized differences overflows to Infinity and f's sign is garbage (a point
 * inside a 1e155 square tested outside), and products of 1e-300-sized differences underflow
 * to 0 (a point off an edge tested on it). Here:
 *
 * - a difference that overflows (|x - px| >= 2^1024, both operands >= 2^970) is kept as
 *   (x/2 - px/2) · 2^1: halving such operands is exact, so this is the rounded difference
 *   with one more exponent bit;
 * - each difference is split into a 53-bit integer mantissa M and an exponent K (|d| = M·2^K,
 *   subnormals included), and the products M·M' are compared as exact integers after aligning
 *   the exponents. With M·M' in [2^104, 2^106) (normalised mantissas), exponents two or more
 *   apart decide alone; otherwise the two 108-bit products are compared limb by limb.
 *
 * For tame data this is Turf's sign (Turf's f is exact there), so results still equal Turf.
 * The CPU twin uses it (BigInt) for pairs where the point or the part is not tame; the WGSL
 * point test uses it (integer limbs) for every orientation: both are exact, so they agree.
 */

const F = new Float64Array(1);
const U = new BigUint64Array(F.buffer);

/** x - px as Turf rounds it, or, where that overflows, [x/2 - px/2, 1]. */
function diff(a: number, b: number): [number, number] {
  const d = a - b;
  return Number.isFinite(d) ? [d, 0] : [a * 0.5 - b * 0.5, 1];
}

/** The exact product (u·2^eu)·(v·2^ev) as [integer, exponent]. */
function product(u: number, eu: number, v: number, ev: number): [bigint, number] {
  if (u === 0 || v === 0) return [0n, 0];
  const split = (w: number, extra: number): [bigint, number] => {
    F[0] = w;
    const bits = U[0]!;
    const e = Number((bits >> 52n) & 0x7ffn);
    const frac = bits & 0xfffffffffffffn;
    return e === 0 ? [frac, -1074 + extra] : [frac | (1n << 52n), e - 1075 + extra];
  };
  const [mu, ku] = split(u, eu);
  const [mv, kv] = split(v, ev);
  const m = mu * mv;
  return [(u < 0) !== (v < 0) ? -m : m, ku + kv];
}

/**
 * The sign (-1, 0, 1) of u2·v1 - u1·v2 for u = x - px, v = y - py (Turf's rounded differences,
 * overflow kept), exactly, for any finite inputs.
 */
export function exactOrient(x1: number, x2: number, y1: number, y2: number, px: number, py: number): number {
  const [u1, eu1] = diff(x1, px);
  const [u2, eu2] = diff(x2, px);
  const [v1, ev1] = diff(y1, py);
  const [v2, ev2] = diff(y2, py);
  const [m1, k1] = product(u2, eu2, v1, ev1);
  const [m2, k2] = product(u1, eu1, v2, ev2);
  const k = Math.min(k1, k2);
  const f = (m1 << BigInt(k1 - k)) - (m2 << BigInt(k2 - k));
  return f > 0n ? 1 : f < 0n ? -1 : 0;
}

/**
 * WGSL: `exact_orient(x1, x2, y1, y2, px, py) -> u32`, the class of f (0 zero, 1 positive,
 * 2 negative) as `exactOrient` computes it. Needs the soft-float add and the pip helpers
 * (f64_finite) before it. One call site of f64_add: each inlined copy of the soft-float code
 * makes SwiftShader's compiler (which inlines every call) run longer, and costs run time on
 * lane-masked drivers.
 */
export const EXACT_ORIENT_WGSL = /* wgsl */ `
struct XMant { lo: u32, hi: u32, k: i32 }
// |d| · 2^extra = (hi·2^32 + lo) · 2^k with hi in [2^20, 2^21) (d nonzero, finite).
fn x_mant(d: vec2<u32>, extra: i32) -> XMant {
  let e = i32((d.y >> 20u) & 0x7ffu);
  var hi = d.y & 0xfffffu;
  var lo = d.x;
  if (e != 0) { return XMant(lo, hi | 0x100000u, e - 1075 + extra); }
  var s = 0u;
  if (hi != 0u) { s = countLeadingZeros(hi) - 11u; } else { s = countLeadingZeros(lo) + 21u; }
  if (s >= 32u) {
    hi = lo << (s - 32u);
    lo = 0u;
  } else {
    hi = (hi << s) | (lo >> (32u - s));
    lo = lo << s;
  }
  return XMant(lo, hi, -1074 - i32(s) + extra);
}
// The product of two mantissas times 2^sh (sh <= 2) as 8 16-bit limbs, lowest first.
fn x_mul(a: XMant, b: XMant, sh: u32) -> array<u32, 8> {
  var x = array<u32, 4>(a.lo & 0xffffu, a.lo >> 16u, a.hi & 0xffffu, a.hi >> 16u);
  var y = array<u32, 4>(b.lo & 0xffffu, b.lo >> 16u, b.hi & 0xffffu, b.hi >> 16u);
  var c: array<u32, 9>;
  for (var i = 0u; i < 4u; i = i + 1u) {
    for (var j = 0u; j < 4u; j = j + 1u) {
      let p = x[i] * y[j];
      c[i + j] = c[i + j] + (p & 0xffffu);
      c[i + j + 1u] = c[i + j + 1u] + (p >> 16u);
    }
  }
  var out: array<u32, 8>;
  var carry = 0u;
  for (var k = 0u; k < 8u; k = k + 1u) {
    let t = (c[k] << sh) + carry;
    out[k] = t & 0xffffu;
    carry = t >> 16u;
  }
  return out;
}
fn x_sign(d: vec2<u32>) -> i32 {
  if (((d.y & 0x7fffffffu) | d.x) == 0u) { return 0; }
  return select(1, -1, (d.y & 0x80000000u) != 0u);
}
fn exact_orient(x1: vec2<u32>, x2: vec2<u32>, y1: vec2<u32>, y2: vec2<u32>, px: vec2<u32>, py: vec2<u32>) -> u32 {
  // Differences u1, u2, v1, v2 (index 0..3): x - px, or where it overflows x/2 - px/2 with
  // exponent + 1 (the operands are then >= 2^970, so halving them is exact).
  var A = array<vec2<u32>, 4>(x1, x2, y1, y2);
  var B = array<vec2<u32>, 4>(px, px, py, py);
  var D: array<vec2<u32>, 4>;
  var E = array<i32, 4>(0, 0, 0, 0);
  for (var i = 0u; i < 8u; i = i + 1u) {
    let j = i & 3u;
    var a = A[j];
    var b = B[j];
    if (i >= 4u) {
      if (f64_finite(D[j])) { continue; }
      a.y = a.y - 0x00100000u;
      b.y = b.y - 0x00100000u;
      E[j] = 1;
    }
    D[j] = f64_add(a, vec2<u32>(b.x, b.y ^ 0x80000000u));
  }
  // f = t1 - t2, t1 = u2·v1, t2 = u1·v2.
  let s1 = x_sign(D[1]) * x_sign(D[2]);
  let s2 = x_sign(D[0]) * x_sign(D[3]);
  var s = 0;
  if (s2 == 0) { s = s1; } else if (s1 == 0) { s = -s2; } else if (s1 != s2) { s = s1; } else {
    let a = x_mant(D[1], E[1]);
    let b = x_mant(D[2], E[2]);
    let c = x_mant(D[0], E[0]);
    let d = x_mant(D[3], E[3]);
    let k = (a.k + b.k) - (c.k + d.k);
    var m = 0;
    if (k >= 2) { m = 1; } else if (k <= -2) { m = -1; } else {
      var p = x_mul(a, b, u32(k + 1));
      var q = x_mul(c, d, 1u);
      for (var l = 7; l >= 0; l = l - 1) {
        if (p[l] != q[l]) { m = select(-1, 1, p[l] > q[l]); break; }
      }
    }
    s = s1 * m;
  }
  if (s == 0) { return 0u; }
  return select(2u, 1u, s > 0);
}
`;
