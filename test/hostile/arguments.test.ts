// Issue 16, "Arguments": each bad argument the probe found is a typed error before anything is
// allocated, literals compare across types as Polars does, and KMeans says when it found fewer
// distinct clusters than asked.
import { afterEach, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const df = () => new gf.DataFrame({ a: new Int32Array([3, 1, 2]), f: new Float64Array([1.5, 2e20, -3]), i: new BigInt64Array([1n, -2n, 3n]) });

describe('arguments: typed errors, not engine errors', () => {
  it('sample({ n: 1e12, withReplacement: true }) is a ValueError naming the op and size, before allocating', () => {
    const live = gf.stats().liveDeviceBytes;
    expect(() => df().sample({ n: 1e12, withReplacement: true })).toThrow(gf.ValueError);
    expect(() => df().sample({ n: 1e12, withReplacement: true })).toThrow(/^sample: expected at most maxRows = 4294967295 rows .*got 1000000000000$/);
    expect(() => df().sample(1e12, { withReplacement: true })).toThrow(gf.ValueError);
    expect(gf.stats().liveDeviceBytes).toBe(live);
  });

  it('sort(123) and kernels.argsort(null) are typed errors naming the argument', () => {
    expect(() => df().sort(123 as never)).toThrow(gf.ValueError);
    expect(() => df().sort(123 as never)).toThrow(/sort: expected by as a column name or an array of names, got 123/);
    expect(() => gf.kernels.argsort(null as never)).toThrow(gf.ValueError);
    expect(() => gf.kernels.argsort(null as never)).toThrow(/argsort: expected keys as a DataBuffer .*, got null/);
    expect(() => df().sort('a', null as never)).not.toThrow(); // null options = no options
  });

  it('head(-1)/tail(-1) drop the last/first row as in Polars; null, NaN and 1.5 are typed errors', async () => {
    expect(await df().head(-1).column('a').toValues()).toEqual([3, 1]);
    expect(await df().tail(-1).column('a').toValues()).toEqual([1, 2]);
    for (const bad of [null, NaN, 1.5, '2', Infinity]) {
      expect(() => df().head(bad as never)).toThrow(gf.ValueError);
      expect(() => df().tail(bad as never)).toThrow(gf.ValueError);
    }
    expect(() => df().head(null as never)).toThrow(/head: expected n as an integer, got null/);
  });

  it("sort rejects nulls: 'middle', listing the valid values", () => {
    expect(() => df().sort('a', { nulls: 'middle' } as never)).toThrow(gf.ValueError);
    expect(() => df().sort('a', { nulls: 'middle' } as never)).toThrow(/'first' \| 'last', got 'middle'/);
  });
});

describe('literals compare across types as Polars does', () => {
  const rows = async (e: gf.Expr, c = 'a') => (await df().filter(e)).column(c).toValues();

  it('col(float64).gt(1e20) works (was: expected an integer literal within int64)', async () => {
    expect(await rows(gf.col('f').gt(1e20), 'f')).toEqual([2e20]);
    expect(await rows(gf.col('f').lt(-1e20), 'f')).toEqual([]);
    expect(await rows(gf.col('f').eq(2e20), 'f')).toEqual([2e20]);
  });

  it('an int column against an out-of-range or fractional float compares exactly as the numbers do', async () => {
    for (const c of ['a', 'i']) {
      expect(await rows(gf.col(c).gt(1e20), c)).toEqual([]);
      expect((await rows(gf.col(c).lt(1e20), c)).length).toBe(3);
      expect((await rows(gf.col(c).gt(-1e20), c)).length).toBe(3);
      expect(await rows(gf.col(c).eq(1e20), c)).toEqual([]);
      expect((await rows(gf.col(c).ne(1e20), c)).length).toBe(3);
      expect(await rows(gf.col(c).eq(1.5), c)).toEqual([]);
    }
    expect(await rows(gf.col('a').gt(1.5))).toEqual([3, 2]);
    expect(await rows(gf.col('a').le(2.5))).toEqual([1, 2]);
    expect(await rows(gf.col('i').ge(2 ** 63), 'i')).toEqual([]); // 2^63 is past int64: no row
  });

  it('arithmetic with 1e20 promotes an int column to float64 (no downcast, no error)', async () => {
    const out = await df().withColumns({ z: gf.col('a').add(1e20) });
    expect(out.schema.z).toBe('float64');
    expect(await out.column('z').toValues()).toEqual([3 + 1e20, 1 + 1e20, 2 + 1e20]);
  });

  it('a bigint literal past uint64 stays a typed error', async () => {
    await expect(df().filter(gf.col('i').gt(2n ** 70n))).rejects.toThrow(gf.DTypeError);
  });
});

describe('the size budget (setLimits)', () => {
  let before: gf.Limits | undefined;
  afterEach(() => {
    if (before) gf.setLimits(before);
    before = undefined;
  });

  it('defaults: maxRows = 2^32 - 1, maxBytes = 16 GiB; setLimits validates and returns what it replaced', () => {
    expect(gf.limits()).toEqual({ maxRows: 2 ** 32 - 1, maxBytes: 2 ** 34 });
    before = gf.setLimits({ maxRows: 10 });
    expect(before.maxRows).toBe(2 ** 32 - 1);
    expect(gf.limits().maxRows).toBe(10);
    expect(() => gf.setLimits({ maxRows: -1 })).toThrow(gf.ValueError);
    expect(() => gf.setLimits({ maxRows: 2 ** 33 })).toThrow(/maxRows as an integer in \[0, 4294967295\]/);
    expect(() => gf.setLimits({ max_rows: 5 } as never)).toThrow(/did you mean 'maxRows'/);
    gf.setLimits({ maxRows: null });
    expect(gf.limits().maxRows).toBe(2 ** 32 - 1);
  });

  it('sample, sequence, histogram, join and explode check the budget before allocating', async () => {
    before = gf.setLimits({ maxRows: 4 });
    expect(() => df().sample({ n: 5, withReplacement: true })).toThrow(/^sample: expected at most maxRows = 4 rows \(gf.setLimits\), got 5$/);
    expect(df().sample({ n: 4, withReplacement: true, seed: 1 }).numRows).toBe(4);
    expect(() => gf.kernels.sequence(5)).toThrow(/^sequence: expected at most maxRows = 4/);
    expect(() => gf.kernels.histogram(gf.array(new Uint32Array([1])), 5)).toThrow(/^histogram: /);
    const left = new gf.DataFrame({ k: new Int32Array([1, 1, 1]) });
    const right = new gf.DataFrame({ k: new Int32Array([1, 1]), v: new Int32Array([7, 8]) });
    const e = await left.join(right, { on: 'k' }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(String(e)).toMatch(/join: expected at most maxRows = 4 rows .*got 6/);
    const lists = new gf.Column({ type: 'list', data: gf.array(new Int32Array([0, 3, 6])), children: [gf.Column.from(new Int32Array(6))] });
    const x = await new gf.DataFrame({ id: new Int32Array([1, 2]), xs: lists }).explode('xs').then(() => undefined, (y: unknown) => y);
    expect(String(x)).toMatch(/^ValueError: explode: expected at most maxRows = 4 rows .*got 6/);
    gf.setLimits({ maxRows: null, maxBytes: 8 });
    expect(() => df().sample({ n: 3, withReplacement: true })).toThrow(/sample: expected an output of at most maxBytes = 8 bytes .*3 rows × 4 bytes = 12 bytes/);
  });
});

describe('KMeans with fewer distinct points than nClusters', () => {
  it("emits scikit-learn's ConvergenceWarning naming both counts (a process warning)", async () => {
    const seen: Error[] = [];
    const listen = (w: Error) => seen.push(w);
    process.on('warning', listen);
    try {
      const X = [new Float64Array([0, 0, 0, 5, 5, 5]), new Float64Array([1, 1, 1, 2, 2, 2])];
      const km = await new gf.KMeans({ nClusters: 3, seed: 0, nInit: 1 }).fit(X);
      await new Promise((r) => setImmediate(r));
      const w = seen.find((x) => x.name === 'ConvergenceWarning');
      expect(w, 'a ConvergenceWarning').toBeDefined();
      expect(w!.message).toMatch(/KMeans.fit: number of distinct clusters \(2\) found smaller than nClusters \(3\)/);
      expect(km.clusterCenters.length).toBe(6); // the fit still completes, as scikit-learn's
      km.dispose();
      seen.length = 0;
      const ok = await new gf.KMeans({ nClusters: 2, seed: 0, nInit: 1 }).fit(X);
      await new Promise((r) => setImmediate(r));
      expect(seen.filter((x) => x.name === 'ConvergenceWarning')).toEqual([]);
      ok.dispose();
    } finally {
      process.off('warning', listen);
    }
  });
});
