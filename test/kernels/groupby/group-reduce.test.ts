// 'groupby/group-reduce' (kernels/groupby/group-reduce.ts): reductions per group of
// groupRows. The WebGPU body (gather in group order + segmented reduction) and the CPU twin
// (one pass in row order by group number) agree bit for bit on every op and dtype, and
// count / sum / min / max match plain-JS group loops. Groups from `groupRows` without the rows
// in group order (`order: false`, or `rows` left out: the WebGPU body then argsorts the group
// numbers) reduce to the same results.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { isValid, parity, randomArray, randomValidity, SIZES, WORD_DTYPES } from '../../helpers/parity.js';

const OPS = ['count', 'sum', 'mean', 'min', 'max', 'var', 'std'] as const;

describe('groupby/group-reduce', () => {
  for (const dtype of WORD_DTYPES) {
    it(`${dtype}: every op per group, nulls 0 / 0.1 / 1, at every size`, async () => {
      for (const n of [...SIZES, 9000]) {
        for (const nullRate of [0, 0.1, 1]) {
          const k = randomArray('int32', n, n + 1, { distinct: 11 }) as Int32Array;
          const x = randomArray(dtype, n, n + 2, { distinct: dtype.includes('int') ? 50 : undefined });
          const bits = nullRate ? randomValidity(n, nullRate, n + 3) : undefined;
          const outs = await parity(
            async () => {
              const g = await gf.kernels.groupRows([{ data: gf.array(k) }], n);
              const rs = gf.kernels.groupReduce(gf.array(x), g, OPS, { validity: bits && gf.array(bits, 'uint8') });
              for (const b of [g.ids, g.first, g.rows, g.starts, g.offsets]) b.dispose();
              return rs.flatMap((r) => {
                r.overflow?.dispose();
                return [r.values, r.validity];
              });
            },
            { what: `${dtype} n=${n} nulls=${nullRate}` },
          );
          // Plain-JS oracle for count, min and max (groups in key order).
          const keys = [...new Set(k)].sort((a, b) => a - b);
          keys.forEach((key, g) => {
            const vals: Array<number | bigint> = [];
            for (let i = 0; i < n; i++) if (k[i] === key && isValid(bits, i)) vals.push(x[i]!);
            expect(outs[0]![g], `count ${g}`).toBe(BigInt(vals.length));
            if (dtype.includes('int') && vals.length > 0) {
              const lt = (a: number | bigint, b: number | bigint) => a < b;
              const min = vals.reduce((a, b) => (lt(b, a) ? b : a));
              const max = vals.reduce((a, b) => (lt(a, b) ? b : a));
              expect(outs[6]![g], `min ${g}`).toBe(min);
              expect(outs[8]![g], `max ${g}`).toBe(max);
            }
          });
        }
      }
    });
  }

  it('groups without the rows in group order give the same results (order: false; rows left out)', async () => {
    for (const n of [0, 1, 255, 257, 5000]) {
      const k = randomArray('int32', n, n + 5, { distinct: 13 }) as Int32Array;
      const x = randomArray('float64', n, n + 6);
      const bits = randomValidity(n, 0.1, n + 7);
      const reduceWith = async (mode: 'order' | 'ids' | 'no-rows') => {
        const keys = [{ data: gf.array(k) }];
        const g = mode === 'order' ? await gf.kernels.groupRows(keys, n) : await gf.kernels.groupRows(keys, n, { order: false });
        const groups = mode === 'no-rows' ? { count: g.count, ids: g.ids, starts: g.starts } : g;
        const rs = gf.kernels.groupReduce(gf.array(x), groups, OPS, { validity: gf.array(bits, 'uint8') });
        for (const b of [g.ids, g.first, g.rows, g.starts, g.offsets]) b?.dispose();
        return rs.flatMap((r) => {
          r.overflow?.dispose();
          return [r.values, r.validity];
        });
      };
      const want = await parity(() => reduceWith('order'), { what: `ordered n=${n}` });
      await parity(() => reduceWith('ids'), { oracle: want, what: `order: false n=${n}` });
      await parity(() => reduceWith('no-rows'), { oracle: want, what: `no rows n=${n}` });
    }
  });

  it('rejects an unknown op and groups of another length', async () => {
    const g = await gf.kernels.groupRows([{ data: gf.array(new Int32Array([1, 2])) }], 2);
    expect(() => gf.kernels.groupReduce(gf.array(new Float64Array(2)), g, ['mode' as never])).toThrow(gf.ValueError);
    expect(() => gf.kernels.groupReduce(gf.array(new Float64Array(3)), g, ['sum'])).toThrow(/expected groups of 3 rows, got 2/);
  });
});
