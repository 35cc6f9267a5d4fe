// 'logistic/loss': weighted residuals P − Y and losses per row, multinomial and binary, with
// and without sample weights; CPU twin against a plain-JS reference, WebGPU against the twin
// (tolerance: exp/log in df64 on the device), at sizes around the workgroup, large |z|, a
// 2-D grid and binding windows.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, rng, SIZES, withGridCap } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { logisticLoss } from '../../../kernels/logistic/loss.js';
import { binary, codes, logits, softmax, TOL } from './logistic-data.js';

function reference(z: Float64Array, y: Int32Array, r: number, cw: number[], sw?: Float64Array): Float64Array {
  const n = y.length;
  const out = new Float64Array(n * (r + 1));
  for (let i = 0; i < n; i++) {
    const s = (sw ? sw[i]! : 1) * cw[y[i]!]!;
    if (r === 1) {
      const b = binary(z[i]!, y[i]!);
      out[2 * i] = s * b.g;
      out[2 * i + 1] = s * b.loss;
      continue;
    }
    const { p, lse } = softmax(z.subarray(i * r, i * r + r));
    for (let k = 0; k < r; k++) out[i * (r + 1) + k] = s * (p[k]! - (k === y[i] ? 1 : 0));
    out[i * (r + 1) + r] = s * (lse - z[i * r + y[i]!]!);
  }
  return out;
}

async function check(n: number, r: number, seed: number, weighted: boolean, scale = 8): Promise<void> {
  const K = r === 1 ? 2 : r;
  const z = logits(n, r, seed, scale);
  const y = codes(n, K, seed + 1);
  const g = rng(seed + 2);
  const cw = Array.from({ length: K }, () => 0.5 + g());
  const sw = weighted ? Float64Array.from({ length: n }, () => g() * 3) : undefined;
  await parity(
    () => {
      const out = run(logisticLoss, { data: gf.array(z), n, d: r }, gf.array(y), { classWeight: gf.array(Float64Array.from(cw)), ...(sw && { sampleWeight: gf.array(sw) }) });
      return out.data;
    },
    { tol: TOL, oracle: [reference(z, y, r, cw, sw)], what: `n=${n} r=${r} w=${weighted}` },
  );
}

describe('logistic/loss', () => {
  it('multinomial and binary rows at every size, with and without sample weights', async () => {
    for (const n of SIZES) for (const r of [1, 3]) await check(n, r, n + r, n % 2 === 0);
    await check(300, 10, 5, true);
  });

  it('keeps large logits finite (no overflow in exp, log1p of tiny values)', async () => {
    await check(500, 1, 77, false, 700);
    await check(500, 4, 78, true, 700);
  });

  it('refuses mismatched shapes', () => {
    const z = { data: gf.array(new Float64Array(6)), n: 2, d: 3 };
    expect(() => run(logisticLoss, z, gf.array(new Int32Array(3)), { classWeight: gf.array(new Float64Array(3)) })).toThrow(gf.ShapeError);
    expect(() => run(logisticLoss, z, gf.array(new Int32Array(2)), { classWeight: gf.array(new Float64Array(2)) })).toThrow(gf.ShapeError);
  });

  it('runs past the per-dimension workgroup limit on a 2-D grid', async () => {
    await withGridCap(async () => check(PAST_CAPPED_GRID, 1, 9, true));
  });

  it.skipIf(!hasGpu())('gives the same rows when the binding cap forces many windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(9_001, 3, 4, true);
    } finally {
      await gf.init();
    }
  });
});
