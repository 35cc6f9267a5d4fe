// 'linalg/syrk': XᵀX (optionally centred and weighted), exact on both backends and against an
// oracle that states the block order per entry; within 1e-12 of a naive sequential sum;
// symmetric bit for bit; binding windows; edge shapes and IEEE specials.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { linalgSyrk } from '../../../kernels/linalg/syrk.js';
import { blockSum, closeTo, mat, randomMatrix } from './linalg-data.js';

interface Case {
  x: Float64Array;
  n: number;
  d: number;
  mu?: Float64Array;
  w?: Float64Array;
}

function term(c: Case, i: number, a: number, b: number): number {
  let u = c.x[i * c.d + a]!;
  if (c.mu) u -= c.mu[a]!;
  if (c.w) u *= c.w[i]!;
  let v = c.x[i * c.d + b]!;
  if (c.mu) v -= c.mu[b]!;
  return u * v;
}

function oracle(c: Case): Float64Array {
  const g = new Float64Array(c.d * c.d);
  for (let a = 0; a < c.d; a++) for (let b = a; b < c.d; b++) g[a * c.d + b] = g[b * c.d + a] = blockSum(c.n, (i) => term(c, i, a, b));
  return g.map((v) => (Number.isNaN(v) ? NaN : v));
}

async function check(c: Case, what: string): Promise<Float64Array> {
  const [g] = (await parity(
    () => {
      const opts = { ...(c.mu ? { center: gf.array(c.mu) } : {}), ...(c.w ? { weights: gf.array(c.w) } : {}) };
      return run(linalgSyrk, mat(c.x, c.n, c.d), opts).data;
    },
    { oracle: [oracle(c)], what },
  )) as Float64Array[];
  for (let a = 0; a < c.d; a++) {
    for (let b = 0; b < c.d; b++) {
      expect(Object.is(g![a * c.d + b], g![b * c.d + a]), `${what} symmetric (${a}, ${b})`).toBe(true);
      let naive = 0;
      let scale = 0;
      for (let i = 0; i < c.n; i++) {
        naive += term(c, i, a, b);
        scale += Math.abs(term(c, i, a, b));
      }
      expect(closeTo(g![a * c.d + b]!, naive, scale), `${what} naive (${a}, ${b})`).toBe(true);
    }
  }
  return g!;
}

describe('linalg/syrk', () => {
  it('matches the block-order oracle at every size, plain, centred and weighted', async () => {
    for (const n of [0, 1, 2, 255, 256, 257, 1000]) {
      for (const d of [1, 3, 8]) {
        const x = randomMatrix(n, d, n * 7 + d);
        const r = rng(n + d);
        const mu = Float64Array.from({ length: d }, () => r() * 4 - 2);
        const w = Float64Array.from({ length: n }, () => r() * 3);
        await check({ x, n, d }, `n=${n} d=${d}`);
        await check({ x, n, d, mu }, `centred n=${n} d=${d}`);
        await check({ x, n, d, mu, w }, `weighted n=${n} d=${d}`);
      }
    }
  });

  it('handles n < d, constant columns (zero scatter when centred) and n = 0', async () => {
    await check({ x: randomMatrix(2, 5, 3), n: 2, d: 5 }, 'n < d');
    const n = 300;
    const x = randomMatrix(n, 3, 4);
    for (let i = 0; i < n; i++) x[i * 3 + 1] = 2.5;
    const g = await check({ x, n, d: 3, mu: new Float64Array([0, 2.5, 0]) }, 'constant column');
    expect([g[1], g[3], g[4], g[5], g[7]]).toEqual([0, 0, 0, 0, 0]);
    const empty = await check({ x: new Float64Array(0), n: 0, d: 4 }, 'n = 0');
    expect([...empty]).toEqual(new Array(16).fill(0));
  });

  it('propagates NaN and ±Inf as IEEE arithmetic does', async () => {
    const x = new Float64Array([1, 2, NaN, 4, Infinity, 0, -0, -3, 5, 6, -Infinity, 1e308, 1e308, 1e-320, 7, 8]);
    const g = await check({ x, n: 4, d: 4 }, 'specials');
    expect(Number.isNaN(g[2 * 4 + 2])).toBe(true); // column 2 holds a NaN
    expect(g[0]).toBe(Infinity); // column 0 holds +Inf
    const inf = await check({ x: new Float64Array([Infinity, 1, 2, 3]), n: 2, d: 2 }, 'inf');
    expect([...inf]).toEqual([Infinity, Infinity, Infinity, 10]);
  });

  it('refuses mismatched center and weights with a ShapeError', () => {
    const x = { data: gf.array(new Float64Array(6)), n: 3, d: 2 };
    expect(() => run(linalgSyrk, x, { center: gf.array(new Float64Array(3)) })).toThrow(gf.ShapeError);
    expect(() => run(linalgSyrk, x, { weights: gf.array(new Float64Array(2)) })).toThrow(/expected weights of 3 values/);
  });

  it.skipIf(!hasGpu())('gives the same matrix when the binding cap forces many windows', async () => {
    await withBindingCap(async () => {
      const n = 4099;
      const d = 5;
      const r = rng(11);
      await check({ x: randomMatrix(n, d, 12), n, d, mu: Float64Array.from({ length: d }, () => r()), w: Float64Array.from({ length: n }, () => r()) }, 'windows');
    });
  });
});
