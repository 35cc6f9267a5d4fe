// Parity of 'concat/values' and 'concat/bitmap' against plain-JS concatenation.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { GRID_CAP, isValid, parity, randomArray, randomValidity, withGridCap, WORD_DTYPES } from '../../helpers/parity.js';
import { concatBitmaps } from '../../../kernels/concat/concat.js';

const PART_SIZES = [[0], [1], [255, 1], [256, 257], [1, 2, 3, 31, 33], [0, 1000, 0, 7], [4099, 5]];

function joinBytes(parts: gf.TypedArray[], ctor: new (n: number) => gf.TypedArray): gf.TypedArray {
  const out = new ctor(parts.reduce((s, p) => s + p.length, 0));
  const dst = new Uint8Array(out.buffer);
  let off = 0;
  for (const p of parts) {
    dst.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += p.byteLength;
  }
  return out;
}

describe('concat/values', () => {
  for (const dtype of [...WORD_DTYPES, 'bool'] as const) {
    it(`lays ${dtype} parts end to end, bits unchanged`, async () => {
      for (const sizes of PART_SIZES) {
        const parts = sizes.map((n, k) => (dtype === 'bool' ? Uint8Array.from({ length: n }, (_, i) => (i * 7 + k) % 3 === 0 ? 1 : 0) : randomArray(dtype, n, n + k, { specialRate: 0.3 })));
        const oracle = joinBytes(parts, parts[0]!.constructor as new (n: number) => gf.TypedArray);
        await parity(() => gf.kernels.concatValues(parts.map((p) => (dtype === 'bool' ? gf.array(p, 'bool') : gf.array(p)))), { oracle: [oracle], what: `${dtype} ${sizes.join('+')}` });
      }
    });
  }

  it('rejects parts of different dtypes', () => {
    expect(() => gf.kernels.concatValues([gf.array(new Int32Array(2)), gf.array(new Float64Array(2))] as never)).toThrow(gf.DTypeError);
  });
});

describe('concat/bitmap', () => {
  it('places each bitmap at any bit offset, parts without one all valid', async () => {
    for (const sizes of [...PART_SIZES, [GRID_CAP * 256 * 32 * 2 + 5, 3]]) {
      for (const rate of [0, 0.1, 1]) {
        const parts = sizes.map((n, k) => ({ length: n, bits: k % 3 === 2 ? undefined : randomValidity(n, rate, n * 3 + k) }));
        const total = sizes.reduce((a, b) => a + b, 0);
        const oracle = new Uint8Array(Math.ceil(total / 8));
        let g = 0;
        for (const p of parts) for (let j = 0; j < p.length; j++, g++) if (!p.bits || isValid(p.bits, j)) oracle[g >> 3]! |= 1 << (g & 7);
        await withGridCap(() => parity(() => concatBitmaps(parts.map((p) => ({ length: p.length, validity: p.bits ? gf.array(p.bits, 'uint8') : undefined }))), { oracle: [oracle], what: `${sizes.join('+')} rate=${rate}` }));
      }
    }
  });
});
