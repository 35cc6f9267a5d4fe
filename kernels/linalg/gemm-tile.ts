/**
 * The 2 × 4 register tile the CPU twins of 'linalg/gemm' (rows) and of the blocked
 * cross-product (./linalg-gram.ts) share: eight dot products over one contraction range,
 * each summed from +0 in index order (the order the device sums them in), so the twins'
 * results stay bit for bit the device's.
 */

/**
 * S[r * 4 + c] = Σ_{i in [i0, i1)} X[xr + i] · Y[y0 + c · ld + i] for the two rows x0, x1
 * (r = 0, 1) of X and the four columns c = 0..3 of Y at stride `ld`, from +0 in i order.
 */
export function tile2x4(X: Float64Array, x0: number, x1: number, Y: Float64Array, y0: number, ld: number, i0: number, i1: number, S: Float64Array): void {
  const t0 = y0, t1 = t0 + ld, t2 = t1 + ld, t3 = t2 + ld;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  for (let i = i0; i < i1; i++) {
    const a0 = X[x0 + i]!, a1 = X[x1 + i]!;
    const b0 = Y[t0 + i]!, b1 = Y[t1 + i]!, b2 = Y[t2 + i]!, b3 = Y[t3 + i]!;
    s00 += a0 * b0;
    s01 += a0 * b1;
    s02 += a0 * b2;
    s03 += a0 * b3;
    s10 += a1 * b0;
    s11 += a1 * b1;
    s12 += a1 * b2;
    s13 += a1 * b3;
  }
  S[0] = s00;
  S[1] = s01;
  S[2] = s02;
  S[3] = s03;
  S[4] = s10;
  S[5] = s11;
  S[6] = s12;
  S[7] = s13;
}
