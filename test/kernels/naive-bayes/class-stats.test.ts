// 'naive-bayes/class-stats': per-class sums + counts and centred sums of squares, exact on
// both backends against a block-order reference; codes out of range skipped, one class,
// empty X, many blocks, specials, shape errors, row windows past one binding.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { naiveBayesClassStats } from '../../../kernels/naive-bayes/class-stats.js';
import { blockSum, mat, randomMatrix } from '../linalg/linalg-data.js';

function reference(x: Float64Array, n: number, d: number, y: Int32Array, C: number, theta?: Float64Array): Float64Array {
  const W = theta ? d : d + 1;
  const out = new Float64Array(C * W);
  for (let c = 0; c < C; c++) {
    for (let j = 0; j < W; j++) {
      const v = blockSum(n, (i) => {
        if (y[i] !== c) return 0;
        if (theta) return (x[i * d + j]! - theta[c * d + j]!) ** 2;
        return j === d ? 1 : x[i * d + j]!;
      });
      out[c * W + j] = Number.isNaN(v) ? NaN : v;
    }
  }
  return out;
}

async function check(n: number, d: number, C: number, seed: number, sq: boolean, special = false): Promise<void> {
  const r = rng(seed);
  const x = randomMatrix(n, d, seed);
  if (special) for (let i = 0; i < n * d; i += 17) x[i] = [NaN, Infinity, -0, 1e308][(i / 17) % 4]!;
  const y = Int32Array.from({ length: n }, () => Math.floor(r() * (C + 1)) - (r() < 0.05 ? 1 : 0));
  const theta = sq ? Float64Array.from({ length: C * d }, () => r() * 4 - 2) : undefined;
  await parity(() => run(naiveBayesClassStats, mat(x, n, d), gf.array(y), { classes: C, theta: theta && gf.array(theta) }), {
    oracle: [reference(x, n, d, y, C, theta)],
    what: `n=${n} d=${d} C=${C} sq=${sq}`,
  });
}

describe('naive-bayes/class-stats', () => {
  it('matches the block-order reference for sums, counts and centred squares', async () => {
    let seed = 1;
    for (const [n, d, C] of [[0, 2, 2], [1, 1, 1], [255, 3, 2], [257, 4, 3], [1000, 2, 10], [4099, 5, 3]] as const) {
      await check(n, d, C, seed++, false);
      await check(n, d, C, seed++, true);
    }
    await check(600, 3, 2, 99, false, true);
  });

  it('refuses bad shapes', () => {
    const x = mat(new Float64Array(6), 3, 2);
    expect(() => run(naiveBayesClassStats, x, gf.array(new Int32Array(2)), { classes: 2 })).toThrow(gf.ShapeError);
    expect(() => run(naiveBayesClassStats, x, gf.array(new Int32Array(3)), { classes: 0 })).toThrow(gf.ValueError);
    expect(() => run(naiveBayesClassStats, x, gf.array(new Int32Array(3)), { classes: 2, theta: gf.array(new Float64Array(3)) })).toThrow(gf.ShapeError);
  });

  it.skipIf(!hasGpu())('gives the same statistics when the binding cap forces row windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(9000, 3, 3, 7, false);
      await check(9000, 3, 3, 8, true);
    } finally {
      await gf.init();
    }
  });
});
