/**
 * CPU twin of 'linalg/eigh': parallel-ordered (round-robin) Jacobi in plain binary64, the same
 * operations in the same order as the WGSL (./eigh-wgsl.ts), so eigenvalues, eigenvectors and
 * the info words agree bit for bit. Within a round the rotated pairs are disjoint, so every
 * updated entry is one fixed formula of the round's start values: the order in which the
 * entries are visited (threads on the device, loops here) cannot change a bit.
 *
 * Round r of a sweep (m = d rounded up to even, m - 1 rounds, m / 2 pairs; an index >= d is a
 * bye): pair k is (r, m-1) for k = 0, else ((r+k) mod (m-1), (r-k+m-1) mod (m-1)), as
 * p = min, q = max. For each pair with both indices < d:
 *   rotate iff |a_pq| >= 2^-1022 and |a_pq| > EPS * sqrt|a_pp| * sqrt|a_qq|, else set
 *   a_pq = a_qp = +0 (negligible: deflated);
 *   θ = (a_qq - a_pp) / (2 a_pq); t = 0.5 / θ if |θ| >= 2^501, else
 *   t = 1 / (|θ| + sqrt(θ θ + 1)), negated if θ < 0; c = 1 / sqrt(t t + 1); s = t c.
 * With J the rotations (J_pp = J_qq = c, J_pq = s, J_qp = -s), A ← Jᵀ A J and V ← V J:
 * a_pp ← a_pp - t a_pq, a_qq ← a_qq + t a_pq, a_pq = a_qp ← 0; an off-diagonal block of pairs
 * P = (p1, q1), Q = (p2, q2) first takes Q's rotation on its columns (x_p2 ← c2 x_p2 - s2 x_q2,
 * x_q2 ← s2 x_p2 + c2 x_q2), then P's on its rows, and is mirrored; V's columns p, q:
 * v_p ← c v_p - s v_q, v_q ← s v_p + c v_q. A pair that does not rotate does no arithmetic.
 * A sweep without a rotation ends the iteration (converged).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { rotateRows } from './svd-cpu.js';
import type { Matrix } from './types.js';

/** The rotation threshold: machine epsilon (2^-52). */
export const EIGH_EPS = 2 ** -52;
/** Sweeps before the iteration gives up (info status 1). */
export const EIGH_MAX_SWEEPS = 40;

export interface EighRaw {
  values: Float64Array;
  /** Row k = the eigenvector of values[k]. */
  vectors: Float64Array;
  /** [status (0 converged, 1 not converged in EIGH_MAX_SWEEPS, 2 non-finite input), sweeps]. */
  info: Uint32Array;
}

/** Pair k of round r for m (even) players, p < q, into ps[k], qs[k]. */
export function roundPair(r: number, k: number, m: number, ps: Int32Array, qs: Int32Array): void {
  const a = k === 0 ? r : (r + k) % (m - 1);
  const b = k === 0 ? m - 1 : (r - k + m - 1) % (m - 1);
  ps[k] = a < b ? a : b;
  qs[k] = a < b ? b : a;
}

/** One Jacobi sweep over w (d x d, symmetric) and v; returns whether any pair rotated. */
function sweep(w: Float64Array, v: Float64Array, d: number, m: number, ps: Int32Array, qs: Int32Array, cs: Float64Array, ss: Float64Array, rot: Uint8Array): boolean {
  const np = m / 2;
  let any = false;
  for (let r = 0; r < m - 1; r++) {
    for (let k = 0; k < np; k++) {
      roundPair(r, k, m, ps, qs);
      const p = ps[k]!;
      const q = qs[k]!;
      rot[k] = 0;
      if (q >= d) continue;
      const apq = w[p * d + q]!;
      const app = w[p * d + p]!;
      const aqq = w[q * d + q]!;
      const x = Math.abs(apq);
      if (!(x >= 2 ** -1022 && x > EIGH_EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq)))) {
        // Negligible: deflate to an exact zero (keeps later rounds off subnormal arithmetic).
        w[p * d + q] = 0;
        w[q * d + p] = 0;
        continue;
      }
      const theta = (aqq - app) / (2 * apq);
      let t: number;
      if (Math.abs(theta) >= 2 ** 501) t = 0.5 / theta;
      else {
        t = 1 / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta < 0) t = -t;
      }
      const c = 1 / Math.sqrt(t * t + 1);
      cs[k] = c;
      ss[k] = t * c;
      rot[k] = 1;
      any = true;
      // The diagonal block only depends on its own pair: update it now.
      w[p * d + p] = app - t * apq;
      w[q * d + q] = aqq + t * apq;
      w[p * d + q] = 0;
      w[q * d + p] = 0;
    }
    for (let P = 0; P < np; P++) {
      const p1 = ps[P]!;
      const q1 = qs[P]!;
      const r1 = rot[P] === 1;
      const c1 = cs[P]!;
      const s1 = ss[P]!;
      for (let Q = P + 1; Q < np; Q++) {
        const r2 = rot[Q] === 1;
        if (!r1 && !r2) continue;
        const p2 = ps[Q]!;
        const q2 = qs[Q]!;
        const c2 = cs[Q]!;
        const s2 = ss[Q]!;
        block(w, d, p1, q1, r1, c1, s1, p2, q2, r2, c2, s2);
      }
    }
    for (let k = 0; k < np; k++) {
      if (rot[k] !== 1) continue;
      const p = ps[k]!;
      const q = qs[k]!;
      const c = cs[k]!;
      const s = ss[k]!;
      // v holds Vᵀ (row p = column p of V), so the update runs over contiguous rows.
      rotateRows(v, p * d, q * d, d, c, s);
    }
  }
  return any;
}

/** The 2 x 2 (or smaller, with byes) block of rows {p1, q1} and columns {p2, q2}, and its mirror. */
function block(w: Float64Array, d: number, p1: number, q1: number, r1: boolean, c1: number, s1: number, p2: number, q2: number, r2: boolean, c2: number, s2: number): void {
  const hq1 = q1 < d;
  const hq2 = q2 < d;
  let x11 = w[p1 * d + p2]!;
  let x12 = hq2 ? w[p1 * d + q2]! : 0;
  let x21 = hq1 ? w[q1 * d + p2]! : 0;
  let x22 = hq1 && hq2 ? w[q1 * d + q2]! : 0;
  if (r2) {
    const a = c2 * x11 - s2 * x12;
    x12 = s2 * x11 + c2 * x12;
    x11 = a;
    if (hq1) {
      const b = c2 * x21 - s2 * x22;
      x22 = s2 * x21 + c2 * x22;
      x21 = b;
    }
  }
  if (r1) {
    const a = c1 * x11 - s1 * x21;
    x21 = s1 * x11 + c1 * x21;
    x11 = a;
    if (hq2) {
      const b = c1 * x12 - s1 * x22;
      x22 = s1 * x12 + c1 * x22;
      x12 = b;
    }
  }
  w[p1 * d + p2] = x11;
  w[p2 * d + p1] = x11;
  if (hq2) {
    w[p1 * d + q2] = x12;
    w[q2 * d + p1] = x12;
  }
  if (hq1) {
    w[q1 * d + p2] = x21;
    w[p2 * d + q1] = x21;
  }
  if (hq1 && hq2) {
    w[q1 * d + q2] = x22;
    w[q2 * d + q1] = x22;
  }
}

/** Total-order keys of float64s as u32 pairs (hi, lo): unsigned order = numeric order, +0 > -0. */
function keys(v: Float64Array): Uint32Array {
  const bits = new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
  const out = new Uint32Array(v.length * 2);
  for (let i = 0; i < v.length; i++) {
    const lo = bits[2 * i]!;
    const hi = bits[2 * i + 1]!;
    const neg = (hi & 0x80000000) !== 0;
    out[2 * i] = neg ? ~hi : hi ^ 0x80000000;
    out[2 * i + 1] = neg ? ~lo : lo;
  }
  return out;
}

export function eighRaw(a: Float64Array, d: number): EighRaw {
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  const info = new Uint32Array(2);
  const w = new Float64Array(d * d);
  let finite = true;
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) {
    const x = a[i * d + j]!;
    if (x - x !== 0) finite = false;
    w[i * d + j] = x;
    w[j * d + i] = x;
  }
  if (!finite) {
    values.fill(NaN);
    vectors.fill(NaN);
    info[0] = 2;
    return { values, vectors, info };
  }
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  if (d > 0) {
    const m = d + (d & 1);
    const np = m / 2;
    const ps = new Int32Array(np);
    const qs = new Int32Array(np);
    const cs = new Float64Array(np);
    const ss = new Float64Array(np);
    const rot = new Uint8Array(np);
    let converged = false;
    while (!converged && info[1]! < EIGH_MAX_SWEEPS) {
      converged = !sweep(w, v, d, m, ps, qs, cs, ss, rot);
      info[1]!++;
    }
    info[0] = converged ? 0 : 1;
  }
  // Descending by value (total order; ties by index), each vector's largest |component| positive.
  const diag = Float64Array.from({ length: d }, (_, i) => w[i * d + i]!);
  const kk = keys(diag);
  for (let i = 0; i < d; i++) {
    const hi = kk[2 * i]!;
    const lo = kk[2 * i + 1]!;
    let rank = 0;
    for (let j = 0; j < d; j++) {
      const hj = kk[2 * j]!;
      const lj = kk[2 * j + 1]!;
      if (hj > hi || (hj === hi && (lj > lo || (lj === lo && j < i)))) rank++;
    }
    values[rank] = diag[i]!;
    const ib = i * d;
    let big = 0;
    for (let r = 1; r < d; r++) if (Math.abs(v[ib + r]!) > Math.abs(v[ib + big]!)) big = r;
    const flip = v[ib + big]! < 0;
    for (let r = 0; r < d; r++) vectors[rank * d + r] = flip ? -v[ib + r]! : v[ib + r]!;
  }
  for (const out of [values, vectors]) for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = NaN;
  return { values, vectors, info };
}

export function eighCpu(a: Matrix): { values: DataBuffer<'float64'>; vectors: Matrix; info: DataBuffer<'uint32'> } {
  const d = a.n;
  const { values, vectors, info } = eighRaw(a.data.hostView('linalg/eigh') as Float64Array, d);
  return { values: DataBuffer.fromHost(values, 'float64'), vectors: { data: DataBuffer.fromHost(vectors, 'float64'), n: d, d }, info: DataBuffer.fromHost(info, 'uint32') };
}
