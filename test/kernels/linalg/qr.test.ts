// 'linalg/qr' (TSQR by Householder): R and Q bit for bit on both backends (parity), against
// numpy's R (scripts/golden/qr_svd_reference.py, sign rule applied) within 1e-12 relative,
// and the independent checks Q^T Q = I and Q R = X within 1e-12 relative, at sizes around
// the 256-row blocks, n < d, d = 1, n = 0, rank-deficient and constant columns, NaN, ±Inf,
// least squares from the R of [X | y], 1e5
// rows (CPU) and past one storage binding (device, 64 KiB cap).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { linalgQr } from '../../../kernels/linalg/qr.js';
import { formulaMatrix, golden, mat, randomMatrix } from './qr-svd-cases.js';

const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Q^T Q = I (identity on the first min(n, d) columns, zero past them) and Q R = X, within 1e-12 relative. */
function checkFactors(x: Float64Array, q: Float64Array, r: Float64Array, n: number, d: number, what: string): void {
  const scale = Math.max(maxAbs(x), Number.MIN_VALUE);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += q[i * d + k]! * r[k * d + j]!;
      if (Math.abs(s - x[i * d + j]!) > 1e-12 * scale * Math.sqrt(d)) expect.fail(`${what}: (QR)[${i}][${j}] = ${s}, X = ${x[i * d + j]}`);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += q[i * d + a]! * q[i * d + b]!;
      const want = a === b && a < n ? 1 : 0;
      if (Math.abs(s - want) > 1e-12) expect.fail(`${what}: (Q^T Q)[${a}][${b}] = ${s}, want ${want}`);
    }
  }
  for (let k = 0; k < d; k++) {
    expect(r[k * d + k]! >= 0, `${what}: diag(R)[${k}] >= 0`).toBe(true);
    for (let c = 0; c < k; c++) expect(r[k * d + c], `${what}: R[${k}][${c}] below the diagonal`).toBe(0);
  }
}

async function qrBoth(x: Float64Array, n: number, d: number, what: string): Promise<{ r: Float64Array; q: Float64Array }> {
  const [r, q] = (await parity(() => {
    const res = run(linalgQr, mat(x, n, d), true);
    return [res.r, res.q!.data];
  }, { what })) as Float64Array[];
  return { r: r!, q: q! };
}

describe('linalg/qr', () => {
  it('matches numpy R (sign rule) on the golden matrices, with Q^T Q = I and Q R = X', async () => {
    for (const [name, c] of Object.entries(golden.cases)) {
      const x = formulaMatrix(c.n, c.d, c.variant);
      const { r, q } = await qrBoth(x, c.n, c.d, name);
      // Past the first diagonal that is rank-deficiency noise, R is not unique (LAPACK splits
      // the trailing columns' residuals arbitrarily): compare those rows' column norms there.
      const tol = 1e-12 * maxAbs(c.r);
      const d = c.d;
      let k0 = 0;
      while (k0 < d && Math.abs(c.r[k0 * d + k0]!) >= 1e-9 * maxAbs(c.r)) k0++;
      for (let i = 0; i < k0 * d; i++) if (Math.abs(r[i]! - c.r[i]!) > tol) expect.fail(`${name}: R[${i}] = ${r[i]}, numpy ${c.r[i]}`);
      for (let j = k0; j < d; j++) {
        const tail = (a: ArrayLike<number>) => Math.sqrt(Array.from({ length: d - k0 }, (_, t) => a[(k0 + t) * d + j]! ** 2).reduce((p, v) => p + v, 0));
        expect(Math.abs(tail(r) - tail(c.r)), `${name}: trailing norm of column ${j}`).toBeLessThanOrEqual(tol);
      }
      checkFactors(x, q, r, c.n, c.d, name);
      expect(r.every((v) => Number.isFinite(v)), `${name}: no NaN`).toBe(true);
    }
  });

  it('factors random matrices around the block size and across a three-level tree', async () => {
    const cases: Array<[number, number]> = [[0, 3], [1, 3], [2, 3], [255, 4], [256, 4], [257, 4], [1000, 7], [4099, 16], [600, 1]];
    for (const [n, d] of cases) {
      const x = randomMatrix(n, d, n + d);
      const { r, q } = await qrBoth(x, n, d, `n=${n} d=${d}`);
      checkFactors(x, q, r, n, d, `n=${n} d=${d}`);
      if (n === 0) expect(Array.from(r)).toEqual(new Array(d * d).fill(0));
    }
  });

  it('gives zeros, not NaN, on the diagonal for zero, constant and dependent columns', async () => {
    const n = 300;
    const d = 5;
    const x = randomMatrix(n, d, 3);
    for (let i = 0; i < n; i++) {
      x[i * d + 1] = 0;
      x[i * d + 3] = 2 * x[i * d]!;
      x[i * d + 4] = -1.5;
    }
    const { r, q } = await qrBoth(x, n, d, 'rank-deficient');
    expect(r.every((v) => Number.isFinite(v))).toBe(true);
    expect(r[1 * d + 1]).toBe(0);
    expect(Math.abs(r[3 * d + 3]!)).toBeLessThan(1e-12 * maxAbs(r));
    checkFactors(x, q, r, n, d, 'rank-deficient');
  });

  it('propagates NaN to the canonical quiet NaN in R and Q, the same on both backends', async () => {
    const x = randomMatrix(40, 3, 8);
    x[17 * 3 + 1] = NaN;
    const { r } = await qrBoth(x, 40, 3, 'NaN');
    expect(Number.isNaN(r[1 * 3 + 1]!)).toBe(true);
    expect(Number.isNaN(r[1 * 3 + 2]!)).toBe(true);
    expect(r[0]! > 0).toBe(true);
    const y = randomMatrix(40, 3, 9);
    y[5 * 3 + 2] = Infinity;
    const { r: ri } = await qrBoth(y, 40, 3, '+Inf');
    expect(Number.isNaN(ri[2 * 3 + 2]!)).toBe(true);
    expect(Number.isFinite(ri[0]!)).toBe(true);
  });

  it('solves least squares from the R of [X | y] alone (Q^T y in the last column, residual norm at the corner)', async () => {
    const n = 500;
    const d = 4;
    const x = randomMatrix(n, d, 31);
    const r = rng(32);
    const beta = [1.5, -2, 0.25, 3];
    const y = Array.from({ length: n }, (_, i) => beta.reduce((a, b, j) => a + b * x[i * d + j]!, 0) + (r() - 0.5) * 0.01);
    const xy = new Float64Array(n * (d + 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) xy[i * (d + 1) + j] = x[i * d + j]!;
      xy[i * (d + 1) + d] = y[i]!;
    }
    const [ra] = (await parity(() => run(linalgQr, mat(xy, n, d + 1)).r, { what: 'least squares' })) as Float64Array[];
    const e = d + 1;
    const b = new Array<number>(d).fill(0);
    for (let k = d - 1; k >= 0; k--) {
      let t = ra![k * e + d]!;
      for (let j = k + 1; j < d; j++) t -= ra![k * e + j]! * b[j]!;
      b[k] = t / ra![k * e + k]!;
    }
    // The normal equations X^T X b = X^T y hold, and |R[d][d]| is the residual norm.
    let res = 0;
    for (let i = 0; i < n; i++) res += (y[i]! - b.reduce((a, bj, j) => a + bj * x[i * d + j]!, 0)) ** 2;
    expect(Math.abs(ra![d * e + d]! - Math.sqrt(res))).toBeLessThan(1e-12 * Math.sqrt(res) * n);
    for (let j = 0; j < d; j++) {
      let g = 0;
      let scale = 0;
      for (let i = 0; i < n; i++) {
        const ri = y[i]! - b.reduce((a, bj, k) => a + bj * x[i * d + k]!, 0);
        g += x[i * d + j]! * ri;
        scale += Math.abs(x[i * d + j]! * y[i]!);
      }
      expect(Math.abs(g)).toBeLessThan(1e-12 * scale);
    }
    b.forEach((v, j) => expect(Math.abs(v - beta[j]!)).toBeLessThan(1e-2));
  });

  it('handles 1e5 rows on the CPU (Q R = X, Q^T Q = I)', () => {
    const n = 100_003;
    const d = 8;
    const x = randomMatrix(n, d, 11);
    gf.withBackend('cpu', () => {
      const res = run(linalgQr, mat(x, n, d), true);
      checkFactors(x, res.q!.data.hostView('test') as Float64Array, res.r.hostView('test') as Float64Array, n, d, '1e5 rows');
    });
  });
});

describe.skipIf(!hasGpu())('linalg/qr past one storage binding', () => {
  beforeAll(async () => {
    await gf.init({ maxBindingBytes: 65536 });
  });
  afterAll(async () => {
    await gf.init();
  });

  it('gives the CPU bits when the matrix spans several 64 KiB windows', async () => {
    expect(gf.info().limits!.maxBindingBytes).toBe(65536);
    const n = 3001;
    const d = 6; // 144 KiB: three windows of five blocks
    const x = randomMatrix(n, d, 21);
    const { r, q } = await qrBoth(x, n, d, 'windows');
    checkFactors(x, q, r, n, d, 'windows');
  });
});
