/**
 * Coordinate descent for the elastic net on the Gram matrix: scikit-learn 1.2's
 * `enet_coordinate_descent_gram` (sklearn/linear_model/_cd_fast.pyx), step for step:
 *
 *   minimise (1/2) wᵀQw − qᵀw + α‖w‖₁ + (β/2)‖w‖²    (Q = XcᵀXc, q = Xcᵀyc)
 *
 * which is (1/2)‖yc − Xc w‖² + α‖w‖₁ + (β/2)‖w‖² up to the constant ‖yc‖²/2. Coordinates are
 * visited cyclically (or drawn at random); a sweep whose largest coefficient change is below
 * tol × the largest coefficient (or the last sweep) computes the duality gap, and the fit
 * stops when the gap is below tol · ‖yc‖². Runs on the host over the d × d Gram matrix and
 * d-vector read back from the device (control reads): O(d²) per sweep, nothing per row.
 */

export interface CdProblem {
  /** d × d Gram matrix, row-major. */
  readonly Q: Float64Array;
  /** Xᵀy, d values. */
  readonly q: Float64Array;
  /** yᵀy. */
  readonly yNorm2: number;
  /** L1 strength (scikit-learn's alpha · l1_ratio · n). */
  readonly alpha: number;
  /** L2 strength (alpha · (1 − l1_ratio) · n). */
  readonly beta: number;
  readonly maxIter: number;
  readonly tol: number;
  /** Draws in [0, 1) for random selection; cyclic when absent. */
  readonly random?: () => number;
}

export interface CdResult {
  readonly w: Float64Array;
  /** The duality gap of the last check (unscaled: divide by n for scikit-learn's dual_gap_). */
  readonly gap: number;
  /** Sweeps run (scikit-learn's n_iter_). */
  readonly nIter: number;
}

const fsign = (v: number) => (v === 0 ? 0 : v > 0 ? 1 : -1);

/** Run coordinate descent from w = 0. */
export function coordinateDescentGram(p: CdProblem): CdResult {
  const { Q, q, yNorm2, alpha, beta, maxIter } = p;
  const d = q.length;
  const w = new Float64Array(d);
  const H = new Float64Array(d);
  const XtA = new Float64Array(d);
  const dwTol = p.tol;
  const tol = p.tol * yNorm2;
  let gap = p.tol + 1;
  let nIter = 0;
  for (nIter = 0; nIter < maxIter; nIter++) {
    let wMax = 0;
    let dwMax = 0;
    for (let f = 0; f < d; f++) {
      const ii = p.random ? Math.min(d - 1, Math.floor(p.random() * d)) : f;
      const qii = Q[ii * d + ii]!;
      if (qii === 0) continue;
      const wii = w[ii]!;
      const row = ii * d;
      if (wii !== 0) for (let k = 0; k < d; k++) H[k]! += -wii * Q[row + k]!;
      const tmp = q[ii]! - H[ii]!;
      const nw = (fsign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / (qii + beta);
      w[ii] = nw;
      if (nw !== 0) for (let k = 0; k < d; k++) H[k]! += nw * Q[row + k]!;
      const dw = Math.abs(nw - wii);
      if (dw > dwMax) dwMax = dw;
      if (Math.abs(nw) > wMax) wMax = Math.abs(nw);
    }
    if (wMax === 0 || dwMax / wMax < dwTol || nIter === maxIter - 1) {
      let qDotW = 0;
      for (let k = 0; k < d; k++) qDotW += w[k]! * q[k]!;
      let dual = 0;
      for (let k = 0; k < d; k++) {
        XtA[k] = q[k]! - H[k]! - beta * w[k]!;
        const a = Math.abs(XtA[k]!);
        if (k === 0 || a > dual) dual = a;
      }
      let wH = 0;
      for (let k = 0; k < d; k++) wH += w[k]! * H[k]!;
      const rNorm2 = yNorm2 + wH - 2 * qDotW;
      let wNorm2 = 0;
      let l1 = 0;
      for (let k = 0; k < d; k++) {
        wNorm2 += w[k]! * w[k]!;
        l1 += Math.abs(w[k]!);
      }
      let c: number;
      if (dual > alpha) {
        c = alpha / dual;
        gap = 0.5 * (rNorm2 + rNorm2 * c * c);
      } else {
        c = 1;
        gap = rNorm2;
      }
      gap += alpha * l1 - c * yNorm2 + c * qDotW + 0.5 * beta * (1 + c * c) * wNorm2;
      if (gap < tol) break;
    }
  }
  return { w, gap, nIter: Math.min(nIter + 1, maxIter) };
}
