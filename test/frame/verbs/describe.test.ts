import { describe as suite, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';

/** Nearest-rank quantile of the non-null values, NaN largest: index floor((n - 1) q + 0.5). */
function refQuantile(values: unknown[], q: number, _method: 'nearest'): number | null {
  const xs = values.filter((v) => v !== null).map(Number).sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  return xs.length ? xs[Math.floor((xs.length - 1) * q + 0.5)]! : null;
}

const STATS = ['count', 'null_count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'];

function refNumeric(values: unknown[]): Array<number | null> {
  const xs = values.filter((v) => v !== null).map(Number);
  const n = xs.length;
  const mean = n ? xs.reduce((a, b) => a + b, 0) / n : null;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean!) ** 2, 0) / (n - 1)) : null;
  const nums = xs.filter((x) => !Number.isNaN(x));
  const min = nums.length ? Math.min(...nums) : n ? NaN : null;
  const max = nums.length ? Math.max(...nums) : n ? NaN : null;
  return [n, values.length - n, mean, std, min, refQuantile(values, 0.25, 'nearest'), refQuantile(values, 0.5, 'nearest'), refQuantile(values, 0.75, 'nearest'), max];
}

/** int64: exact integer text for counts, extremes and nearest percentiles; mean and std as float text. */
function checkWide(got: unknown[], values: unknown[], what: string): void {
  const xs = values.filter((v): v is bigint => v !== null).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = xs.length;
  const at = (q: number) => (n ? String(xs[Math.floor((n - 1) * q + 0.5)]) : null);
  const ints = [String(n), String(values.length - n), at(0), at(0.25), at(0.5), at(0.75), at(1)];
  expect([got[0], got[1], got[4], got[5], got[6], got[7], got[8]], what).toEqual(ints);
  if (!n) return expect([got[2], got[3]], what).toEqual([null, null]);
  const scale = Math.max(1, ...xs.map((x) => Math.abs(Number(x))));
  const sum = xs.reduce((a, b) => a + b, 0n);
  const mean = Number(sum) / n;
  expect(got[2], what).toMatch(/[.e]|NaN|Infinity/);
  expect(Math.abs(Number(got[2]) - mean), `${what} mean`).toBeLessThanOrEqual(1e-12 * scale);
  if (n < 2) return expect(got[3], what).toBeNull();
  const ss = xs.reduce((a, x) => a + (BigInt(n) * x - sum) ** 2n, 0n);
  const std = Math.sqrt(Number(ss) / (n * n * (n - 1)));
  expect(Math.abs(Number(got[3]) - std), `${what} std`).toBeLessThanOrEqual(1e-12 * scale);
}

function close(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') return (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) || (!Number.isFinite(b) && a === b);
  return a === b;
}

suite('DataFrame.describe', () => {
  it('gives Polars statistics per column on both backends', async () => {
    for (const n of FRAME_SIZES) {
      const rows = await randomFrame(n, 12).toRecords();
      const got = await frameParity(() => randomFrame(n, 12).describe());
      expect(got.map((r) => r.statistic)).toEqual(STATS);
      checkWide(got.map((r) => r.l), rows.map((r) => r.l), `n=${n} 'l' (int64)`);
      for (const k of ['k', 'i', 'u', 'f', 'g', 'z']) {
        const want = refNumeric(rows.map((r) => r[k]));
        got.forEach((r, j) => {
          if (!close(r[k], want[j])) expect.fail(`n=${n} '${k}' ${STATS[j]}: ${String(r[k])} vs ${String(want[j])}`);
        });
      }
      const strs = rows.map((r) => r.s).filter((v): v is string => v !== null).sort();
      expect(got.map((r) => r.s)).toEqual([String(strs.length), String(n - strs.length), null, null, strs[0] ?? null, null, null, null, strs.at(-1) ?? null]);
      const bools = rows.map((r) => r.b).filter((v) => v !== null);
      expect(got[2]!.b).toBe(bools.length ? bools.filter(Boolean).length / bools.length : null);
    }
  });

  it('uses ddof = 1 for std and nearest percentiles (Polars)', async () => {
    const d = await new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]) }).describe();
    const x = (await d.toRecords()).map((r) => r.x);
    expect(x).toEqual([4, 0, 2.5, Math.sqrt(5 / 3), 1, 2, 3, 3, 4]);
  });
});
