// 'groupby/group-rows' (kernels/groupby/group-rows.ts): the WebGPU body (sort + boundaries +
// compaction) and the CPU twin (hash groups + counting sort) give the same ids, rows by
// group, starts and offsets, and both match a plain-JS reference: a comparator sort of the
// rows in the grouping order (nulls last, NaN after every number, -0 == +0).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { DataBuffer, TypedArray } from 'gpuframe';
import { hasGpu, parity, randomArray, randomValidity, rng, SIZES, WORD_DTYPES } from '../../helpers/parity.js';
import { groupOrder } from '../../helpers/group-order.js';

interface Key { data: TypedArray; dtype: string; validity?: Uint8Array }

/** The four outputs by a comparator sort: ids, rows, starts, offsets. */
function reference(keys: Key[], n: number): TypedArray[] {
  const { rows, ids, starts } = groupOrder(keys, n);
  return [ids, Uint32Array.from(rows), Uint32Array.from(starts), Int32Array.from([...starts, n])];
}

async function run(keys: Key[], n: number): Promise<DataBuffer[]> {
  const g = await gf.kernels.groupRows(keys.map((k) => ({ data: gf.array(k.data, k.dtype as never), validity: k.validity && gf.array(k.validity, 'uint8') })), n);
  expect(g.count).toBe(g.starts.length);
  return [g.ids, g.rows, g.starts, g.offsets];
}

function check(keys: Key[], n: number, what: string) {
  return parity(() => run(keys, n), { oracle: reference(keys, n), what: `groupby/group-rows ${what}` });
}

function key(dtype: string, n: number, seed: number, opts: { distinct?: number; nullRate?: number } = {}): Key {
  return {
    data: randomArray(dtype, n, seed, { distinct: opts.distinct, specialRate: 0.2 }),
    dtype,
    validity: opts.nullRate ? randomValidity(n, opts.nullRate, seed + 1) : undefined,
  };
}

describe('groupby/group-rows', () => {
  for (const dtype of WORD_DTYPES) {
    it(`${dtype}: few and spread keys, NaN/±0, nulls 0 / 0.1 / 1, at every size`, async () => {
      for (const n of SIZES) {
        for (const nullRate of [0, 0.1, 1]) {
          await check([key(dtype, n, n + 3, { distinct: 7, nullRate })], n, `${dtype} n=${n} few nulls=${nullRate}`);
          await check([key(dtype, n, n + 7, { nullRate })], n, `${dtype} n=${n} spread nulls=${nullRate}`);
        }
      }
    });
  }

  it('NaN payloads and signs group as one NaN; -0 groups with +0', async () => {
    const f = new Float64Array([0, -0, NaN, 1, -0, NaN, -Infinity]);
    new Uint32Array(f.buffer)[5 * 2 + 1] = 0xfff80001; // a negative NaN with a payload
    const h = new Float32Array([-0, NaN, 0, -NaN, 2]);
    const [ids] = await check([{ data: f, dtype: 'float64' }], 7, 'float64 NaN');
    expect([...ids!]).toEqual([1, 1, 3, 2, 1, 3, 0]);
    const [ids32] = await check([{ data: h, dtype: 'float32' }], 5, 'float32 NaN');
    expect([...ids32!]).toEqual([0, 2, 0, 2, 1]);
  });

  it('packed dtypes and several keys (lexicographic, nulls last per key)', async () => {
    const n = 3001;
    const r = rng(4);
    const i8 = Int8Array.from({ length: n }, () => -128 + Math.floor(r() * 256));
    const b = Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
    await check([{ data: i8, dtype: 'int8' }], n, 'int8');
    await check([{ data: b, dtype: 'bool', validity: randomValidity(n, 0.1, 9) }, { data: i8, dtype: 'int8' }], n, 'bool, int8');
    await check([key('int32', n, 1, { distinct: 7, nullRate: 0.1 }), key('float64', n, 2, { distinct: 5, nullRate: 0.1 })], n, 'int32 x float64');
    await check([key('int64', n, 3), key('uint32', n, 4, { distinct: 3 }), key('float32', n, 5, { distinct: 4, nullRate: 0.5 })], n, 'three keys');
  });

  it('rejects no keys, keys of another length and unsupported dtypes', async () => {
    expect(() => gf.kernels.groupRows([], 0)).toThrow(gf.ValueError);
    expect(() => gf.kernels.groupRows([{ data: gf.array(new Int32Array(3)) }], 4)).toThrow(/expected key 0 of 4 rows, got 3/);
    expect(() => gf.kernels.groupRows([{ data: gf.array(new Int32Array(3)) }], -1)).toThrow(gf.ValueError);
  });

  it('past one storage binding and past the 2-D grid cap (maxBindingBytes 65536, grid cap 64)', async () => {
    const n = 40_000;
    const keys = [key('int64', n, 21, { distinct: 3000, nullRate: 0.05 }), key('float64', n, 22, { distinct: 9 })];
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536, maxWorkgroupsPerDim: 64 });
    try {
      await check(keys, n, 'windows');
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
