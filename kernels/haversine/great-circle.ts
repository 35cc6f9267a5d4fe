/**
 * The great-circle pieces every spherical kernel shares (spatial/haversine,
 * trajectory/segments, the trajectory pair kernels): the spherical Vincenty form
 *   a = cosφ2 sinΔλ, b = cosφ1 sinφ2 − sinφ1 cosφ2 cosΔλ, x = sinφ1 sinφ2 + cosφ1 cosφ2 cosΔλ,
 *   central angle = atan2(√(a² + b²), x)   (initial bearing = atan2(a, b)),
 * once in native float64 for the CPU twins and once in df64 as a WGSL fragment. Inputs are in
 * degrees and already checked to be in the domain (|lat| <= 90, |lon| <= 360) by the caller.
 */

const D2R = Math.PI / 180;

/** Writes the Vincenty terms [a, b, x] of (l1, p1) -> (l2, p2) (degrees) into `t`. */
export function sphereTerms(l1: number, p1: number, l2: number, p2: number, t: Float64Array): void {
  const f1 = p1 * D2R, f2 = p2 * D2R, dl = (l2 - l1) * D2R;
  const s1 = Math.sin(f1), c1 = Math.cos(f1), s2 = Math.sin(f2), c2 = Math.cos(f2);
  const sd = Math.sin(dl), cd = Math.cos(dl);
  t[0] = c2 * sd;
  t[1] = c1 * s2 - s1 * c2 * cd;
  t[2] = s1 * s2 + c1 * c2 * cd;
}

const T = new Float64Array(3);

/** The central angle (radians) between (l1, p1) and (l2, p2), in degrees; times the radius it is gf.haversine. */
export function centralAngle(l1: number, p1: number, l2: number, p2: number): number {
  sphereTerms(l1, p1, l2, p2, T);
  const a = T[0]!, b = T[1]!;
  return Math.atan2(Math.sqrt(a * a + b * b), T[2]!);
}

/**
 * WGSL (after DF64_WGSL): `gc_terms(l1, p1, l2, p2)` of float64-bit degrees gives the df64
 * terms a, b, y = √(a² + b²) and x; the central angle is df64_atan2(y, x).
 */
export const GREAT_CIRCLE_WGSL = /* wgsl */ `
struct GcTerms { a: vec2<f32>, b: vec2<f32>, y: vec2<f32>, x: vec2<f32> }
fn gc_terms(l1: vec2<u32>, p1: vec2<u32>, l2: vec2<u32>, p2: vec2<u32>) -> GcTerms {
  // sin/cos of lat1, lat2 and lon2 - lon1, through one call site (smaller code on SIMD emulators).
  var ang = array<vec2<f32>, 3>(df64_from_f64(p1).v, df64_from_f64(p2).v, df64_sub(df64_from_f64(l2).v, df64_from_f64(l1).v));
  var sc: array<vec4<f32>, 3>;
  for (var j = 0u; j < 3u; j++) { sc[j] = df64_sincos_deg(ang[j]); }
  let f1 = sc[0]; let f2 = sc[1]; let dl = sc[2];
  let a = df64_mul(f2.zw, dl.xy);
  let b = df64_sub(df64_mul(f1.zw, f2.xy), df64_mul(df64_mul(f1.xy, f2.zw), dl.zw));
  let y = df64_sqrt(df64_add(df64_mul(a, a), df64_mul(b, b)));
  let x = df64_add(df64_mul(f1.xy, f2.xy), df64_mul(df64_mul(f1.zw, f2.zw), dl.zw));
  return GcTerms(a, b, y, x);
}
`;
