// Differential tests of 'sort/radix-sort': the CPU twin against an index-tiebroken
// Array.prototype.sort oracle on the order keys, and the WebGPU kernel against the twin.
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { SIZES, WORD_DTYPES, expectSame, hasGpu, parity, randomArray, rng } from '../../helpers/parity.js';
import { SORT_TUNING } from '../../../kernels/sort/radix-sort.js';
import { keyF32, keyF64, keyI32, keyI64, keyU32, keyU64 } from '../../../kernels/wgsl/order-cpu.js';
import { gpu } from '../../../src/device/index.js';
import { registeredKernels } from '../../../kernels/registry.js';

const NAME = 'sort/radix-sort';
const entry = () => registeredKernels().find((k) => k.name === NAME)!;

/** The order key of element i, as a number (32-bit) or a bigint (64-bit). */
function keyOf(a: TypedArray, dtype: string): (i: number) => number | bigint {
  switch (dtype) {
    case 'float32': return (i) => keyF32(a[i] as number);
    case 'int32': return (i) => keyI32(a[i] as number);
    case 'uint32': return (i) => keyU32(a[i] as number);
    case 'float64': return (i) => keyF64(a[i] as number);
    case 'int64': return (i) => keyI64(a[i] as bigint);
    case 'uint64': return (i) => keyU64(a[i] as bigint);
    default: throw new Error(dtype);
  }
}

/** Stable oracle: Array.prototype.sort on the order keys, ties broken by index. */
function oraclePerm(a: TypedArray, dtype: string, descending = false): Uint32Array {
  const key = keyOf(a, dtype);
  const keys = Array.from({ length: a.length }, (_, i) => key(i));
  const idx = Array.from({ length: a.length }, (_, i) => i);
  const s = descending ? -1 : 1;
  idx.sort((i, j) => (keys[i]! < keys[j]! ? -s : keys[i]! > keys[j]! ? s : i - j));
  return Uint32Array.from(idx);
}

/** a[perm[i]] gathered on raw bits (NaN payloads and -0 kept). */
function gatherBits<T extends TypedArray>(a: T, perm: Uint32Array): T {
  const w = a.BYTES_PER_ELEMENT / 4;
  const src = new Uint32Array(a.buffer, a.byteOffset, a.length * w);
  const out = new (a.constructor as new (n: number) => T)(a.length);
  const dst = new Uint32Array(out.buffer, 0, a.length * w);
  for (let i = 0; i < perm.length; i++) for (let k = 0; k < w; k++) dst[i * w + k] = src[perm[i]! * w + k]!;
  return out;
}

/** Sort on both backends and check keys and permutation against the oracle. */
async function checkSort(a: TypedArray, dtype: string, descending: boolean, what: string): Promise<TypedArray[]> {
  const perm = oraclePerm(a, dtype, descending);
  return parity(
    () => {
      const r = gf.kernels.sortPairs(gf.array(a), undefined, { descending });
      return [r.keys, r.values];
    },
    { oracle: [gatherBits(a, perm), perm], what },
  );
}

const f64 = (hi: number, lo: number): number => new Float64Array(new Uint32Array([lo, hi]).buffer)[0]!;
const bitsF64 = (a: Float64Array): string[] => [...new Uint32Array(a.buffer, a.byteOffset, a.length * 2)].map((x) => x.toString(16));

describe('sort/radix-sort parity', () => {
  for (const dtype of WORD_DTYPES) {
    it(`${dtype}: random keys with NaN/±0/±Inf/extremes match the stable oracle at every size, both directions`, async () => {
      for (const n of SIZES) {
        const a = randomArray(dtype, n, 31 * n + 7);
        await checkSort(a, dtype, false, `${dtype} asc n=${n}`);
        await checkSort(a, dtype, true, `${dtype} desc n=${n}`);
      }
    });

    it(`${dtype}: many duplicates keep input order (stability), both directions`, async () => {
      for (const n of [257, 4099]) {
        const a = randomArray(dtype, n, 5 * n + 1, { distinct: 5 });
        const [, perm] = await checkSort(a, dtype, false, `${dtype} dup asc n=${n}`);
        const [, permD] = await checkSort(a, dtype, true, `${dtype} dup desc n=${n}`);
        // Within a run of equal keys, indices increase in both directions.
        const key = keyOf(a, dtype);
        for (const p of [perm as Uint32Array, permD as Uint32Array]) {
          for (let i = 1; i < n; i++) if (key(p[i]!) === key(p[i - 1]!)) expect(p[i]! > p[i - 1]!).toBe(true);
        }
      }
    });
  }

  it('all-equal, already sorted and reversed inputs', async () => {
    for (const dtype of ['int32', 'float64', 'uint64'] as const) {
      const n = 3001;
      const sorted = randomArray(dtype, n, 99, { specialRate: 0 });
      const perm = oraclePerm(sorted, dtype);
      const asc = gatherBits(sorted, perm);
      const rev = gatherBits(asc, Uint32Array.from({ length: n }, (_, i) => n - 1 - i));
      const same = gatherBits(sorted, new Uint32Array(n));
      for (const [a, what] of [[asc, 'sorted'], [rev, 'reversed'], [same, 'all-equal']] as const) {
        const [, p] = await checkSort(a, dtype, false, `${dtype} ${what}`);
        await checkSort(a, dtype, true, `${dtype} ${what} desc`);
        if (what === 'all-equal') expect([...p!]).toEqual([...Array(n).keys()]);
        if (what === 'sorted') expect(p![0]).toBe(0);
      }
    }
  });
});

describe('sort/radix-sort semantics', () => {
  it('float64: -Inf < -1 < -0 < +0 < +Inf < NaN (every NaN, input order kept), bits preserved', async () => {
    const nanA = f64(0x7ff80000, 1); // quiet NaN with payload
    const nanNeg = f64(0xfff80000, 0); // NaN with the sign bit set
    const a = new Float64Array([nanA, 0, -0, Infinity, -1, nanNeg, -Infinity, 0, -0]);
    const [k, p] = await checkSort(a, 'float64', false, 'f64 specials');
    expect([...p!]).toEqual([6, 4, 2, 8, 1, 7, 3, 0, 5]);
    expect(bitsF64(k as Float64Array)).toEqual(bitsF64(gatherBits(a, p as Uint32Array)));
    expect(Object.is(k![2], -0) && Object.is(k![3], -0) && Object.is(k![4], 0)).toBe(true);
    const [, pd] = await checkSort(a, 'float64', true, 'f64 specials desc');
    expect([...pd!]).toEqual([0, 5, 3, 1, 7, 2, 8, 4, 6]);
  });

  it('float32: the same placement and bits', async () => {
    const a = new Float32Array([NaN, -0, 1.5, -Infinity, 0, Infinity, -NaN]);
    const bits = new Uint32Array(a.buffer);
    bits[6] = 0xffc00001; // negative NaN with a payload
    const [k, p] = await checkSort(a, 'float32', false, 'f32 specials');
    expect([...p!]).toEqual([3, 1, 4, 2, 5, 0, 6]);
    expect(new Uint32Array((k as Float32Array).buffer)[6]).toBe(0xffc00001);
  });

  it('int64 and uint64 are exact over all 64 bits: ±2^63, 2^53 ± 1', async () => {
    const t53 = 2n ** 53n;
    const a = new BigInt64Array([t53 + 1n, t53, -(2n ** 63n), t53 - 1n, 2n ** 63n - 1n, -t53 - 1n, -t53, 0n, -1n, t53 + 1n]);
    const [k, p] = await checkSort(a, 'int64', false, 'i64 edges');
    expect([...k!]).toEqual([-(2n ** 63n), -t53 - 1n, -t53, -1n, 0n, t53 - 1n, t53, t53 + 1n, t53 + 1n, 2n ** 63n - 1n]);
    expect([p![7], p![8]]).toEqual([0, 9]);
    const [kd] = await checkSort(a, 'int64', true, 'i64 edges desc');
    expect(kd![0]).toBe(2n ** 63n - 1n);
    const u = new BigUint64Array([2n ** 64n - 1n, t53 + 1n, 2n ** 63n, t53, 0n, t53 - 1n, 2n ** 32n]);
    const [ku] = await checkSort(u, 'uint64', false, 'u64 edges');
    expect([...ku!]).toEqual([0n, 2n ** 32n, t53 - 1n, t53, t53 + 1n, 2n ** 63n, 2n ** 64n - 1n]);
  });

  it('descending is the reverse order of keys and stable among equal keys', async () => {
    const [p] = await parity(() => gf.kernels.argsort(gf.array(new Int32Array([5, -2, 5, 0])), { descending: true }), {
      oracle: [new Uint32Array([0, 2, 3, 1])],
    });
    expect(p).toBeInstanceOf(Uint32Array);
    const a = new Uint32Array([7, 7, 1, 7, 0xffffffff, 1]);
    await parity(() => gf.kernels.argsort(gf.array(a), { descending: true }), { oracle: [new Uint32Array([4, 0, 1, 3, 2, 5])] });
    await parity(() => gf.kernels.argsort(gf.array(a)), { oracle: [new Uint32Array([2, 5, 0, 1, 3, 4])] });
  });

  it('carries a provided payload with the keys', async () => {
    for (const dtype of ['float32', 'int64'] as const) {
      const n = 4099;
      const a = randomArray(dtype, n, 17, { distinct: 50 });
      const r = rng(3);
      const v = Uint32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32));
      for (const descending of [false, true]) {
        const perm = oraclePerm(a, dtype, descending);
        await parity(
          () => {
            const s = gf.kernels.sortPairs(gf.array(a), gf.array(v), { descending });
            return [s.keys, s.values];
          },
          { oracle: [gatherBits(a, perm), gatherBits(v, perm)], what: `payload ${dtype} desc=${descending}` },
        );
      }
    }
  });

  it('runs the TSDoc examples', async () => {
    const keys = gf.array(new Float64Array([3, NaN, -1, 3]));
    const { keys: k, values: v } = gf.kernels.sortPairs(keys);
    expect([...(await k.toArray())]).toEqual([-1, 3, 3, NaN]);
    expect([...(await v.toArray())]).toEqual([2, 0, 3, 1]);
    const rows = gf.array(new Uint32Array([10, 11, 12, 13]), 'uint32');
    const byDesc = gf.kernels.sortPairs(keys, rows, { descending: true });
    expect([...(await byDesc.values.toArray())]).toEqual([11, 10, 13, 12]);
    const perm = gf.kernels.argsort(gf.array(new Int32Array([5, -2, 5, 0])), { descending: true });
    expect([...(await perm.toArray())]).toEqual([0, 2, 3, 1]);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => gf.kernels.sortPairs(gf.array(new Int8Array(3)))).toThrow(gf.DTypeError);
    expect(() => gf.kernels.argsort(gf.array(new Uint8Array(3), 'bool'))).toThrow(/argsort: expected dtype/);
    expect(() => gf.kernels.sortPairs(gf.array(new Float64Array(3)), gf.array(new Uint32Array(2), 'uint32'))).toThrow(gf.ShapeError);
    expect(() => gf.kernels.sortPairs(gf.array(new Float64Array(3)), gf.array(new Int32Array(3)) as never)).toThrow(/payload dtype uint32, got int32/);
    expect(() => gf.kernels.argsort(gf.array(new Float64Array(3)), { descending: 'yes' as never })).toThrow(gf.ValueError);
  });

  it('is registered as exact with a null rule', () => {
    const k = entry();
    expect(k.tolerance).toEqual({ kind: 'exact' });
    expect(k.nulls).toMatch(/partitioning on validity/);
    expect([...k.dtypes].sort()).toEqual([...WORD_DTYPES].sort());
  });

  it('frees every device buffer it does not return', async () => {
    if (!hasGpu()) return;
    const keys = gf.array(randomArray('float64', 5000, 4));
    await gf.withBackend('webgpu', () => gf.kernels.argsort(keys)).toArray(); // warm the pool and the upload
    // Held bytes plus those a finalizer gave back meanwhile (garbage of earlier tests may be
    // collected at any moment; soak run 4 of 30 saw it happen here).
    const held = () => gf.stats().liveDeviceBytes + gf.stats().finalizedBytes;
    const before = held();
    const out = gf.withBackend('webgpu', () => gf.kernels.sortPairs(keys));
    await out.keys.toArray();
    out.keys.dispose();
    out.values.dispose();
    expect(held()).toBe(before);
    // argsort builds no key output: its sorted keys stay in a temporary.
    const perm = gf.withBackend('webgpu', () => gf.kernels.argsort(keys));
    await perm.toArray();
    perm.dispose();
    expect(held()).toBe(before);
    keys.dispose();
  });

  it('skips passes whose digit is the same for every key (first, middle, last or all passes), keys and argsort', async () => {
    const n = 3001;
    const r = rng(77);
    // Which bits vary: only the low 11, only bits 11-21, only the top ones, none; 64-bit: only the high word, only the low one.
    const u32 = (mask: number, base: number) => Uint32Array.from({ length: n }, () => (base ^ (Math.floor(r() * 2 ** 32) & mask)) >>> 0);
    const u64 = (hiMask: number, loMask: number) => {
      const w = new Uint32Array(2 * n);
      for (let i = 0; i < n; i++) {
        w[2 * i] = (0x12345678 ^ (Math.floor(r() * 2 ** 32) & loMask)) >>> 0;
        w[2 * i + 1] = (0x9abc ^ (Math.floor(r() * 2 ** 32) & hiMask)) >>> 0;
      }
      return new BigUint64Array(w.buffer);
    };
    const cases: Array<[TypedArray, string]> = [
      [u32(0x7ff, 0xabc00000), 'low digit only'],
      [u32(0x3ff800, 0x5), 'middle digit only'],
      [u32(0xffc00000, 0x123), 'top digit only'],
      [u32(0, 0xdeadbeef), 'all digits constant'],
      [u64(0xffffffff, 0), '64-bit: high word only'],
      [u64(0, 0x7ff), '64-bit: lowest digit only'],
      [u64(0x3ff800, 0x7ff), '64-bit: lowest and a high-word digit'],
    ];
    for (const [a, what] of cases) {
      const dtype = a instanceof BigUint64Array ? 'uint64' : 'uint32';
      for (const descending of [false, true]) {
        await checkSort(a, dtype, descending, `${what} desc=${descending}`);
        await parity(() => gf.kernels.argsort(gf.array(a), { descending }), { oracle: [oraclePerm(a, dtype, descending)], what: `argsort ${what} desc=${descending}` });
      }
    }
  });

  it('argsort (which builds no sorted keys) gives the payload of sortPairs, on both backends', async () => {
    for (const dtype of WORD_DTYPES) {
      for (const n of [0, 1, 257, 4099]) {
        const a = randomArray(dtype, n, n + 31);
        for (const descending of [false, true]) {
          const [perm, values] = await parity(() => {
            const pairs = gf.kernels.sortPairs(gf.array(a), undefined, { descending });
            pairs.keys.dispose();
            return [gf.kernels.argsort(gf.array(a), { descending }), pairs.values];
          }, { oracle: [oraclePerm(a, dtype, descending), oraclePerm(a, dtype, descending)], what: `${dtype} n=${n} desc=${descending}` });
          expectSame(perm!, values!, undefined, `${dtype} n=${n} argsort vs sortPairs`);
        }
      }
    }
  });
});

describe('sort/radix-sort at scale', () => {
  it('sorts 2^18 + 3 random keys (uint32 and float64)', async () => {
    const n = 2 ** 18 + 3;
    for (const dtype of ['uint32', 'float64'] as const) {
      const a = randomArray(dtype, n, 2024);
      const t0 = performance.now();
      await checkSort(a, dtype, dtype === 'float64', `${dtype} n=${n}`);
      console.log(`radix-sort ${dtype} n=${n}: ${(performance.now() - t0).toFixed(0)} ms (oracle + both backends)`);
    }
  });

  it('covers a 2-D grid (workgroups past the per-dimension limit) in every kernel', async () => {
    if (!hasGpu()) return;
    // Each thread owns a 512-key segment, so a real 2-D grid needs > 2^33 keys. Instead the
    // same bodies run with 32-key segments and the per-dimension limit shrunk to 8: count and
    // scatter then use a 7 x 2 grid for 13 groups (one group past the end), scan-seg and
    // scan-add a 7 x 7 grid for 49 groups.
    const n = 100_000;
    const a = randomArray('float32', n, 8);
    const ctx = { ...gpu(), maxWorkgroupsPerDim: 8 };
    const k = entry() as unknown as { gpu: (c: typeof ctx, ...args: unknown[]) => { keys: gf.DataBuffer; values: gf.DataBuffer } };
    const saved = { ...SORT_TUNING };
    SORT_TUNING.seg = 32;
    try {
      for (const descending of [false, true]) {
        const out = k.gpu(ctx, gf.array(a), undefined, descending, true);
        const perm = oraclePerm(a, 'float32', descending);
        expectSame(await out.values.toArray(), perm, undefined, '2-D values');
        expectSame(await out.keys.toArray(), gatherBits(a, perm), undefined, '2-D keys');
        out.keys.dispose();
        out.values.dispose();
      }
    } finally {
      Object.assign(SORT_TUNING, saved);
    }
  });

  it('the 4-bit digit variant (measured slower, kept as a tuning option) gives the same result', async () => {
    const saved = { ...SORT_TUNING };
    Object.assign(SORT_TUNING, { bits: 4, seg: 64 });
    try {
      for (const dtype of ['int32', 'float64'] as const) {
        for (const n of [1, 257, 20_000]) {
          const a = randomArray(dtype, n, n + 3, { distinct: n > 1000 ? 300 : undefined });
          await checkSort(a, dtype, n === 257, `4-bit ${dtype} n=${n}`);
        }
      }
    } finally {
      Object.assign(SORT_TUNING, saved);
    }
  });
});

describe('sort/radix-sort chunked (arrays larger than one binding)', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('sorts ~40k keys with maxBindingBytes = 65536', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      const n = 40_003;
      if (hasGpu()) expect(gf.info().limits!.maxBindingBytes).toBeLessThan(n * 4);
      for (const dtype of ['float64', 'uint32'] as const) {
        const a = randomArray(dtype, n, 77, { distinct: dtype === 'uint32' ? 1000 : undefined });
        await checkSort(a, dtype, dtype === 'uint32', `chunked ${dtype}`);
      }
      const v = Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
      const a = randomArray('int64', n, 5);
      const perm = oraclePerm(a, 'int64');
      await parity(
        () => {
          const s = gf.kernels.sortPairs(gf.array(a), gf.array(v));
          return [s.keys, s.values];
        },
        { oracle: [gatherBits(a, perm), gatherBits(v, perm)], what: 'chunked int64 payload' },
      );
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
