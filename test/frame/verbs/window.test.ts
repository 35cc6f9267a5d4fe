import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';
import { applyWindow, checkWindow } from '../../../frame/verbs/window.js';

type V = number | bigint | string | null;
const same = (a: unknown, b: unknown) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
const isNaNv = (v: V) => typeof v === 'number' && Number.isNaN(v);
const lt = (a: V, b: V) => (a as number) < (b as number) || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0));

/** min/max of valid values, NaN ignored unless only NaN. */
function minmax(xs: V[], op: 'min' | 'max'): V {
  const nums = xs.filter((x) => !isNaNv(x));
  if (!nums.length) return xs.length ? NaN : null;
  return nums.reduce((a, b) => (op === 'min' ? (lt(b, a) ? b : a) : lt(a, b) ? b : a));
}

function sum(xs: V[], asFloat: boolean): V {
  if (asFloat) return xs.reduce<number>((a, b) => a + (b as number), 0);
  return xs.reduce<bigint>((a, b) => a + BigInt(b as number), 0n);
}

/** Reference cumulative op over column values (null stays null; count counts valid). */
function refCum(op: string, xs: V[], asFloat: boolean): V[] {
  const seen: V[] = [];
  return xs.map((x) => {
    if (x !== null) seen.push(x);
    if (op === 'cumCount') return seen.length;
    if (x === null) return null;
    return op === 'cumSum' ? sum(seen, asFloat) : minmax(seen, op === 'cumMin' ? 'min' : 'max');
  });
}

function refRolling(op: string, xs: V[], w: number, minp: number, asFloat: boolean): V[] {
  return xs.map((_, i) => {
    const win = xs.slice(Math.max(0, i - w + 1), i + 1).filter((v) => v !== null);
    if (win.length < minp) return null;
    if (op === 'rollingSum') return sum(win, asFloat);
    if (op === 'rollingMean') return Number(sum(win, asFloat)) / win.length;
    return minmax(win, op === 'rollingMin' ? 'min' : 'max');
  });
}

function refRank(xs: V[], method: string, descending: boolean): V[] {
  const cmp = (a: V, b: V) => {
    if (isNaNv(a) || isNaNv(b)) return isNaNv(a) === isNaNv(b) ? 0 : isNaNv(a) ? 1 : -1;
    return a! < b! ? -1 : a! > b! ? 1 : 0;
  };
  const idx = xs.map((_, i) => i).filter((i) => xs[i] !== null);
  // The sort orders -0 before +0 (ascending), though they tie: 'ordinal' numbers them in that order.
  const zero = (v: V) => (Object.is(v, -0) ? -1 : Object.is(v, 0) ? 1 : 0);
  const sign = (a: number, b: number) => zero(xs[a]!) - zero(xs[b]!);
  idx.sort((a, b) => (descending ? -cmp(xs[a]!, xs[b]!) || -sign(a, b) : cmp(xs[a]!, xs[b]!) || sign(a, b)) || a - b);
  const out: V[] = xs.map(() => null);
  let dense = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && cmp(xs[idx[j + 1]!]!, xs[idx[i]!]!) === 0) j++;
    dense++;
    for (let k = i; k <= j; k++) out[idx[k]!] = { average: (i + j + 2) / 2, min: i + 1, max: j + 1, dense, ordinal: k + 1 }[method]!;
    i = j + 1;
  }
  return out;
}

describe('applyWindow', () => {
  it('cumulative ops match references on every column type, both backends', async () => {
    for (const n of FRAME_SIZES) {
      const rows = await randomFrame(n, 21).toRecords();
      const cols = ['k', 'i', 'u', 'f', 'g', 'z', 's', 'd', 't'];
      for (const op of ['cumSum', 'cumMin', 'cumMax', 'cumCount'] as const) {
        const names = op === 'cumSum' ? ['k', 'i', 'u', 'f', 'g', 'z'] : cols;
        const got = await frameParity(() => {
          const df = randomFrame(n, 21);
          return new gf.DataFrame(names.map((c) => [c, applyWindow(op, df.column(c))] as const));
        });
        for (const c of names) {
          const xs = rows.map((r) => r[c] as V);
          const want = refCum(op, xs, c === 'f' || c === 'g' || c === 'z');
          got.forEach((r, i) => {
            if (!same(r[c], want[i])) expect.fail(`n=${n} ${op} '${c}' row ${i}: ${String(r[c])} vs ${String(want[i])}`);
          });
        }
      }
    }
  });

  it('rolling ops match references (window, minPeriods, nulls), both backends', async () => {
    for (const n of FRAME_SIZES) {
      const rows = await randomFrame(n, 22).toRecords();
      for (const op of ['rollingSum', 'rollingMean', 'rollingMin', 'rollingMax'] as const) {
        for (const [w, minp] of [[3, undefined], [5, 2]] as Array<[number, number | undefined]>) {
          const names = op === 'rollingMin' || op === 'rollingMax' ? ['i', 'f', 'g', 's', 'd'] : ['i', 'u', 'f', 'g', 'z'];
          const got = await frameParity(() => {
            const df = randomFrame(n, 22);
            return new gf.DataFrame(names.map((c) => [c, applyWindow(op, df.column(c), { window: w, minPeriods: minp })] as const));
          });
          for (const c of names) {
            const want = refRolling(op, rows.map((r) => r[c] as V), w, minp ?? w, c === 'f' || c === 'g' || c === 'z');
            got.forEach((r, i) => {
              const g = r[c];
              const ok = same(g, want[i]) || (typeof g === 'number' && typeof want[i] === 'number' && Math.abs(g - (want[i] as number)) <= 1e-12 * Math.abs(want[i] as number));
              if (!ok) expect.fail(`n=${n} ${op} w=${w} '${c}' row ${i}: ${String(g)} vs ${String(want[i])}`);
            });
          }
        }
      }
    }
  });

  it('rank matches references for every method and direction, both backends', async () => {
    for (const n of FRAME_SIZES) {
      const rows = await randomFrame(n, 23).toRecords();
      for (const method of ['average', 'min', 'max', 'dense', 'ordinal'] as const) {
        for (const descending of [false, true]) {
          const names = ['k', 'l', 'f', 's', 'z'];
          const got = await frameParity(() => {
            const df = randomFrame(n, 23);
            return new gf.DataFrame(names.map((c) => [c, applyWindow('rank', df.column(c), { method, descending })] as const));
          });
          for (const c of names) {
            const want = refRank(rows.map((r) => r[c] as V), method, descending);
            got.forEach((r, i) => {
              if (!same(r[c], want[i])) expect.fail(`n=${n} rank ${method} desc=${descending} '${c}' row ${i}: ${String(r[c])} vs ${String(want[i])}`);
            });
          }
        }
      }
    }
  });

  it('pins Polars semantics', async () => {
    const x = gf.Column.from(new Float64Array([1, 0, 2, 4]), new Uint8Array([0b1101]));
    const vals = async (c: gf.Column) => c.toValues();
    expect(await vals(applyWindow('cumSum', x))).toEqual([1, null, 3, 7]); // null skipped, stays null
    expect(await vals(applyWindow('cumCount', x))).toEqual([1, 1, 2, 3]);
    expect(await vals(applyWindow('rollingMean', x, { window: 2 }))).toEqual([null, null, null, 3]);
    expect(await vals(applyWindow('rollingSum', x, { window: 2, minPeriods: 1 }))).toEqual([1, 1, 2, 6]);
    const r = applyWindow('rank', gf.Column.from(new Int32Array([3, 1, 3, 2])));
    expect(r.type).toBe('float64');
    expect(await vals(r)).toEqual([3.5, 1, 3.5, 2]); // 'average' by default
    const d = applyWindow('rank', gf.Column.from(new Int32Array([3, 1, 3, 2])), { method: 'dense' });
    expect(d.type).toBe('uint32');
    expect(await vals(d)).toEqual([3, 1, 3, 2]);
    expect(applyWindow('cumSum', gf.Column.from(new Int32Array([1]))).type).toBe('int64');
  });

  it('int64 sums are exact and report overflow through checkWindow', async () => {
    const big = gf.Column.from(new BigInt64Array([2n ** 62n, 2n ** 62n, -(2n ** 62n), 5n]));
    for (const backend of ['cpu', ...(gf.hasWebGPU() ? ['webgpu'] : [])] as gf.BackendName[]) {
      await gf.withBackendAsync(backend, async () => {
        const s = applyWindow('cumSum', big);
        expect(await s.toValues()).toEqual([2n ** 62n, null, 2n ** 62n, 2n ** 62n + 5n]);
        await expect(checkWindow(s)).rejects.toThrow(gf.OverflowError);
        await checkWindow(applyWindow('cumSum', gf.Column.from(new BigInt64Array([1n, 2n]))));
      });
    }
  });

  it('rejects bad types and options', () => {
    const b = gf.Column.from(new Uint8Array([1, 0]), undefined, 'bool');
    expect(() => applyWindow('cumSum', b)).toThrow(gf.DTypeError);
    expect(() => applyWindow('cumSum', gf.Column.from(['a']))).toThrow(gf.DTypeError);
    expect(() => applyWindow('rollingSum', gf.Column.from(new Float64Array(3)))).toThrow(gf.ValueError);
    expect(() => applyWindow('rank', gf.Column.from(new Float64Array(3)), { method: 'first' as never })).toThrow(gf.ValueError);
  });
});
