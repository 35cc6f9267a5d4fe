// Parity tests of 'groupby/segmented-median', 'groupby/segment-mask', 'groupby/segment-sizes',
// and the var/std ops of 'groupby/segmented-reduce', each against a plain-JS oracle.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { PAST_CAPPED_GRID, SIZES, WORD_DTYPES, isValid, parity, randomArray, randomValidity, rng, withGridCap } from '../../helpers/parity.js';
import { segmentMask, segmentSizes } from '../../../kernels/groupby/segments.js';

function randomStarts(n: number, seed: number, rate = 0.08): Uint32Array {
  const r = rng(seed);
  if (n === 0) return new Uint32Array(0);
  const s = [0];
  for (let i = 1; i < n; i++) if (r() < rate) s.push(i);
  return Uint32Array.from(s);
}

const num = (v: number | bigint) => Number(v);
const isNan = (v: number | bigint) => typeof v === 'number' && Number.isNaN(v);
/** Total order for numbers: NaN last, -0 before +0. */
const cmp = (a: number | bigint, b: number | bigint) => (isNan(a) ? (isNan(b) ? 0 : 1) : isNan(b) ? -1 : a < b ? -1 : a > b ? 1 : Object.is(a, -0) && Object.is(b, 0) ? -1 : Object.is(a, 0) && Object.is(b, -0) ? 1 : 0);
const sameNum = (a: unknown, b: unknown) => Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

/** Values arranged as the group-by verb hands them to the median: each group sorted, NaN after numbers, nulls last. */
function sortedWithinGroups(dtype: string, n: number, starts: Uint32Array, rate: number, seed: number): { x: TypedArray; bits: Uint8Array | undefined } {
  const raw = randomArray(dtype, n, seed, { specialRate: 0.15 });
  const rawBits = rate > 0 ? randomValidity(n, rate, seed + 1) : undefined;
  const x = raw.slice() as TypedArray;
  const bits = rawBits ? new Uint8Array(rawBits.length) : undefined;
  for (let g = 0; g < starts.length; g++) {
    const s = starts[g]!, e = g + 1 < starts.length ? starts[g + 1]! : n;
    const vals: Array<number | bigint> = [];
    for (let i = s; i < e; i++) if (isValid(rawBits, i)) vals.push(raw[i]!);
    vals.sort(cmp);
    vals.forEach((v, j) => {
      (x as Float64Array)[s + j] = v as number;
      if (bits) bits[(s + j) >> 3]! |= 1 << ((s + j) & 7);
    });
  }
  return { x, bits };
}

describe('groupby/segmented-median', () => {
  for (const dtype of WORD_DTYPES) {
    it(`median over sorted ${dtype} groups matches an oracle on both backends`, async () => {
      for (const n of [...SIZES, 20_000]) {
        for (const rate of [0, 0.1, 1]) {
          const starts = randomStarts(n, n + 5, n > 5000 ? 0.001 : 0.08);
          const { x, bits } = sortedWithinGroups(dtype, n, starts, rate, 3 * n + 1);
          const [vals, valid] = (await parity(
            () => {
              const r = gf.kernels.segmentedMedian(gf.array(x), gf.array(starts), { validity: bits ? gf.array(bits, 'uint8') : undefined });
              return [r.values, r.validity];
            },
            { what: `median ${dtype} n=${n} rate=${rate}` },
          )) as [Float64Array, Uint8Array];
          for (let g = 0; g < starts.length; g++) {
            const end = g + 1 < starts.length ? starts[g + 1]! : n;
            const all: Array<number | bigint> = [];
            for (let i = starts[g]!; i < end; i++) if (isValid(bits, i)) all.push(x[i]!);
            const real = all.filter((v) => !isNan(v)).sort((a, b) => num(a) - num(b));
            const m = real.length;
            const want = all.length === 0 ? null : m === 0 ? NaN : m % 2 ? num(real[(m - 1) / 2]!) : (num(real[m / 2 - 1]!) + num(real[m / 2]!)) / 2;
            const got = isValid(valid, g) ? vals[g]! : null;
            // -0 and +0 tie in the oracle's sort, so compare zeros by value.
            if (!(sameNum(got, want) || (got === 0 && want === 0))) expect.fail(`median ${dtype} n=${n} group ${g}: expected ${want}, got ${got}`);
          }
        }
      }
    });
  }

  it('the 2-D grid path (grid cap) gives the same medians', async () => {
    await withGridCap(async () => {
      const n = PAST_CAPPED_GRID;
      const starts = Uint32Array.from({ length: n }, (_, i) => i); // one group per row: a 2-D grid of groups
      const x = randomArray('float64', n, 9);
      const [vals] = await parity(() => gf.kernels.segmentedMedian(gf.array(x), gf.array(starts)).values, { what: 'median past grid' });
      for (let i = 0; i < n; i += 997) expect(sameNum(vals![i], x[i])).toBe(true);
    });
  });
});

describe('groupby/segmented-reduce var and std', () => {
  for (const dtype of WORD_DTYPES) {
    it(`var/std (ddof 1, two-pass) over ${dtype} groups equal a float64 JS oracle bit for bit`, async () => {
      for (const n of [...SIZES, 20_000]) {
        for (const rate of [0, 0.1, 1]) {
          const x = randomArray(dtype, n, 5 * n + 3, { specialRate: 0.02 });
          const bits = rate > 0 ? randomValidity(n, rate, 5 * n + 4) : undefined;
          const starts = randomStarts(n, n + 9);
          for (const op of ['var', 'std'] as const) {
            const [vals, valid] = (await parity(
              () => {
                const r = gf.kernels.segmentedReduce(gf.array(x), gf.array(starts), op, { validity: bits ? gf.array(bits, 'uint8') : undefined });
                return [r.values, r.validity];
              },
              { what: `${op} ${dtype} n=${n} rate=${rate}` },
            )) as [Float64Array, Uint8Array];
            for (let g = 0; g < starts.length; g++) {
              const end = g + 1 < starts.length ? starts[g + 1]! : n;
              const rows: Array<number | bigint> = [];
              for (let i = starts[g]!; i < end; i++) if (isValid(bits, i)) rows.push(x[i]!);
              let want: number | null = null;
              if (rows.length >= 2) {
                const mean = typeof rows[0] === 'bigint' || dtype.includes('int') ? Number(rows.reduce<bigint>((a, b) => a + BigInt(b), 0n)) / rows.length : rows.reduce<number>((a, b) => a + (b as number), 0) / rows.length;
                const ss = rows.reduce<number>((a, b) => a + (Number(b) - mean) ** 2, 0);
                want = op === 'var' ? ss / (rows.length - 1) : Math.sqrt(ss / (rows.length - 1));
              }
              const got = isValid(valid, g) ? vals[g]! : null;
              if (!sameNum(got, want)) expect.fail(`${op} ${dtype} n=${n} group ${g}: expected ${want}, got ${got}`);
            }
          }
        }
      }
    });
  }

  it('std is a correctly rounded square root over 600 binades, subnormals included', async () => {
    // Groups [v, -v]: mean 0, var = 2v², std = sqrt(2v²); v sweeps the float64 range.
    const vs: number[] = [];
    const r = rng(77);
    for (let e = -540; e <= 500; e += 1.7) vs.push((1 + r()) * 2 ** e);
    vs.push(Number.MIN_VALUE, 2 ** -1074 * 3, 1e-310, 2 ** 511, 1.3407807929942596e154);
    const x = new Float64Array(vs.flatMap((v) => [v, -v]));
    const starts = Uint32Array.from(vs.map((_, i) => 2 * i));
    const [vals] = (await parity(() => gf.kernels.segmentedReduce(gf.array(x), gf.array(starts), 'std').values, { what: 'std sqrt sweep' })) as [Float64Array];
    vs.forEach((v, i) => expect(vals![i]).toBe(Math.sqrt((v * v + v * v) / 1)));
  });

  it('a group of one value has null var/std; Inf or NaN gives NaN', async () => {
    const x = new Float64Array([5, 1, Infinity, 2, NaN]);
    const [vals, valid] = (await parity(() => {
      const r = gf.kernels.segmentedReduce(gf.array(x), gf.array(new Uint32Array([0, 1, 3])), 'var');
      return [r.values, r.validity];
    })) as [Float64Array, Uint8Array];
    expect(isValid(valid, 0)).toBe(false);
    expect(Number.isNaN(vals![1])).toBe(true);
    expect(Number.isNaN(vals![2])).toBe(true);
  });
});

describe('groupby/segment-mask and groupby/segment-sizes', () => {
  it('last and single rows, and group sizes, match an oracle', async () => {
    for (const n of [...SIZES, 20_000]) {
      const starts = randomStarts(n, n + 21, 0.4);
      const flags = new Uint8Array(n);
      for (const s of starts) flags[s] = 1;
      const last = Uint8Array.from({ length: n }, (_, i) => (i + 1 === n || flags[i + 1] ? 1 : 0));
      const single = Uint8Array.from({ length: n }, (_, i) => (last[i] && flags[i] ? 1 : 0));
      const sizes = Uint32Array.from(starts, (s, g) => (g + 1 < starts.length ? starts[g + 1]! : n) - s);
      await parity(() => segmentMask(gf.array(flags, 'bool'), 'last'), { oracle: [last], what: `last n=${n}` });
      await parity(() => segmentMask(gf.array(flags, 'bool'), 'single'), { oracle: [single], what: `single n=${n}` });
      await parity(() => segmentSizes(gf.array(starts), n), { oracle: [sizes], what: `sizes n=${n}` });
    }
  });

  it('the 2-D grid path (grid cap)', async () => {
    await withGridCap(async () => {
      const n = PAST_CAPPED_GRID * 4;
      const flags = new Uint8Array(n).map((_, i) => (i % 3 === 0 ? 1 : 0));
      const last = Uint8Array.from({ length: n }, (_, i) => (i + 1 === n || flags[i + 1] ? 1 : 0));
      await parity(() => segmentMask(gf.array(flags, 'bool'), 'last'), { oracle: [last], what: 'last past grid' });
      const starts = Uint32Array.from({ length: PAST_CAPPED_GRID }, (_, i) => 2 * i);
      const sizes = new Uint32Array(PAST_CAPPED_GRID).fill(2);
      await parity(() => segmentSizes(gf.array(starts), 2 * PAST_CAPPED_GRID), { oracle: [sizes], what: 'sizes past grid' });
    });
  });

  it('typed errors', () => {
    expect(() => segmentMask(gf.array(new Uint32Array(2)) as never, 'last')).toThrow(gf.DTypeError);
    expect(() => segmentMask(gf.array(new Uint8Array(2), 'bool'), 'middle' as never)).toThrow(/expected mode 'last' \| 'single', got 'middle'/);
    expect(() => segmentSizes(gf.array(new Uint32Array([0])), -1)).toThrow(gf.ValueError);
  });
});
