import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';
import { hasGpu, rng } from '../helpers/parity.js';

function sample(n: number, seed: number) {
  const r = rng(seed);
  const x = new Float64Array(n), k = new Int32Array(n), big = new BigInt64Array(n);
  const names: Array<string | null> = [];
  const kbits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    x[i] = r() < 0.05 ? NaN : Math.round((r() - 0.5) * 2000) / 10;
    k[i] = Math.floor(r() * 7) - 2;
    big[i] = 2n ** 50n + BigInt(Math.floor(r() * 5));
    names.push(r() < 0.1 ? null : ['kiwi', 'apple', 'pear', 'fig'][Math.floor(r() * 4)]!);
    if (r() > 0.15) kbits[i >> 3]! |= 1 << (i & 7);
  }
  return () => new gf.DataFrame({ x, k: gf.Column.from(k, kbits), big, name: names });
}

describe('DataFrame', () => {
  it('constructs, selects, drops and reports schema; bad names give typed errors', () => {
    const df = sample(10, 1)();
    expect(df.numRows).toBe(10);
    expect(df.schema).toEqual({ x: 'float64', k: 'int32', big: 'int64', name: 'utf8' });
    expect(df.select('name', 'x').names).toEqual(['name', 'x']);
    expect(df.drop('big').names).toEqual(['x', 'k', 'name']);
    expect(() => df.column('nope')).toThrow(gf.ColumnNotFoundError);
    expect(() => df.column('nope')).toThrow(/expected one of 'x', 'k', 'big', 'name', got 'nope'/);
    expect(() => new gf.DataFrame({ a: new Float64Array(2), b: new Float64Array(3) })).toThrow(gf.ShapeError);
    // Host data renders as a table; device-only data as a summary (showing it needs a download).
    expect(df.toString()).toContain('shape: (10, 4)');
    expect(df.toString()).toMatch(/│ x +│ k +│ big +│ name +│/);
  });

  it('filter: a fused predicate with Kleene nulls gives the same rows as a JS oracle on both backends', async () => {
    const make = sample(3000, 2);
    const pred = gf.col('x').gt(0).and(gf.col('k').ge(1).or(gf.col('name').eq('fig'))).and(gf.col('big').ne(2n ** 50n + 3n));
    const rows = await frameParity(() => make().filter(pred));
    const all = await make().toRecords();
    const kle = (a: boolean | null, b: boolean | null, and: boolean) => (and ? (a === false || b === false ? false : a === null || b === null ? null : true) : a === true || b === true ? true : a === null || b === null ? null : false);
    const expected = all.filter((r) => {
      const x = r.x as number, k = r.k as number | null, nm = r.name as string | null;
      const p1 = Number.isNaN(x) ? true : x > 0; // NaN is greater than every number (Polars)
      const p2 = kle(k === null ? null : k >= 1, nm === null ? null : nm === 'fig', false);
      const p3 = r.big !== 2n ** 50n + 3n;
      return kle(kle(p1, p2, true), p3, true) === true;
    });
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(100);
  });

  it('filter with no match and on an empty frame returns empty frames', async () => {
    const none = await frameParity(() => sample(500, 3)().filter(gf.col('x').lt(-1e9)));
    expect(none).toEqual([]);
    const empty = await frameParity(() => new gf.DataFrame({ x: new Float64Array(0) }).filter(gf.col('x').lt(0)));
    expect(empty).toEqual([]);
  });

  it('sort: multi-key, per-key direction, nulls last, stable, NaN after numbers', async () => {
    const make = sample(2000, 4);
    const rows = await frameParity(() => make().sort(['k', 'x'], { descending: [false, true] }));
    const all = (await make().toRecords()).map((r, i) => ({ ...r, i }) as Record<string, unknown> & { i: number });
    const cmpNum = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0);
    const expected = [...all].sort((a, b) => {
      const ka = a.k as number | null, kb = b.k as number | null;
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) return ka - kb;
      const c = -cmpNum(a.x as number, b.x as number);
      return c !== 0 ? c : a.i - b.i;
    });
    expect(rows).toEqual(expected.map(({ i: _i, ...r }) => r));
  });

  it('sort by a string column orders lexically with nulls last', async () => {
    const rows = await frameParity(() => sample(300, 5)().sort('name'));
    const names = rows.map((r) => r.name);
    const firstNull = names.indexOf(null);
    expect(names.slice(firstNull).every((n) => n === null)).toBe(true);
    const valid = names.slice(0, firstNull) as string[];
    expect(valid).toEqual([...valid].sort());
  });

  it('groupBy(k).agg: count, sum, mean, min, max match a JS oracle; null keys form one group, last', async () => {
    const make = sample(5000, 6);
    const rows = await frameParity(() =>
      make().groupBy('k').agg({ n: ['x', 'count'], sx: ['x', 'sum'], mx: ['x', 'mean'], lo: ['x', 'min'], hi: ['x', 'max'], sb: ['big', 'sum'], first: ['name', 'min'] }),
    );
    const all = await make().toRecords();
    const keys = [...new Set(all.map((r) => r.k as number | null))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
    expect(rows.map((r) => r.k)).toEqual(keys);
    for (const row of rows) {
      const g = all.filter((r) => r.k === row.k);
      const xs = g.map((r) => r.x as number);
      let s = 0;
      for (const v of xs) s += v;
      expect(row.n).toBe(BigInt(xs.length));
      expect(Object.is(row.sx, s) || (Number.isNaN(row.sx as number) && Number.isNaN(s))).toBe(true);
      const real = xs.filter((v) => !Number.isNaN(v));
      expect(row.lo).toBe(Math.min(...real));
      expect(row.hi).toBe(Math.max(...real));
      expect(row.sb).toBe(g.reduce((a, r) => a + (r.big as bigint), 0n));
      const named = g.map((r) => r.name).filter((v): v is string => v !== null).sort();
      expect(row.first).toBe(named[0] ?? null);
    }
  });

  it('groupBy on several keys and on a string key', async () => {
    const make = sample(1500, 7);
    const rows = await frameParity(() => make().groupBy(['name', 'k']).agg({ n: ['x', 'count'] }));
    const all = await make().toRecords();
    const count = new Map<string, number>();
    for (const r of all) count.set(`${r.name}|${r.k}`, (count.get(`${r.name}|${r.k}`) ?? 0) + 1);
    expect(rows.length).toBe(count.size);
    for (const r of rows) expect(r.n).toBe(BigInt(count.get(`${r.name}|${r.k}`)!));
  });

  it('toString shows a summary for device data and the table after collect()', async () => {
    if (!hasGpu()) return;
    const d = await gf.withBackendAsync('webgpu', () => sample(40, 10)().filter(gf.col('x').gt(0)));
    expect(String(d)).toBe(`DataFrame(${d.numRows} rows × 4 columns: x float64, k int32, big int64, name utf8)`);
    const before = gf.stats().downloads;
    const local = await d.collect();
    expect(gf.stats().downloads).toBeGreaterThan(before);
    expect(String(local)).toBe(await local.format());
  });

  it('head, tail and format', async () => {
    const df = sample(50, 8)();
    const head = await frameParity(() => df.head(3));
    expect(head).toEqual((await df.toRecords()).slice(0, 3));
    const tail = await frameParity(() => df.tail(2));
    expect(tail).toEqual((await df.toRecords()).slice(48));
    const text = await df.format(4);
    expect(text).toContain('shape: (50, 4)');
    expect(text.split('\n').length).toBe(4 + 6 + 1);
    expect(text).toMatch(/│ x +│ k +│ big +│ name +│/);
  });

  it('typed errors at the boundary: unknown columns, wrong literal types, wrong aggregations', async () => {
    const df = sample(10, 9)();
    await expect(df.filter(gf.col('nope').gt(1))).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(df.filter(gf.col('name').gt(1))).rejects.toThrow(gf.DTypeError);
    await expect(df.filter(gf.col('x') as never)).rejects.toThrow(/expected a boolean expression/);
    await expect(df.groupBy('k').agg({ s: ['name', 'sum'] })).rejects.toThrow(/expected count \| min \| max \| first \| last \| nunique \| list for 'name'/);
    expect(() => df.sort('nope')).toThrow(gf.ColumnNotFoundError);
  });
});
