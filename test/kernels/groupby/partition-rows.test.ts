// 'groupby/partition-rows' (kernels/groupby/group-rows.ts): the rows ordered by group and
// each position's group number, synchronously, for partitioned windows. Both bodies against
// a plain-JS comparator sort (nulls last, NaN after every number, -0 == +0, row order within
// a group) and against each other.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { isValid, parity, randomArray, randomValidity, SIZES } from '../../helpers/parity.js';

interface Key { data: TypedArray; validity?: Uint8Array }

function cmp(k: Key, i: number, j: number): number {
  const a = isValid(k.validity, i), b = isValid(k.validity, j);
  if (!a || !b) return a === b ? 0 : a ? -1 : 1;
  const x = k.data[i]!, y = k.data[j]!;
  if (typeof x === 'number' && typeof y === 'number' && (Number.isNaN(x) || Number.isNaN(y))) return Number.isNaN(x) === Number.isNaN(y) ? 0 : Number.isNaN(x) ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function reference(keys: Key[], n: number): TypedArray[] {
  const c = (i: number, j: number) => keys.reduce((acc, k) => acc || cmp(k, i, j), 0);
  const rows = Array.from({ length: n }, (_, i) => i).sort((i, j) => c(i, j) || i - j);
  const seg = new Uint32Array(n);
  rows.forEach((r, p) => (seg[p] = p === 0 ? 0 : seg[p - 1]! + (c(rows[p - 1]!, r) !== 0 ? 1 : 0)));
  return [Uint32Array.from(rows), seg];
}

describe('groupby/partition-rows', () => {
  it('float64 x int32 keys with NaN, ±0 and nulls, at every size', async () => {
    for (const n of SIZES) {
      for (const nullRate of [0, 0.1, 1]) {
        const keys: Key[] = [
          { data: randomArray('float64', n, n + 11, { distinct: 5, specialRate: 0.2 }), validity: nullRate ? randomValidity(n, nullRate, n + 1) : undefined },
          { data: randomArray('int32', n, n + 12, { distinct: 3 }) },
        ];
        await parity(() => {
          const p = gf.kernels.partitionRows(keys.map((k) => ({ data: gf.array(k.data), validity: k.validity && gf.array(k.validity, 'uint8') })), n);
          return [p.rows, p.segments];
        }, { oracle: reference(keys, n), what: `n=${n} nulls=${nullRate}` });
      }
    }
  });

  it('rejects keys of another length', () => {
    expect(() => gf.kernels.partitionRows([{ data: gf.array(new Int32Array(2)) }], 3)).toThrow(/partitionRows: expected key 0 of 3 rows, got 2/);
  });
});
