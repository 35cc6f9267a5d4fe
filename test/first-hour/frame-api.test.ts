// Issue 13, "API a user can guess": the frame's shape and names (Polars' shape, height, width,
// columns, dtypes), Series reductions equal to df.select(col(x).op()), and the arguments of
// select/drop/sort/unique/sample/head/tail (arrays, misspelt options, negative counts, wrong
// types). Runs on the backend of the run; reductions and row selections are also compared
// between WebGPU and the CPU where a device is present.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';
import { hasGpu, randomArray, randomValidity, rng } from '../helpers/parity.js';

const { col } = gf;

function frame(): gf.DataFrame {
  return new gf.DataFrame({
    k: ['b', 'a', 'b', null, 'a'],
    x: new Float64Array([3, 1, 2, 5, 4]),
    i: new Int32Array([10, 20, 30, 40, 50]),
  });
}

/** What an awaited call threw (failing the test if it did not). */
async function thrown(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  return expect.fail('expected an error');
}

async function expectError(fn: () => unknown, cls: new (...a: never[]) => Error, ...parts: string[]): Promise<void> {
  const e = await thrown(fn);
  expect(e).toBeInstanceOf(cls);
  for (const p of parts) expect(e.message).toContain(p);
}

describe('shape and names (Polars)', () => {
  it('shape, height, width, columns (names), dtypes, numRows', () => {
    const df = frame();
    expect(df.shape).toEqual([5, 3]);
    expect(df.height).toBe(5);
    expect(df.width).toBe(3);
    expect(df.numRows).toBe(df.height);
    expect(df.columns).toEqual(['k', 'x', 'i']);
    expect(df.dtypes).toEqual(['utf8', 'float64', 'int32']);
    expect(df.select('i', 'k').columns).toEqual(['i', 'k']);
    const empty = new gf.DataFrame({});
    expect([empty.shape, empty.columns, empty.dtypes]).toEqual([[0, 0], [], []]);
  });

  it('getColumns() gives the Column objects in order; column(name) one of them; getColumn(name) a Series', async () => {
    const df = frame();
    const cols = df.getColumns();
    expect(cols.map((c) => c instanceof gf.Column)).toEqual([true, true, true]);
    expect(cols[1]).toBe(df.column('x'));
    const s = df.getColumn('x');
    expect(s).toBeInstanceOf(gf.Series);
    expect([s.name, s.dtype, s.length]).toEqual(['x', 'float64', 5]);
    expect(s.column).toBe(df.column('x'));
    expect(await s.toValues()).toEqual([3, 1, 2, 5, 4]);
    await expectError(() => df.getColumn('nope'), gf.ColumnNotFoundError, "'nope'", "'k', 'x', 'i'");
    await expectError(() => df.column(3 as never), gf.ValueError, 'column: expected a column name, got 3');
  });

  it('a row-selected frame reports its shape without gathering a column', () => {
    const df = frame().sort('x').head(2);
    expect(df.shape).toEqual([2, 3]);
    expect(df.dtypes).toEqual(['utf8', 'float64', 'int32']);
  });
});

type Op = 'sum' | 'mean' | 'min' | 'max' | 'count' | 'std' | 'var' | 'median' | 'nUnique';
const OPS: Op[] = ['sum', 'mean', 'min', 'max', 'count', 'std', 'var', 'median', 'nUnique'];

/** Each reduction of `name` as a Series value and as the one-row select, on the backend given. */
async function reductions(build: () => gf.DataFrame, name: string, ops: readonly Op[], backend: 'cpu' | 'webgpu') {
  return gf.withBackendAsync(backend, async () => {
    const df = build();
    const s = df.getColumn(name);
    const series: unknown[] = [];
    for (const op of ops) series.push(await s[op]());
    series.push(await s.quantile(0.3), await s.quantile(0.3, 'linear'));
    const exprs = [...ops.map((op) => col(name)[op]().alias(op)), col(name).quantile(0.3).alias('q'), col(name).quantile(0.3, 'linear').alias('ql')];
    const [row] = await (await df.select(...exprs)).toRecords();
    return { series, select: Object.values(row!) };
  });
}

describe('Series reductions equal df.select(col(x).op())', () => {
  const n = 777;
  const floats = () => {
    const v = randomArray('float64', n, 11, { specialRate: 0.05 });
    return new gf.DataFrame({ x: gf.Column.from(v as Float64Array, randomValidity(n, 0.1, 12)) });
  };

  it('float64 with nulls, NaN, ±0, ±Inf: equal to select, and across backends', async () => {
    const cpu = await reductions(floats, 'x', OPS, 'cpu');
    expect(cpu.series).toEqual(cpu.select);
    if (hasGpu()) {
      const gpu = await reductions(floats, 'x', OPS, 'webgpu');
      expect(gpu.series).toEqual(gpu.select);
      expect(gpu.series).toEqual(cpu.series);
    }
  });

  it('plain values against JS: float sum/mean/std, nulls skipped; count and nUnique as bigint', async () => {
    const values = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : Math.round(rng(5)() * 1e6) / 100 + (i % 13)));
    const data = Float64Array.from(values, (v) => v ?? 0);
    const bits = new Uint8Array(Math.ceil(values.length / 8));
    values.forEach((v, i) => v !== null && (bits[i >> 3]! |= 1 << (i & 7)));
    const s = new gf.DataFrame({ x: gf.Column.from(data, bits) }).getColumn('x');
    const xs = values.filter((v): v is number => v !== null);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    expect(await s.count()).toBe(BigInt(xs.length));
    expect(await s.sum()).toBeCloseTo(xs.reduce((a, b) => a + b, 0), 6);
    expect(await s.mean()).toBeCloseTo(mean, 9);
    expect(await s.std()).toBeCloseTo(sd, 9);
    expect(await s.var()).toBeCloseTo(sd * sd, 6);
    expect(await s.min()).toBe(Math.min(...xs));
    expect(await s.max()).toBe(Math.max(...xs));
    expect(await s.nUnique()).toBe(BigInt(new Set(xs).size));
    const sorted = [...xs].sort((a, b) => a - b);
    const m = sorted.length;
    expect(await s.median()).toBe(m % 2 ? sorted[(m - 1) / 2] : (sorted[m / 2 - 1]! + sorted[m / 2]!) / 2);
    expect(await s.quantile(0.25)).toBe(sorted[Math.round((m - 1) * 0.25)]);
  });

  it('integers: int32 sums to an exact int64 (bigint), int64 past 2^53 exact; mean float64', async () => {
    const big = 2n ** 53n + 1n;
    const df = new gf.DataFrame({ i: new Int32Array([2 ** 31 - 1, 2 ** 31 - 1, -5]), l: new BigInt64Array([big, big, -1n]) });
    expect(await df.getColumn('i').sum()).toBe(2n * (2n ** 31n - 1n) - 5n);
    expect(await df.getColumn('l').sum()).toBe(2n * big - 1n);
    expect(await df.getColumn('l').max()).toBe(big);
    expect(await df.getColumn('i').mean()).toBe((2 * (2 ** 31 - 1) - 5) / 3);
    await expectError(() => new gf.DataFrame({ l: new BigInt64Array([2n ** 62n, 2n ** 62n]) }).getColumn('l').sum(), gf.OverflowError);
  });

  it('strings: min/max as strings in UTF-8 byte order, count and nUnique; std is a DTypeError', async () => {
    const names = ['pear', null, 'apple', '\u{1F600}', '\uFFFD', 'apple'];
    const s = new gf.DataFrame({ s: names }).getColumn('s');
    expect(await s.min()).toBe('apple');
    expect(await s.max()).toBe('\u{1F600}'); // above U+FFFD in UTF-8 bytes (not in UTF-16)
    expect(await s.count()).toBe(5n);
    expect(await s.nUnique()).toBe(4n);
    await expectError(() => s.std(), gf.DTypeError, 'std');
  });

  it('no values: sum 0, count 0, mean/min/std/median null; a bad q is a ValueError', async () => {
    const s = new gf.DataFrame({ x: gf.Column.from(new Float64Array(3), new Uint8Array(1)) }).getColumn('x');
    expect(await Promise.all([s.sum(), s.count(), s.mean(), s.min(), s.std(), s.median()])).toEqual([0, 0n, null, null, null, null]);
    const none = new gf.DataFrame({ x: new Float64Array(0) }).getColumn('x');
    expect(await Promise.all([none.sum(), none.count(), none.mean()])).toEqual([0, 0n, null]);
    await expectError(() => s.quantile(1.5), gf.ValueError, 'quantile: expected q as a number in [0, 1], got 1.5');
  });
});

describe('select and drop take names, arrays of names, or both', () => {
  it('select(["a","b"]) = select("a","b"); drop(["a"], "b")', async () => {
    const df = frame();
    expect(df.select(['i', 'k']).columns).toEqual(['i', 'k']);
    expect(df.select(['i'], 'x').columns).toEqual(['i', 'x']);
    expect(df.select(['x', 'k']).column('x')).toBe(df.column('x'));
    expect(df.drop(['k', 'i']).columns).toEqual(['x']);
    expect(df.drop(['k'], 'x').columns).toEqual(['i']);
    expect(await df.select(['x', 'i']).toRecords()).toEqual(await df.select('x', 'i').toRecords());
  });

  it('a wrong argument is a typed error naming the op and the value', async () => {
    const df = frame();
    await expectError(() => df.select(3 as never), gf.ValueError, 'select: expected column names or arrays of names, got 3');
    await expectError(() => df.drop(null as never), gf.ValueError, 'drop: expected column names or arrays of names, got null');
    await expectError(() => df.select([1, 2] as never), gf.ValueError, 'got [1, 2]');
    await expectError(() => df.drop(['k', 'nope']), gf.ColumnNotFoundError, "'nope'");
  });
});

describe('sort: descending and nullsLast per key, strict options', () => {
  const df = () => new gf.DataFrame({ g: new Int32Array([1, 2, 1, 2, 1]), v: gf.Column.from(new Float64Array([3, 1, 0, 2, 5]), new Uint8Array([0b11011])) });
  // v: [3, 1, null, 2, 5]

  it('nulls last by default (pandas), first with nullsLast: false (Polars default), per key', async () => {
    const v = async (d: gf.DataFrame) => (await frameParity(() => d)).map((r) => r.v);
    expect(await v(df().sort('v'))).toEqual([1, 2, 3, 5, null]);
    expect(await v(df().sort('v', { nullsLast: false }))).toEqual([null, 1, 2, 3, 5]);
    expect(await v(df().sort('v', { descending: true }))).toEqual([5, 3, 2, 1, null]);
    expect(await v(df().sort('v', { descending: true, nullsLast: false }))).toEqual([null, 5, 3, 2, 1]);
    expect(await v(df().sort('v', { nulls: 'first' }))).toEqual([null, 1, 2, 3, 5]);
    const both = await frameParity(() => df().sort(['g', 'v'], { descending: [true, false], nullsLast: [true, false] }));
    expect(both.map((r) => [r.g, r.v])).toEqual([[2, 1], [2, 2], [1, null], [1, 3], [1, 5]]);
  });

  it('a misspelt option is a ValueError with a hint, never a silent ascending sort', async () => {
    await expectError(() => df().sort('v', { ascending: false } as never), gf.ValueError, "unknown option 'ascending'", "did you mean 'descending'?", "'nullsLast'");
    await expectError(() => df().sort('v', { reverse: true } as never), gf.ValueError, "unknown option 'reverse'", "did you mean 'descending'?");
    await expectError(() => df().sort('v', { nulls_last: true } as never), gf.ValueError, "did you mean 'nullsLast'? options are camelCase");
  });

  it('wrong types and lengths are typed errors', async () => {
    await expectError(() => df().sort(42 as never), gf.ValueError, 'sort: expected by as a column name or an array of names, got 42');
    await expectError(() => df().sort('v', { descending: 'yes' } as never), gf.ValueError, "expected descending as a boolean or an array of booleans, got 'yes'");
    await expectError(() => df().sort(['g', 'v'], { nullsLast: [true] }), gf.ValueError, 'expected 2 nullsLast flags (one per key), got 1');
    await expectError(() => df().sort('v', { nulls: 'last', nullsLast: true }), gf.ValueError, 'nullsLast or nulls, got both');
    await expectError(() => df().sort('v', 'desc' as never), gf.ValueError, "sort: expected an options object, got 'desc'");
  });
});

describe('unique(subset): a name or an array, or the options form', () => {
  const df = () => new gf.DataFrame({ a: new Int32Array([1, 1, 2, 2, 1]), b: ['x', 'x', 'y', 'z', 'x'], i: new Int32Array([0, 1, 2, 3, 4]) });

  it('subset first (Polars), with keep; equal to the options form', async () => {
    const ids = async (p: Promise<gf.DataFrame>) => (await (await p).toRecords()).map((r) => r.i);
    expect(await ids(df().unique('a'))).toEqual([0, 2]);
    expect(await ids(df().unique(['a', 'b'], { keep: 'last' }))).toEqual([2, 3, 4]);
    expect(await ids(df().unique(['a', 'b'], { keep: 'last' }))).toEqual(await ids(df().unique({ subset: ['a', 'b'], keep: 'last' })));
    expect(await ids(df().unique('a', { keep: 'any' }))).toEqual(await ids(df().unique('a', { keep: 'first' })));
    expect(await ids(df().unique('b', { keep: 'none' }))).toEqual([2, 3]);
    expect((await frameParity(() => df().unique('b', { maintainOrder: false }))).map((r) => r.b)).toEqual(['x', 'y', 'z']);
  });

  it('wrong arguments are typed errors', async () => {
    await expectError(() => df().unique(42 as never), gf.ValueError, 'unique: expected subset as a column name or an array of names, or an options object, got 42');
    await expectError(() => df().unique('a', { subset: 'b' } as never), gf.ValueError, "unknown option 'subset'");
    await expectError(() => df().unique('a', { keep: 'some' as never }), gf.ValueError, "expected keep 'first' | 'last' | 'any' | 'none', got 'some'");
    await expectError(() => df().unique({ maintain_order: true } as never), gf.ValueError, "did you mean 'maintainOrder'?");
    await expectError(() => df().unique([1] as never), gf.ValueError, 'got [1]');
  });
});

describe('sample(n) as Polars; head(-n) and tail(-n)', () => {
  const df = () => new gf.DataFrame({ i: Int32Array.from({ length: 50 }, (_, k) => k) });

  it('sample(n, { seed }) equals sample({ n, seed }), on both backends', async () => {
    const a = await frameParity(() => df().sample(7, { seed: 3 }));
    expect(a).toHaveLength(7);
    expect(a).toEqual(await frameParity(() => df().sample({ n: 7, seed: 3 })));
    const rows = a.map((r) => r.i as number);
    expect(rows).toEqual([...rows].sort((x, y) => x - y)); // frame order unless shuffle
    expect(new Set(rows).size).toBe(7);
    expect(df().sample(80, { seed: 1, withReplacement: true }).height).toBe(80);
    expect(df().sample().height).toBe(1);
    expect(df().sample({ fraction: 0.5, seed: 2 }).height).toBe(25);
  });

  it('sample: wrong arguments are typed errors', async () => {
    await expectError(() => df().sample('5' as never), gf.ValueError, "sample: expected n as a non-negative integer, or an options object, got '5'");
    await expectError(() => df().sample(-1), gf.ValueError, 'expected n as a non-negative integer, got -1');
    await expectError(() => df().sample(2, { fraction: 0.5 } as never), gf.ValueError, "unknown option 'fraction'");
    await expectError(() => df().sample(2, { replace: true } as never), gf.ValueError, "did you mean 'withReplacement'?");
    await expectError(() => df().sample(51), gf.ValueError, 'at most 50 rows without replacement, got 51');
  });

  it('head(-n): all rows but the last n; tail(-n): all but the first n (Polars)', async () => {
    const ids = async (d: gf.DataFrame) => (await frameParity(() => d)).map((r) => r.i);
    const small = () => new gf.DataFrame({ i: new Int32Array([0, 1, 2, 3, 4]) });
    expect(await ids(small().head(-2))).toEqual([0, 1, 2]);
    expect(await ids(small().tail(-2))).toEqual([2, 3, 4]);
    expect(await ids(small().head(-9))).toEqual([]);
    expect(await ids(small().tail(-9))).toEqual([]);
    expect(await ids(small().head(9))).toEqual([0, 1, 2, 3, 4]);
    expect(await ids(small().tail(0))).toEqual([]);
    expect(await ids(small().head())).toEqual([0, 1, 2, 3, 4]);
  });

  it('head/tail: a count of the wrong type is a typed error', async () => {
    await expectError(() => df().head('5' as never), gf.ValueError, "head: expected n as an integer, got '5'");
    await expectError(() => df().tail(1.5), gf.ValueError, 'tail: expected n as an integer, got 1.5');
  });
});
