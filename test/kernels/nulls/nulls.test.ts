import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { PAST_CAPPED_GRID, withGridCap, SIZES, isValid, parity, randomArray, randomValidity, WORD_DTYPES } from '../../helpers/parity.js';

describe('nulls/flags', () => {
  it('marks null rows with 1 at every size and null rate', async () => {
    for (const n of [...SIZES, PAST_CAPPED_GRID]) {
      for (const rate of [0, 0.1, 1]) {
        const bits = randomValidity(n, rate, n + 17);
        const oracle = Uint32Array.from({ length: n }, (_, i) => (isValid(bits, i) ? 0 : 1));
        await withGridCap(() => parity(() => gf.kernels.nullFlags(gf.array(bits, 'uint8'), n), { oracle: [oracle], what: `n=${n} rate=${rate}` }));
      }
    }
  });
});

describe('nulls/fill', () => {
  for (const dtype of WORD_DTYPES) {
    it(`fills null slots of ${dtype} with the scalar's exact bits and keeps valid bits`, async () => {
      for (const n of SIZES) {
        for (const rate of [0, 0.1, 1]) {
          const a = randomArray(dtype, n, n + 3);
          const bits = randomValidity(n, rate, n + 5);
          const s = dtype === 'int64' ? -(2n ** 62n) - 1n : dtype === 'uint64' ? 2n ** 63n + 5n : dtype === 'uint32' ? 7 : -0.5;
          const oracle = a.slice();
          for (let i = 0; i < n; i++) if (!isValid(bits, i)) (oracle as Float64Array)[i] = s as number;
          await parity(() => gf.kernels.fillNull(gf.array(a), gf.array(bits, 'uint8'), s), { oracle: [oracle], what: `${dtype} n=${n} rate=${rate}` });
        }
      }
    });
  }

  it('rejects a short bitmap', () => {
    expect(() => gf.kernels.fillNull(gf.array(new Int32Array(20)), gf.array(new Uint8Array(2), 'uint8'), 0)).toThrow(gf.ShapeError);
  });
});
