// 'reduce/reduce': every op × dtype × size × null rate on both backends, against an
// independent plain-JS oracle (BigInt sums for integers, a recursive statement of the fixed
// pairwise order for floats, total-order scans for min/max), bitwise (tolerance exact).
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { PAST_CAPPED_GRID, withGridCap, SIZES, WORD_DTYPES, hasGpu, isValid, parity, randomArray, randomValidity, rng } from '../../helpers/parity.js';
import { FAN_IN } from '../../../kernels/reduce/reduce-cpu.js';
import { registeredKernels } from '../../../kernels/registry.js';

type Op = gf.kernels.ReduceOp;
const OPS: Op[] = ['sum', 'min', 'max', 'count', 'mean'];
const isFloat = (d: string) => d === 'float32' || d === 'float64';

/** The fixed pairwise order, stated recursively and independently of the twin. */
function pairwiseRef(x: ArrayLike<number>, keep: (i: number) => boolean): number {
  if (x.length === 0) return 0;
  const partials: number[] = [];
  for (let base = 0; base < x.length; base += FAN_IN) {
    let s = 0;
    for (let i = base; i < Math.min(base + FAN_IN, x.length); i++) if (keep(i)) s = s + x[i]!;
    partials.push(s);
  }
  return partials.length === 1 ? partials[0]! : pairwiseRef(partials, () => true);
}

function resultDType(op: Op, d: string): string {
  if (op === 'count') return 'int64';
  if (op === 'mean') return 'float64';
  if (op === 'sum') return ({ int32: 'int64', uint32: 'uint64', float32: 'float64' } as Record<string, string>)[d] ?? d;
  return d;
}

function oneOf(dtype: string, v: number | bigint): TypedArray {
  const arrays: Record<string, new (n: number) => TypedArray> = { int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array, int64: BigInt64Array, uint64: BigUint64Array };
  const a = new arrays[dtype]!(1);
  if (typeof v === 'number' && Number.isNaN(v)) {
    if (dtype === 'float64') new Uint32Array(a.buffer).set([0, 0x7ff80000]);
    else new Uint32Array(a.buffer)[0] = 0x7fc00000;
  } else if (dtype === 'int64') a[0] = BigInt.asIntN(64, BigInt(v));
  else if (dtype === 'uint64') a[0] = BigInt.asUintN(64, BigInt(v));
  else a[0] = Number(v);
  return a;
}

/** Plain-JS oracle: [value, validity byte]. */
function oracle(values: TypedArray, dtype: string, op: Op, bits: Uint8Array | undefined): TypedArray[] {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (isValid(bits, i)) idx.push(i);
  const out = resultDType(op, dtype);
  const result = (v: number | bigint, ok: boolean) => [oneOf(out, v), new Uint8Array([ok ? 1 : 0])];
  if (op === 'count') return result(idx.length, true);
  if (op === 'min' || op === 'max') {
    // A linear scan in the total order (-0 before +0), NaN skipped unless nothing else is there.
    const before = (a: number | bigint, b: number | bigint) => a < b || (a === 0 && b === 0 && Object.is(a, -0) && Object.is(b, 0));
    let best: number | bigint | undefined;
    let sawNaN = false;
    for (const i of idx) {
      const v = values[i]!;
      if (typeof v === 'number' && Number.isNaN(v)) { sawNaN = true; continue; }
      if (best === undefined || (op === 'min' ? before(v, best) : before(best, v))) best = v;
    }
    if (best !== undefined) return result(best, true);
    return isFloat(dtype) ? result(NaN, sawNaN) : result(0, false);
  }
  let sum: number | bigint;
  if (isFloat(dtype)) sum = pairwiseRef(values as Float64Array, (i) => isValid(bits, i));
  else {
    sum = 0n;
    for (const i of idx) sum += BigInt(values[i]!);
  }
  if (op === 'sum') {
    const fits = typeof sum === 'number' || (out === 'int64' ? BigInt.asIntN(64, sum) === sum : BigInt.asUintN(64, sum) === sum);
    return result(sum, fits);
  }
  return idx.length ? result(Number(sum) / idx.length, true) : result(NaN, false);
}

async function check(values: TypedArray, dtype: string, op: Op, bits?: Uint8Array, what = '') {
  const validity = bits ? gf.array(bits, 'uint8') : undefined;
  return parity(
    () => {
      const r = gf.kernels.reduceWithValidity(gf.array(values), op, { validity });
      return [r.value, r.validity];
    },
    { oracle: oracle(values, dtype, op, bits), what: `reduce/reduce ${op} ${dtype} ${what}` },
  );
}

describe('reduce/reduce: every op × dtype × size × null rate', () => {
  for (const dtype of WORD_DTYPES) {
    for (const op of OPS) {
      it(`${op} ${dtype}`, async () => {
        for (const n of [...SIZES, 4096, 4097, 70_001]) {
          for (const rate of [0, 0.1, 1]) {
            const bits = rate === 0 && n % 2 === 0 ? undefined : randomValidity(n, rate, n + 17);
            await check(randomArray(dtype, n, 3 * n + 1), dtype, op, bits, `n=${n} nulls=${rate}`);
            if (isFloat(dtype)) await check(randomArray(dtype, n, 5 * n + 2, { specialRate: 0 }), dtype, op, bits, `finite n=${n} nulls=${rate}`);
          }
        }
      });
    }
  }
});

describe('reduce semantics', () => {
  it("is registered as 'reduce/reduce' with an exact tolerance", () => {
    const k = registeredKernels().find((e) => e.name === 'reduce/reduce');
    expect(k?.tolerance).toEqual({ kind: 'exact' });
    expect(k?.dtypes).toEqual([...WORD_DTYPES]);
  });

  it('runs the TSDoc examples', async () => {
    const x = gf.array(new Float64Array([1, NaN, 3]));
    const nulls = gf.array(new Uint8Array([0b101]), 'uint8');
    const { value, validity } = gf.kernels.reduceWithValidity(x, 'max', { validity: nulls });
    expect([(await value.toArray())[0], (await validity.toArray())[0]]).toEqual([3, 1]);
    expect(await gf.kernels.reduce(gf.array(new Int32Array([2147483647, 1])), 'sum').toArray()).toEqual(new BigInt64Array([2147483648n]));
    expect(await gf.kernels.reduceValue(gf.array(new Float64Array([1, 2, 4])), 'mean')).toBe(2.3333333333333335);
    expect(await gf.kernels.reduceValue(gf.array(new Float64Array(0)), 'min')).toBeNull();
    await expect(gf.kernels.reduceValue(gf.array(new BigInt64Array([2n ** 62n, 2n ** 62n])), 'sum')).rejects.toThrow(gf.OverflowError);
  });

  /** reduceValue on the CPU and (when present) on WebGPU: the two must be identical. */
  const val = async (data: TypedArray, op: Op, options: gf.kernels.ReduceOptions = {}) => {
    const cpu = await gf.withBackend('cpu', () => gf.kernels.reduceValue(gf.array(data), op, options));
    if (hasGpu()) {
      const dev = await gf.withBackend('webgpu', () => gf.kernels.reduceValue(gf.array(data), op, options));
      expect(Object.is(dev, cpu) || (Number.isNaN(dev) && Number.isNaN(cpu)), `${op}: webgpu ${dev} vs cpu ${cpu}`).toBe(true);
    }
    return cpu;
  };
  /** The error reduceValue throws, on each backend. */
  const errorOf = async (data: TypedArray, op: Op) => {
    const errs: unknown[] = [];
    for (const b of hasGpu() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      errs.push(await gf.withBackend(b, () => gf.kernels.reduceValue(gf.array(data), op)).then(() => undefined, (e: unknown) => e));
    }
    return errs;
  };

  it('sum of empty or all-null is 0; min/max/mean of them are null; count is 0', async () => {
    for (const d of WORD_DTYPES) {
      const empty = randomArray(d, 0, 1);
      const zero = d === 'int32' || d === 'uint32' || d.endsWith('int64') ? 0n : 0;
      expect(await val(empty, 'sum')).toBe(zero);
      for (const op of ['min', 'max', 'mean'] as const) expect(await val(empty, op)).toBeNull();
      const full = randomArray(d, 300, 2);
      const none = { validity: gf.array(new Uint8Array(38), 'uint8') };
      expect(await val(full, 'sum', none)).toBe(zero);
      expect(await val(full, 'count', none)).toBe(0n);
      for (const op of ['min', 'max', 'mean'] as const) expect(await val(full, op, none)).toBeNull();
    }
  });

  it('NaN: sum is NaN; min/max skip it unless every value is NaN; Inf + -Inf is NaN', async () => {
    const x = new Float64Array([3, NaN, -2, 7]);
    const [s] = await check(x, 'float64', 'sum');
    expect(Number.isNaN(s![0])).toBe(true);
    expect(await val(x, 'min')).toBe(-2);
    expect(await val(x, 'max')).toBe(7);
    expect(await val(new Float32Array([NaN, NaN]), 'min')).toBeNaN();
    expect(await val(new Float64Array([NaN]), 'max')).toBeNaN();
    expect(await val(new Float64Array([Infinity, -Infinity]), 'sum')).toBeNaN();
    expect(await val(new Float64Array([Infinity, 1e308, -5]), 'sum')).toBe(Infinity);
    expect(await val(new Float32Array([-Infinity, 3]), 'mean')).toBe(-Infinity);
    // NaN payloads and signs come back as the canonical quiet NaN, on both backends.
    const odd = new Float64Array(new Uint32Array([1, 0xfff00000, 5, 0x7ff00000]).buffer);
    for (const op of ['sum', 'min', 'max', 'mean'] as const) await check(odd, 'float64', op, undefined, 'payload NaN');
  });

  it('-0 and +0: min picks -0, max picks +0, a zero sum is +0', async () => {
    for (const x of [new Float64Array([0, -0]), new Float64Array([-0, 0]), new Float32Array([-0, 0, -0])]) {
      expect(Object.is(await val(x, 'min'), -0)).toBe(true);
      expect(Object.is(await val(x, 'max'), 0)).toBe(true);
    }
    expect(Object.is(await val(new Float64Array([-0, -0]), 'sum'), 0)).toBe(true);
    expect(Object.is(await val(new Float64Array([-0]), 'min'), -0)).toBe(true);
    // float32 subnormals widen exactly (integer bit arithmetic: no flush to zero on the device).
    const tiny = new Float32Array([1e-45, 1e-45, 3e-39]);
    expect(await val(tiny, 'sum')).toBe(tiny[0]! * 2 + tiny[2]!);
    expect(await val(tiny, 'min')).toBe(tiny[0]!);
  });

  it('integer sums are exact: int32 → int64, >2^53 values, 128-bit accumulation across ±2^63', async () => {
    expect(await val(new Int32Array([2147483647, 2147483647, 2]), 'sum')).toBe(4294967296n);
    expect(await val(new Uint32Array(5000).fill(4294967295), 'sum')).toBe(5000n * 4294967295n);
    const big = 2n ** 53n + 1n;
    expect(await val(new BigInt64Array([big, big, -3n]), 'sum')).toBe(2n * big - 3n);
    expect(await val(new BigInt64Array([big, big + 2n]), 'min')).toBe(big);
    expect(await val(new BigInt64Array([-big, -big - 2n]), 'max')).toBe(-big);
    expect(await val(new BigUint64Array([2n ** 64n - 1n, 2n ** 63n]), 'min')).toBe(2n ** 63n);
    const MAX = 2n ** 63n - 1n;
    // The running sum passes 2^63 but the total fits: no wrap, exact.
    expect(await val(new BigInt64Array([MAX, MAX, -MAX, 1n, -1n]), 'sum')).toBe(MAX);
    expect(await val(new BigInt64Array([-(2n ** 63n), -1n, 1n]), 'sum')).toBe(-(2n ** 63n));
    expect(await val(new BigInt64Array([MAX, 1n]), 'mean')).toBe(2 ** 62);
  });

  it('an int64/uint64 sum that does not fit throws OverflowError (validity 0 on both backends)', async () => {
    const cases: Array<[TypedArray, string]> = [
      [new BigInt64Array([2n ** 63n - 1n, 1n]), 'int64'],
      [new BigInt64Array([-(2n ** 63n), -1n]), 'int64'],
      [new BigUint64Array([2n ** 64n - 1n, 1n]), 'uint64'],
      [new BigInt64Array(9000).fill(2n ** 62n), 'int64'],
    ];
    for (const [x, d] of cases) {
      const [, ok] = await check(x, d, 'sum', undefined, 'overflow');
      expect(ok![0]).toBe(0);
      for (const e of await errorOf(x, 'sum')) {
        expect(e).toBeInstanceOf(gf.OverflowError);
        expect((e as Error).message).toMatch(/^reduce\/sum: expected the exact sum of \w+ values to fit \w+64/);
      }
    }
    // mean of an overflowing sum is still exact-then-rounded.
    expect(await val(new BigInt64Array([2n ** 63n - 1n, 2n ** 63n - 1n]), 'mean')).toBe(2 ** 63);
  });

  it('count is int64 (bigint) and counts non-nulls; mean = exact sum / count', async () => {
    const x = new Int32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const validity = { validity: gf.array(new Uint8Array([0b01010101, 0b10]), 'uint8') };
    expect(await val(x, 'count', validity)).toBe(5n);
    expect(await val(x, 'mean', validity)).toBe((1 + 3 + 5 + 7 + 10) / 5);
    expect(await val(new Float64Array([1, 2, 4]), 'mean')).toBe(7 / 3);
    expect(await gf.kernels.reduceValue(gf.array(new Uint8Array(3), 'bool'), 'count')).toBe(3n);
  });

  it('float sums stay within 1e-12 of a naive sequential sum on well-conditioned data', async () => {
    const r = rng(5);
    for (const n of [1000, 100_000, 1_000_000]) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = 1 + r() * 1000;
      const [s] = await check(x, 'float64', 'sum', undefined, `n=${n} well-conditioned`);
      let naive = 0;
      for (let i = 0; i < n; i++) naive += x[i]!;
      expect(Math.abs(s![0] as number - naive)).toBeLessThanOrEqual(1e-12 * naive);
    }
  });

  it('rejects bad input with typed errors', () => {
    expect(() => gf.kernels.reduce(gf.array(new Int8Array(4)), 'sum')).toThrow(gf.DTypeError);
    expect(() => gf.kernels.reduce(gf.array(new Float64Array(4)), 'median' as Op)).toThrow(gf.ValueError);
    expect(() => gf.kernels.reduce(gf.array(new Float64Array(20)), 'sum', { validity: gf.array(new Uint8Array(2), 'uint8') })).toThrow(gf.ShapeError);
    expect(() => gf.kernels.reduce(gf.array(new Float64Array(8)), 'sum', { validity: gf.array(new Uint8Array(1), 'bool') as never })).toThrow(/reduce\/sum: expected a 'uint8' validity bitmap, got bool/);
  });

  it('reduce returns a 1-element buffer; count uploads no values; nothing leaks', async () => {
    const x = gf.array(new Float64Array([1, 2, 3]));
    const s = gf.kernels.reduce(x, 'sum');
    expect(s.length).toBe(1);
    expect([...(await s.toArray())]).toEqual([6]);
    s.dispose();
    if (hasGpu()) {
      const y = gf.array(new Float64Array(5000).fill(1));
      const v = gf.array(new Uint8Array(625).fill(0xff), 'uint8');
      const before = gf.stats();
      const c = gf.withBackend('webgpu', () => gf.kernels.reduce(y, 'count', { validity: v }));
      expect(await c.toArray()).toEqual(new BigInt64Array([5000n]));
      expect(gf.stats().uploadBytes - before.uploadBytes).toBe(625);
      c.dispose();
      v.dispose();
      y.dispose();
      expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before.liveDeviceBytes);
    }
  });
});

describe('reduce on long arrays', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('uint32 sum and max past the workgroups-per-dimension limit are exact (2-D grid, several levels)', async () => {
    // Each thread folds 16, so a workgroup covers 4096 elements: at the real 65,535 limit a
    // 2-D grid needs 2^28 elements, more than one binding holds. With the grid capped
    // (withGridCap) level 0 runs on a 2-D grid, and the levels go 525,065 → 32,817 → 2,052 → 129 → 9 → 1.
    const r = rng(3);
    const x = new Uint32Array(PAST_CAPPED_GRID * 16);
    for (let i = 0; i < x.length; i++) x[i] = (r() * 2 ** 32) >>> 0;
    await withGridCap(async () => {
      await check(x, 'uint32', 'sum', undefined, 'past grid');
      await check(x, 'uint32', 'max', undefined, 'past grid');
    });
  });

  it('chunked windows (maxBindingBytes 65536) give the same bits as one pass', async () => {
    if (!hasGpu()) return;
    await gf.init({ maxBindingBytes: 65536 });
    try {
      for (const dtype of WORD_DTYPES) {
        for (const op of OPS) {
          const n = 100_001;
          const bits = randomValidity(n, 0.1, 9);
          await check(randomArray(dtype, n, 41, { specialRate: 0.0001 }), dtype, op, bits, 'chunked');
        }
      }
      // uint32 with nulls over many windows at level 0; the 16-byte states of the next
      // levels are windowed too.
      const r = rng(8);
      const x = new Uint32Array(PAST_CAPPED_GRID * 16);
      for (let i = 0; i < x.length; i++) x[i] = (r() * 2 ** 32) >>> 0;
      await check(x, 'uint32', 'sum', randomValidity(x.length, 0.1, 4), 'chunked, windowed levels');
    } finally {
      await gf.init();
    }
  });
});
