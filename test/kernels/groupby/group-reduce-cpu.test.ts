// The CPU backend's row-order reduction by group number (kernels/groupby/group-reduce-cpu.ts):
// it must give bit for bit what the segmented reduction gives after a stable sort of the rows
// by group (the device path of groupBy), on the active backend, and match a plain-JS oracle.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { groupReduceCpu, groupReduceManyCpu } from '../../../kernels/groupby/group-reduce-cpu.js';
import { SIZES, WORD_DTYPES, expectSame, isValid, randomArray, randomValidity, rng } from '../../helpers/parity.js';

const OPS = ['count', 'sum', 'mean', 'min', 'max', 'var', 'std'] as const;

/** Random group numbers in [0, G), in no order. */
function randomIds(n: number, G: number, seed: number): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: n }, () => Math.floor(r() * G));
}

/** The stable order of the rows by group number, and where each group starts in it. */
function layout(ids: Uint32Array, G: number) {
  const perm = Array.from(ids.keys()).sort((a, b) => ids[a]! - ids[b]! || a - b);
  const starts: number[] = [];
  perm.forEach((row, p) => {
    while (starts.length <= ids[row]!) starts.push(p);
  });
  while (starts.length < G) starts.push(perm.length);
  return { perm: Uint32Array.from(perm), starts: Uint32Array.from(starts) };
}

describe('groupby group reduce (CPU)', () => {
  for (const dtype of WORD_DTYPES) {
    it(`${dtype}: equals the segmented reduction of the rows stably sorted by group, every op, nulls 0 / 0.1 / 1`, async () => {
      for (const n of SIZES) {
        for (const rate of [0, 0.1, 1]) {
          // Groups with no rows at the end, as happens with all-null values.
          const G = Math.max(1, Math.ceil(n / 9));
          const x = randomArray(dtype, n, 11 * n + 1);
          const bits = rate > 0 ? randomValidity(n, rate, 11 * n + 2) : undefined;
          const ids = randomIds(n, G, 11 * n + 3);
          const { perm, starts } = layout(ids, G);
          const sorted = gf.kernels.gather(gf.array(x), gf.array(perm), { validity: bits && gf.array(bits, 'uint8'), inRange: true });
          for (const op of OPS) {
            const want = gf.kernels.segmentedReduce(sorted.values, gf.array(starts), op, { validity: sorted.validity });
            const got = groupReduceCpu(gf.array(x), bits && gf.array(bits, 'uint8'), ids, G, op);
            const what = `${op} ${dtype} n=${n} rate=${rate}`;
            expectSame(await got.values.toArray(), await want.values.toArray(), { kind: 'exact' }, what);
            expectSame(await got.validity.toArray(), await want.validity.toArray(), { kind: 'exact' }, what);
            if (want.overflow) expect(await got.overflow!.toArray(), what).toEqual(await want.overflow.toArray());
          }
        }
      }
    });
  }

  it('several ops of one column at once (one shared pass) give what each op gives alone', async () => {
    for (const dtype of WORD_DTYPES) {
      const n = 3001;
      const G = 40;
      const x = randomArray(dtype, n, 21);
      const bits = randomValidity(n, 0.1, 22);
      const ids = randomIds(n, G, 23);
      for (const ops of [[...OPS], ['mean', 'sum', 'mean'], ['count'], ['max', 'count', 'std']] as const) {
        const many = groupReduceManyCpu(gf.array(x), gf.array(bits, 'uint8'), ids, G, ops);
        for (const [i, op] of ops.entries()) {
          const one = groupReduceCpu(gf.array(x), gf.array(bits, 'uint8'), ids, G, op);
          expectSame(await many[i]!.values.toArray(), await one.values.toArray(), { kind: 'exact' }, `${dtype} ${ops.join(',')} #${i}`);
          expectSame(await many[i]!.validity.toArray(), await one.validity.toArray(), { kind: 'exact' }, `${dtype} ${ops.join(',')} #${i} validity`);
        }
      }
    }
  });

  it('float64 sums add in row order; var is two-pass: a plain-JS oracle', async () => {
    const n = 5000;
    const G = 37;
    const x = randomArray('float64', n, 5);
    const bits = randomValidity(n, 0.1, 6);
    const ids = randomIds(n, G, 7);
    const sum = groupReduceCpu(gf.array(x), gf.array(bits, 'uint8'), ids, G, 'sum');
    const variance = groupReduceCpu(gf.array(x), gf.array(bits, 'uint8'), ids, G, 'var');
    const sums = (await sum.values.toArray()) as Float64Array;
    const vars = (await variance.values.toArray()) as Float64Array;
    const vValid = await variance.validity.toArray();
    for (let g = 0; g < G; g++) {
      const vals: number[] = [];
      for (let i = 0; i < n; i++) if (ids[i] === g && isValid(bits, i)) vals.push(x[i] as number);
      let s = 0;
      for (const v of vals) s += v;
      expect(Object.is(sums[g], s) || (Number.isNaN(s) && Number.isNaN(sums[g]!)), `sum of group ${g}`).toBe(true);
      if (vals.length < 2) {
        expect(isValid(vValid, g)).toBe(false);
        continue;
      }
      const mean = s / vals.length;
      let ss = 0;
      for (const v of vals) ss += (v - mean) * (v - mean);
      const want = ss / (vals.length - 1);
      expect(Object.is(vars[g], want) || (Number.isNaN(want) && Number.isNaN(vars[g]!)), `var of group ${g}`).toBe(true);
    }
  });

  it('32-bit integer sums stay exact past 2^53 in one group (partial sums folded every 2^20 values)', async () => {
    const n = (1 << 21) + 5;
    const x = new Uint32Array(n).fill(0xffffffff);
    const ids = new Uint32Array(n);
    const r = groupReduceCpu(gf.array(x, 'uint32'), undefined, ids, 1, 'sum');
    expect([...(await r.values.toArray())]).toEqual([BigInt(n) * 0xffffffffn]);
    const m = groupReduceCpu(gf.array(x, 'uint32'), undefined, ids, 1, 'mean');
    expect([...(await m.values.toArray())]).toEqual([Number(BigInt(n) * 0xffffffffn) / n]);
  });
});
