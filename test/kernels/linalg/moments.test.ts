// 'linalg/moments': per-column mean, population variance and (range) min and max. Exact on
// both backends and against an oracle that states the block order; within 1e-12 of numpy-like
// plain sums; n = 0 and 1, d = 1, constant columns, NaN/±Inf/±0, windows.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, SIZES } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { linalgMoments } from '../../../kernels/linalg/moments.js';
import { BLOCK, blockSum, mat, randomMatrix } from './linalg-data.js';

/** Running min/max over blocks (each from its first value), NaN sticky, ties keep the first. */
function extreme(col: number[], max: boolean): number {
  const better = (acc: number, x: number) => (Number.isNaN(acc) || Number.isNaN(x) ? NaN : (max ? acc < x : x < acc) ? x : acc);
  let total = NaN;
  for (let b = 0; b < col.length; b += BLOCK) {
    const blk = col.slice(b, b + BLOCK);
    const part = blk.reduce(better);
    total = b === 0 ? part : better(total, part);
  }
  return total;
}

function oracle(m: Float64Array, n: number, d: number, range: boolean): Float64Array {
  const out: number[] = [];
  const cols = Array.from({ length: d }, (_, j) => Array.from({ length: n }, (_, i) => m[i * d + j]!));
  const means = cols.map((c) => blockSum(n, (i) => c[i]!) / n);
  out.push(...means, ...cols.map((c, j) => blockSum(n, (i) => (c[i]! - means[j]!) * (c[i]! - means[j]!)) / n));
  if (range) out.push(...cols.map((c) => (n ? extreme(c, false) : NaN)), ...cols.map((c) => (n ? extreme(c, true) : NaN)));
  return Float64Array.from(out, (v) => (Number.isNaN(v) ? NaN : v));
}

async function check(m: Float64Array, n: number, d: number, what: string): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  for (const range of [false, true]) {
    const [r] = (await parity(() => run(linalgMoments, mat(m, n, d), range ? { range } : undefined), { oracle: [oracle(m, n, d, range)], what: `${what} range=${range}` })) as Float64Array[];
    out.push(r!);
  }
  return out;
}

describe('linalg/moments', () => {
  it('gives mean, variance, min and max per column in block order at every size', async () => {
    for (const n of [...SIZES, 20_000]) {
      for (const d of [1, 3]) {
        const m = randomMatrix(n, d, n * 3 + d, 1e3);
        const [, r] = await check(m, n, d, `n=${n} d=${d}`);
        if (n === 0) {
          expect(r!.every(Number.isNaN)).toBe(true);
          continue;
        }
        const c = Array.from({ length: n }, (_, i) => m[i * d]!);
        const mean = c.reduce((a, x) => a + x, 0) / n;
        const v = c.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
        expect(Math.abs(r![0]! - mean)).toBeLessThanOrEqual(1e-12 * 1e3);
        expect(Math.abs(r![d]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, v));
        expect([r![2 * d], r![3 * d]]).toEqual([Math.min(...c), Math.max(...c)]);
      }
    }
  });

  it('gives zero variance for a constant column and one row', async () => {
    const [r] = await check(new Float64Array([2.5, 1, 2.5, 2, 2.5, 3]), 3, 2, 'constant');
    expect(r![2]).toBe(0);
    const [one] = await check(new Float64Array([7, -3]), 1, 2, 'n = 1');
    expect([...one!]).toEqual([7, -3, 0, 0]);
  });

  it('propagates NaN and ±Inf; -0 and +0 tie (the first is kept)', async () => {
    const m = new Float64Array([1, -0, Infinity, NaN, 0, 2, 3, -Infinity, 0]);
    const [, r] = await check(m, 3, 3, 'specials');
    // Column 0: 1, NaN, 3 → NaN everywhere; column 1: -0, 0, -Inf; column 2: Inf, 2, 0.
    expect([r![0], r![3], r![6], r![9]].every(Number.isNaN)).toBe(true);
    expect([r![7], r![10]]).toEqual([-Infinity, -0]);
    expect(Object.is(r![10], -0)).toBe(true);
    expect([r![8], r![11]]).toEqual([0, Infinity]);
    expect(Number.isNaN(r![5])).toBe(true); // variance of a column with Inf: Inf - Inf
  });

  it.skipIf(!hasGpu())('gives the same moments when the binding cap forces many windows', async () => {
    await withBindingCap(async () => {
      await check(randomMatrix(12_011, 5, 6), 12_011, 5, 'windows');
    });
  });
});
