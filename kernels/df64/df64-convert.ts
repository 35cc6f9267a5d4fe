/**
 * WGSL fragment: exact conversions between float64 bits (vec2<u32>, x = low word) and
 * df64 pairs, in integer arithmetic only (no f32 rounding is trusted). Part of the df64
 * library: see ./df64.ts for the representation and the compiler findings.
 *
 * f64 → df64 (`df64_from_f64(bits) -> Df64In`):
 *   hi = the f32 nearest x (ties to even), lo = the f32 nearest (x − hi), both built bit by
 *   bit from the 52-bit mantissa. |hi + lo − x| ≤ 2^-48·|x| whenever `status` is DF64_OK.
 *   `status` tells the caller what happened; the pair is never silently wrong:
 *   - DF64_OK (0): x is ±0, or 2^-78 ≤ |x| and hi is finite (|x| < 2^128·(1 − 2^-25)).
 *   - DF64_NONFINITE (1): x is NaN or ±Inf; hi holds the f32 NaN/Inf bits, lo = 0. WGSL
 *     leaves f32 arithmetic on NaN/Inf implementation-defined: branch on the status.
 *   - DF64_RANGE (2): x is finite but outside df64's range. |x| ≥ 2^128 (rounded): hi = ±Inf
 *     bits. 2^-126 ≤ |x| < 2^-78: hi is right but lo may have underflowed (error ≤ 2^-126,
 *     relative error above 2^-48). |x| < 2^-126 (incl. f64 subnormals): the pair is ±0.
 *   Degrees, radians, kilometres and metres never leave the OK range.
 *
 * df64 → f64 (`df64_to_f64(a) -> vec2<u32>`):
 *   the exact sum hi + lo rounded once to the nearest float64 (ties to even). The pair is
 *   first renormalised with an exact two_sum, then hi's 24-bit mantissa is placed at bit 62
 *   of a 64-bit integer and lo is aligned to it; bits of lo that fall below the integer set
 *   a sticky flag. Non-finite hi gives NaN/Inf bits; a zero sum keeps hi's sign.
 */
export const DF64_CONVERT_WGSL = /* wgsl */ `
// ---- df64: float64 bits <-> df64 (integer arithmetic) ----
const DF64_OK: u32 = 0u;
const DF64_NONFINITE: u32 = 1u;
const DF64_RANGE: u32 = 2u;

struct Df64In { v: vec2<f32>, status: u32 }

// Nearest f32 bits of sign * u * 2^e (u < 2^30, u > 0), ties to even; 0 if below f32's normal range.
fn df64_round_u30(u: u32, e: i32, sign: u32) -> u32 {
  let p = 31 - i32(countLeadingZeros(u));
  var mant: u32;
  var ex = p + e;
  if (p <= 23) {
    mant = u << u32(23 - p);
  } else {
    let sh = u32(p - 23);
    mant = u >> sh;
    let rem = u & ((1u << sh) - 1u);
    let half = 1u << (sh - 1u);
    if (rem > half || (rem == half && (mant & 1u) == 1u)) { mant += 1u; }
    if (mant == 0x1000000u) { mant = 0x800000u; ex += 1; }
  }
  if (ex < -126) { return sign; }
  return sign | (u32(ex + 127) << 23u) | (mant & 0x7fffffu);
}

fn df64_from_f64(w: vec2<u32>) -> Df64In {
  let sign = w.y & 0x80000000u;
  let E = i32((w.y >> 20u) & 0x7ffu);
  let mhi = w.y & 0xfffffu;
  if (E == 0x7ff) {
    let nan = select(0u, 0x400000u, mhi != 0u || w.x != 0u);
    return Df64In(vec2<f32>(bitcast<f32>(sign | 0x7f800000u | nan), 0.0), DF64_NONFINITE);
  }
  let e = E - 1023;
  if (E == 0 || e < -126) {
    let zero = E == 0 && mhi == 0u && w.x == 0u;
    return Df64In(vec2<f32>(bitcast<f32>(sign), 0.0), select(DF64_RANGE, DF64_OK, zero));
  }
  if (e > 127) { return Df64In(vec2<f32>(bitcast<f32>(sign | 0x7f800000u), 0.0), DF64_RANGE); }
  // hi: top 23 mantissa bits, rounded on the 29 bits below (ties to even); a carry bumps the exponent.
  let m23 = (mhi << 3u) | (w.x >> 29u);
  let rem = w.x & 0x1fffffffu;
  let up = rem > 0x10000000u || (rem == 0x10000000u && (m23 & 1u) == 1u);
  let hb = (sign | (u32(e + 127) << 23u) | m23) + select(0u, 1u, up);
  if ((hb & 0x7f800000u) == 0x7f800000u) { return Df64In(vec2<f32>(bitcast<f32>(hb), 0.0), DF64_RANGE); }
  // lo: x - hi = ±r * 2^(e-52), r < 2^29, negative when hi was rounded up.
  var r = rem;
  var lsign = sign;
  if (up) { r = 0x20000000u - rem; lsign = sign ^ 0x80000000u; }
  var lb = 0u;
  if (r != 0u) { lb = df64_round_u30(r, e - 52, lsign); }
  return Df64In(vec2<f32>(bitcast<f32>(hb), bitcast<f32>(lb)), select(DF64_OK, DF64_RANGE, e < -78));
}

// 64-bit helpers on vec2<u32> (x = low word); shift amounts 0..63.
fn df64_shl64(a: vec2<u32>, k: u32) -> vec2<u32> {
  if (k == 0u) { return a; }
  if (k >= 32u) { return vec2<u32>(0u, a.x << (k - 32u)); }
  return vec2<u32>(a.x << k, (a.y << k) | (a.x >> (32u - k)));
}
fn df64_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}
fn df64_sub64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  return vec2<u32>(a.x - b.x, a.y - b.y - select(0u, 1u, a.x < b.x));
}

// Exact f64 bits of a finite f32 (f32 subnormals included).
fn df64_f32_to_f64(b: u32) -> vec2<u32> {
  let sign = b & 0x80000000u;
  var E = i32((b >> 23u) & 0xffu);
  var m = b & 0x7fffffu;
  if (E == 0) {
    if (m == 0u) { return vec2<u32>(0u, sign); }
    let lz = countLeadingZeros(m) - 8u; // shift the top bit to bit 23
    m = (m << lz) & 0x7fffffu;
    E = 1 - i32(lz);
  }
  return vec2<u32>(m << 29u, sign | (u32(E - 127 + 1023) << 20u) | (m >> 3u));
}

fn df64_to_f64(a: vec2<f32>) -> vec2<u32> {
  let s = df64_two_sum(a.x, a.y);
  let hb = bitcast<u32>(s.x);
  let lb = bitcast<u32>(s.y);
  let Eh = i32((hb >> 23u) & 0xffu);
  if (Eh == 0xff) {
    let nan = select(0u, 0x80000u, (hb & 0x7fffffu) != 0u);
    return vec2<u32>(0u, (hb & 0x80000000u) | 0x7ff00000u | nan);
  }
  let El = i32((lb >> 23u) & 0xffu);
  if (Eh == 0 || (lb & 0x7fffffffu) == 0u) { return df64_f32_to_f64(hb); }
  // hi = Mh * 2^eh; A = Mh << 39 in units of 2^(eh - 39).
  let eh = Eh - 150;
  let A = vec2<u32>(0u, ((hb & 0x7fffffu) | 0x800000u) << 7u);
  var Ml = lb & 0x7fffffu;
  var el = El - 150;
  if (El == 0) { el = -149; } else { Ml |= 0x800000u; }
  let d = el - (eh - 39);
  var L = vec2<u32>(0u, 0u);
  var sticky = false;
  if (d >= 0) {
    L = df64_shl64(vec2<u32>(Ml, 0u), u32(d));
  } else if (d > -32) {
    let k = u32(-d);
    L = vec2<u32>(Ml >> k, 0u);
    sticky = (Ml & ((1u << k) - 1u)) != 0u;
  } else {
    sticky = true;
  }
  var S: vec2<u32>;
  if (((hb ^ lb) & 0x80000000u) == 0u) {
    S = df64_add64(A, L);
  } else {
    S = df64_sub64(A, L);
    if (sticky) { S = df64_sub64(S, vec2<u32>(1u, 0u)); }
  }
  // S > 2^61 here. Top bit t in 61..63; keep 53 bits, round on the t-52 bits below (+ sticky).
  let t = 63u - countLeadingZeros(S.y);
  let sh = t - 52u; // 9..11
  var mant = vec2<u32>((S.x >> sh) | (S.y << (32u - sh)), S.y >> sh);
  let rb = S.x & ((1u << sh) - 1u);
  let half = 1u << (sh - 1u);
  var E = eh - 39 + i32(t) + 1023;
  if (rb > half || (rb == half && (sticky || (mant.x & 1u) == 1u))) {
    mant = df64_add64(mant, vec2<u32>(1u, 0u));
    if (mant.y == 0x200000u) { mant = vec2<u32>(0u, 0x100000u); E += 1; }
  }
  return vec2<u32>(mant.x, (hb & 0x80000000u) | (u32(E) << 20u) | (mant.y & 0xfffffu));
}
`;
