// Parity of 'window/shift' against a plain-JS reference, and of the segmented forms of
// 'window/cumulative' and 'window/rolling' (segments: partitioned windows) against the
// unsegmented kernels run on each segment alone and laid end to end.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { DataBuffer, TypedArray } from 'gpuframe';
import { isValid, parity, PAST_CAPPED_GRID, randomArray, randomValidity, rng, SIZES, withGridCap, WORD_DTYPES } from '../../helpers/parity.js';

/** Non-decreasing segment numbers with runs of random length (some of one row). */
function randomSegments(n: number, seed: number): Uint32Array {
  const r = rng(seed);
  const s = new Uint32Array(n);
  let g = 0;
  for (let i = 1; i < n; i++) {
    if (r() < 0.05) g++;
    s[i] = g;
  }
  return s;
}

function shiftReference(x: TypedArray, bits: Uint8Array | undefined, k: number, seg: Uint32Array | undefined): TypedArray[] {
  const n = x.length;
  const out = new (x.constructor as new (n: number) => TypedArray)(n);
  const ob = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    const s = i - k;
    if (s < 0 || s >= n || (seg && seg[s] !== seg[i]) || !isValid(bits, s)) continue;
    (out as unknown as unknown[])[i] = x[s];
    ob[i >> 3]! |= 1 << (i & 7);
  }
  return [out, ob];
}

const arr = <D extends gf.DTypeName = never>(x: TypedArray) => gf.array(x) as gf.DataBuffer<D>;

describe('window/shift', () => {
  for (const dtype of WORD_DTYPES) {
    it(`${dtype}: k = 1, -2, 0, 300, with and without segments, nulls 0 / 0.1 / 1`, async () => {
      for (const n of SIZES) {
        for (const rate of [0, 0.1, 1]) {
          const x = randomArray(dtype, n, n + 1);
          const bits = rate ? randomValidity(n, rate, n + 2) : undefined;
          const seg = randomSegments(n, n + 3);
          for (const k of [1, -2, 0, 300]) {
            for (const s of [undefined, seg]) {
              await parity(() => {
                const r = gf.kernels.shift(arr(x), k, { validity: bits && gf.array(bits, 'uint8'), segments: s && arr(s) });
                return [r.values, r.validity];
              }, { oracle: shiftReference(x, bits, k, s), what: `${dtype} n=${n} k=${k} nulls=${rate} seg=${!!s}` });
            }
          }
        }
      }
    });
  }

  it('past the 2-D grid cap', async () => {
    const n = PAST_CAPPED_GRID * 32;
    const x = randomArray('float64', n, 5);
    const seg = randomSegments(n, 6);
    await withGridCap(() => parity(() => {
      const r = gf.kernels.shift(arr(x), 3, { segments: arr(seg) });
      return [r.values, r.validity];
    }, { oracle: shiftReference(x, undefined, 3, seg), what: 'grid cap' }));
  });

  it('rejects a fractional shift and segments of another length', () => {
    expect(() => gf.kernels.shift(arr(new Float64Array(3)), 1.5)).toThrow(gf.ValueError);
    expect(() => gf.kernels.shift(arr(new Float64Array(3)), 1, { segments: arr(new Uint32Array(2)) })).toThrow(/expected 3 segment numbers, got 2/);
  });
});

/** The unsegmented op on each segment alone (CPU), concatenated: values and validity as host arrays. */
async function perSegment(run: (x: DataBuffer, v: DataBuffer<'uint8'> | undefined) => { values: DataBuffer; validity?: DataBuffer<'uint8'> }, x: TypedArray, bits: Uint8Array | undefined, seg: Uint32Array): Promise<TypedArray[]> {
  const n = x.length;
  const parts: TypedArray[] = [];
  const ob = new Uint8Array(Math.ceil(n / 8));
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && seg[i] === seg[i - 1]) continue;
    const len = i - start;
    const sub = x.slice(start, i);
    let sb: Uint8Array | undefined;
    if (bits) {
      sb = new Uint8Array(Math.ceil(len / 8));
      for (let j = 0; j < len; j++) if (isValid(bits, start + j)) sb[j >> 3]! |= 1 << (j & 7);
    }
    const r = gf.withBackend('cpu', () => run(gf.array(sub), sb && gf.array(sb, 'uint8')));
    parts.push(await r.values.toArray());
    const rb = r.validity ? await r.validity.toArray() : undefined;
    for (let j = 0; j < len; j++) if (!rb || isValid(rb, j)) ob[(start + j) >> 3]! |= 1 << ((start + j) & 7);
    start = i;
  }
  const out = new (parts[0]!.constructor as new (n: number) => TypedArray)(n);
  let at = 0;
  for (const p of parts) {
    (out as unknown as { set(a: TypedArray, o: number): void }).set(p, at);
    at += p.length;
  }
  return [out, ob];
}

describe('window/cumulative and window/rolling with segments', () => {
  for (const dtype of WORD_DTYPES) {
    it(`${dtype}: each segment restarts, as the op on each segment alone`, async () => {
      for (const n of [1, 255, 1000, 4099]) {
        for (const rate of [0, 0.1]) {
          const x = randomArray(dtype, n, n + 7, { distinct: dtype.includes('int') ? 1000 : undefined });
          const bits = rate ? randomValidity(n, rate, n + 8) : undefined;
          const seg = randomSegments(n, n + 9);
          const v = () => bits && gf.array(bits, 'uint8');
          for (const op of ['sum', 'min', 'max', 'count'] as const) {
            const want = await perSegment((a, b) => gf.kernels.cumulative(a, op, { validity: b }), x, bits, seg);
            const got = await parity(() => {
              const r = gf.kernels.cumulative(arr(x), op, { validity: v(), segments: arr(seg) });
              r.overflow?.dispose();
              return op === 'count' ? [r.values] : [r.values, r.validity!];
            }, { what: `cum ${op} ${dtype} n=${n}` });
            expect([...got[0]!]).toEqual([...want[0]!]);
            if (op !== 'count') expect([...got[1]!]).toEqual([...want[1]!]);
          }
          for (const op of ['sum', 'mean', 'min', 'max'] as const) {
            const want = await perSegment((a, b) => gf.kernels.rolling(a, op, { window: 4, minPeriods: 2, validity: b }), x, bits, seg);
            const got = await parity(() => {
              const r = gf.kernels.rolling(arr(x), op, { window: 4, minPeriods: 2, validity: v(), segments: arr(seg) });
              r.overflow?.dispose();
              return [r.values, r.validity!];
            }, { what: `rolling ${op} ${dtype} n=${n}` });
            expect([...got[1]!]).toEqual([...want[1]!]);
            const valid = got[1] as Uint8Array;
            for (let i = 0; i < n; i++) if (isValid(valid, i) && !Object.is(got[0]![i], want[0]![i])) expect.fail(`rolling ${op} ${dtype} row ${i}: ${String(want[0]![i])} vs ${String(got[0]![i])}`);
          }
        }
      }
    });
  }
});
