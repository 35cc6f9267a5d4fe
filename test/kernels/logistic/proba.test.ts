// 'logistic/proba': softmax, sigmoid and softmax of [−z, z] rows, and their logs; CPU twin
// against plain JS, WebGPU against the twin within the exp/log tolerance; sizes around the
// workgroup, a 2-D grid and binding windows.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, SIZES, withGridCap } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { logisticProba, type ProbaMode } from '../../../kernels/logistic/proba.js';
import { logits, softmax, TOL } from './logistic-data.js';

function reference(z: Float64Array, n: number, r: number, mode: ProbaMode, log: boolean): Float64Array {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (mode === 'softmax') rows.push(softmax(z.subarray(i * r, i * r + r)).p);
    else if (mode === 'sigmoid') {
      const p = 1 / (1 + Math.exp(-z[i]!));
      rows.push([1 - p, p]);
    } else rows.push(softmax([-z[i]!, z[i]!]).p);
  }
  return Float64Array.from(rows.flat(), (p) => (log ? Math.log(p) : p));
}

async function check(n: number, r: number, mode: ProbaMode, log: boolean, seed: number): Promise<void> {
  const z = logits(n, r, seed);
  await parity(() => run(logisticProba, { data: gf.array(z), n, d: r }, { mode, log }).data, { tol: TOL, oracle: [reference(z, n, r, mode, log)], what: `n=${n} ${mode} log=${log}` });
}

describe('logistic/proba', () => {
  it('gives probabilities and log-probabilities in every mode at every size', async () => {
    for (const n of SIZES) {
      await check(n, 3, 'softmax', n % 2 === 0, n);
      await check(n, 1, 'sigmoid', n % 2 === 1, n + 1);
      await check(n, 1, 'softmax2', n % 2 === 0, n + 2);
    }
  });

  it('refuses a mode that does not fit Z', () => {
    expect(() => run(logisticProba, { data: gf.array(new Float64Array(2)), n: 2, d: 1 }, { mode: 'softmax' })).toThrow(gf.ShapeError);
    expect(() => run(logisticProba, { data: gf.array(new Float64Array(4)), n: 2, d: 2 }, { mode: 'sigmoid' })).toThrow(gf.ShapeError);
  });

  it('runs past the per-dimension workgroup limit on a 2-D grid', async () => {
    await withGridCap(async () => check(PAST_CAPPED_GRID, 1, 'sigmoid', false, 3));
  });

  it.skipIf(!hasGpu())('gives the same rows when the binding cap forces many windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(9_001, 4, 'softmax', true, 6);
    } finally {
      await gf.init();
    }
  });
});
