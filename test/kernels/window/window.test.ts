// Parity of 'window/cumulative', 'window/rolling' and 'window/rank' against plain-JS references.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { isValid, parity, PAST_CAPPED_GRID, randomArray, randomValidity, SIZES, withGridCap, WORD_DTYPES } from '../../helpers/parity.js';

type V = number | bigint;
const isF = (d: string) => d === 'float32' || d === 'float64';
const RANGE: Record<string, [bigint, bigint]> = { int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n] };

/** Reference fold of the valid values `xs` (in row order), or undefined for null. */
function fold(op: string, d: string, xs: V[]): V | undefined {
  if (op === 'count') return xs.length;
  if (op === 'sum' || op === 'mean') {
    if (isF(d)) {
      let s = 0;
      for (const x of xs) s += x as number;
      return op === 'sum' ? s : xs.length ? s / xs.length : undefined;
    }
    const s = xs.reduce<bigint>((a, x) => a + BigInt(x), 0n);
    if (op === 'mean') return xs.length ? Number(s) / xs.length : undefined;
    const r = RANGE[d];
    return r && (s < r[0] || s > r[1]) ? undefined : s;
  }
  const nums = xs.filter((x) => !(typeof x === 'number' && Number.isNaN(x)));
  if (nums.length === 0) return xs.length ? NaN : undefined;
  // Order with -0 below +0.
  const lt = (a: V, b: V) => a < b || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0));
  return nums.reduce((a, b) => (op === 'min' ? (lt(b, a) ? b : a) : lt(a, b) ? b : a));
}

function outArray(op: string, d: string, n: number): gf.TypedArray {
  if (op === 'count') return new Uint32Array(n);
  if (op === 'mean' || (op === 'sum' && isF(d))) return new Float64Array(n);
  if (op === 'sum') return d === 'uint32' || d === 'uint64' ? new BigUint64Array(n) : new BigInt64Array(n);
  return new (d === 'float32' ? Float32Array : d === 'float64' ? Float64Array : d === 'int32' ? Int32Array : d === 'uint32' ? Uint32Array : d === 'int64' ? BigInt64Array : BigUint64Array)(n);
}

/** Write v at i with NaN as the canonical quiet NaN (the kernels' NaN). */
function put(a: gf.TypedArray, i: number, v: V): void {
  if (typeof v === 'number' && Number.isNaN(v)) {
    const w = new Uint32Array(a.buffer);
    if (a instanceof Float32Array) w[i] = 0x7fc00000;
    else (w[2 * i] = 0), (w[2 * i + 1] = 0x7ff80000);
  } else (a as unknown as V[])[i] = typeof v === 'bigint' || !(a instanceof BigInt64Array || a instanceof BigUint64Array) ? v : BigInt(v);
}

/** Reference for cumulative ops: an incremental fold, so long columns stay cheap. */
function cumReference(op: string, d: string, x: gf.TypedArray, bits: Uint8Array) {
  const n = x.length;
  const out = outArray(op, d, n);
  const ov = new Uint8Array(Math.ceil(n / 8));
  let overflow = 0;
  let acc: V | undefined;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (isValid(bits, i)) {
      count++;
      acc = acc === undefined ? (op === 'sum' ? fold('sum', d, [x[i]!]) ?? BigInt(x[i]!) : fold(op, d, [x[i]!])) : op === 'sum' ? (isF(d) ? (acc as number) + (x[i] as number) : BigInt(acc) + BigInt(x[i]!)) : fold(op, d, [acc, x[i]!]);
      if (op === 'sum' && isF(d) && count === 1) acc = 0 + (x[i] as number);
    }
    if (op === 'count') {
      put(out, i, count);
      continue;
    }
    if (!isValid(bits, i)) continue;
    let v = acc!;
    if (op === 'sum' && !isF(d)) {
      const r = RANGE[d];
      if (r && ((v as bigint) < r[0] || (v as bigint) > r[1])) {
        overflow = 1;
        continue;
      }
      v = BigInt(v);
    }
    put(out, i, v);
    ov[i >> 3]! |= 1 << (i & 7);
  }
  return { out, ov, overflow };
}

/** Reference: row i folds the valid rows of [lo(i), i]; null rows (cumulative) and short windows are null. */
function reference(op: string, d: string, x: gf.TypedArray, bits: Uint8Array, lo: (i: number) => number, minp: number, nullRowNull: boolean) {
  const n = x.length;
  const out = outArray(op, d, n);
  const ov = new Uint8Array(Math.ceil(n / 8));
  let overflow = 0;
  for (let i = 0; i < n; i++) {
    const xs: V[] = [];
    for (let j = lo(i); j <= i; j++) if (isValid(bits, j)) xs.push(x[j]!);
    if (op !== 'count' && nullRowNull && !isValid(bits, i)) continue;
    if (op !== 'count' && xs.length < minp) continue;
    const v = fold(op, d, xs);
    if (v === undefined) {
      overflow = 1;
      continue;
    }
    put(out, i, v);
    ov[i >> 3]! |= 1 << (i & 7);
  }
  return { out, ov, overflow };
}

describe('window/cumulative', () => {
  for (const d of WORD_DTYPES) {
    for (const op of ['sum', 'min', 'max', 'count'] as const) {
      it(`cum ${op} over ${d}: nulls skipped, exact`, async () => {
        for (const n of SIZES) {
          for (const rate of [0, 0.1, 1]) {
            // Small int64 values too, so most running sums fit and some rows are checked exactly.
            for (const small of d === 'int64' || d === 'uint64' ? [false, true] : [false]) {
              const x = randomArray(d, n, n * 13 + 1, small ? { distinct: 1000 } : { specialRate: 0.2 });
              const bits = randomValidity(n, rate, n + 9);
              const ref = cumReference(op, d, x, bits);
              const oracle = op === 'count' ? [ref.out] : [ref.out, ref.ov, ...((op === 'sum' && (d === 'int64' || d === 'uint64')) ? [new Uint32Array([ref.overflow])] : [])];
              await parity(
                () => {
                  const r = gf.kernels.cumulative(gf.array(x), op, { validity: gf.array(bits, 'uint8') });
                  return [r.values, ...(r.validity ? [r.validity] : []), ...(r.overflow ? [r.overflow] : [])];
                },
                { oracle, what: `${op} ${d} n=${n} rate=${rate} small=${small}` },
              );
            }
          }
        }
      });
    }
  }

  it('runs the 2-D grid path and chunk carries past many chunks', async () => {
    const n = PAST_CAPPED_GRID;
    const x = randomArray('int32', n, 5);
    const bits = randomValidity(n, 0.1, 6);
    const ref = cumReference('max', 'int32', x, bits);
    await withGridCap(() => parity(() => {
      const r = gf.kernels.cumulative(gf.array(x), 'max', { validity: gf.array(bits, 'uint8') });
      return [r.values, r.validity!];
    }, { oracle: [ref.out, ref.ov] }));
  });

  it('rejects 1-byte dtypes', () => {
    expect(() => gf.kernels.cumulative(gf.array(new Uint8Array(3), 'bool'), 'sum')).toThrow(gf.DTypeError);
  });
});

describe('window/rolling', () => {
  for (const d of WORD_DTYPES) {
    for (const op of ['sum', 'mean', 'min', 'max'] as const) {
      it(`rolling ${op} over ${d}: windows, minPeriods, nulls`, async () => {
        for (const n of [0, 1, 2, 255, 257, 1000]) {
          for (const rate of [0, 0.1, 1]) {
            for (const [w, minp] of [[1, 1], [3, 3], [3, 1], [40, 20]] as const) {
              const x = randomArray(d, n, n * 5 + w, { specialRate: 0.2 });
              const bits = randomValidity(n, rate, n + w);
              const ref = reference(op, d, x, bits, (i) => Math.max(0, i - w + 1), minp, false);
              const oracle = [ref.out, ref.ov, ...((op === 'sum' && (d === 'int64' || d === 'uint64')) ? [new Uint32Array([ref.overflow])] : [])];
              await parity(
                () => {
                  const r = gf.kernels.rolling(gf.array(x), op, { window: w, minPeriods: minp, validity: gf.array(bits, 'uint8') });
                  return [r.values, r.validity!, ...(r.overflow ? [r.overflow] : [])];
                },
                { oracle, what: `${op} ${d} n=${n} rate=${rate} w=${w} minp=${minp}` },
              );
            }
          }
        }
      });
    }
  }

  it('runs the 2-D grid path', async () => {
    const n = PAST_CAPPED_GRID * 32;
    const x = randomArray('float64', n, 3);
    const bits = randomValidity(n, 0.1, 4);
    const ref = reference('sum', 'float64', x, bits, (i) => Math.max(0, i - 1), 2, false);
    await withGridCap(() => parity(() => {
      const r = gf.kernels.rolling(gf.array(x), 'sum', { window: 2, validity: gf.array(bits, 'uint8') });
      return [r.values, r.validity!];
    }, { oracle: [ref.out, ref.ov] }));
  });

  it('rejects bad windows', () => {
    expect(() => gf.kernels.rolling(gf.array(new Float64Array(3)), 'sum', { window: 0 })).toThrow(gf.ValueError);
    expect(() => gf.kernels.rolling(gf.array(new Float64Array(3)), 'sum', { window: 2, minPeriods: 3 })).toThrow(gf.ValueError);
  });
});

/** Reference ranks: positions of tie runs in a stable sort with nulls last (-0 ties +0, NaN largest). */
function rankReference(x: gf.TypedArray, bits: Uint8Array, method: string): { sorted: gf.TypedArray; perm: Uint32Array; sbits: Uint8Array; ranks: gf.TypedArray } {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const cmpV = (a: V, b: V) => {
    const na = typeof a === 'number' && Number.isNaN(a);
    const nb = typeof b === 'number' && Number.isNaN(b);
    if (na || nb) return na === nb ? 0 : na ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const ok = (i: number) => isValid(bits, i);
  idx.sort((a, b) => (ok(a) !== ok(b) ? (ok(a) ? -1 : 1) : !ok(a) ? a - b : cmpV(x[a]!, x[b]!) || a - b));
  const perm = Uint32Array.from(idx);
  const sorted = new (x.constructor as new (n: number) => gf.TypedArray)(n);
  const sbits = new Uint8Array(Math.ceil(n / 8));
  idx.forEach((r, i) => {
    (sorted as unknown as V[])[i] = x[r]!;
    if (ok(r)) sbits[i >> 3]! |= 1 << (i & 7);
  });
  const ranks = method === 'average' ? new Float64Array(n) : new Uint32Array(n);
  const nv = idx.filter(ok).length;
  let dense = 0;
  for (let i = 0; i < nv; ) {
    let j = i;
    while (j + 1 < nv && cmpV(x[idx[j + 1]!]!, x[idx[i]!]!) === 0) j++;
    dense++;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = { average: (i + 1 + j + 1) / 2, min: i + 1, max: j + 1, dense, ordinal: k + 1 }[method]!;
    i = j + 1;
  }
  return { sorted, perm, sbits, ranks };
}

describe('window/rank', () => {
  for (const d of WORD_DTYPES) {
    it(`ranks ${d} by every method`, async () => {
      for (const n of [0, 1, 2, 255, 256, 257, 1000]) {
        for (const rate of [0, 0.1, 1]) {
          const x = randomArray(d, n, n + 77, { distinct: n > 300 ? 40 : undefined, specialRate: 0.3 });
          const bits = randomValidity(n, rate, n + 78);
          for (const method of ['average', 'min', 'max', 'dense', 'ordinal'] as const) {
            const ref = rankReference(x, bits, method);
            await parity(() => gf.kernels.rankSorted(gf.array(ref.sorted), gf.array(ref.perm), method, { validity: gf.array(ref.sbits, 'uint8') }), { oracle: [ref.ranks], what: `${d} ${method} n=${n} rate=${rate}` });
          }
        }
      }
    });
  }

  it('runs the 2-D grid path', async () => {
    const n = PAST_CAPPED_GRID;
    const x = randomArray('int32', n, 8, { distinct: 500 });
    const bits = randomValidity(n, 0.1, 9);
    const ref = rankReference(x, bits, 'average');
    await withGridCap(() => parity(() => gf.kernels.rankSorted(gf.array(ref.sorted), gf.array(ref.perm), 'average', { validity: gf.array(ref.sbits, 'uint8') }), { oracle: [ref.ranks] }));
  });
});
