import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { SIZES, isValid, parity, randomArray, randomValidity, rng, WORD_DTYPES } from '../../helpers/parity.js';
import { checkOverflow } from '../../../kernels/groupby/segmented-reduce.js';

/** Sorted keys (as the group-by verb produces them) with runs of equal values, NaN, ±0 and nulls. */
function sortedKeys(dtype: string, n: number, seed: number) {
  const a = randomArray(dtype, n, seed, { distinct: 6 });
  const sorted = (a as Float64Array).slice().sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  if (dtype === 'float64' || dtype === 'float32') {
    // Sprinkle -0/+0 and NaN runs at the ends, as a total-order sort would place them.
    if (n > 4) {
      sorted[0] = -0;
      sorted[1] = 0;
      sorted[n - 1] = NaN;
      sorted[n - 2] = NaN;
    }
  }
  return sorted;
}

describe('groupby/boundaries', () => {
  for (const dtype of WORD_DTYPES) {
    it(`flags group starts in sorted ${dtype} keys (NaN == NaN, -0 == +0, null == null)`, async () => {
      for (const n of SIZES) {
        for (const rate of [0, 0.1, 1]) {
          const k = sortedKeys(dtype, n, n + 1);
          const bits = rate > 0 ? randomValidity(n, rate, n + 2) : undefined;
          const prev = new Uint8Array(n).map((_, i) => (i % 97 === 5 ? 1 : 0));
          const same = (i: number, j: number) => {
            const a = isValid(bits, i), b = isValid(bits, j);
            if (a !== b) return false;
            if (!a) return true;
            const x = k[i]!, y = k[j]!;
            if (typeof x === 'number' && Number.isNaN(x)) return Number.isNaN(y as number);
            return x === y;
          };
          const oracle = Uint8Array.from({ length: n }, (_, i) => (i === 0 || prev[i] || !same(i, i - 1) ? 1 : 0));
          await parity(() => gf.kernels.groupBoundaries(gf.array(k), { validity: bits ? gf.array(bits, 'uint8') : undefined, prev: gf.array(prev, 'bool') }), { oracle: [oracle], what: `${dtype} n=${n} rate=${rate}` });
        }
      }
    });
  }
});

describe('groupby/segmented-reduce', () => {
  const r = rng(3);
  function randomStarts(n: number): Uint32Array {
    if (n === 0) return new Uint32Array(0);
    const s = [0];
    for (let i = 1; i < n; i++) if (r() < 0.08) s.push(i);
    return Uint32Array.from(s);
  }
  const ops = ['count', 'sum', 'mean', 'min', 'max'] as const;
  for (const dtype of WORD_DTYPES) {
    it(`count/sum/mean/min/max over ${dtype} groups match an oracle on both backends`, async () => {
      for (const n of [...SIZES, 20_000]) {
        for (const rate of [0, 0.1, 1]) {
          const x = randomArray(dtype, n, 7 * n + 1);
          const bits = rate > 0 ? randomValidity(n, rate, 7 * n + 2) : undefined;
          const starts = randomStarts(n);
          const G = starts.length;
          for (const op of ops) {
            const outs = await parity(
              () => {
                const res = gf.kernels.segmentedReduce(gf.array(x), gf.array(starts), op, { validity: bits ? gf.array(bits, 'uint8') : undefined });
                res.overflow?.dispose();
                return [res.values, res.validity];
              },
              { what: `${op} ${dtype} n=${n} rate=${rate}` },
            );
            // Oracle on the CPU result: group by group with plain JS.
            const [vals, valid] = outs as [ArrayLike<number | bigint>, Uint8Array];
            for (let g = 0; g < G; g++) {
              const rows: Array<number | bigint> = [];
              const end = g + 1 < G ? starts[g + 1]! : n;
              for (let i = starts[g]!; i < end; i++) if (isValid(bits, i)) rows.push(x[i]!);
              const got = isValid(valid, g) ? vals[g]! : null;
              if (op === 'count') expect(got).toBe(BigInt(rows.length));
              else if (op === 'sum') {
                if (typeof rows[0] === 'bigint' || dtype.includes('int')) {
                  const s = rows.reduce<bigint>((a, b) => a + BigInt(b), 0n);
                  const wrapped = dtype === 'uint64' || dtype === 'uint32' ? BigInt.asUintN(64, s) : BigInt.asIntN(64, s);
                  expect(got).toBe(wrapped);
                } else {
                  let s = 0;
                  for (const v of rows) s += v as number;
                  expect(Object.is(got, s) || (Number.isNaN(got as number) && Number.isNaN(s))).toBe(true);
                }
              } else if (op === 'mean') {
                if (rows.length === 0) expect(got).toBeNull();
                else {
                  const exact = dtype.includes('int') ? Number(rows.reduce<bigint>((a, b) => a + BigInt(b), 0n)) / rows.length : rows.reduce<number>((a, b) => a + (b as number), 0) / rows.length;
                  expect(Object.is(got, exact) || (Number.isNaN(got as number) && Number.isNaN(exact))).toBe(true);
                }
              } else {
                const real = rows.filter((v) => !(typeof v === 'number' && Number.isNaN(v)));
                if (rows.length === 0) expect(got).toBeNull();
                else if (real.length === 0) expect(Number.isNaN(got as number)).toBe(true);
                else {
                  // Total order: -0 < +0.
                  const lt = (a: number | bigint, b: number | bigint) => a < b || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0));
                  let best = real[0]!;
                  for (const v of real) if (op === 'min' ? lt(v, best) : lt(best, v)) best = v;
                  expect(Object.is(got, best) || got === best).toBe(true);
                }
              }
            }
          }
        }
      }
    });
  }

  it('an int64 group sum that does not fit 64 bits is an error, not a wrapped value', async () => {
    for (const backend of gf.hasWebGPU() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      const res = gf.withBackend(backend, () => gf.kernels.segmentedReduce(gf.array(new BigInt64Array([2n ** 62n, 2n ** 62n, 1n])), gf.array(new Uint32Array([0, 2])), 'sum'));
      await expect(checkOverflow(res, 'pop')).rejects.toThrow(/expected group sums of 'pop' to fit 64 bits/);
      const ok = gf.withBackend(backend, () => gf.kernels.segmentedReduce(gf.array(new BigInt64Array([2n ** 62n, -(2n ** 62n), 1n])), gf.array(new Uint32Array([0, 2])), 'sum'));
      await checkOverflow(ok, 'pop');
      expect([...(await ok.values.toArray())]).toEqual([0n, 1n]);
    }
  });
});
