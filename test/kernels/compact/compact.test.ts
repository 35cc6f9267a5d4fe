import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { PAST_CAPPED_GRID, withGridCap, SIZES, expectSame, hasGpu, isValid, parity, randomArray, randomValidity, rng } from '../../helpers/parity.js';

// Differential tests of 'compact/compact'. parity() accepts async ops (compaction reads its output count): the backend stays fixed
// until the op settles, then both results are compared.
async function asyncParity(fn: () => Promise<gf.DataBuffer>, opts: { oracle?: TypedArray; what?: string } = {}): Promise<TypedArray> {
  const [r] = await parity(fn, { oracle: opts.oracle ? [opts.oracle] : undefined, what: opts.what });
  return r!;
}

function randomMask(n: number, trueRate: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < trueRate ? 1 : 0));
}

function oracleIndices(mask: Uint8Array, validity?: Uint8Array): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1 && isValid(validity, i)) out.push(i);
  return Uint32Array.from(out);
}

function oracleValues(values: TypedArray, idx: Uint32Array): TypedArray {
  const size = values.BYTES_PER_ELEMENT;
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new (values.constructor as new (n: number) => TypedArray)(idx.length);
  const dst = new Uint8Array(out.buffer);
  idx.forEach((i, j) => dst.set(src.subarray(i * size, i * size + size), j * size));
  return out;
}

const mask = (m: Uint8Array) => gf.array(m, 'bool');

describe('compact/compact', () => {
  it('compactIndices matches the oracle on both backends: sizes, densities, null rates 0 / 0.1 / 1', async () => {
    for (const n of [...SIZES, 70_001]) {
      for (const density of [0, 0.5, 1]) {
        const m = randomMask(n, density, n + density * 10);
        for (const rate of [undefined, 0, 0.1, 1]) {
          const validity = rate === undefined ? undefined : randomValidity(n, rate, 3 * n + 7);
          await asyncParity(() => gf.kernels.compactIndices(mask(m), { validity: validity && gf.array(validity) }), {
            oracle: oracleIndices(m, validity),
            what: `n=${n} density=${density} nulls=${rate}`,
          });
        }
      }
    }
  });

  it('gives an empty result for an all-false or all-null mask, and every index for an all-true one', async () => {
    const n = 1000;
    expect((await asyncParity(() => gf.kernels.compactIndices(mask(new Uint8Array(n))))).length).toBe(0);
    const ones = new Uint8Array(n).fill(1);
    expect((await asyncParity(() => gf.kernels.compactIndices(mask(ones), { validity: gf.array(new Uint8Array(n / 8)) }))).length).toBe(0);
    const all = await asyncParity(() => gf.kernels.compactIndices(mask(ones)));
    expect([...all]).toEqual([...Array(n).keys()]);
    expect((await asyncParity(() => gf.kernels.compactIndices(mask(new Uint8Array(0))))).length).toBe(0);
  });

  it('compact filters every dtype, preserving NaN, -0 and int64 beyond 2^53 bitwise', async () => {
    for (const dtype of ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'] as const) {
      for (const n of [0, 1, 257, 4099]) {
        const values = randomArray(dtype, n, 5 * n + 1);
        const m = randomMask(n, 0.4, 7 * n);
        const validity = randomValidity(n, 0.1, 9 * n);
        await asyncParity(() => gf.kernels.compact(gf.array(values), mask(m), { validity: gf.array(validity) }), {
          oracle: oracleValues(values, oracleIndices(m, validity)),
          what: `${dtype} n=${n}`,
        });
      }
    }
    const bools = randomMask(1001, 0.5, 1);
    const m = randomMask(1001, 0.5, 2);
    await asyncParity(() => gf.kernels.compact(gf.array(bools, 'bool'), mask(m)), { oracle: oracleValues(bools, oracleIndices(m)), what: 'bool' });
    const big = await asyncParity(() => gf.kernels.compact(gf.array(new BigInt64Array([1n, 2n ** 53n + 1n, -(2n ** 62n)])), mask(new Uint8Array([0, 1, 1]))));
    expect([...big]).toEqual([2n ** 53n + 1n, -(2n ** 62n)]);
    const f = await asyncParity(() => gf.kernels.compact(gf.array(new Float64Array([NaN, -0, 1])), mask(new Uint8Array([1, 1, 0]))));
    expect(Number.isNaN(f[0]) && Object.is(f[1], -0)).toBe(true);
  });

  it('handles masks past the workgroups-per-dimension limit and reads back only the count', async () => {
    const n = PAST_CAPPED_GRID * 16;
    const m = new Uint8Array(n);
    for (let i = 0; i < n; i++) m[i] = (i * 2654435761) >>> 31;
    const want = oracleIndices(m);
    await withGridCap(() => asyncParity(() => gf.kernels.compactIndices(mask(m)), { oracle: want, what: 'past grid' }));
    if (hasGpu()) {
      const before = gf.stats();
      const p = gf.withBackend('webgpu', () => gf.kernels.compactIndices(mask(new Uint8Array([1, 0, 1]))));
      const idx = await p;
      const after = gf.stats();
      expect(after.controlReads - before.controlReads).toBe(1);
      expect(after.controlReadBytes - before.controlReadBytes).toBe(8);
      expect(after.downloads).toBe(before.downloads);
      expect([...(await idx.toArray())]).toEqual([0, 2]);
    }
  });

  it('runs its @examples, and returns every device byte it takes', async () => {
    const idx = await gf.kernels.compactIndices(gf.array(new Uint8Array([1, 0, 1, 1]), 'bool'));
    expect([...(await idx.toArray())]).toEqual([0, 2, 3]);
    const kept = await gf.kernels.compact(gf.array(new Float64Array([1.5, 2.5, 3.5])), gf.array(new Uint8Array([0, 1, 1]), 'bool'));
    expect([...(await kept.toArray())]).toEqual([2.5, 3.5]);
    if (!hasGpu()) return;
    const before = gf.stats().liveDeviceBytes;
    const n = 50_000;
    const [m, v, bits] = [mask(randomMask(n, 0.5, 1)), gf.array(randomArray('float64', n, 2)), gf.array(randomValidity(n, 0.1, 3), 'uint8')];
    const r = await gf.withBackend('webgpu', () => gf.kernels.compact(v, m, { validity: bits }));
    await r.toArray();
    for (const b of [r, m, v, bits]) b.dispose();
    expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before);
  });

  it('rejects bad inputs with typed errors', () => {
    expect(() => gf.kernels.compactIndices(gf.array(new Uint8Array(3)) as never)).toThrow(gf.DTypeError);
    expect(() => gf.kernels.compactIndices(mask(new Uint8Array(9)), { validity: gf.array(new Uint8Array(1)) })).toThrow(gf.ShapeError);
    expect(() => gf.kernels.compact(gf.array(new Float64Array(2)), mask(new Uint8Array(3)))).toThrow(/compact: expected a mask of 2 values, got 3/);
    expect(() => gf.kernels.compact(gf.array(new Int8Array(3)), mask(new Uint8Array(3)))).toThrow(gf.DTypeError);
  });
});

describe('compact/compact in binding windows (maxBindingBytes 65536)', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('compacts across many mask windows, with window offsets read back with the count', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      for (const [n, density] of [[100_003, 0.3], [600_000, 0.9], [70_000, 0]] as const) {
        const m = randomMask(n, density, n);
        const validity = randomValidity(n, 0.1, n + 1);
        const want = oracleIndices(m, validity);
        await asyncParity(() => gf.kernels.compactIndices(mask(m), { validity: gf.array(validity) }), { oracle: want, what: `windowed n=${n}` });
        const values = randomArray('float64', n, n + 2);
        await asyncParity(() => gf.kernels.compact(gf.array(values), mask(m), { validity: gf.array(validity) }), { oracle: oracleValues(values, want), what: `windowed values n=${n}` });
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('binds outputs and bitmaps from unaligned offsets (maxBindingBytes 5120)', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 5120 });
    try {
      const n = 20_011;
      const m = randomMask(n, 0.37, 3);
      const validity = randomValidity(n, 0.2, 4);
      const want = oracleIndices(m, validity);
      await asyncParity(() => gf.kernels.compactIndices(mask(m), { validity: gf.array(validity) }), { oracle: want, what: 'small windows' });
      const values = randomArray('int64', n, 5);
      await asyncParity(() => gf.kernels.compact(gf.array(values), mask(m), { validity: gf.array(validity) }), { oracle: oracleValues(values, want), what: 'small windows values' });
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
