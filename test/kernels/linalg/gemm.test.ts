// 'linalg/gemm': C = op(A)·op(B) with shift, weights and bias, exact on both backends and
// against an oracle that states the block order per element; within 1e-12 of a naive sum;
// every trans combination, K past one block, edge shapes, IEEE specials, shape errors,
// binding windows and a 2-D grid.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng, withGridCap } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { linalgGemm } from '../../../kernels/linalg/gemm.js';
import { blockSum, closeTo, mat, randomMatrix } from './linalg-data.js';

interface Case {
  a: Float64Array;
  an: number;
  ad: number;
  b: Float64Array;
  bn: number;
  bd: number;
  transA?: boolean;
  transB?: boolean;
  shift?: Float64Array;
  weights?: Float64Array;
  bias?: Float64Array;
}

function dims(c: Case) {
  return { rows: c.transA ? c.ad : c.an, k: c.transA ? c.an : c.ad, m: c.transB ? c.bn : c.bd };
}

function term(c: Case, r: number, k: number, col: number): number {
  let u = c.transA ? c.a[k * c.ad + r]! : c.a[r * c.ad + k]!;
  if (c.shift) u -= c.shift[c.transA ? r : k]!;
  if (c.weights) u *= c.weights[k]!;
  return u * (c.transB ? c.b[col * c.bd + k]! : c.b[k * c.bd + col]!);
}

function oracle(c: Case): Float64Array {
  const { rows, k, m } = dims(c);
  const out = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < m; col++) {
      let v = blockSum(k, (t) => term(c, r, t, col));
      if (c.bias) v += c.bias[col]!;
      out[r * m + col] = Number.isNaN(v) ? NaN : v;
    }
  }
  return out;
}

async function check(c: Case, what: string): Promise<Float64Array> {
  const { rows, k, m } = dims(c);
  const [out] = (await parity(
    () => {
      const opts = {
        transA: c.transA === true,
        transB: c.transB === true,
        ...(c.shift ? { shift: gf.array(c.shift) } : {}),
        ...(c.weights ? { weights: gf.array(c.weights) } : {}),
        ...(c.bias ? { bias: gf.array(c.bias) } : {}),
      };
      const res = run(linalgGemm, mat(c.a, c.an, c.ad), mat(c.b, c.bn, c.bd), opts);
      expect([res.n, res.d]).toEqual([rows, m]);
      return res.data;
    },
    { oracle: [oracle(c)], what },
  )) as Float64Array[];
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < m; col++) {
      let naive = c.bias ? c.bias[col]! : 0;
      let scale = Math.abs(naive);
      for (let t = 0; t < k; t++) {
        naive += term(c, r, t, col);
        scale += Math.abs(term(c, r, t, col));
      }
      expect(closeTo(out![r * m + col]!, naive, scale), `${what} naive (${r}, ${col})`).toBe(true);
    }
  }
  return out!;
}

/** A random case: op(A) is rows × k, op(B) is k × m. */
function random(rows: number, k: number, m: number, seed: number, o: { transA?: boolean; transB?: boolean; shift?: boolean; weights?: boolean; bias?: boolean } = {}): Case {
  const r = rng(seed);
  const vec = (len: number) => Float64Array.from({ length: len }, () => r() * 4 - 2);
  const [an, ad] = o.transA ? [k, rows] : [rows, k];
  const [bn, bd] = o.transB ? [m, k] : [k, m];
  return {
    a: randomMatrix(an, ad, seed + 1),
    an,
    ad,
    b: randomMatrix(bn, bd, seed + 2),
    bn,
    bd,
    transA: o.transA,
    transB: o.transB,
    shift: o.shift ? vec(ad) : undefined,
    weights: o.weights ? vec(k) : undefined,
    bias: o.bias ? vec(m) : undefined,
  };
}

describe('linalg/gemm', () => {
  it('matches the block-order oracle for every trans combination and option', async () => {
    const shapes: Array<[number, number, number]> = [[0, 3, 2], [1, 1, 1], [1, 4, 3], [255, 3, 2], [257, 8, 5], [3, 300, 2], [2, 5, 4], [4, 0, 3]];
    let seed = 1;
    for (const [rows, k, m] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const opts = { transA, transB, shift: seed % 2 === 0, weights: seed % 3 === 0, bias: seed % 2 === 1 };
          await check(random(rows, k, m, seed++, opts), `${rows}x${k}x${m} ${JSON.stringify(opts)}`);
          await check(random(rows, k, m, seed++, { transA, transB, shift: true, weights: true, bias: true }), `${rows}x${k}x${m} all options tA=${transA} tB=${transB}`);
        }
      }
    }
  });

  it('XᵀY over many row blocks (the normal equations) with centring and weights', async () => {
    for (const n of [256, 1000, 4099]) await check(random(4, n, 2, n, { transA: true, shift: true, weights: true }), `XtY n=${n}`);
  });

  it('propagates NaN and ±Inf as IEEE arithmetic does; constant columns centre to zero', async () => {
    const a = new Float64Array([1, NaN, Infinity, 2, -0, 3, Infinity, -Infinity]);
    const b = new Float64Array([1, 2, 3, 4]);
    const out = await check({ a, an: 4, ad: 2, b, bn: 2, bd: 2 }, 'specials');
    expect(Number.isNaN(out[0])).toBe(true); // NaN in
    expect(out[2]).toBe(Infinity);
    expect(out[4]).toBe(9);
    expect(Number.isNaN(out[6])).toBe(true); // Inf + -Inf
    const c = new Float64Array([5, 1, 5, 2, 5, 3]);
    const z = await check({ a: c, an: 3, ad: 2, b: new Float64Array([7, 8]), bn: 2, bd: 1, shift: new Float64Array([5, 0]) }, 'constant');
    expect([...z]).toEqual([8, 16, 24]);
  });

  it('refuses mismatched shapes and unknown options', () => {
    const A = { data: gf.array(new Float64Array(6)), n: 3, d: 2 };
    const B = { data: gf.array(new Float64Array(6)), n: 3, d: 2 };
    expect(() => run(linalgGemm, A, B)).toThrow(gf.ShapeError);
    expect(() => run(linalgGemm, A, B, { transA: true, bias: gf.array(new Float64Array(3)) })).toThrow(/expected bias of 2 values/);
    expect(() => run(linalgGemm, A, B, { transB: true, shift: gf.array(new Float64Array(3)) })).toThrow(/expected shift of 2 values/);
    expect(() => run(linalgGemm, A, B, { transA: true, weights: gf.array(new Float64Array(2)) })).toThrow(/expected weights of 3 values/);
    expect(() => run(linalgGemm, A, B, { transa: true } as never)).toThrow(gf.ValueError);
  });

  it.skipIf(!hasGpu())('gives the same results when the binding cap forces many windows', async () => {
    await withBindingCap(async () => {
      await check(random(9000, 3, 2, 5, { shift: true, bias: true }), 'rows windows');
      await check(random(3, 9000, 2, 6, { transA: true, shift: true, weights: true, bias: true }), 'XtY windows');
    });
  });

  it('runs past the per-dimension workgroup limit on a 2-D grid', async () => {
    await withGridCap(async () => {
      await check(random(20_000, 2, 2, 8, { bias: true }), 'grid');
    });
  });
});
