import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { PAST_CAPPED_GRID, withGridCap, SIZES, hasGpu, parity, randomArray } from '../../helpers/parity.js';

const DTYPES = ['int32', 'uint32', 'int64', 'uint64'] as const;
type D = (typeof DTYPES)[number];
const ARRAY = { int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array };

/** Independent oracle: a BigInt running sum, wrapped to the dtype's width and sign. */
function oracle(dtype: D, x: TypedArray, inclusive: boolean): TypedArray {
  const bits = dtype.endsWith('64') ? 64 : 32;
  const wrap = dtype.startsWith('u') ? (v: bigint) => BigInt.asUintN(bits, v) : (v: bigint) => BigInt.asIntN(bits, v);
  const out: bigint[] = [];
  let acc = 0n;
  for (let i = 0; i < x.length; i++) {
    if (!inclusive) out.push(wrap(acc));
    acc += BigInt(x[i]!);
    if (inclusive) out.push(wrap(acc));
  }
  return bits === 64 ? new ARRAY[dtype](out as never) : new ARRAY[dtype](out.map(Number) as never);
}

describe('scan/scan', () => {
  for (const dtype of DTYPES) {
    for (const inclusive of [false, true]) {
      it(`${inclusive ? 'inclusive' : 'exclusive'} ${dtype} matches the oracle and both backends at every size`, async () => {
        for (const n of [...SIZES, 65_793]) {
          const x = randomArray(dtype, n, 13 * n + (inclusive ? 1 : 2));
          await parity(() => gf.kernels.scan(gf.array(x), { inclusive }), { oracle: [oracle(dtype, x, inclusive)], what: `${dtype} n=${n}` });
        }
      });
    }
  }

  it('is exclusive by default and wraps uint32/int32 around 2^32', async () => {
    const [u] = await parity(() => gf.kernels.scan(gf.array(new Uint32Array([0xffffffff, 1, 5]))));
    expect([...u!]).toEqual([0, 0xffffffff, 0]);
    const [i] = await parity(() => gf.kernels.scan(gf.array(new Int32Array([2147483647, 1, -3])), { inclusive: true }));
    expect([...i!]).toEqual([2147483647, -2147483648, 2147483645]);
  });

  it('int64 sums beyond 2^53 are exact, with carries across the word boundary', async () => {
    const big = 2n ** 53n;
    const x = new BigInt64Array([big, 1n, 1n, 0xffffffffn, 1n, -(2n ** 62n), -(2n ** 62n), -(2n ** 62n), 2n ** 63n - 1n]);
    const [r] = await parity(() => gf.kernels.scan(gf.array(x), { inclusive: true }), { oracle: [oracle('int64', x, true)] });
    expect(r![2]).toBe(big + 2n);
    expect(r![4]).toBe(big + 2n + 0x100000000n);
    const [u] = await parity(() => gf.kernels.scan(gf.array(new BigUint64Array([2n ** 64n - 1n, 2n, 0xffffffffn]))));
    expect([...u!]).toEqual([0n, 2n ** 64n - 1n, 1n]);
  });

  it('sums elements past the workgroups-per-dimension limit exactly (several levels of chunk sums, 2-D grid)', async () => {
    // 16 elements per thread: with the grid capped, level 0 needs a 2-D grid.
    const n = PAST_CAPPED_GRID * 16;
    const x = new Uint32Array(n);
    for (let i = 0; i < n; i++) x[i] = (i * 2654435761) >>> 20;
    const want = new Uint32Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      want[i] = acc;
      acc = (acc + x[i]!) % 4294967296;
    }
    await withGridCap(() => parity(() => gf.kernels.scan(gf.array(x)), { oracle: [want], what: 'past grid' }));
      });

  it('records work without reading back', async () => {
    if (!hasGpu()) return;
    const before = gf.stats();
    const r = gf.withBackend('webgpu', () => gf.kernels.scan(gf.array(new Uint32Array([1, 2, 3]))));
    expect(gf.stats().downloads).toBe(before.downloads);
    expect([...(await r.toArray())]).toEqual([0, 1, 3]);
    r.dispose();
  });

  it('runs its @example, and returns every device byte it takes', async () => {
    const x = gf.array(new Uint32Array([3, 1, 4, 1]));
    expect([...(await gf.kernels.scan(x).toArray())]).toEqual([0, 3, 4, 8]);
    expect([...(await gf.kernels.scan(x, { inclusive: true }).toArray())]).toEqual([3, 4, 8, 9]);
    if (!hasGpu()) return;
    const before = gf.stats().liveDeviceBytes;
    const y = gf.array(randomArray('int64', 70_000, 1));
    const r = gf.withBackend('webgpu', () => gf.kernels.scan(y));
    await r.toArray();
    r.dispose();
    y.dispose();
    expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before);
  });

  it('rejects other dtypes and bad options with typed errors', () => {
    expect(() => gf.kernels.scan(gf.array(new Float64Array(3)))).toThrow(gf.DTypeError);
    expect(() => gf.kernels.scan(gf.array(new Float32Array(3)))).toThrow(/scan: expected dtype int32 \| uint32 \| int64 \| uint64, got float32/);
    expect(() => gf.kernels.scan(gf.array(new Uint32Array(3)), { inclusive: 1 as never })).toThrow(gf.ValueError);
  });
});

describe('scan/scan in binding windows (maxBindingBytes 65536)', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('matches the oracle when the data, and the block sums, span many windows', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      for (const dtype of DTYPES) {
        for (const n of [16_385, 100_003]) {
          const x = randomArray(dtype, n, n + 17);
          await parity(() => gf.kernels.scan(gf.array(x), { inclusive: n % 2 === 1 }), { oracle: [oracle(dtype, x, n % 2 === 1)], what: `${dtype} n=${n} windowed` });
        }
      }
      // Chunk sums of 4.5M u32 (281,250 words, then 17,579) span several 64 KiB bindings themselves.
      const n = 4_500_000;
      const x = new Uint32Array(n);
      for (let i = 0; i < n; i++) x[i] = (i * 40503) & 0xffff;
      const want = new Uint32Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) want[i] = acc = (acc + x[i]!) % 4294967296;
      await parity(() => gf.kernels.scan(gf.array(x), { inclusive: true }), { oracle: [want], what: 'windowed 4.5M' });
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('binds chunk sums from unaligned offsets (maxBindingBytes 5120)', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 5120 });
    try {
      for (const dtype of ['uint32', 'int64'] as const) {
        const x = randomArray(dtype, 50_001, 8);
        await parity(() => gf.kernels.scan(gf.array(x)), { oracle: [oracle(dtype, x, false)], what: `${dtype} small windows` });
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
