/**
 * The float64 body of 'spatial/haversine' on the CPU (./haversine-cpu.ts): central angles of
 * point pairs by the half-angle form, in plain float64 arithmetic with its own sine and
 * arcsine polynomials (no Math.sin, Math.cos or Math.atan2 per pair).
 *
 * Formula. With a = Δφ/2, b = (φ1 + φ2)/2, c = Δλ/2 and θ the central angle,
 *   h = sin²(θ/2) = sin²a cos²c + cos²b sin²c
 *   g = cos²(θ/2) = cos²a cos²c + sin²b sin²c
 * (h is the haversine formula's sin²(Δφ/2) + cosφ1 cosφ2 sin²(Δλ/2) with cosφ1 cosφ2 =
 * cos²b − sin²a; g = 1 − h the same way). Both are sums of products of non-negative squares,
 * so each keeps a relative error of a few ulps for every pair, g → 0 near antipodes included
 * (where haversine's 1 − h cancels) and h → 0 for sub-metre steps: no case split by distance.
 * Then θ/2 = atan2(√h, √g) is taken on the smaller of the two, s = √min(h, g), c' = √max(h, g)
 * (θ/2 ≤ 45°, and π/2 minus it when h > g), as α_k + asin(s cos α_k − c' sin α_k), α_k =
 * asin(k/16), k = round(16 s) ≤ 11, so the arcsine argument w has |w| ≤ 0.0443.
 *
 * Steps and their errors (u = 2^-53):
 * - a, b, c in degrees: one rounding each (exact when the two inputs are within a factor 2,
 *   e.g. for nearby points), i.e. a perturbation of the inputs below their own ulp.
 * - Range reduction in degrees, exact: k = nearest integer to x/90 (|k| ≤ 4), x − 90k is
 *   exact in float64 (90k is a multiple of ulp(x) and |x − 90k| ≤ 45 < |x|); then × π/180
 *   (≤ 2u relative). sin²x and cos²x are sin²r and 1 − sin²r (≥ 0.5, so no cancellation),
 *   swapped when k is odd; the swap multiplies by exact 0/1 flags (no branch).
 * - sin r, |r| ≤ π/4: fdlibm's __kernel_sin polynomial, |sin r/r − P| < 2^-58; measured
 *   against mpmath at most 0.53 ulp, as Math.sin (test/kernels/haversine/half-angle.test.ts).
 * - asin w, |w| ≤ 0.0443: its Taylor series to w^11 (truncation < w^13 · 0.014 < 2^-60 |w|);
 *   measured at most 0.50 ulp. α_k as a float64 pair (hi + lo), cos α_k rounded to float64.
 * - Overall: |θ − θ_exact| ≤ 1e-15 rad (6e-12 km at the Earth's radius), measured at most
 *   7.3e-16 rad against mpmath on 789 adversarial pairs, where the float64 Vincenty form of
 *   ./great-circle.ts also reaches 7.3e-16 (scripts/golden/haversine_reference.py); where the
 *   coordinate differences are exact (nearby points) the relative error stays ≤ 8 ulps
 *   (measured 5) down to sub-metre steps, for which Vincenty has only its absolute bound.
 *
 * Everything is IEEE float64 +, −, ×, ÷ and √ in a fixed order (JavaScript never fuses), so
 * results are identical on every platform. The domain check is the caller's.
 */

const D2R = Math.PI / 180;
const INV90 = 1 / 90;
/** 1.5 · 2^52: (x + M) − M rounds x (|x| < 2^51) to the nearest integer, ties to even. */
const M = 6755399441055744;

// fdlibm __kernel_sin: sin(r) ≈ r + r·z·(S1 + z·(S2 + ... + z·S6)), z = r², |r| ≤ π/4.
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

// asin(w) = w + w·z·(A1 + z·(A2 + ...)), z = w²: Taylor coefficients (2m)!/(4^m (m!)² (2m+1)).
const A1 = 1 / 6;
const A2 = 3 / 40;
const A3 = 5 / 112;
const A4 = 35 / 1152;
const A5 = 63 / 2816;

const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;

/**
 * For k = 0..11: [cos α_k, α_k hi, α_k lo], α_k = asin(k/16) (sin α_k = k/16 exactly), from
 * mpmath (scripts/golden/haversine_reference.py writes the same table; the test compares).
 */
export const ASIN_TABLE: readonly (readonly [number, number, number])[] = [
  [1.0, 0.0, 0.0],
  [0.998044963916957, 0.06254076179649139, 3.797152289847936e-18],
  [0.9921567416492215, 0.1253278311680654, 1.2906010488810617e-18],
  [0.982264602843857, 0.1886163861754041, -8.788406305681407e-18],
  [0.9682458365518543, 0.25268025514207865, 6.584019697419058e-18],
  [0.9499177595981665, 0.31782370392788073, 2.3525133417051565e-17],
  [0.9270248108869579, 0.3843967744956391, 1.0793527747925466e-18],
  [0.899218410621135, 0.4528165947449256, -1.0732687972848396e-17],
  [0.8660254037844386, 0.5235987755982989, -5.360408832255455e-17],
  [0.8267972847076845, 0.5974064166453502, 9.246927897333234e-19],
  [0.7806247497997998, 0.6751315329370317, -5.931934973320855e-18],
  [0.7261843774138906, 0.758040765426236, -3.575909213900065e-17],
];
const COS_K = Float64Array.from(ASIN_TABLE, (r) => r[0]);
const ASIN_HI = Float64Array.from(ASIN_TABLE, (r) => r[1]);
const ASIN_LO = Float64Array.from(ASIN_TABLE, (r) => r[2]);

/** sin r for |r| ≤ π/4 (a little beyond is fine): the polynomial the loop below inlines. */
export function sinReduced(r: number): number {
  const z = r * r;
  return r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
}

/** asin w for |w| ≤ 0.0443: the polynomial the loop below inlines. */
export function asinSmall(w: number): number {
  const z = w * w;
  return w + w * z * (A1 + z * (A2 + z * (A3 + z * (A4 + z * A5))));
}

/** Rows per block: the two passes below meet in two small scratch arrays that stay in L1. */
const BLOCK = 512;
const H = new Float64Array(BLOCK);
const G = new Float64Array(BLOCK);

/**
 * out[i] = radius · θ(x1[i], y1[i] → x2[i], y2[i]) for i < n (degrees in, the radius's unit
 * out), NaN where a coordinate is NaN/±Inf, |lat| > 90 or |lon| > 360. Blocks of BLOCK rows in
 * two monomorphic loops (h and g, then the angle): shorter loop bodies overlap better across
 * rows than one long one (measured ~20 % faster); the polynomials are written out in them so
 * that nothing is called per pair.
 */
export function centralDistances(x1: Float64Array, y1: Float64Array, x2: Float64Array, y2: Float64Array, out: Float64Array, n: number, radius: number): void {
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    halfAngleSquares(x1, y1, x2, y2, start, end, H, G);
    anglesFromSquares(H, G, out, start, end, 2 * radius);
  }
}

/** h[i − start] = sin²(θ/2), g[i − start] = cos²(θ/2); both NaN outside the domain. */
function halfAngleSquares(x1: Float64Array, y1: Float64Array, x2: Float64Array, y2: Float64Array, start: number, end: number, hs: Float64Array, gs: Float64Array): void {
  for (let i = start; i < end; i++) {
    const l1 = x1[i]!, p1 = y1[i]!, l2 = x2[i]!, p2 = y2[i]!;
    if (!(Math.abs(p1) <= 90 && Math.abs(p2) <= 90 && Math.abs(l1) <= 360 && Math.abs(l2) <= 360)) {
      hs[i - start] = NaN;
      gs[i - start] = NaN;
      continue;
    }
    const a = (p2 - p1) * 0.5, b = (p1 + p2) * 0.5, c = (l2 - l1) * 0.5;
    const ka = a * INV90 + M - M, kb = b * INV90 + M - M, kc = c * INV90 + M - M;
    const ra = (a - 90 * ka) * D2R, rb = (b - 90 * kb) * D2R, rc = (c - 90 * kc) * D2R;
    const za = ra * ra, zb = rb * rb, zc = rc * rc;
    const sa = ra + ra * za * (S1 + za * (S2 + za * (S3 + za * (S4 + za * (S5 + za * S6)))));
    const sb = rb + rb * zb * (S1 + zb * (S2 + zb * (S3 + zb * (S4 + zb * (S5 + zb * S6)))));
    const sc = rc + rc * zc * (S1 + zc * (S2 + zc * (S3 + zc * (S4 + zc * (S5 + zc * S6)))));
    const sa2 = sa * sa, sb2 = sb * sb, sc2 = sc * sc;
    const ca2 = 1 - sa2, cb2 = 1 - sb2, cc2 = 1 - sc2;
    // Odd quadrant: sin² and cos² swap. x·1 + y·0 is exactly x, so this selects without a branch.
    const oa = ka & 1, ob = kb & 1, oc = kc & 1;
    const ea = 1 - oa, eb = 1 - ob, ec = 1 - oc;
    const SA = ea * sa2 + oa * ca2, CA = ea * ca2 + oa * sa2;
    const SB = eb * sb2 + ob * cb2, CB = eb * cb2 + ob * sb2;
    const SC = ec * sc2 + oc * cc2, CC = ec * cc2 + oc * sc2;
    hs[i - start] = SA * CC + CB * SC;
    gs[i - start] = CA * CC + SB * SC;
  }
}

/** out[i] = twoR · θ/2 from h = sin²(θ/2), g = cos²(θ/2) (NaN in, NaN out). */
function anglesFromSquares(hs: Float64Array, gs: Float64Array, out: Float64Array, start: number, end: number, twoR: number): void {
  for (let i = start; i < end; i++) {
    const h = hs[i - start]!, g = gs[i - start]!;
    // f = 1 when θ/2 > 45°: work on the complement, π/2 − θ/2, whose sine is √g.
    const f = +(h > g), e = 1 - f, sg = e - f;
    const s = Math.sqrt(e * h + f * g), co = Math.sqrt(e * g + f * h);
    const k = (s * 16 + 0.5) | 0; // 0..11 (NaN: 0)
    const w = s * COS_K[k]! - co * (k * 0.0625);
    const z = w * w;
    const p = w + w * z * (A1 + z * (A2 + z * (A3 + z * (A4 + z * A5))));
    out[i] = twoR * (f * PIO2_HI + sg * ASIN_HI[k]! + (f * PIO2_LO + sg * (ASIN_LO[k]! + p)));
  }
}
