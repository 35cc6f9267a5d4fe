// 'linalg/cholesky-solve': X with L Lᵀ X = B for k right-hand sides, exact binary64 on both
// backends (bit for bit), against scipy's cho_solve goldens and the residual A X - B.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { cholesky, choleskySolve } from '../../../kernels/linalg/cholesky.js';
import { choleskyRaw } from '../../../kernels/linalg/cholesky-cpu.js';
import { spd } from './cholesky-cases.js';

interface Golden { d: number; k: number; a: number[]; b: number[]; x: number[] }
const golden = JSON.parse(readFileSync('test/fixtures/linalg/reference.json', 'utf8')).cholesky_solve as Golden[];

async function solve(l: Float64Array, b: Float64Array, d: number, k: number, what: string): Promise<Float64Array> {
  const [x] = await parity(() => run(choleskySolve, { data: gf.array(l), n: d, d }, { data: gf.array(b), n: d, d: k }).data, { what: `linalg/cholesky-solve ${what}` });
  return x as Float64Array;
}

/** max |A X - B| / (max |A| max |X| d), the backward error of the solve. */
function backward(a: Float64Array, x: Float64Array, b: Float64Array, d: number, k: number): number {
  let err = 0;
  const na = Math.max(...a.map(Math.abs));
  const nx = Math.max(...x.map(Math.abs));
  for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let m = 0; m < d; m++) s += a[i * d + m]! * x[m * k + c]!;
    err = Math.max(err, Math.abs(s - b[i * k + c]!));
  }
  return err / (na * nx * d);
}

describe('linalg/cholesky-solve', () => {
  it('matches scipy.linalg.cho_solve within 1e-12 (d x k = 1x1, 3x2, 5x3, 17x4)', async () => {
    for (const g of golden) {
      const { l, status } = choleskyRaw(Float64Array.from(g.a), g.d);
      expect(status).toBe(0);
      const x = await solve(l, Float64Array.from(g.b), g.d, g.k, `golden ${g.d}x${g.k}`);
      const scale = Math.max(...g.x.map(Math.abs));
      g.x.forEach((v, i) => expect(Math.abs(x[i]! - v)).toBeLessThanOrEqual(1e-12 * scale));
    }
  });

  it('solves with the factor from linalg/cholesky, backward error < 1e-15 (d = 0, 1, 2, 3, 17, 64, 100; k = 0, 1, 3, 300)', async () => {
    for (const [d, k] of [[0, 0], [0, 3], [1, 1], [2, 3], [3, 0], [3, 1], [17, 3], [64, 2], [100, 1], [17, 300]] as const) {
      const a = spd(d, 40 + d);
      const r = rng(d + k);
      const b = Float64Array.from({ length: d * k }, () => r() * 200 - 100);
      const [l] = (await parity(() => run(cholesky, { data: gf.array(a), n: d, d }).l.data)) as Float64Array[];
      const x = await solve(l!, b, d, k, `${d}x${k}`);
      expect(x.length).toBe(d * k);
      if (d * k > 0) expect(backward(a, x, b, d, k)).toBeLessThanOrEqual(1e-15);
    }
  });

  it('solves a diagonal system exactly and an ill-conditioned (Hilbert) one to its condition', async () => {
    const l = new Float64Array([2, 0, 0, 0, 4, 0, 0, 0, 0.5]);
    const x = await solve(l, new Float64Array([8, 32, 1]), 3, 1, 'diagonal');
    expect(Array.from(x)).toEqual([2, 2, 4]);
    const d = 8;
    const h = Float64Array.from({ length: d * d }, (_, e) => 1 / (Math.floor(e / d) + (e % d) + 1));
    const ones = new Float64Array(d).fill(1);
    const b = Float64Array.from({ length: d }, (_, i) => h.slice(i * d, i * d + d).reduce((s, v) => s + v, 0));
    const hx = await solve(choleskyRaw(h, d).l, b, d, 1, 'hilbert');
    hx.forEach((v, i) => expect(Math.abs(v - ones[i]!)).toBeLessThanOrEqual(1e-5));
    expect(backward(h, hx, b, d, 1)).toBeLessThanOrEqual(1e-15);
  });

  it('propagates NaN and a zero pivot as IEEE values (canonical NaN on both backends)', async () => {
    const l = new Float64Array([1, 0, 0, 0, 0, 0, 0, 2, 1]);
    const x = await solve(l, new Float64Array([1, 1, 1, 0, 2, 2]), 3, 2, 'zero pivot');
    expect(x.some((v) => !Number.isFinite(v))).toBe(true);
    const n = await solve(new Float64Array([1, 0, NaN, 1]), new Float64Array([1, 2]), 2, 1, 'NaN');
    expect(Number.isNaN(n[1]!)).toBe(true);
  });

  it.skipIf(!hasGpu())('refuses a factor or right-hand sides past one storage binding on the device (maxBindingBytes 65536)', async () => {
    await withBindingCap(async () => {
      await gf.withBackendAsync('webgpu', async () => {
        const l91 = { data: gf.array(new Float64Array(91 * 91)), n: 91, d: 91 };
        expect(() => run(choleskySolve, l91, { data: gf.array(new Float64Array(91)), n: 91, d: 1 })).toThrow(gf.ValueError);
        const l2 = { data: gf.array(new Float64Array([1, 0, 0, 1])), n: 2, d: 2 };
        expect(() => run(choleskySolve, l2, { data: gf.array(new Float64Array(2 * 4100)), n: 2, d: 4100 })).toThrow(gf.ValueError);
      });
    });
  });

  it('rejects b with another number of rows with a ShapeError', () => {
    const l = { data: gf.array(new Float64Array([1, 0, 0, 1])), n: 2, d: 2 };
    expect(() => run(choleskySolve, l, { data: gf.array(new Float64Array(3)), n: 3, d: 1 })).toThrow(gf.ShapeError);
  });
});
