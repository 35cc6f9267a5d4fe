// 'neighbors/vote': class probabilities + labels and regression values from m × k neighbours,
// identical on both backends and equal to a plain-JS reference of scikit-learn's rules
// (weights uniform / 1/d / zero-distance only; vote ties to the smallest class); edge shapes,
// zero and infinite distances, bad options, query windows past one binding.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { neighborsVote, type VoteOptions } from '../../../kernels/neighbors/vote.js';

interface Case {
  idx: Int32Array;
  dist: Float64Array;
  targets: Int32Array | Float64Array;
  o: VoteOptions;
}

function weightsOf(d: number[], mode: string): number[] {
  if (mode === 'uniform') return d.map(() => 1);
  return d.includes(0) ? d.map((v) => (v === 0 ? 1 : 0)) : d.map((v) => 1 / v);
}

function reference(c: Case): Float64Array[] | [Float64Array, Int32Array] {
  const k = c.o.k;
  const m = c.idx.length / k;
  if (c.o.classes === undefined) {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const d = Array.from(c.dist.subarray(i * k, i * k + k));
      const w = weightsOf(d, c.o.weights);
      const y = Array.from(c.idx.subarray(i * k, i * k + k), (t) => c.targets[t]!);
      out[i] = c.o.weights === 'uniform' ? y.reduce((s, v) => s + v, 0) / k : y.reduce((s, v, p) => s + v * w[p]!, 0) / w.reduce((s, v) => s + v, 0);
    }
    return [out];
  }
  const C = c.o.classes;
  const P = new Float64Array(m * C);
  const L = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const w = weightsOf(Array.from(c.dist.subarray(i * k, i * k + k)), c.o.weights);
    for (let p = 0; p < k; p++) P[i * C + c.targets[c.idx[i * k + p]!]!] += w[p]!;
    const row = Array.from(P.subarray(i * C, i * C + C));
    L[i] = row.indexOf(Math.max(...row));
    const s = row.reduce((a, b) => a + b, 0) || 1;
    for (let j = 0; j < C; j++) P[i * C + j] = row[j]! / s;
  }
  return [P, L];
}

function random(m: number, k: number, n: number, seed: number, o: Omit<VoteOptions, 'k'>): Case {
  const r = rng(seed);
  const idx = Int32Array.from({ length: m * k }, () => Math.floor(r() * n));
  const dist = Float64Array.from({ length: m * k }, () => (r() < 0.1 ? 0 : r() < 0.05 ? Infinity : r() * 3));
  const targets = o.classes === undefined ? Float64Array.from({ length: n }, () => r() * 100 - 50) : Int32Array.from({ length: n }, () => Math.floor(r() * o.classes!));
  return { idx, dist, targets, o: { ...o, k } };
}

async function check(c: Case, what: string): Promise<void> {
  await parity(
    () => {
      const res = run(neighborsVote, gf.array(c.idx), gf.array(c.dist), gf.array(c.targets), c.o);
      return res.labels ? [res.values, res.labels] : [res.values];
    },
    { oracle: reference(c), what },
  );
}

describe('neighbors/vote', () => {
  it('matches the reference for classify and regress, uniform and distance', async () => {
    let seed = 1;
    for (const [m, k, n] of [[0, 3, 4], [1, 1, 1], [257, 5, 40], [1000, 7, 300]] as const) {
      for (const weights of ['uniform', 'distance'] as const) {
        await check(random(m, k, n, seed++, { weights, classes: 3 }), `classify m=${m} k=${k} ${weights}`);
        await check(random(m, k, n, seed++, { weights, classes: 1 }), `one class m=${m} ${weights}`);
        await check(random(m, k, n, seed++, { weights }), `regress m=${m} k=${k} ${weights}`);
      }
    }
  });

  it('votes ties to the smallest class and lets zero distances alone count', async () => {
    const c: Case = { idx: Int32Array.from([0, 1, 2, 3]), dist: Float64Array.from([1, 1, 0, 2]), targets: Int32Array.from([2, 1, 0, 1]), o: { k: 2, weights: 'uniform', classes: 3 } };
    const [, labels] = reference(c) as [Float64Array, Int32Array];
    expect(Array.from(labels)).toEqual([1, 0]);
    await check(c, 'ties');
    await check({ ...c, o: { ...c.o, weights: 'distance' } }, 'zero distance');
  });

  it('refuses bad options', () => {
    const i = gf.array(new Int32Array(4));
    const d = gf.array(new Float64Array(4));
    expect(() => run(neighborsVote, i, d, gf.array(new Float64Array(2)), { k: 3, weights: 'uniform' })).toThrow(gf.ShapeError);
    expect(() => run(neighborsVote, i, d, gf.array(new Float64Array(2)), { k: 2, weights: 'uniform', classes: 2 })).toThrow(/int32/);
    expect(() => run(neighborsVote, i, d, gf.array(new Int32Array(2)), { k: 2, weights: 'uniform' })).toThrow(/float64/);
    expect(() => run(neighborsVote, i, d, gf.array(new Int32Array(2)), { k: 2, weights: 'x' as never, classes: 2 })).toThrow(/weights/);
  });

  it.skipIf(!hasGpu())('gives the same results when the binding cap forces query windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(random(3000, 4, 50, 77, { weights: 'distance', classes: 4 }), 'windows classify');
      await check(random(9000, 3, 50, 78, { weights: 'uniform' }), 'windows regress');
    } finally {
      await gf.init();
    }
  });
});
