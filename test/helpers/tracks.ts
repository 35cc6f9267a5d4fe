/**
 * Random trajectories for the trajectory-distance tests: a linestring Column (offsets that
 * may start above 0, so the child is indexed absolutely), with empty and one-point tracks,
 * null rows and NaN coordinates mixed in at chosen rates; plus plain-JS oracles.
 */
import * as gf from 'gpuframe';
import { rng } from './parity.js';

export interface Tracks {
  column: gf.Column;
  offsets: Int32Array;
  coords: Float64Array;
  validity: Uint8Array | undefined;
  n: number;
}

export function randomTracks(n: number, seed: number, opts: { maxPoints?: number; nullRate?: number; nanRate?: number; emptyRate?: number; lonLat?: boolean; skip?: number } = {}): Tracks {
  const r = rng(seed);
  const maxPoints = opts.maxPoints ?? 12;
  const skip = opts.skip ?? 3; // offsets start here: the child has `skip` unused points first
  const lens = Array.from({ length: n }, () => (r() < (opts.emptyRate ?? 0) ? 0 : 1 + Math.floor(r() * maxPoints)));
  const offsets = new Int32Array(n + 1);
  offsets[0] = skip;
  lens.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l));
  const coords = new Float64Array(2 * offsets[n]!);
  const span = opts.lonLat ? [340, 170] : [20, 20];
  for (let i = 0; i < n; i++) {
    let x = (r() - 0.5) * span[0]!, y = (r() - 0.5) * span[1]!;
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) {
      x += (r() - 0.5) * 2;
      y = Math.max(-span[1]! / 2, Math.min(span[1]! / 2, y + (r() - 0.5) * 2));
      coords[2 * p] = r() < (opts.nanRate ?? 0) ? NaN : x;
      coords[2 * p + 1] = y;
    }
  }
  let validity: Uint8Array | undefined;
  if (opts.nullRate) {
    validity = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < n; i++) if (r() >= opts.nullRate) validity[i >> 3]! |= 1 << (i & 7);
  }
  const points = new gf.Column({ type: 'point', data: gf.array(coords) });
  const column = new gf.Column({ type: 'linestring', data: gf.array(offsets), validity: validity ? gf.array(validity, 'uint8') : undefined, children: [points] });
  return { column, offsets, coords, validity, n };
}

type Dist = (c: Float64Array, a: number, b: number) => number;
const D2R = Math.PI / 180;
/** Plain distance functions (√ per pair; great circle by the Vincenty form, as gf.haversine). */
export const euclid: Dist = (c, a, b) => {
  const dx = c[2 * a]! - c[2 * b]!, dy = c[2 * a + 1]! - c[2 * b + 1]!;
  return Math.sqrt(dx * dx + dy * dy);
};
export const greatCircle = (R: number): Dist => (c, a, b) => {
  const f1 = c[2 * a + 1]! * D2R, f2 = c[2 * b + 1]! * D2R, dl = (c[2 * b]! - c[2 * a]!) * D2R;
  const x = Math.cos(f2) * Math.sin(dl);
  const y = Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl);
  return R * Math.atan2(Math.hypot(x, y), Math.sin(f1) * Math.sin(f2) + Math.cos(f1) * Math.cos(f2) * Math.cos(dl));
};

function rowOk(t: Tracks, i: number, lonLat: boolean): boolean {
  if (t.validity && ((t.validity[i >> 3]! >> (i & 7)) & 1) === 0) return false;
  if (t.offsets[i + 1] === t.offsets[i]) return false;
  for (let p = t.offsets[i]!; p < t.offsets[i + 1]!; p++) {
    const x = t.coords[2 * p]!, y = t.coords[2 * p + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y) || (lonLat && (Math.abs(x) > 360 || Math.abs(y) > 90))) return false;
  }
  return true;
}

/** The n×n matrix of f(points of i, points of j) by brute force, NaN where a row is not computable. */
export function oracleMatrix(t: Tracks, f: (a0: number, a1: number, b0: number, b1: number) => number, lonLat = false): Float64Array {
  const out = new Float64Array(t.n * t.n);
  for (let i = 0; i < t.n; i++) {
    for (let j = 0; j < t.n; j++) {
      out[i * t.n + j] = rowOk(t, i, lonLat) && rowOk(t, j, lonLat) ? f(t.offsets[i]!, t.offsets[i + 1]!, t.offsets[j]!, t.offsets[j + 1]!) : NaN;
    }
  }
  return out;
}

/** Directed Hausdorff by brute force: max over a of min over b (no early break). */
export const bruteHausdorff = (c: Float64Array, d: Dist) => (a0: number, a1: number, b0: number, b1: number): number => {
  let mx = 0;
  for (let a = a0; a < a1; a++) {
    let mn = Infinity;
    for (let b = b0; b < b1; b++) mn = Math.min(mn, d(c, a, b));
    mx = Math.max(mx, mn);
  }
  return mx;
};

/** Discrete Fréchet by the full DP table. */
export const fullFrechet = (c: Float64Array, d: Dist) => (a0: number, a1: number, b0: number, b1: number): number => {
  const n = a1 - a0, m = b1 - b0;
  const ca: number[][] = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const v = d(c, a0 + i, b0 + j);
      if (i === 0 && j === 0) ca[i]![j] = v;
      else if (i === 0) ca[i]![j] = Math.max(ca[i]![j - 1]!, v);
      else if (j === 0) ca[i]![j] = Math.max(ca[i - 1]![j]!, v);
      else ca[i]![j] = Math.max(Math.min(ca[i - 1]![j]!, ca[i - 1]![j - 1]!, ca[i]![j - 1]!), v);
    }
  }
  return ca[n - 1]![m - 1]!;
};
