/**
 * Seeded random list columns for the list tests, with their plain-JS values: empty lists,
 * null lists (which may still span child rows, as Arrow allows), null elements, edge values
 * (NaN, ±0, ±Inf, int64 beyond 2^53) and offsets that start above 0.
 */
import * as gf from 'gpuframe';
import { mulberry32 } from '../../src/random.js';

export type ListDType = 'float64' | 'float32' | 'int32' | 'uint32' | 'int64' | 'uint64';
export type Elem = number | bigint | null;

const F_SPECIAL = [NaN, -0, 0, Infinity, -Infinity, 1.5, -2.25, 1e300, -1e-300];
const I64_SPECIAL = [2n ** 53n + 1n, -(2n ** 53n) - 3n, 2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n, 0n, -1n];

function element(dtype: ListDType, r: () => number): number | bigint {
  const special = r() < 0.15;
  switch (dtype) {
    case 'float64':
      return special ? F_SPECIAL[Math.floor(r() * F_SPECIAL.length)]! : Math.round((r() - 0.5) * 2e6) / 64;
    case 'float32':
      return Math.fround(special ? F_SPECIAL[Math.floor(r() * F_SPECIAL.length)]! : (r() - 0.5) * 1000);
    case 'int32':
      return special ? [2147483647, -2147483648, 0][Math.floor(r() * 3)]! : Math.floor((r() - 0.5) * 2000);
    case 'uint32':
      return special ? 4294967295 : Math.floor(r() * 5000);
    case 'int64':
      return special ? I64_SPECIAL[Math.floor(r() * I64_SPECIAL.length)]! : BigInt(Math.floor((r() - 0.5) * 2 ** 40)) * 4099n;
    case 'uint64':
      return special ? 2n ** 64n - 1n - BigInt(Math.floor(r() * 5)) : BigInt(Math.floor(r() * 2 ** 40)) * 4099n;
  }
}

const ARRAYS = { float64: Float64Array, float32: Float32Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array };

export interface RandomLists {
  column: gf.Column;
  /** Row values: null for a null list, else the elements (null for a null element). */
  values: Array<Elem[] | null>;
}

/**
 * `n` random lists of `dtype` with 0..maxLen elements; `listNulls` / `elemNulls` are the null
 * rates. Offsets start at `start` (child rows before it, and null lists' spans, hold junk).
 */
export function randomLists(n: number, dtype: ListDType, seed: number, opts: { maxLen?: number; listNulls?: number; elemNulls?: number; start?: number } = {}): RandomLists {
  const r = mulberry32(seed);
  const maxLen = opts.maxLen ?? 5;
  const start = opts.start ?? 0;
  const lengths = Array.from({ length: n }, () => Math.floor(r() * (maxLen + 1)));
  const listValid = Array.from({ length: n }, () => r() >= (opts.listNulls ?? 0.1));
  const total = start + lengths.reduce((a, b) => a + b, 0);
  const child = new ARRAYS[dtype](total) as Float64Array | BigInt64Array;
  const childBits = new Uint8Array(Math.ceil(total / 8));
  const elemValid: boolean[] = [];
  for (let i = 0; i < total; i++) {
    (child as unknown as Array<number | bigint>)[i] = element(dtype, r);
    const ok = r() >= (opts.elemNulls ?? 0.1);
    elemValid.push(ok);
    if (ok) childBits[i >> 3]! |= 1 << (i & 7);
  }
  const offsets = new Int32Array(n + 1);
  offsets[0] = start;
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + lengths[i]!;
  const listBits = new Uint8Array(Math.ceil(n / 8));
  listValid.forEach((ok, i) => ok && (listBits[i >> 3]! |= 1 << (i & 7)));
  const values = lengths.map((_, i) => {
    if (!listValid[i]) return null;
    const out: Elem[] = [];
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) out.push(elemValid[k] ? (child as unknown as Array<number | bigint>)[k]! : null);
    return out;
  });
  const column = new gf.Column({
    type: 'list',
    data: gf.array(offsets),
    validity: gf.array(listBits, 'uint8'),
    children: [gf.Column.from(child, childBits)],
  });
  return { column, values };
}
