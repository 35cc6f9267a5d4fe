/**
 * The grouping order as a plain-JS reference: a comparator sort of the rows by the keys in the
 * radix sort's total order (nulls last, NaN after every number, -0 == +0), ties by row, and
 * groups numbered in that order. Shared by the group-rows and hash-groups reference tests.
 */
import type { TypedArray } from 'gpuframe';
import { isValid } from './parity.js';

export interface OrderKey {
  data: TypedArray | ArrayLike<number | bigint>;
  validity?: Uint8Array;
}

/** -1, 0, 1 comparing row i and row j of one key column in the grouping order. */
export function compareRows(k: OrderKey, i: number, j: number): number {
  const a = isValid(k.validity, i), b = isValid(k.validity, j);
  if (!a || !b) return a === b ? 0 : a ? -1 : 1;
  const x = k.data[i]!, y = k.data[j]!;
  if (typeof x === 'number' && typeof y === 'number') {
    const nx = Number.isNaN(x), ny = Number.isNaN(y);
    if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1;
  }
  return x < y ? -1 : x > y ? 1 : 0; // -0 == +0 here, as in grouping
}

/** The rows in grouping order, each row's group number, and each group's first position in `rows`. */
export function groupOrder(keys: readonly OrderKey[], n: number): { rows: number[]; ids: Uint32Array; starts: number[] } {
  const cmp = (i: number, j: number) => {
    for (const k of keys) {
      const c = compareRows(k, i, j);
      if (c) return c;
    }
    return 0;
  };
  const rows = Array.from({ length: n }, (_, i) => i).sort((i, j) => cmp(i, j) || i - j);
  const ids = new Uint32Array(n);
  const starts: number[] = [];
  rows.forEach((r, p) => {
    if (p === 0 || cmp(rows[p - 1]!, r) !== 0) starts.push(p);
    ids[r] = starts.length - 1;
  });
  return { rows, ids, starts };
}
