// Parity tests of the kernel 'cast/positive-zero'.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { PAST_CAPPED_GRID, SIZES, parity, randomArray, withGridCap } from '../../helpers/parity.js';
import { positiveZero } from '../../../kernels/cast/positive-zero.js';

function oracle(a: Float64Array | Float32Array): Float64Array | Float32Array {
  // Independent of the kernel: via the value (-0 === 0), keeping NaN payload bits by copying words.
  const out = a.slice();
  for (let i = 0; i < a.length; i++) if (a[i] === 0) out[i] = 0;
  return out;
}

describe('cast/positive-zero', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: -0 becomes +0, every other bit pattern is kept (NaN payloads, subnormals, ±Inf)`, async () => {
      for (const n of SIZES) {
        const a = randomArray(dtype, n, n + 3, { specialRate: 0.5 }) as Float64Array | Float32Array;
        if (n > 3) {
          // A NaN with a payload and a negative NaN: bits must survive.
          const w = new Uint32Array(a.buffer);
          if (dtype === 'float64') { w[0] = 0x1234; w[1] = 0xfff00000; } else { w[0] = 0xffc01234; w[1] = 0x80000000; }
        }
        await parity(() => positiveZero(gf.array(a)), { oracle: [oracle(a)], what: `${dtype} n=${n}` });
      }
    });
  }

  it('the 2-D grid path (grid cap)', async () => {
    await withGridCap(async () => {
      const a = randomArray('float64', PAST_CAPPED_GRID, 4, { specialRate: 0.5 }) as Float64Array;
      await parity(() => positiveZero(gf.array(a)), { oracle: [oracle(a)], what: 'past grid' });
    });
  });

  it('takes floats only', () => {
    expect(() => positiveZero(gf.array(new Int32Array(1)) as never)).toThrow(gf.DTypeError);
  });
});
