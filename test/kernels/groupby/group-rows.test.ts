// 'groupby/group-rows' (kernels/groupby/group-rows.ts): the WebGPU body (sort + boundaries +
// compaction) and the CPU twin (hash groups + counting sort) give the same ids, first rows,
// starts, rows by group and offsets, and both match a plain-JS reference: a comparator sort
// of the rows in the grouping order (nulls last, NaN after every number, -0 == +0). With
// `order: false` both give the same ids, first rows and starts, and rows / offsets, where a
// body returns them anyway, are the reference's too.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { DataBuffer, TypedArray } from 'gpuframe';
import { hasGpu, parity, randomArray, randomValidity, rng, SIZES, WORD_DTYPES } from '../../helpers/parity.js';
import { groupOrder } from '../../helpers/group-order.js';

interface Key { data: TypedArray; dtype: string; validity?: Uint8Array }

/** The five outputs by a comparator sort: ids, first rows, starts, rows, offsets. */
function reference(keys: Key[], n: number): TypedArray[] {
  const { rows, ids, starts } = groupOrder(keys, n);
  const first = Uint32Array.from(starts, (s) => rows[s]!);
  return [ids, first, Uint32Array.from(starts), Uint32Array.from(rows), Int32Array.from([...starts, n])];
}

async function run(keys: Key[], n: number, order: boolean, want: TypedArray[]): Promise<DataBuffer[]> {
  const bufs = keys.map((k) => ({ data: gf.array(k.data, k.dtype as never), validity: k.validity && gf.array(k.validity, 'uint8') }));
  if (order) {
    const g = await gf.kernels.groupRows(bufs, n);
    expect(g.count).toBe(g.starts.length);
    return [g.ids, g.first, g.starts, g.rows, g.offsets];
  }
  const g = await gf.kernels.groupRows(bufs, n, { order: false });
  expect(g.count).toBe(g.starts.length);
  expect(g.first.length).toBe(g.count);
  // Optional outputs: where a body returns them, they are the ordered result's.
  if (g.rows) expect(await g.rows.toArray()).toEqual(want[3]);
  if (g.offsets) expect(await g.offsets.toArray()).toEqual(want[4]);
  g.rows?.dispose();
  g.offsets?.dispose();
  return [g.ids, g.first, g.starts];
}

/** Both modes (with and without the rows in group order) on both backends against the reference; the ordered outputs. */
async function check(keys: Key[], n: number, what: string) {
  const want = reference(keys, n);
  await parity(() => run(keys, n, false, want), { oracle: want.slice(0, 3), what: `groupby/group-rows ${what} (order: false)` });
  return parity(() => run(keys, n, true, want), { oracle: want, what: `groupby/group-rows ${what}` });
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
    expect(() => gf.kernels.groupRows([{ data: gf.array(new Int32Array(3)) }], 3, { sorted: true } as never)).toThrow(/expected options \{ order \}, got 'sorted'/);
    expect(() => gf.kernels.groupRows([{ data: gf.array(new Int32Array(3)) }], 3, { order: 1 } as never)).toThrow(/expected order true \| false, got 1/);
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
