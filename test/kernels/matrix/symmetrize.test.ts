// 'matrix/symmetrize': op(M, Mᵀ) over row bands, GPU (bits: order keys for max, soft-f64 for
// mean) against the CPU twin and a plain loop, bit for bit, with NaN, ±0, ±Inf, negatives and
// huge values; several bands (maxBindingBytes 4096) and the 2-D grid.
import { describe, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, randomArray, withGridCap } from '../../helpers/parity.js';

function oracle(a: Float64Array, n: number, op: 'max' | 'mean'): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j]!, y = a[j * n + i]!;
      const v = op === 'max' ? Math.max(x, y) : (x + y) * 0.5;
      out[i * n + j] = Number.isNaN(v) ? NaN : v;
    }
  }
  return out;
}

const sym = (a: Float64Array, n: number, op: 'max' | 'mean') => async () => {
  // Uploaded under the active backend's band size (fromArray + the split in symmetrize).
  const m = gf.DistanceMatrix.fromArray(a, n);
  const s = m.symmetrize(op);
  const out = (await s.toArray()).slice();
  s.dispose();
  return gf.array(out);
};

describe("'matrix/symmetrize'", () => {
  for (const n of [0, 1, 2, 17, 70]) {
    for (const op of ['max', 'mean'] as const) {
      it(`${op}, n = ${n}, special values: bit for bit`, async () => {
        const a = randomArray('float64', n * n, 31 * n + op.length, { specialRate: 0.2 }) as Float64Array;
        await parity(sym(a, n, op), { oracle: [oracle(a, n, op)], what: `${op} n=${n}` });
      });
    }
  }

  it.skipIf(!hasGpu())('several bands (maxBindingBytes 4096: 8 rows of 64 per band)', async () => {
    const n = 64;
    const a = randomArray('float64', n * n, 5) as Float64Array;
    try {
      await gf.init({ maxBindingBytes: 4096 });
      for (const op of ['max', 'mean'] as const) await parity(sym(a, n, op), { oracle: [oracle(a, n, op)], what: `bands ${op}` });
    } finally {
      await gf.init();
    }
  });

  it('past the workgroups-per-dimension limit (2-D grid)', async () => {
    const n = 200; // 40,000 entries: > 64 workgroups of 256
    const a = randomArray('float64', n * n, 9) as Float64Array;
    await withGridCap(() => parity(sym(a, n, 'max'), { oracle: [oracle(a, n, 'max')] }));
  });
});
