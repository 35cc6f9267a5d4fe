// 'linalg/svd-small' (one-sided Jacobi): s, Vt and U bit for bit on both backends (parity),
// against SciPy's gesdd with scikit-learn's svd_flip (scripts/golden/qr_svd_reference.py)
// within 1e-12 relative to s[0], U diag(s) Vt = A within 1e-12 relative, orthonormal V and
// U, on m < d, d = 1, odd d, m = 0, rank-deficient and constant columns, NaN, and the PCA path
// X = Q R, R = U_R s Vt (with scikit-learn's u-based signs recovered from the scores).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { linalgQr } from '../../../kernels/linalg/qr.js';
import { linalgSvdSmall, type SignRule } from '../../../kernels/linalg/svd.js';
import { ValueError } from '../../../src/errors.js';
import { formulaMatrix, golden, mat, randomMatrix } from './qr-svd-cases.js';

const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

async function svdBoth(x: Float64Array, m: number, d: number, sign: SignRule, what: string): Promise<{ s: Float64Array; vt: Float64Array; u: Float64Array }> {
  const [s, vt, u] = (await parity(() => {
    const r = run(linalgSvdSmall, mat(x, m, d), true, sign);
    return [r.s, r.vt, r.u!];
  }, { what })) as Float64Array[];
  return { s: s!, vt: vt!, u: u! };
}

/** U diag(s) Vt = A (1e-12 relative), V orthonormal, U orthonormal on s > 0 and zero elsewhere, s descending >= 0. */
function checkSvd(a: Float64Array, m: number, d: number, s: Float64Array, vt: Float64Array, u: Float64Array, what: string): void {
  const scale = Math.max(maxAbs(a), Number.MIN_VALUE);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) {
      let t = 0;
      for (let k = 0; k < d; k++) t += u[i * d + k]! * s[k]! * vt[k * d + j]!;
      if (Math.abs(t - a[i * d + j]!) > 1e-12 * scale * Math.sqrt(d)) expect.fail(`${what}: (U S Vt)[${i}][${j}] = ${t}, A = ${a[i * d + j]}`);
    }
  }
  for (let p = 0; p < d; p++) {
    expect(s[p]! >= 0 && (p === 0 || s[p]! <= s[p - 1]!), `${what}: s descending`).toBe(true);
    for (let q = p; q < d; q++) {
      let vv = 0;
      let uu = 0;
      for (let i = 0; i < d; i++) vv += vt[p * d + i]! * vt[q * d + i]!;
      for (let i = 0; i < m; i++) uu += u[i * d + p]! * u[i * d + q]!;
      if (Math.abs(vv - (p === q ? 1 : 0)) > 1e-12) expect.fail(`${what}: (V^T V)[${p}][${q}] = ${vv}`);
      const want = p === q && s[p]! > 0 ? 1 : 0;
      if (Math.abs(uu - want) > 1e-12) expect.fail(`${what}: (U^T U)[${p}][${q}] = ${uu}, want ${want}`);
    }
  }
}

/** Compare the first k singular values / rows of Vt with a golden, within 1e-12 * s[0]. */
function checkGolden(s: Float64Array, vt: Float64Array, d: number, gs: number[], gvt: number[], what: string): void {
  const tol = 1e-12 * Math.max(gs[0] ?? 0, 1);
  gs.forEach((v, k) => expect(Math.abs(s[k]! - v), `${what}: s[${k}]`).toBeLessThanOrEqual(tol));
  const k = gs.length;
  // Rows for (near) zero singular values span a null space: any orthonormal basis is right.
  for (let r = 0; r < k; r++) {
    if (gs[r]! < 1e-9 * gs[0]!) continue;
    for (let c = 0; c < d; c++) if (Math.abs(vt[r * d + c]! - gvt[r * d + c]!) > 1e-11) expect.fail(`${what}: Vt[${r}][${c}] = ${vt[r * d + c]}, SciPy ${gvt[r * d + c]}`);
  }
}

describe('linalg/svd-small', () => {
  it('matches SciPy + svd_flip (u- and v-based) on the small golden matrices', async () => {
    for (const name of ['small', 'square', 'wide', 'one_column', 'rankdef']) {
      const c = golden.cases[name]!;
      const x = formulaMatrix(c.n, c.d, c.variant);
      for (const sign of ['u', 'v'] as const) {
        const { s, vt, u } = await svdBoth(x, c.n, c.d, sign, `${name} ${sign}`);
        checkGolden(s, vt, c.d, c.s, sign === 'u' ? c.vt_u : c.vt_v, `${name} ${sign}`);
        checkSvd(x, c.n, c.d, s, vt, u, `${name} ${sign}`);
        if (sign === 'u' && c.u_u) {
          const k = c.s.length;
          for (let i = 0; i < c.n; i++) for (let j = 0; j < k; j++) expect(Math.abs(u[i * c.d + j]! - c.u_u[i * k + j]!), `${name}: U[${i}][${j}]`).toBeLessThanOrEqual(1e-11);
        }
      }
    }
  });

  it('gives X\'s SVD through X = Q R (the PCA path), with scikit-learn\'s u-based signs from the scores', async () => {
    for (const name of ['tall', 'rankdef']) {
      const c = golden.cases[name]!;
      const { n, d } = c;
      const x = formulaMatrix(n, d, c.variant);
      const [s, vt] = (await parity(() => {
        const { r } = run(linalgQr, mat(x, n, d));
        const res = run(linalgSvdSmall, { data: r, n: d, d }, false, 'v');
        return [res.s, res.vt];
      }, { what: name })) as Float64Array[];
      checkGolden(s!, vt!, d, c.s, c.vt_v, `${name} v`);
      // u-based: the scores X Vt^T are U_X s; the first largest-|.| score of each component decides.
      const flipped = vt!.slice();
      for (let k = 0; k < d; k++) {
        let best = -1;
        let lead = 0;
        for (let i = 0; i < n; i++) {
          let t = 0;
          for (let j = 0; j < d; j++) t += x[i * d + j]! * vt![k * d + j]!;
          if (Math.abs(t) > best + 1e-9 * c.s[0]!) {
            best = Math.abs(t);
            lead = t;
          }
        }
        if (lead < 0) for (let j = 0; j < d; j++) flipped[k * d + j] = -flipped[k * d + j]!;
      }
      checkGolden(s!, flipped, d, c.s, c.vt_u, `${name} u via scores`);
    }
  });

  it('factors random matrices: m < d, m = 0, d = 1, odd d, constant and zero columns', async () => {
    const cases: Array<[number, number]> = [[0, 3], [1, 1], [1, 4], [5, 1], [3, 7], [7, 7], [24, 16], [12, 9]];
    for (const [m, d] of cases) {
      const x = randomMatrix(m, d, 7 * m + d);
      if (d >= 3) for (let i = 0; i < m; i++) {
        x[i * d + 1] = 0;
        x[i * d + 2] = 4.25;
      }
      const { s, vt, u } = await svdBoth(x, m, d, 'u', `m=${m} d=${d}`);
      checkSvd(x, m, d, s, vt, u, `m=${m} d=${d}`);
      expect(s.every((v) => Number.isFinite(v)), `m=${m} d=${d}: no NaN`).toBe(true);
      for (let k = Math.min(m, d); k < d; k++) expect(s[k], `m=${m} d=${d}: s[${k}]`).toBe(0);
    }
  });

  it('puts NaN first for a NaN column, the same on both backends', async () => {
    const x = randomMatrix(6, 3, 2);
    x[2 * 3 + 1] = NaN;
    const { s, vt } = await svdBoth(x, 6, 3, 'u', 'NaN');
    expect(Number.isNaN(s[0]!)).toBe(true);
    expect(vt.some((v) => Number.isNaN(v))).toBe(false);
  });
});

describe.skipIf(!hasGpu())('linalg/svd-small past one storage binding', () => {
  beforeAll(async () => {
    await gf.init({ maxBindingBytes: 65536 });
  });
  afterAll(async () => {
    await gf.init();
  });

  it('refuses, with a ValueError naming the shape, a matrix larger than one binding on the device', () => {
    expect(gf.info().limits!.maxBindingBytes).toBe(65536);
    const x = randomMatrix(100, 90, 1); // 72,000 bytes
    expect(() => gf.withBackend('webgpu', () => run(linalgSvdSmall, mat(x, 100, 90)))).toThrow(ValueError);
    expect(() => gf.withBackend('webgpu', () => run(linalgSvdSmall, mat(x, 100, 90)))).toThrow(/100 × 90/);
  });
});
