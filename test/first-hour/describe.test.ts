// Issue 13, "describe() on int64": exact int64/uint64 statistics (count, min, percentiles, max as
// exact integers, as text since a float64 column cannot hold them), mean and std that read as
// floats, and format() printing every float column value as a float (3.0, not 3). Runs on the
// backend of the run; frameParity checks WebGPU against the CPU where a device is present.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';

const BIG = 9007199254740993n; // 2^53 + 1: not a float64

describe('describe() on 64-bit integers', () => {
  it('int64: count, min, percentiles and max are exact; mean and std are float text', async () => {
    const values = [1n, 2n, 3n, BIG];
    const rows = await frameParity(() => new gf.DataFrame({ l: BigInt64Array.from(values) }).describe());
    const d = await new gf.DataFrame({ l: BigInt64Array.from(values) }).describe();
    expect(d.column('l').type).toBe('utf8');
    expect(d.column('statistic').type).toBe('utf8');
    const stat = Object.fromEntries(rows.map((r) => [r.statistic as string, r.l]));
    expect(stat.count).toBe('4');
    expect(stat.null_count).toBe('0');
    expect(stat.min).toBe('1');
    expect(stat.max).toBe('9007199254740993');
    // Nearest-rank percentiles (Polars): indices round(3q) = 1, 2, 2 of [1, 2, 3, 2^53 + 1].
    expect([stat['25%'], stat['50%'], stat['75%']]).toEqual(['2', '3', '3']);
    // The exact mean is 9007199254740999 / 4 = 2251799813685249.75; its nearest float64 prints
    // with a fraction, never as an integer-looking 2251799800000000.
    const mean = stat.mean as string;
    expect(mean).toMatch(/[.e]/);
    expect(Math.abs(Number(mean) - 2251799813685249.75)).toBeLessThanOrEqual(0.5);
    const exact = values.map(Number);
    const m = 2251799813685249.75;
    const std = Math.sqrt(exact.reduce((s, x) => s + (x - m) ** 2, 0) / 3);
    expect(Math.abs(Number(stat.std) - std) / std).toBeLessThan(1e-12);
  });

  it('uint64 beyond 2^63, nulls, and an integral mean printed as a float', async () => {
    const top = 2n ** 64n - 1n;
    const bits = new Uint8Array([0b1011]); // row 2 null
    const mk = () => new gf.DataFrame({ u: gf.Column.from(BigUint64Array.from([top, 1n, 7n, top - 2n]), bits) });
    const stat = Object.fromEntries((await frameParity(() => mk().describe())).map((r) => [r.statistic as string, r.u]));
    expect(stat).toMatchObject({ count: '3', null_count: '1', min: '1', max: '18446744073709551615', '50%': '18446744073709551613' });
    const small = Object.fromEntries((await frameParity(() => new gf.DataFrame({ l: BigInt64Array.from([2n, 4n, -3n, 9n]) }).describe())).map((r) => [r.statistic as string, r.l]));
    expect(small.mean).toBe('3.0');
    expect(small.min).toBe('-3');
    const one = Object.fromEntries((await frameParity(() => new gf.DataFrame({ l: BigInt64Array.from([5n]) }).describe())).map((r) => [r.statistic as string, r.l]));
    expect([one.mean, one.std, one.min]).toEqual(['5.0', null, '5']);
    const none = Object.fromEntries((await frameParity(() => new gf.DataFrame({ l: gf.Column.from(new BigInt64Array(2), new Uint8Array(1)) }).describe())).map((r) => [r.statistic as string, r.l]));
    expect(none).toMatchObject({ count: '0', null_count: '2', mean: null, min: null, '50%': null, max: null });
  });

  it('other numeric columns stay float64 (Polars), and format() prints their values as floats', async () => {
    const df = new gf.DataFrame({ i: new Int32Array([1, 2, 3, 4]), f: new Float64Array([0.5, 1.5, 2.5, 3.5]), l: BigInt64Array.from([1n, 2n, 3n, BIG]) });
    const d = await df.describe();
    expect(d.column('i').type).toBe('float64');
    expect(d.column('f').type).toBe('float64');
    const text = await d.format(9);
    const line = (stat: string) => text.split('\n').find((l) => l.startsWith(`│ ${stat} `))!;
    // count 4 is a float64 value: "4.0"; the int64 column's count is exact text "4".
    expect(line('count')).toMatch(/│ count +│ 4\.0 +│ 4\.0 +│ 4 +│/);
    expect(line('max')).toMatch(/│ max +│ 4\.0 +│ 3\.5 +│ 9007199254740993 +│/);
    // 2251799813685249.75 is a tie between float64 neighbours: it rounds to 2251799813685250, shown as a float.
    expect(line('mean')).toMatch(/│ mean +│ 2\.5 +│ 2\.0 +│ 2\.25179981368525e\+15 +│/);
  });
});

describe('format() prints floats as floats', () => {
  it('integral float values keep a decimal point; large ones use an exponent; ints stay integers', async () => {
    const df = new gf.DataFrame({
      f: new Float64Array([3, -0, 1 / 3, 2251799813685249.5, NaN, -Infinity, 1e20]),
      g: new Float32Array([1, 2.5, 0, 0, 0, 0, 0]),
      k: new Int32Array([3, -1, 0, 0, 0, 0, 0]),
      l: BigInt64Array.from([BIG, 0n, 0n, 0n, 0n, 0n, 0n]),
    });
    const lines = (await df.format(7)).split('\n').slice(5, 12).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    expect(lines.map((r) => r[0])).toEqual(['3.0', '-0.0', '0.33333333', '2.2517998e+15', 'NaN', '-Infinity', '1.0e+20']);
    expect(lines.map((r) => r[1]).slice(0, 3)).toEqual(['1.0', '2.5', '0.0']);
    expect(lines.map((r) => r[2]).slice(0, 2)).toEqual(['3', '-1']);
    expect(lines[0]![3]).toBe('9007199254740993');
  });
});
