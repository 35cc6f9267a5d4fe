// 'naive-bayes/joint': GaussianNB's joint log-likelihood and the per-row argmax / max, exact
// on both backends against a plain-JS reference in the same order; argmax ties to the first
// class, one class, empty X, NaN rows, shape errors, row windows past one binding.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { naiveBayesJoint } from '../../../kernels/naive-bayes/joint.js';
import { mat, randomMatrix } from '../linalg/linalg-data.js';

function argmax(J: Float64Array, n: number, C: number): [Int32Array, Float64Array] {
  const L = new Int32Array(n);
  const M = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let c = 1; c < C; c++) if (J[i * C + c]! > J[i * C + b]!) b = c;
    L[i] = b;
    M[i] = J[i * C + b]!;
  }
  return [L, M];
}

async function gaussian(n: number, d: number, C: number, seed: number): Promise<void> {
  const r = rng(seed);
  const x = randomMatrix(n, d, seed, 3);
  const th = Float64Array.from({ length: C * d }, () => r() * 4 - 2);
  const v = Float64Array.from({ length: C * d }, () => r() + 0.1);
  const a = Float64Array.from({ length: C }, () => Math.log(r()));
  const b = Float64Array.from({ length: C }, () => -r() * 3);
  const J = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - th[c * d + j]!) ** 2 / v[c * d + j]!;
      J[i * C + c] = a[c]! + (b[c]! - 0.5 * s);
    }
  }
  await parity(
    () => {
      const res = run(naiveBayesJoint, mat(x, n, d), { theta: gf.array(th), var: gf.array(v), a: gf.array(a), b: gf.array(b) });
      return [res.jll!, res.labels, res.max];
    },
    { oracle: [J, ...argmax(J, n, C)], what: `gaussian n=${n} d=${d} C=${C}` },
  );
}

async function plain(J: Float64Array, n: number, C: number, what: string): Promise<void> {
  await parity(
    () => {
      const res = run(naiveBayesJoint, mat(J, n, C));
      expect(res.jll).toBeUndefined();
      return [res.labels, res.max];
    },
    { oracle: argmax(J, n, C), what },
  );
}

describe('naive-bayes/joint', () => {
  it('computes the Gaussian joint log-likelihood and its argmax', async () => {
    let seed = 1;
    for (const [n, d, C] of [[0, 2, 3], [1, 1, 1], [257, 4, 3], [1000, 2, 10]] as const) await gaussian(n, d, C, seed++);
  });

  it('takes the argmax of a given matrix: ties to the first class, NaN never wins after the first', async () => {
    const J = Float64Array.from([1, 1, 0, -Infinity, -Infinity, -Infinity, NaN, 2, 3, 5, NaN, 4, -0, 0, 0]);
    await plain(J, 5, 3, 'ties and specials');
    expect(Array.from(argmax(J, 5, 3)[0])).toEqual([0, 0, 0, 0, 0]);
    await plain(randomMatrix(4099, 7, 3), 4099, 7, 'random');
  });

  it('refuses bad shapes', () => {
    const x = mat(new Float64Array(6), 3, 2);
    const f = (k: number) => gf.array(new Float64Array(k));
    expect(() => run(naiveBayesJoint, x, { theta: f(4), var: f(4), a: f(2), b: f(1) })).toThrow(gf.ShapeError);
    expect(() => run(naiveBayesJoint, x, { theta: f(3), var: f(4), a: f(2), b: f(2) })).toThrow(gf.ShapeError);
  });

  it.skipIf(!hasGpu())('gives the same results when the binding cap forces row windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await gaussian(9000, 3, 2, 5);
      await plain(randomMatrix(20000, 3, 6), 20000, 3, 'argmax windows');
    } finally {
      await gf.init();
    }
  });
});
