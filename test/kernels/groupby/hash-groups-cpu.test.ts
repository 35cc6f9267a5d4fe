// The CPU backend's hash grouping (kernels/groupby/hash-groups-cpu.ts) against a plain-JS
// reference: a comparator sort of the rows by the keys in the radix sort's total order
// (nulls last, NaN after every number, -0 == +0), groups numbered in that order.
import { describe, expect, it } from 'vitest';
import { HASH_TUNING, hashGroupsCpu, type KeyColumnCpu } from '../../../kernels/groupby/hash-groups-cpu.js';
import { randomArray, randomValidity, rng } from '../../helpers/parity.js';
import { groupOrder } from '../../helpers/group-order.js';

type Key = KeyColumnCpu;

function reference(keys: Key[], n: number) {
  const { rows, ids, starts } = groupOrder(keys, n);
  const first = starts.map((p) => rows[p]!);
  return { ids, count: first.length, first: Uint32Array.from(first) };
}

/** Random values of `dtype` with `distinct` values (or spread over the whole range). */
function column(dtype: string, n: number, seed: number, opts: { distinct?: number; nullRate?: number; special?: boolean } = {}): Key {
  const data = randomArray(dtype, n, seed, { distinct: opts.distinct, specialRate: opts.special ? 0.2 : 0 });
  const validity = opts.nullRate ? randomValidity(n, opts.nullRate, seed + 1) : undefined;
  return { data, dtype: dtype as Key['dtype'], validity };
}

function check(keys: Key[], n: number, what: string) {
  checkOnce(keys, n, what);
  // Again from the smallest table (2^12 slots), so that more than 2^11 distinct keys make it grow.
  const saved = HASH_TUNING.maxInitialLogSlots;
  HASH_TUNING.maxInitialLogSlots = 12;
  try {
    checkOnce(keys, n, `${what} (growing table)`);
  } finally {
    HASH_TUNING.maxInitialLogSlots = saved;
  }
}

function checkOnce(keys: Key[], n: number, what: string) {
  const want = reference(keys, n);
  const got = hashGroupsCpu(keys, n, true);
  expect(got.count, what).toBe(want.count);
  expect([...got.ids], what).toEqual([...want.ids]);
  expect([...got.first], what).toEqual([...want.first]);
  // Unordered: the same partition of the rows, each group's first row kept.
  const loose = hashGroupsCpu(keys, n, false);
  expect(loose.count, what).toBe(want.count);
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const g = loose.ids[i]!;
    if (!map.has(g)) {
      map.set(g, want.ids[i]!);
      expect(loose.first[g], `${what}: first row of group ${g}`).toBe(i);
    } else expect(map.get(g), `${what}: row ${i}`).toBe(want.ids[i]);
  }
}

const DTYPES = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'] as const;

describe('groupby hash groups (CPU)', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: few distinct values (direct index) and spread values (hash), NaN/±0, nulls 0 / 0.1 / 1`, () => {
      for (const n of [0, 1, 2, 255, 257, 3001]) {
        for (const nullRate of [0, 0.1, 1]) {
          check([column(dtype, n, n + 5, { distinct: 7, nullRate, special: true })], n, `${dtype} n=${n} few nulls=${nullRate}`);
          check([column(dtype, n, n + 9, { nullRate, special: true })], n, `${dtype} n=${n} spread nulls=${nullRate}`);
        }
      }
    });
  }

  it('packed dtypes (int8, int16, uint8, uint16, bool)', () => {
    const n = 2000;
    const r = rng(4);
    const fill = <T extends Int8Array | Int16Array | Uint8Array | Uint16Array>(a: T, lo: number, span: number) => a.map(() => lo + Math.floor(r() * span)) as T;
    const keys: Key[] = [
      { data: fill(new Int8Array(n), -128, 256), dtype: 'int8' },
      { data: fill(new Int16Array(n), -32768, 65536), dtype: 'int16', validity: randomValidity(n, 0.1, 3) },
      { data: fill(new Uint8Array(n), 0, 256), dtype: 'uint8' },
      { data: fill(new Uint16Array(n), 0, 65536), dtype: 'uint16' },
      { data: fill(new Uint8Array(n), 0, 2), dtype: 'bool' },
    ];
    for (const k of keys) check([k], n, k.dtype);
    check([keys[4]!, keys[0]!], n, 'bool, int8');
  });

  it('several keys: composite ranks, direct and hashed, and pairs past 2^32 combinations', () => {
    const n = 3001;
    check([column('int32', n, 1, { distinct: 7, nullRate: 0.1 }), column('float64', n, 2, { distinct: 5, special: true, nullRate: 0.1 })], n, 'int32 x float64 few');
    check([column('int64', n, 3, { special: true }), column('int32', n, 4, { distinct: 3 })], n, 'int64 spread x int32 few');
    check([column('uint32', n, 5, { distinct: 4 }), column('float32', n, 6, { distinct: 4, nullRate: 0.5 }), column('int64', n, 7, { distinct: 4 })], n, 'three keys');
    // ~3,000 x ~3,000 combinations: a u32 composite too wide for the direct index (radix-ranked).
    check([column('int32', n, 8, { nullRate: 0.1 }), column('float64', n, 9, { special: true })], n, 'int32 spread x float64 spread');
    check([column('int32', n, 10, { distinct: 1500 }), column('int32', n, 11, { distinct: 1500 }), column('uint32', n, 12, { distinct: 3 })], n, 'two wide keys, then a third');
    // Two columns of ~70,000 distinct values each: more than 2^32 combinations, ranked as (high, low) pairs.
    const m = 70_000;
    const a = Int32Array.from({ length: m }, (_, i) => (i * 7919) % m);
    const b = Int32Array.from({ length: m }, (_, i) => (m - i) * 3);
    a[5] = a[6]!;
    b[5] = b[6]!;
    check([{ data: a, dtype: 'int32' }, { data: b, dtype: 'int32' }], m, 'wide pairs');
  });

  it('64-bit keys that share the high word use the direct index; NaN payloads and -0 group together', () => {
    const big = BigInt64Array.from([5n, 2n ** 40n + 3n, 2n ** 40n + 1n, 2n ** 40n + 3n, -1n]);
    check([{ data: big.subarray(1, 4), dtype: 'int64' }], 3, 'shared high word');
    check([{ data: big, dtype: 'int64' }], 5, 'mixed high words');
    const f = new Float64Array([0, -0, NaN, 1, -0, NaN]);
    new Uint32Array(f.buffer)[5] = 0xfff80001; // a negative NaN with a payload
    const g = hashGroupsCpu([{ data: f, dtype: 'float64' }], 6, true);
    expect([...g.ids]).toEqual([0, 0, 2, 1, 0, 2]);
    const h = new Float32Array([-0, NaN, 0, -NaN]);
    expect([...hashGroupsCpu([{ data: h, dtype: 'float32' }], 4, true).ids]).toEqual([0, 1, 0, 1]);
  });
});
