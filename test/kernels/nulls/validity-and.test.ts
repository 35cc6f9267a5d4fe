// Parity for 'nulls/and' (kernels/nulls/validity-and.ts): the AND of validity bitmaps.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, isValid, parity, randomValidity, SIZES } from '../../helpers/parity.js';
import { validityAnd } from '../../../kernels/nulls/validity-and.js';

/** The oracle, row by row: valid when valid everywhere; bits past n are 0. */
function oracle(bitmaps: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) if (bitmaps.every((b) => isValid(b, i))) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

describe('nulls/and', () => {
  it('ANDs 1 to 6 bitmaps at every size and null rate (bits past n cleared)', async () => {
    for (const n of SIZES) {
      for (const k of [1, 2, 3, 4, 5, 6]) {
        for (const rate of [0, 0.1, 1]) {
          const maps = Array.from({ length: k }, (_, j) => {
            const b = randomValidity(n, rate, 100 * n + 10 * k + j);
            if (b.length > 0) b[b.length - 1]! |= 0xff & ~((1 << (n % 8 || 8)) - 1); // garbage past n
            return b;
          });
          await parity(() => validityAnd(maps.map((m) => gf.array(m, 'uint8')), n)!, { oracle: [oracle(maps, n)], what: `n=${n} k=${k} rate=${rate}` });
        }
      }
    }
  });

  it('gives undefined for no bitmap and rejects a short one', () => {
    expect(validityAnd([undefined, undefined], 10)).toBeUndefined();
    expect(() => validityAnd([gf.array(new Uint8Array(1), 'uint8')], 9)).toThrow(gf.ShapeError);
    expect(() => validityAnd([gf.array(new Int32Array(4)) as never], 9)).toThrow(gf.DTypeError);
  });

  it('past one storage binding and past the capped grid (maxBindingBytes 65536, grid cap 64)', async () => {
    const n = 600_000 + 13; // 75,002 bytes, 18,751 words: 2 windows, 74 workgroups
    const maps = [0.1, 0.3, 0.05].map((r, j) => randomValidity(n, r, 7 + j));
    try {
      if (hasGpu()) await gf.init({ maxBindingBytes: 65536, maxWorkgroupsPerDim: 64 });
      await parity(() => validityAnd(maps.map((m) => gf.array(m, 'uint8')), n)!, { oracle: [oracle(maps, n)], what: 'windows' });
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
