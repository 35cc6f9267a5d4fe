// Parity of 'trajectory/interleave': x and y into xy pairs, bit for bit on both backends.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, SIZES, hasGpu } from '../../helpers/parity.js';
import { mulberry32 } from '../../../src/random.js';
import { interleaveXY } from '../../../kernels/trajectory/interleave.js';

function data(n: number, seed: number): [Float64Array, Float64Array] {
  const r = mulberry32(seed);
  const x = Float64Array.from({ length: n }, () => (r() - 0.5) * 1e3);
  const y = Float64Array.from({ length: n }, () => (r() - 0.5) * 1e3);
  if (n > 4) [x[0], x[1], y[2], y[3]] = [NaN, -0, Infinity, -Infinity];
  return [x, y];
}

describe('trajectory/interleave', () => {
  it('matches the oracle at every size, NaN, ±0 and ±Inf bits kept', async () => {
    for (const n of SIZES) {
      const [x, y] = data(n, n);
      const want = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) [want[2 * i], want[2 * i + 1]] = [x[i]!, y[i]!];
      await parity(() => interleaveXY(gf.array(x), gf.array(y)), { oracle: [want], what: `n=${n}` });
    }
  });

  it('past one storage binding and past 65,535 workgroups', async () => {
    const [x, y] = data(9000, 3);
    const want = new Float64Array(18000);
    for (let i = 0; i < 9000; i++) [want[2 * i], want[2 * i + 1]] = [x[i]!, y[i]!];
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536, maxWorkgroupsPerDim: 8 });
    await parity(() => interleaveXY(gf.array(x), gf.array(y)), { oracle: [want] });
    if (hasGpu()) await gf.init({});
  });

  it('rejects unequal lengths', () => {
    expect(() => interleaveXY(gf.array(new Float64Array(2)), gf.array(new Float64Array(1)))).toThrow(/expected y of 2 values like x, got 1/);
  });
});
