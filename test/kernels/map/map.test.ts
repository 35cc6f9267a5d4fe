import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { PAST_GRID, SIZES, parity, randomArray, WORD_DTYPES, hasGpu } from '../../helpers/parity.js';
import { registeredKernels } from '../../../kernels/registry.js';

const tolOf = () => registeredKernels().find((k) => k.name === 'map/binary')!.tolerance;

describe('map/unary', () => {
  for (const dtype of WORD_DTYPES) {
    for (const op of ['neg', 'abs'] as const) {
      it(`${op} ${dtype} matches on both backends at every size`, async () => {
        for (const n of SIZES) {
          const a = randomArray(dtype, n, n + 1);
          await parity(() => gf.kernels.mapUnary(gf.array(a), op), { what: `${op} ${dtype} n=${n}` });
        }
      });
    }
  }

  it('neg and abs follow numpy: integers wrap, float sign bits flip', async () => {
    const [neg] = await parity(() => gf.kernels.mapUnary(gf.array(new Int32Array([-2147483648, -5, 0, 7])), 'neg'));
    expect([...neg!]).toEqual([-2147483648, 5, 0, -7]);
    const [abs] = await parity(() => gf.kernels.mapUnary(gf.array(new BigInt64Array([-(2n ** 63n), -3n, 2n ** 62n])), 'abs'));
    expect([...abs!]).toEqual([-(2n ** 63n), 3n, 2n ** 62n]);
    const [fneg] = await parity(() => gf.kernels.mapUnary(gf.array(new Float64Array([0, -0, Infinity, -1.5])), 'neg'));
    expect(Object.is(fneg![0], -0) && Object.is(fneg![1], 0)).toBe(true);
    expect([fneg![2], fneg![3]]).toEqual([-Infinity, 1.5]);
  });
});

describe('map/binary', () => {
  const cases: Array<[gf.kernels.BinaryOp, readonly string[]]> = [
    ['add', ['int32', 'uint32', 'float32', 'int64', 'uint64']],
    ['sub', ['int32', 'uint32', 'float32', 'int64', 'uint64']],
    ['mul', ['int32', 'uint32', 'float32']],
    ['div', ['float32']],
    ['min', WORD_DTYPES],
    ['max', WORD_DTYPES],
  ];
  for (const [op, dtypes] of cases) {
    for (const dtype of dtypes) {
      it(`${op} ${dtype}: array and scalar operands match on both backends`, async () => {
        for (const n of SIZES) {
          const a = randomArray(dtype, n, 7 * n + 3);
          const b = randomArray(dtype, n, 11 * n + 5);
          await parity(() => gf.kernels.mapBinary(gf.array(a), gf.array(b), op), { tol: tolOf(), what: `${op} ${dtype} n=${n}` });
          const s = dtype.endsWith('64') && dtype !== 'float64' ? -3n : -2.5;
          const scalar = dtype === 'uint64' ? 3n : dtype === 'uint32' ? 3 : s;
          await parity(() => gf.kernels.mapBinary(gf.array(a), scalar, op), { tol: tolOf(), what: `${op} ${dtype} scalar n=${n}` });
        }
      });
    }
  }

  it('int64 add carries across the word boundary and wraps at 2^63', async () => {
    const a = new BigInt64Array([0xffffffffn, 2n ** 63n - 1n, -1n, 2n ** 53n]);
    const b = new BigInt64Array([1n, 1n, -1n, 1n]);
    const [r] = await parity(() => gf.kernels.mapBinary(gf.array(a), gf.array(b), 'add'));
    expect([...r!]).toEqual([0x100000000n, -(2n ** 63n), -2n, 2n ** 53n + 1n]);
  });

  it('float min/max propagate NaN and order -0 below +0', async () => {
    const a = new Float64Array([NaN, 1, -0, 0]);
    const b = new Float64Array([1, NaN, 0, -0]);
    const [mn] = await parity(() => gf.kernels.mapBinary(gf.array(a), gf.array(b), 'min'));
    expect(Number.isNaN(mn![0]) && Number.isNaN(mn![1])).toBe(true);
    expect(Object.is(mn![2], -0) && Object.is(mn![3], -0)).toBe(true);
  });

  it('rejects mismatched operands with typed errors', () => {
    expect(() => gf.kernels.mapBinary(gf.array(new Float64Array(2)), gf.array(new Float64Array(3)), 'min')).toThrow(gf.ShapeError);
    expect(() => gf.kernels.mapBinary(gf.array(new Float64Array(2)), gf.array(new Float32Array(2)) as never, 'min')).toThrow(gf.DTypeError);
    expect(() => gf.kernels.mapBinary(gf.array(new Float64Array(2)), 1, 'add')).toThrow(/map\/add: expected dtype/);
  });
});

describe('map/compare', () => {
  for (const dtype of WORD_DTYPES) {
    for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
      it(`${op} ${dtype} gives the same mask on both backends`, async () => {
        for (const n of SIZES) {
          // Few distinct values, so equal pairs are common.
          const a = randomArray(dtype, n, 3 * n + 1, { distinct: n % 2 ? 5 : undefined });
          const b = randomArray(dtype, n, 5 * n + 2, { distinct: n % 2 ? 5 : undefined });
          await parity(() => gf.kernels.compare(gf.array(a), gf.array(b), op), { what: `${op} ${dtype} n=${n}` });
        }
      });
    }
  }

  it('NaN compares false (ne true), -0 equals +0, and int64 beyond 2^53 is exact', async () => {
    const [eq] = await parity(() => gf.kernels.compare(gf.array(new Float64Array([NaN, -0, 1])), gf.array(new Float64Array([NaN, 0, 1])), 'eq'));
    expect([...eq!]).toEqual([0, 1, 1]);
    const [ne] = await parity(() => gf.kernels.compare(gf.array(new Float32Array([NaN, -0])), gf.array(new Float32Array([NaN, 0])), 'ne'));
    expect([...ne!]).toEqual([1, 0]);
    const big = 2n ** 53n;
    const [lt] = await parity(() => gf.kernels.compare(gf.array(new BigInt64Array([big, big + 1n, -big - 1n])), gf.array(new BigInt64Array([big + 1n, big, -big])), 'lt'));
    expect([...lt!]).toEqual([1, 0, 1]);
  });
});

describe('map past 65,535 workgroups', () => {
  it('covers every element with a 2-D grid', async () => {
    const n = PAST_GRID;
    const a = new Uint32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    const [r] = await parity(() => gf.kernels.mapBinary(gf.array(a), 1, 'add'));
    expect(r![0]).toBe(1);
    expect(r![n - 1]).toBe(n);
    let ok = true;
    for (let i = 0; i < n; i++) if (r![i] !== i + 1) ok = false;
    expect(ok).toBe(true);
    if (hasGpu()) expect(gf.info().limits!.maxComputeWorkgroupsPerDimension).toBeLessThan(Math.ceil(n / 256));
  });
});
