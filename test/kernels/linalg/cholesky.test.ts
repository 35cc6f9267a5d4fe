// 'linalg/cholesky': A = L Lᵀ in exact binary64 on both backends (bit for bit), against
// numpy/LAPACK goldens (scripts/golden/linalg_reference.py) and the identity L Lᵀ = A, with
// the status word for matrices that are not positive definite or not finite.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { cholesky } from '../../../kernels/linalg/cholesky.js';
import { spd } from './cholesky-cases.js';

interface Golden { d: number; a: number[]; l: number[] }
const golden = JSON.parse(readFileSync('test/fixtures/linalg/reference.json', 'utf8')).cholesky as Golden[];

/** Run the op on both backends; returns L and the status from the CPU (the GPU is compared bit for bit). */
async function factor(a: Float64Array, d: number, what: string): Promise<{ l: Float64Array; status: number }> {
  const [l, s] = await parity(() => {
    const r = run(cholesky, { data: gf.array(a), n: d, d });
    return [r.l.data, r.status];
  }, { what: `linalg/cholesky ${what}` });
  return { l: l as Float64Array, status: (s as Uint32Array)[0]! };
}

/** max |L Lᵀ - A| / max |A|, and that L is lower triangular with a positive diagonal. */
function residual(a: Float64Array, l: Float64Array, d: number): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    if (j > i) expect(Object.is(l[i * d + j], 0)).toBe(true);
    if (j === i) expect(l[i * d + i]).toBeGreaterThan(0);
    let s = 0;
    for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!;
    err = Math.max(err, Math.abs(s - a[i * d + j]!));
    scale = Math.max(scale, Math.abs(a[i * d + j]!));
  }
  return d === 0 ? 0 : err / scale;
}

describe('linalg/cholesky', () => {
  it('matches numpy.linalg.cholesky within 1e-13 (d = 1, 2, 3, 5, 17)', async () => {
    for (const g of golden) {
      const { l, status } = await factor(Float64Array.from(g.a), g.d, `golden d=${g.d}`);
      expect(status).toBe(0);
      const scale = Math.max(...g.l.map(Math.abs));
      g.l.forEach((v, i) => expect(Math.abs(l[i]! - v)).toBeLessThanOrEqual(1e-13 * scale));
    }
  });

  it('factors random SPD matrices, L Lᵀ = A (d = 0, 1, 2, 3, 17, 64, 100)', async () => {
    for (const d of [0, 1, 2, 3, 17, 64, 100]) {
      const a = spd(d, 100 + d);
      const { l, status } = await factor(a, d, `d=${d}`);
      expect(status).toBe(0);
      expect(l.length).toBe(d * d);
      expect(residual(a, l, d)).toBeLessThanOrEqual(1e-14 * Math.max(1, d));
    }
  });

  it('reads only the lower triangle', async () => {
    const d = 17;
    const a = spd(d, 7);
    const junk = a.slice();
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) junk[i * d + j] = i % 2 ? NaN : -1e300;
    const x = await factor(a, d, 'symmetric');
    const y = await factor(junk, d, 'junk upper');
    expect(y.status).toBe(0);
    expect(y.l).toEqual(x.l);
  });

  it('factors diagonal and ill-conditioned (Hilbert, cond ~1.6e13) matrices', async () => {
    const diag = new Float64Array([4, 0, 0, 0, 9, 0, 0, 0, 1e-300]);
    const dl = await factor(diag, 3, 'diagonal');
    expect(dl.status).toBe(0);
    expect(Array.from(dl.l)).toEqual([2, 0, 0, 0, 3, 0, 0, 0, 1e-150]);
    const d = 10;
    const h = Float64Array.from({ length: d * d }, (_, e) => 1 / (Math.floor(e / d) + (e % d) + 1));
    const hl = await factor(h, d, 'hilbert');
    expect(hl.status).toBe(0);
    expect(residual(h, hl.l, d)).toBeLessThanOrEqual(1e-15);
  });

  it('reports the first non-positive pivot as 1 + j and NaN columns from it on', async () => {
    const cases: Array<[string, number[], number]> = [
      ['negative first pivot', [-1, 0, 0, 1], 1],
      ['zero first pivot', [0, 0, 0, 1], 1],
      ['indefinite', [1, 2, 2, 1], 2],
      ['singular PSD', [1, 2, 2, 4], 2],
      ['-0 pivot', [-0, 0, 0, 1], 1],
    ];
    for (const [what, a, status] of cases) {
      const r = await factor(new Float64Array(a), 2, what);
      expect(r.status, what).toBe(status);
      for (let i = status - 1; i < 2; i++) for (let j = status - 1; j <= i; j++) expect(Number.isNaN(r.l[i * 2 + j]), what).toBe(true);
    }
    // A 17 x 17 SPD matrix with its 12th pivot made negative: columns 0..10 are the factor.
    const d = 17;
    const a = spd(d, 3);
    const full = await factor(a, d, 'spd');
    const bad = a.slice();
    bad[11 * d + 11] = -1e3;
    const r = await factor(bad, d, 'pivot 11');
    expect(r.status).toBe(12);
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) {
      if (j < 11 && i !== 11) expect(r.l[i * d + j]).toBe(full.l[i * d + j]);
      if (j >= 11) expect(Number.isNaN(r.l[i * d + j])).toBe(true);
    }
  });

  it('fails a pivot on NaN or ±Inf in the lower triangle (status != 0, never a silent factor)', async () => {
    const d = 5;
    for (const [v, at] of [[NaN, [3, 1]], [Infinity, [2, 2]], [-Infinity, [4, 0]], [NaN, [0, 0]]] as Array<[number, [number, number]]>) {
      const a = spd(d, 11);
      a[at[0] * d + at[1]] = v;
      const r = await factor(a, d, `${v} at ${at}`);
      expect(r.status, `${v} at ${at}`).toBeGreaterThan(0);
      expect(r.status).toBeLessThanOrEqual(at[0] + 1);
    }
  });

  it.skipIf(!hasGpu())('refuses a matrix past one storage binding on the device (maxBindingBytes 65536) with a ValueError', async () => {
    await withBindingCap(async () => {
      const d = 91; // 91 * 91 * 8 = 66,248 bytes
      await gf.withBackendAsync('webgpu', async () => {
        expect(() => run(cholesky, { data: gf.array(spd(d, 1)), n: d, d })).toThrow(gf.ValueError);
      });
      const ok = await gf.withBackendAsync('webgpu', async () => run(cholesky, { data: gf.array(spd(90, 1)), n: 90, d: 90 }));
      expect((await ok.status.toArray())[0]).toBe(0);
    });
  });

  it('rejects a non-square matrix with a ShapeError', () => {
    expect(() => run(cholesky, { data: gf.array(new Float64Array(6)), n: 2, d: 3 })).toThrow(gf.ShapeError);
  });
});
