import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { PAST_CAPPED_GRID, withGridCap, SIZES, WORD_DTYPES, hasGpu, isValid, parity, randomArray, randomValidity, rng } from '../../helpers/parity.js';

// Differential tests of 'gather/scatter'. Indices are (partial) permutations: the op
// leaves the winner of duplicate targets unspecified.

const DTYPES = [...WORD_DTYPES, 'bool'] as const;

function randomValues(dtype: string, n: number, seed: number): TypedArray {
  if (dtype !== 'bool') return randomArray(dtype, n, seed);
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
}

/** m distinct targets drawn from [0, range) (a shuffled prefix of a permutation). */
function uniqueTargets(m: number, range: number, seed: number): Uint32Array {
  const r = rng(seed);
  const p = new Uint32Array(range);
  for (let i = 0; i < range; i++) p[i] = i;
  for (let i = range - 1; i > 0; i--) {
    const k = Math.floor(r() * (i + 1));
    [p[i], p[k]] = [p[k]!, p[i]!];
  }
  return p.slice(0, m);
}

/** Independent oracle: byte copies into a zeroed target; bits of valid sources only. */
function oracle(values: TypedArray, indices: Uint32Array, length: number, validity?: Uint8Array): TypedArray[] {
  const size = values.BYTES_PER_ELEMENT;
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new (values.constructor as new (n: number) => TypedArray)(length);
  const dst = new Uint8Array(out.buffer);
  const bits = new Uint8Array(Math.ceil(length / 8));
  for (let i = 0; i < indices.length; i++) {
    const t = indices[i]!;
    if (t >= length) continue;
    for (let b = 0; b < size; b++) dst[t * size + b] = src[i * size + b]!;
    if (isValid(validity, i)) bits[t >> 3]! |= 1 << (t & 7);
  }
  return validity ? [out, bits] : [out];
}

function run(values: TypedArray, dtype: gf.DTypeName, indices: Uint32Array, length: number, validity?: Uint8Array) {
  return () => {
    const r = gf.kernels.scatter(gf.array(values, dtype), gf.array(indices), length, { validity: validity && gf.array(validity) });
    if (!validity && r.validity) throw new Error('scatter: a bitmap without a validity option');
    return r.validity ? [r.values, r.validity] : [r.values];
  };
}

describe('gather/scatter', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: matches the oracle and both backends, with skipped targets and null rates 0 / 0.1 / 1`, async () => {
      for (const n of SIZES) {
        const values = randomValues(dtype, n, 11 * n + 1);
        const length = n + (n % 5);
        // Targets from [0, length + 20): some land past the end and are skipped, some slots stay unwritten.
        const indices = uniqueTargets(n, length + 20, 13 * n + 2);
        for (const rate of [undefined, 0, 0.1, 1]) {
          const validity = rate === undefined ? undefined : randomValidity(n, rate, 17 * n + 3);
          await parity(run(values, dtype, indices, length, validity), { oracle: oracle(values, indices, length, validity), what: `${dtype} n=${n} nulls=${rate}` });
        }
      }
    });
  }

  it('writes each value at its target, zero elsewhere, and preserves bits', async () => {
    const f64 = new Float64Array([-0, NaN, 2 ** 60]);
    const [r] = await parity(run(f64, 'float64', new Uint32Array([3, 0, 9]), 4));
    expect(Number.isNaN(r![0])).toBe(true);
    expect(Object.is(r![3], -0) && r![1] === 0 && r![2] === 0).toBe(true);
    const big = new BigInt64Array([2n ** 53n + 1n, -(2n ** 63n)]);
    const [b, bits] = await parity(run(big, 'int64', new Uint32Array([1, 0]), 3, new Uint8Array([0b10])));
    expect([...b!]).toEqual([-(2n ** 63n), 2n ** 53n + 1n, 0n]);
    expect([...bits!]).toEqual([0b001]);
  });

  it('covers sources past the workgroups-per-dimension limit (one per thread) with a 2-D grid', async () => {
    const n = PAST_CAPPED_GRID;
    const values = new Uint32Array(n);
    const indices = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = i * 3;
      indices[i] = n - 1 - i;
    }
    await withGridCap(() => parity(run(values, 'uint32', indices, n), { oracle: oracle(values, indices, n), what: 'past grid' }));
  });

  it('runs its @example, and returns every device byte it takes', async () => {
    const { values } = gf.kernels.scatter(gf.array(new Int32Array([7, 8, 9])), gf.array(new Uint32Array([2, 0, 1])), 4);
    expect([...(await values.toArray())]).toEqual([8, 9, 7, 0]);
    if (!hasGpu()) return;
    const before = gf.stats().liveDeviceBytes;
    const [x, i, bits] = [gf.array(randomArray('float64', 5000, 1)), gf.array(uniqueTargets(5000, 6000, 2)), gf.array(randomValidity(5000, 0.1, 3))];
    const r = gf.withBackend('webgpu', () => gf.kernels.scatter(x, i, 6000, { validity: bits }));
    await r.values.toArray();
    for (const b of [r.values, r.validity!, x, i, bits]) b.dispose();
    expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before);
  });

  it('rejects bad inputs with typed errors', () => {
    const v = gf.array(new Float32Array(3));
    expect(() => gf.kernels.scatter(v, gf.array(new Uint32Array(2)), 3)).toThrow(gf.ShapeError);
    expect(() => gf.kernels.scatter(v, gf.array(new Uint32Array(3)), -1)).toThrow(/scatter: expected length to be an integer/);
    expect(() => gf.kernels.scatter(v, gf.array(new Uint32Array(3)), 2.5)).toThrow(gf.ValueError);
    expect(() => gf.kernels.scatter(gf.array(new Int16Array(3)), gf.array(new Uint32Array(3)), 3)).toThrow(gf.DTypeError);
    expect(() => gf.kernels.scatter(v, gf.array(new Uint32Array(3)), 3, { validity: gf.array(new Uint8Array(2)) })).toThrow(gf.ShapeError);
  });
});

describe('gather/scatter in binding windows (maxBindingBytes 65536)', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('loops over source and target windows, bitmaps included', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      const cases: Array<[gf.DTypeName, number, number]> = [
        ['float64', 20_000, 25_000],
        ['bool', 70_001, 100_000],
        ['uint32', 30_000, 600_000], // the target bitmap (75 KB) spans two windows too
      ];
      for (const [dtype, m, length] of cases) {
        const values = randomValues(dtype, m, m);
        const indices = uniqueTargets(m, length, length);
        const validity = randomValidity(m, 0.1, m + 1);
        await parity(run(values, dtype, indices, length, validity), { oracle: oracle(values, indices, length, validity), what: `windowed ${dtype}` });
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('binds bitmaps from unaligned window starts (maxBindingBytes 5120)', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 5120 });
    try {
      const [m, length] = [9_000, 12_001];
      const values = randomValues('float32', m, 5);
      const indices = uniqueTargets(m, length, 6);
      const validity = randomValidity(m, 0.3, 7);
      await parity(run(values, 'float32', indices, length, validity), { oracle: oracle(values, indices, length, validity), what: 'small windows' });
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
