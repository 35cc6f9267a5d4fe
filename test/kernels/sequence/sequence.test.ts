import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { PAST_CAPPED_GRID, SIZES, parity, withGridCap } from '../../helpers/parity.js';

describe('sequence/sequence', () => {
  it('counts from start on both backends at every size, also on a 2-D grid', async () => {
    for (const n of [...SIZES, PAST_CAPPED_GRID]) {
      for (const start of [0, 7, 2 ** 32 - n - 1]) {
        const oracle = Uint32Array.from({ length: n }, (_, i) => start + i);
        await withGridCap(() => parity(() => gf.kernels.sequence(n, start), { oracle: [oracle], what: `n=${n} start=${start}` }));
      }
    }
  });

  it('rejects bad arguments with a typed error', () => {
    expect(() => gf.kernels.sequence(-1)).toThrow(gf.ValueError);
    expect(() => gf.kernels.sequence(10, 2 ** 32 - 5)).toThrow(/start \+ n <= 2\^32/);
  });
});
