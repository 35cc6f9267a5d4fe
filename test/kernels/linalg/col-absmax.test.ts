// 'linalg/col-absmax': per column the first row of largest |x| and the signed value there.
// CPU twin against an oracle (numpy's argmax(abs(X), axis=0) written out), device against the
// twin bit for bit: sizes around the block, ties (first kept), ±0, ±Inf, NaN (first NaN wins),
// n = 0, d = 1, and windows past one storage binding.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng, SIZES } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { linalgColAbsMax } from '../../../kernels/linalg/col-absmax.js';
import { mat, randomMatrix } from './linalg-data.js';

function oracle(m: Float64Array, n: number, d: number): [Int32Array, Float64Array] {
  const idx = new Int32Array(d).fill(-1);
  const val = new Float64Array(d).fill(NaN);
  for (let j = 0; j < d; j++) {
    const col = Array.from({ length: n }, (_, i) => m[i * d + j]!);
    if (n === 0) continue;
    const firstNaN = col.findIndex(Number.isNaN);
    if (firstNaN >= 0) {
      idx[j] = firstNaN;
      continue;
    }
    const top = Math.max(...col.map(Math.abs));
    idx[j] = col.findIndex((v) => Math.abs(v) === top);
    val[j] = col[idx[j]!]!;
  }
  return [idx, val];
}

async function check(m: Float64Array, n: number, d: number, what: string): Promise<[Int32Array, Float64Array]> {
  const out = await parity(
    () => {
      const r = run(linalgColAbsMax, mat(m, n, d));
      return [r.index, r.value];
    },
    { oracle: oracle(m, n, d), what },
  );
  return out as [Int32Array, Float64Array];
}

describe('linalg/col-absmax', () => {
  it('finds the first largest |x| per column at every size', async () => {
    for (const n of [...SIZES, 9_001]) {
      for (const d of [1, 3]) {
        const [idx] = await check(randomMatrix(n, d, n + 7 * d), n, d, `n=${n} d=${d}`);
        if (n === 0) expect([...idx]).toEqual(new Array(d).fill(-1));
      }
    }
  });

  it('keeps the first of tied magnitudes, across blocks too', async () => {
    const n = 700;
    const m = new Float64Array(n * 2);
    const r = rng(3);
    for (let i = 0; i < n; i++) m[i * 2] = m[i * 2 + 1] = r() - 0.5;
    m[300 * 2] = -5; // column 0: -5 at row 300 ties +5 at row 600 → row 300, value -5
    m[600 * 2] = 5;
    m[10 * 2 + 1] = 5; // column 1: 5 at row 10 ties -5 at rows 270 and 699 → row 10
    m[270 * 2 + 1] = -5;
    m[699 * 2 + 1] = -5;
    const [idx, val] = await check(m, n, 2, 'ties');
    expect([...idx]).toEqual([300, 10]);
    expect([...val]).toEqual([-5, 5]);
  });

  it('orders ±0, ±Inf and NaN: NaN first, then Inf; -0 and +0 tie', async () => {
    // Columns: [0, -0, 0] → row 0; [-0, 0] → row 0 (-0); [1, -Inf, Inf] → row 1; [2, NaN, NaN] → row 1 (NaN).
    const m = new Float64Array([0, -0, 1, 2, -0, 0, -Infinity, NaN, 0, 0, Infinity, NaN]);
    const [idx, val] = await check(m, 3, 4, 'specials');
    expect([...idx]).toEqual([0, 0, 1, 1]);
    expect(Object.is(val[1], -0)).toBe(true);
    expect(val[2]).toBe(-Infinity);
    expect(Number.isNaN(val[3])).toBe(true);
  });

  it.skipIf(!hasGpu())('gives the same rows when the binding cap forces many windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      const n = 12_011;
      const m = randomMatrix(n, 5, 11);
      m[11_000 * 5 + 2] = 1e6; // the winner of column 2 in a late window
      const [idx] = await check(m, n, 5, 'windows');
      expect(idx[2]).toBe(11_000);
    } finally {
      await gf.init();
    }
  });
});
