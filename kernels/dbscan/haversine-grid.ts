/**
 * A grid on the sphere for DBSCAN's haversine metric (points are (lat, lon) in radians), so
 * that a neighbour search looks at the few cells around a point instead of every point.
 *
 * Latitude bands at least r high (r = the angle the threshold admits, padded), the points of
 * each band sorted by longitude (cells as fine as the points: no empty cells to store, and no
 * dense cell to scan whole). A point p's search visits its band and the two next to it, and in
 * each the points whose longitude lies in [lon_p - Δ, lon_p + Δ] (found by binary search,
 * wrapping at ±π), Δ = asin(sin r / cos lat_p), the longitude half-width of the cap of radius r
 * around p; every longitude when that cap holds a pole (cos lat_p <= sin r) or r >= π/2.
 *
 * The grid only chooses candidates: the decision stays the exact test (sklearn's reduced
 * distance <= thr). The candidate set is a superset of the accepted pairs: the computed reduced
 * distance errs by a few ulps relative, except that a longitude difference near ±2π (a pair
 * across the antimeridian) is rounded by up to ~1e-15 rad absolute; so r is the angle of the
 * threshold raised by a relative 1e-9, times 1 + 1e-9, plus 1e-12 rad, and the sine ratio and
 * Δ are raised by a relative 1e-9 and Δ by 1e-9 rad more. The band arithmetic is monotone in
 * lat and the longitude search compares stored values, so neither loses a candidate that these
 * margins admit (the ±2π shift of a wrapped range rounds by ~1e-15, far inside the margin).
 */

/** Points ordered by (latitude band, longitude). */
export interface SphereGrid {
  /** Point indices ordered by band, then longitude. */
  readonly perm: Uint32Array;
  /** The longitudes in perm's order. */
  readonly lon: Float64Array;
  /** bandStart[b] .. bandStart[b + 1]: the positions of band b in perm. */
  readonly bandStart: Uint32Array;
  readonly bands: number;
  readonly lat0: number;
  readonly bandHeight: number;
  /** sin of the padded radius (2 when r >= π/2: every cap covers all longitudes). */
  readonly sinR: number;
  /** Padded radius (radians). */
  readonly r: number;
}

const PAD = 1e-9;
const TWO_PI = 2 * Math.PI;
const HALF_PI = 0.5 * Math.PI;

/** Whether the coordinates suit the grid: every lat in [-π/2, π/2] and lon in [-π, π]. */
export function gridApplies(x: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const lat = x[2 * i]!, lon = x[2 * i + 1]!;
    if (!(lat >= -HALF_PI && lat <= HALF_PI && lon >= -Math.PI && lon <= Math.PI)) return false;
  }
  return true;
}

/** Padded angular radius of the threshold thr = sin²(eps/2) (at most π). */
export function paddedRadius(thr: number): number {
  const t = thr * (1 + PAD);
  return t >= 1 ? Math.PI : Math.min(Math.PI, 2 * Math.asin(Math.sqrt(t)) * (1 + PAD) + 1e-12);
}

/** Half-width in longitude of the cap of radius r (sin r = sinR) at latitude lat; Infinity when it holds a pole. */
function lonSpan(sinR: number, r: number, lat: number): number {
  if (r >= HALF_PI || Math.abs(lat) >= HALF_PI) return Infinity;
  const q = (sinR / Math.cos(lat)) * (1 + PAD);
  if (!(q < 1)) return Infinity;
  return Math.asin(q) * (1 + PAD) + PAD;
}

/** Build the grid of n points (row-major lat, lon) with at most `maxBands` bands. */
export function buildSphereGrid(x: Float64Array, n: number, thr: number, maxBands: number): SphereGrid {
  const r = paddedRadius(thr);
  const sinR = r >= HALF_PI ? 2 : Math.sin(r);
  let lo = HALF_PI, hi = -HALF_PI;
  for (let i = 0; i < n; i++) {
    const lat = x[2 * i]!;
    if (lat < lo) lo = lat;
    if (lat > hi) hi = lat;
  }
  if (n === 0) lo = hi = 0;
  // Bands at least r high over the points' latitude range [lo, hi].
  const height = Math.max(r * (1 + PAD), (hi - lo) / maxBands, 1e-300);
  const bands = Math.max(1, Math.min(maxBands, Math.floor((hi - lo) / height) + 1));
  const band = new Uint32Array(n);
  const bandStart = new Uint32Array(bands + 1);
  for (let i = 0; i < n; i++) {
    band[i] = bandOf(x[2 * i]!, lo, height, bands);
    bandStart[band[i]! + 1]!++;
  }
  for (let b = 0; b < bands; b++) bandStart[b + 1]! += bandStart[b]!;
  const fill = bandStart.slice(0, bands);
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[fill[band[i]!]!++] = i;
  const byLon = (a: number, b: number) => x[2 * a + 1]! - x[2 * b + 1]! || a - b;
  for (let b = 0; b < bands; b++) perm.subarray(bandStart[b]!, bandStart[b + 1]!).sort(byLon);
  const lon = new Float64Array(n);
  for (let k = 0; k < n; k++) lon[k] = x[2 * perm[k]! + 1]!;
  return { perm, lon, bandStart, bands, lat0: lo, bandHeight: height, sinR, r };
}

function bandOf(lat: number, lo: number, height: number, bands: number): number {
  return Math.min(bands - 1, Math.max(0, Math.floor((lat - lo) / height)));
}

/** First position in [s, e) of sorted `a` holding a value >= v (e when none). */
function lowerBoundF64(a: Float64Array, s: number, e: number, v: number): number {
  while (s < e) {
    const mid = (s + e) >>> 1;
    if (a[mid]! < v) s = mid + 1;
    else e = mid;
  }
  return s;
}

/** First position in [s, e) of sorted `a` holding a value > v (e when none). */
function upperBoundF64(a: Float64Array, s: number, e: number, v: number): number {
  while (s < e) {
    const mid = (s + e) >>> 1;
    if (a[mid]! <= v) s = mid + 1;
    else e = mid;
  }
  return s;
}

/** Call fn(j) for every candidate j of point i (a superset of its neighbours; each once). */
export function visitCandidates(g: SphereGrid, x: Float64Array, i: number, fn: (j: number) => void): void {
  const lat = x[2 * i]!, lon = x[2 * i + 1]!;
  const b = bandOf(lat, g.lat0, g.bandHeight, g.bands);
  const span = lonSpan(g.sinR, g.r, lat);
  const { perm, bandStart } = g;
  const visit = (s: number, e: number) => {
    for (let k = s; k < e; k++) fn(perm[k]!);
  };
  const range = (s: number, e: number, from: number, to: number) => visit(lowerBoundF64(g.lon, s, e, from), upperBoundF64(g.lon, s, e, to));
  for (let q = Math.max(b, 1) - 1; q <= Math.min(b + 1, g.bands - 1); q++) {
    const s = bandStart[q]!, e = bandStart[q + 1]!;
    const from = lon - span, to = lon + span;
    if (!(to - from < TWO_PI)) visit(s, e);
    else if (from < -Math.PI) {
      range(s, e, -Math.PI, to);
      range(s, e, from + TWO_PI, Math.PI);
    } else if (to > Math.PI) {
      range(s, e, -Math.PI, to - TWO_PI);
      range(s, e, from, Math.PI);
    } else range(s, e, from, to);
  }
}
