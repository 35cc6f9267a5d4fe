import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { PAST_CAPPED_GRID, withGridCap, SIZES, WORD_DTYPES, hasGpu, isValid, parity, randomArray, randomValidity, rng } from '../../helpers/parity.js';

const DTYPES = [...WORD_DTYPES, 'bool'] as const;

function randomValues(dtype: string, n: number, seed: number): TypedArray {
  if (dtype !== 'bool') return randomArray(dtype, n, seed);
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
}

/** Indices into n values, about 10% of them out of range (including 2^32 - 1). */
function randomIndices(m: number, n: number, seed: number, outRate = 0.1): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: m }, () => (r() < outRate ? (r() < 0.5 ? 0xffffffff : n + Math.floor(r() * 100)) : Math.floor(r() * n)));
}

/** Independent oracle: copies element bytes one by one; out of range gives 0 bits and null. */
function oracle(values: TypedArray, indices: Uint32Array, validity?: Uint8Array): [TypedArray, Uint8Array] {
  const size = values.BYTES_PER_ELEMENT;
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new (values.constructor as new (n: number) => TypedArray)(indices.length);
  const dst = new Uint8Array(out.buffer);
  const bits = new Uint8Array(Math.ceil(indices.length / 8));
  for (let j = 0; j < indices.length; j++) {
    const idx = indices[j]!;
    if (idx >= values.length) continue;
    for (let b = 0; b < size; b++) dst[j * size + b] = src[idx * size + b]!;
    if (isValid(validity, idx)) bits[j >> 3]! |= 1 << (j & 7);
  }
  return [out, bits];
}

const both = (r: { values: gf.DataBuffer; validity: gf.DataBuffer<'uint8'> }) => [r.values, r.validity];

describe('gather/gather', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: values and validity match the oracle and both backends, null rates 0 / 0.1 / 1`, async () => {
      for (const n of SIZES) {
        const values = randomValues(dtype, n, 3 * n + 1);
        const m = n + (n % 3);
        const indices = randomIndices(m, n, 5 * n + 2);
        for (const rate of [undefined, 0, 0.1, 1]) {
          const validity = rate === undefined ? undefined : randomValidity(n, rate, 7 * n + 3);
          const run = () => both(gf.kernels.gather(gf.array(values, dtype), gf.array(indices), { validity: validity && gf.array(validity) }));
          await parity(run, { oracle: oracle(values, indices, validity), what: `${dtype} n=${n} nulls=${rate}` });
        }
      }
    });
  }

  it('out-of-range indices give zero bits and null; input nulls are carried through', async () => {
    const v = new Float64Array([1.5, -2, 3]);
    const validity = new Uint8Array([0b101]);
    const [vals, bits] = await parity(() => both(gf.kernels.gather(gf.array(v), gf.array(new Uint32Array([2, 3, 1, 0xffffffff, 0])), { validity: gf.array(validity) })));
    expect([...vals!]).toEqual([3, 0, -2, 0, 1.5]);
    expect([...bits!]).toEqual([0b10001]);
    const [, all] = await parity(() => both(gf.kernels.gather(gf.array(v), gf.array(new Uint32Array([0, 1, 2])))));
    expect([...all!]).toEqual([0b111]);
  });

  it('inRange: no bitmap without input nulls; with input nulls the same bitmap as without the promise', async () => {
    for (const dtype of DTYPES) {
      for (const n of [0, 1, 257, 4099]) {
        const values = randomValues(dtype, n, n + 11);
        // Every index in range (none at all for an empty source).
        const idx = n === 0 ? new Uint32Array(0) : randomIndices(n + 3, n, n + 12, 0);
        const [vals] = await parity(() => {
          const g = gf.kernels.gather(gf.array(values, dtype), gf.array(idx), { inRange: true });
          expect(g.validity, `${dtype} n=${n}`).toBeUndefined();
          return [g.values];
        }, { oracle: [oracle(values, idx)[0]], what: `${dtype} n=${n} inRange` });
        expect(vals!.length).toBe(idx.length);
        const validity = randomValidity(n, 0.1, n + 13);
        await parity(() => both(gf.kernels.gather(gf.array(values, dtype), gf.array(idx), { validity: gf.array(validity), inRange: true }) as never), {
          oracle: oracle(values, idx, validity),
          what: `${dtype} n=${n} inRange with nulls`,
        });
      }
    }
    expect(() => gf.kernels.gather(gf.array(new Float64Array(1)), gf.array(new Uint32Array([0])), { inRange: 1 as never })).toThrow(gf.ValueError);
  });

  it('an empty source (every dtype, 64-bit ones included): every index is out of range, zero bits and null', async () => {
    for (const dtype of DTYPES) {
      const empty = randomValues(dtype, 0, 1);
      for (const m of [1, 5, 300]) {
        const idx = randomIndices(m, 0, m + 1);
        for (const validity of [undefined, new Uint8Array(0)]) {
          const [vals, bits] = await parity(() => both(gf.kernels.gather(gf.array(empty, dtype), gf.array(idx), { validity: validity && gf.array(validity) })), {
            oracle: oracle(empty, idx, validity),
            what: `${dtype} empty source m=${m} validity=${validity !== undefined}`,
          });
          expect(vals!.length).toBe(m);
          expect([...bits!].every((b) => b === 0)).toBe(true);
        }
      }
    }
  });

  it('preserves NaN payloads, -0 and int64 beyond 2^53 bit for bit', async () => {
    const f64 = new Float64Array(4);
    const w = new Uint32Array(f64.buffer);
    [w[0], w[1]] = [0x00000001, 0x7ff80000]; // quiet NaN with a payload
    [w[2], w[3]] = [0x00000123, 0xfff00000]; // negative signalling NaN
    f64[2] = -0;
    f64[3] = -Infinity;
    const idx = new Uint32Array([3, 2, 1, 0, 0]);
    const [g] = await parity(() => both(gf.kernels.gather(gf.array(f64), gf.array(idx))), { oracle: oracle(f64, idx) });
    const gw = new Uint32Array(g!.buffer);
    expect([gw[6], gw[7], gw[4], gw[5]]).toEqual([0x00000001, 0x7ff80000, 0x00000123, 0xfff00000]);
    expect(Object.is(g![1], -0)).toBe(true);
    const f32 = new Float32Array(new Uint32Array([0x7fc00abc, 0x80000000, 0xff800001]).buffer);
    const [h] = await parity(() => both(gf.kernels.gather(gf.array(f32), gf.array(new Uint32Array([2, 1, 0])))));
    expect([...new Uint32Array(h!.buffer)]).toEqual([0xff800001, 0x80000000, 0x7fc00abc]);
    const big = new BigInt64Array([2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n]);
    const [b] = await parity(() => both(gf.kernels.gather(gf.array(big), gf.array(new Uint32Array([2, 0, 1])))));
    expect([...b!]).toEqual([2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 63n)]);
  });

  it('covers outputs past the workgroups-per-dimension limit (one per thread) with a 2-D grid', async () => {
    const n = 1000;
    const values = randomArray('uint32', n, 99) as Uint32Array;
    const indices = randomIndices(PAST_CAPPED_GRID, n, 98, 0.01);
    const validity = randomValidity(n, 0.1, 97);
    await withGridCap(async () => {
      await parity(() => both(gf.kernels.gather(gf.array(values), gf.array(indices), { validity: gf.array(validity) })), { oracle: oracle(values, indices, validity), what: 'past grid' });
      if (hasGpu()) expect(gf.info().limits!.maxWorkgroupsPerDim).toBeLessThan(Math.ceil(PAST_CAPPED_GRID / 256));
    });
  });

  it('runs its @example, and returns every device byte it takes', async () => {
    const v = gf.array(new Float64Array([10, 20, 30]));
    const { values, validity } = gf.kernels.gather(v, gf.array(new Uint32Array([2, 0, 7])));
    expect([...(await values.toArray())]).toEqual([30, 10, 0]);
    expect([...(await validity.toArray())]).toEqual([0b011]);
    if (!hasGpu()) return;
    const before = gf.stats().liveDeviceBytes;
    const [x, i, bits] = [gf.array(randomArray('int64', 5000, 1)), gf.array(randomIndices(7000, 5000, 2)), gf.array(randomValidity(5000, 0.1, 3))];
    const r = gf.withBackend('webgpu', () => gf.kernels.gather(x, i, { validity: bits }));
    await r.values.toArray();
    for (const b of [r.values, r.validity, x, i, bits]) b.dispose();
    expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before);
  });

  it('rejects bad inputs with typed errors', () => {
    const idx = gf.array(new Uint32Array([0]));
    expect(() => gf.kernels.gather(gf.array(new Int8Array(2)), idx)).toThrow(gf.DTypeError);
    expect(() => gf.kernels.gather(gf.array(new Float64Array(2)), gf.array(new Float32Array([0])) as never)).toThrow(/gather indices: expected dtype uint32 | int32, got float32/);
    expect(() => gf.kernels.gather(gf.array(new Float64Array(9)), idx, { validity: gf.array(new Uint8Array(1)) })).toThrow(gf.ShapeError);
    expect(() => gf.kernels.gather(gf.array(new Float64Array(9)), idx, { validity: gf.array(new Uint8Array(2), 'bool') as never })).toThrow(gf.DTypeError);
  });
});

describe('gather/gather in binding windows (maxBindingBytes 65536)', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('loops over source and output windows, bitmaps included', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      const cases: Array<[gf.DTypeName, number, number, number]> = [
        ['float64', 20_000, 30_001, 0.1],
        ['int64', 9_000, 17_000, 0],
        ['bool', 100_003, 70_000, 0.1],
        ['uint32', 600_000, 5_000, 0.1], // its bitmap (75 KB) spans two windows too
      ];
      for (const [dtype, n, m, rate] of cases) {
        const values = randomValues(dtype, n, n);
        const indices = randomIndices(m, n, m);
        const validity = randomValidity(n, rate, n + m);
        await parity(() => both(gf.kernels.gather(gf.array(values, dtype), gf.array(indices), { validity: gf.array(validity) })), {
          oracle: oracle(values, indices, validity),
          what: `windowed ${dtype}`,
        });
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('binds bitmaps from unaligned window starts (maxBindingBytes 5120: 1280-element windows)', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 5120 });
    try {
      for (const [dtype, n, m] of [['uint32', 12_345, 9_999], ['bool', 30_001, 4_000]] as const) {
        const values = randomValues(dtype, n, n);
        const indices = randomIndices(m, n, m);
        const validity = randomValidity(n, 0.3, n + m);
        await parity(() => both(gf.kernels.gather(gf.array(values, dtype), gf.array(indices), { validity: gf.array(validity) })), {
          oracle: oracle(values, indices, validity),
          what: `small windows ${dtype}`,
        });
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});

describe('gather with int32 indices', () => {
  it('reads negative indices as out of range (null), e.g. -1 for "no match"', async () => {
    const v = new Float64Array([10, 20, 30]);
    const idx = new Int32Array([2, -1, 0, 3, -2147483648]);
    const [vals, bits] = await parity(() => {
      const g = gf.kernels.gather(gf.array(v), gf.array(idx));
      return [g.values, g.validity];
    });
    expect([...vals!]).toEqual([30, 0, 10, 0, 0]);
    expect(bits![0]).toBe(0b00101);
  });
});
