// 'logistic/argmax': class codes from decision values (first maximum of a row; z > 0 for one
// column), exact on both backends, with ties, ±0 and ±Inf, sizes around the workgroup, a
// 2-D grid and binding windows.
import { describe, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, SIZES, withGridCap } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { logisticArgmax } from '../../../kernels/logistic/argmax.js';
import { logits } from './logistic-data.js';

function reference(z: Float64Array, n: number, r: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => {
    const row = Array.from(z.subarray(i * r, i * r + r));
    return r === 1 ? (row[0]! > 0 ? 1 : 0) : row.indexOf(Math.max(...row));
  });
}

async function check(z: Float64Array, n: number, r: number, what: string): Promise<void> {
  await parity(() => run(logisticArgmax, { data: gf.array(z), n, d: r }), { oracle: [reference(z, n, r)], what });
}

describe('logistic/argmax', () => {
  it('picks the first maximum at every size', async () => {
    for (const n of SIZES) for (const r of [1, 2, 5]) await check(logits(n, r, n + r), n, r, `n=${n} r=${r}`);
  });

  it('handles ties, signed zeros and infinities', async () => {
    await check(new Float64Array([-0, 0, 0, -0, 1, 1, -Infinity, -1e308, Infinity, 5]), 5, 2, 'specials');
    await check(new Float64Array([-0, 0, 5e-324, -5e-324, Infinity, -Infinity]), 6, 1, 'binary specials');
  });

  it('runs past the per-dimension workgroup limit on a 2-D grid', async () => {
    await withGridCap(async () => check(logits(PAST_CAPPED_GRID, 1, 4), PAST_CAPPED_GRID, 1, 'grid'));
  });

  it.skipIf(!hasGpu())('gives the same codes when the binding cap forces many windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(logits(12_011, 3, 8), 12_011, 3, 'windows');
    } finally {
      await gf.init();
    }
  });
});
