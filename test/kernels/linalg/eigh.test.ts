// 'linalg/eigh': round-robin Jacobi in exact binary64, bit for bit on both backends (d <= 32 on
// the device; larger d on the CPU twin only: SwiftShader takes minutes per d = 64 matrix), against numpy.linalg.eigh goldens
// (scripts/golden/linalg_reference.py) and the identities A V = V Λ, V Vᵀ = I; descending
// values and the sign rule (largest |component| of each row positive).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, onBoth, parity, rng } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { eigh } from '../../../kernels/linalg/eigh.js';

interface Golden { name: string; d: number; a: number[]; values: number[]; vectors: number[] }
const golden = JSON.parse(readFileSync('test/fixtures/linalg/reference.json', 'utf8')).eigh as Golden[];

interface Eig { values: Float64Array; vectors: Float64Array; status: number; sweeps: number }

/** Both backends, bit for bit, when `device` (default d <= 32); else the CPU twin alone. */
async function decompose(a: Float64Array, d: number, what: string, device = d <= 32): Promise<Eig> {
  const fn = () => {
    const r = run(eigh, { data: gf.array(a), n: d, d });
    return [r.values, r.vectors.data, r.info];
  };
  const out = device ? await parity(fn, { what: `linalg/eigh ${what}` }) : (await gf.withBackendAsync('cpu', async () => onBoth(async () => fn()))).cpu;
  const [values, vectors, info] = out as [Float64Array, Float64Array, Uint32Array];
  return { values, vectors, status: info[0]!, sweeps: info[1]! };
}

function symmetric(d: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = r() * 2 - 1;
  return a;
}

/** max |A v_k - λ_k v_k| / ‖A‖_max and max |V Vᵀ - I|; also descending order and the sign rule. */
function check(a: Float64Array, e: Eig, d: number, what: string): { resid: number; orth: number } {
  let resid = 0;
  let orth = 0;
  const scale = Math.max(1e-300, ...a.map(Math.abs));
  for (let k = 0; k < d; k++) {
    if (k > 0) expect(e.values[k]!, `${what} descending`).toBeLessThanOrEqual(e.values[k - 1]!);
    const row = e.vectors.subarray(k * d, k * d + d);
    let big = 0;
    for (let r = 1; r < d; r++) if (Math.abs(row[r]!) > Math.abs(row[big]!)) big = r;
    expect(row[big]!, `${what} sign rule row ${k}`).toBeGreaterThan(0);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[i * d + j]! * row[j]!;
      resid = Math.max(resid, Math.abs(s - e.values[k]! * row[i]!) / scale);
      let o = 0;
      for (let j = 0; j < d; j++) o += row[j]! * e.vectors[i * d + j]!;
      orth = Math.max(orth, Math.abs(o - (i === k ? 1 : 0)));
    }
  }
  return { resid, orth };
}

const EPS = 2 ** -52;

describe('linalg/eigh', () => {
  it('matches numpy.linalg.eigh: values within 1e-13 ‖A‖, simple eigenvectors within 1e-11 (same sign rule)', async () => {
    for (const g of golden) {
      const a = Float64Array.from(g.a);
      const e = await decompose(a, g.d, g.name);
      expect(e.status, g.name).toBe(0);
      const scale = Math.max(...g.a.map(Math.abs));
      g.values.forEach((v, k) => expect(Math.abs(e.values[k]! - v), `${g.name} value ${k}`).toBeLessThanOrEqual(1e-13 * scale));
      for (let k = 0; k < g.d; k++) {
        const gap = Math.min(k > 0 ? g.values[k - 1]! - g.values[k]! : Infinity, k < g.d - 1 ? g.values[k]! - g.values[k + 1]! : Infinity);
        if (gap < 1e-6 * scale) continue; // a repeated eigenvalue: its vectors are a basis, not unique
        for (let r = 0; r < g.d; r++) expect(Math.abs(e.vectors[k * g.d + r]! - g.vectors[k * g.d + r]!), `${g.name} vector ${k}`).toBeLessThanOrEqual(1e-11 * scale / Math.max(gap, 1e-300) + 1e-13);
      }
      const { resid, orth } = check(a, e, g.d, g.name);
      expect(resid).toBeLessThanOrEqual(8 * g.d * EPS);
      expect(orth).toBeLessThanOrEqual(8 * g.d * EPS);
    }
  }, 120_000);

  it('decomposes random symmetric matrices: A V = V Λ and V Vᵀ = I to ~d ulps (d = 0, 1, 2, 3, 17, 64, 100)', async () => {
    for (const d of [0, 1, 2, 3, 17, 64, 100]) {
      const a = symmetric(d, 300 + d);
      const e = await decompose(a, d, `d=${d}`);
      expect(e.values.length).toBe(d);
      expect(e.vectors.length).toBe(d * d);
      expect(e.status).toBe(0);
      expect(e.sweeps).toBeLessThanOrEqual(d === 0 ? 0 : 15);
      const { resid, orth } = check(a, e, d, `d=${d}`);
      expect(resid).toBeLessThanOrEqual(4 * Math.max(d, 1) * EPS);
      expect(orth).toBeLessThanOrEqual(4 * Math.max(d, 1) * EPS);
      let trace = 0;
      for (let i = 0; i < d; i++) trace += a[i * d + i]!;
      expect(Math.abs(e.values.reduce((s, v) => s + v, 0) - trace)).toBeLessThanOrEqual(4 * d * d * EPS);
    }
  }, 300_000);

  it('reads only the lower triangle', async () => {
    const d = 9;
    const a = symmetric(d, 5);
    const junk = a.slice();
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) junk[i * d + j] = j % 2 ? NaN : 1e308;
    const x = await decompose(a, d, 'symmetric');
    const y = await decompose(junk, d, 'junk upper');
    expect(y.status).toBe(0);
    expect(y.values).toEqual(x.values);
    expect(y.vectors).toEqual(x.vectors);
  });

  it('sorts a diagonal matrix without rotating (unit vectors, one sweep; -0 after +0)', async () => {
    const vals = [3, -1, 7, 0.5, -0, 0, 7];
    const d = vals.length;
    const a = new Float64Array(d * d);
    vals.forEach((v, i) => (a[i * d + i] = v));
    const e = await decompose(a, d, 'diagonal');
    expect(e.sweeps).toBe(1);
    expect(Array.from(e.values).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([7, 7, 3, 0.5, 0, '-0', -1]);
    const order = [2, 6, 0, 3, 5, 4, 1];
    order.forEach((i, k) => expect(Array.from(e.vectors.subarray(k * d, k * d + d))).toEqual(Array.from({ length: d }, (_, r) => (r === i ? 1 : 0))));
  });

  it('handles repeated eigenvalues and rank-deficient PSD matrices (zero eigenvalues to ~d ulps of ‖A‖)', async () => {
    for (const [d, rank] of [[17, 4], [32, 1], [64, 10]] as const) {
      const r = rng(d * 7 + rank);
      const m = Float64Array.from({ length: d * rank }, () => r() * 2 - 1);
      const a = new Float64Array(d * d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < rank; k++) s += m[i * rank + k]! * m[j * rank + k]!;
        a[i * d + j] = s;
      }
      const e = await decompose(a, d, `rank ${rank} of ${d}`);
      expect(e.status).toBe(0);
      const scale = Math.max(...a.map(Math.abs));
      for (let k = rank; k < d; k++) expect(Math.abs(e.values[k]!)).toBeLessThanOrEqual(4 * d * EPS * scale);
      expect(e.values[rank - 1]!).toBeGreaterThan(1e-6 * scale);
      const { resid, orth } = check(a, e, d, `rank ${rank}`);
      expect(resid).toBeLessThanOrEqual(4 * d * EPS);
      expect(orth).toBeLessThanOrEqual(4 * d * EPS);
    }
    // The identity scaled: one eigenvalue of multiplicity d.
    const d = 12;
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) a[i * d + i] = 2.5;
    const e = await decompose(a, d, 'scaled identity');
    expect(Array.from(e.values)).toEqual(new Array(d).fill(2.5));
  });

  it('gives status 2 and NaN everywhere for NaN or ±Inf in the lower triangle', async () => {
    for (const [v, i, j] of [[NaN, 3, 1], [Infinity, 2, 2], [-Infinity, 4, 0]] as const) {
      const a = symmetric(5, 9);
      a[i * 5 + j] = v;
      const e = await decompose(a, 5, `${v}`);
      expect(e.status).toBe(2);
      expect(e.sweeps).toBe(0);
      expect([...e.values, ...e.vectors].every(Number.isNaN)).toBe(true);
    }
  });

  it.skipIf(!hasGpu())('refuses d past one storage binding (maxBindingBytes 65536) or above 512 on the device with a ValueError', async () => {
    await withBindingCap(async () => {
      await gf.withBackendAsync('webgpu', async () => {
        expect(() => run(eigh, { data: gf.array(new Float64Array(91 * 91)), n: 91, d: 91 })).toThrow(gf.ValueError);
      });
    });
    await gf.withBackendAsync('webgpu', async () => {
      expect(() => run(eigh, { data: gf.array(new Float64Array(513 * 513)), n: 513, d: 513 })).toThrow(gf.ValueError);
    });
  });

  it('rejects a non-square matrix with a ShapeError', () => {
    expect(() => run(eigh, { data: gf.array(new Float64Array(6)), n: 3, d: 2 })).toThrow(gf.ShapeError);
  });
});
