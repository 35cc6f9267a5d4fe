// Parity tests of the kernels 'cast/widen' and 'cast/narrow'.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { PAST_CAPPED_GRID, SIZES, parity, rng, withGridCap } from '../../helpers/parity.js';
import { narrow, widen } from '../../../kernels/cast/widen.js';

const PACKED = ['bool', 'int8', 'int16', 'uint8', 'uint16'] as const;

function packedArray(dtype: (typeof PACKED)[number], n: number, seed: number): Uint8Array | Int8Array | Int16Array | Uint16Array {
  const r = rng(seed);
  const edges: Record<string, number[]> = { bool: [0, 1], int8: [-128, 127, -1, 0], int16: [-32768, 32767, -1, 0], uint8: [0, 255, 128], uint16: [0, 65535, 32768] };
  const a = dtype === 'int8' ? new Int8Array(n) : dtype === 'int16' ? new Int16Array(n) : dtype === 'uint16' ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (dtype === 'bool') a[i] = r() < 0.5 ? 1 : 0;
    else a[i] = r() < 0.2 ? edges[dtype]![Math.floor(r() * edges[dtype]!.length)]! : Math.floor(r() * 70000) - 35000; // stores wrap to the dtype
  }
  return a;
}

describe('cast/widen and cast/narrow', () => {
  for (const dtype of PACKED) {
    it(`widen ${dtype} → 32-bit is exact (oracle: JS numbers), and narrow gives the input back`, async () => {
      for (const n of [...SIZES, 3]) {
        const a = packedArray(dtype, n, n + 11);
        const want = dtype === 'int8' || dtype === 'int16' ? Int32Array.from(a) : Uint32Array.from(a);
        await parity(() => widen(gf.array(a, dtype)), { oracle: [want], what: `widen ${dtype} n=${n}` });
        await parity(() => narrow(gf.array(want), dtype), { oracle: [a], what: `narrow ${dtype} n=${n}` });
      }
    });
  }

  it('the 2-D grid path (grid cap) gives the same words', async () => {
    await withGridCap(async () => {
      const a = packedArray('int16', PAST_CAPPED_GRID, 5);
      const want = Int32Array.from(a);
      await parity(() => widen(gf.array(a, 'int16')), { oracle: [want], what: 'widen past grid' });
      await parity(() => narrow(gf.array(want), 'int16'), { oracle: [a], what: 'narrow past grid' });
    });
  });

  it('typed errors for dtypes it does not take', () => {
    expect(() => widen(gf.array(new Float64Array(2)))).toThrow(gf.DTypeError);
    expect(() => narrow(gf.array(new Float64Array(2)), 'int8')).toThrow(/narrow: expected dtype int32 \| uint32, got float64/);
    expect(() => narrow(gf.array(new Int32Array(2)), 'int32' as never)).toThrow(gf.DTypeError);
  });
});
