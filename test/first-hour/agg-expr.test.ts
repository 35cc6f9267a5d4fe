// Issue 13, "Aggregations as expressions": col('x').sum() / mean() / ... / quantile(q) with
// .alias(), in df.select(...) (one row) and df.groupBy(k).agg(...) (as Polars), equal to the
// object form { out: [column, op] } and to plain JS on random data with nulls, NaN, ±0, ±Inf;
// names, and the error messages a user meets. Runs on the backend of the run; frameParity
// checks WebGPU against the CPU where a device is present.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../helpers/random-frame.js';
import { aggRef, groupRowsRef, sameValue, type Row, type V } from '../frame/verbs/group-reference.js';

const { col } = gf;
type Op = 'count' | 'len' | 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var' | 'median' | 'nUnique' | 'first' | 'last';
const NUMERIC: Op[] = ['count', 'len', 'sum', 'mean', 'min', 'max', 'std', 'var', 'median', 'nUnique', 'first', 'last'];
const OTHER: Op[] = ['count', 'len', 'min', 'max', 'first', 'last', 'nUnique'];
/** The object form's name of each op (len has none: it is count over a column without nulls). */
const OBJECT_OP: Partial<Record<Op, gf.AggOp>> = { count: 'count', sum: 'sum', mean: 'mean', min: 'min', max: 'max', std: 'std', var: 'var', median: 'median', nUnique: 'nunique', first: 'first', last: 'last' };

const aggOf = (c: string, op: Op): gf.Expr => col(c)[op]().alias(`${c}_${op}`);

/** Every (column, op) pair that applies: int64 `l` and uint32 `u` sums left out (they may overflow 64 bits / need no check here). */
function pairs(df: gf.DataFrame, skip: readonly string[]): Array<[string, Op]> {
  const out: Array<[string, Op]> = [];
  for (const name of df.names) {
    if (skip.includes(name)) continue;
    const t = df.schema[name]!;
    const ops = t === 'utf8' || t === 'date' || t === 'timestamp' ? OTHER : NUMERIC;
    for (const op of ops) if (!(name === 'l' && op === 'sum')) out.push([name, op]);
  }
  return out;
}

function reference(group: Row[], c: string, op: Op, dtype: string): V | 'overflow' {
  if (op === 'len') return BigInt(group.length);
  return aggRef(group, c, OBJECT_OP[op]!, dtype);
}

/** df.quantile's definition in plain JS: valid values ascending, NaN the largest; Polars' index rules. */
function quantileRef(values: V[], q: number, method: gf.QuantileInterpolation): number | null {
  // The sort's total order: NaN after every number, -0 before +0.
  const order = (a: number, b: number): number => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b || (Object.is(a, -0) ? 0 : 1) - (Object.is(b, -0) ? 0 : 1));
  const v = values.filter((x) => x !== null).map(Number).sort(order);
  const n = v.length;
  if (n === 0) return null;
  const f = (n - 1) * q;
  if (method === 'nearest') return v[Math.round(f)]!;
  const base = method === 'higher' ? Math.ceil(f) : Math.floor(f);
  const top = Math.ceil(f);
  const lo = v[base]!;
  const hi = v[top]!;
  if (method === 'lower' || method === 'higher' || top === base) return lo;
  if (method === 'midpoint') return (lo + hi) / 2;
  return (f - base) * (hi - lo) + lo;
}

describe('aggregation expressions: the same results as the object form and plain JS', () => {
  it('groupBy(k).agg(exprs) equals agg({ out: [column, op] }) for every op and type, at every frame size', async () => {
    for (const n of FRAME_SIZES.filter((m) => m !== 2 && m !== 255)) {
      const df = randomFrame(n, n + 5);
      const ps = pairs(df, ['k']);
      const exprs = ps.map(([c, op]) => aggOf(c, op));
      const spec = Object.fromEntries(ps.filter(([, op]) => op !== 'len').map(([c, op]) => [`${c}_${op}`, [c, OBJECT_OP[op]!] as gf.AggSpec]));
      const byExpr = await frameParity(() => randomFrame(n, n + 5).groupBy('k').agg(...exprs));
      const byObject = await randomFrame(n, n + 5).groupBy('k').agg(spec);
      const objRows = await byObject.toRecords();
      expect(byExpr.length).toBe(objRows.length);
      const groups = groupRowsRef(await df.toRecords(), ['k']);
      byExpr.forEach((row, i) => {
        expect(row.k).toBe(objRows[i]!.k);
        for (const [c, op] of ps) {
          const name = `${c}_${op}`;
          const want = op === 'len' ? BigInt(groups[i]!.length) : objRows[i]![name];
          if (!sameValue(row[name], want)) expect.fail(`n=${n} group ${i} ${name}: object form ${String(want)}, expression ${String(row[name])}`);
        }
      });
    }
  });

  it('df.select(aggregations) gives one row equal to plain JS (nulls, NaN, ±Inf, empty frames)', async () => {
    for (const n of FRAME_SIZES) {
      const df = randomFrame(n, n + 11);
      const rows = await df.toRecords();
      const ps = pairs(df, []);
      const out = await frameParity(() => randomFrame(n, n + 11).select(...ps.map(([c, op]) => aggOf(c, op))));
      expect(out.length).toBe(1);
      for (const [c, op] of ps) {
        const want = reference(rows, c, op, df.schema[c]!);
        const got = out[0]![`${c}_${op}`];
        if (!sameValue(got, want, op === 'median')) expect.fail(`n=${n} ${c}.${op}(): expected ${String(want)}, got ${String(got)}`);
      }
    }
  });

  it('types: count/len/nUnique int64, sum by type, mean/std/median float64, min/max/first/last keep the type', async () => {
    const df = randomFrame(40, 3);
    const out = await df.select(col('i').count(), col('u').len().alias('n'), col('s').nUnique().alias('ns'), col('i').sum().alias('si'), col('u').sum().alias('su'),
      col('g').sum().alias('sg'), col('i').mean().alias('m'), col('g').std().alias('sd'), col('i').median().alias('med'), col('s').min().alias('smin'),
      col('d').max().alias('dmax'), col('t').first().alias('t0'), col('b').last().alias('b1'));
    expect(out.schema).toEqual({ i: 'int64', n: 'int64', ns: 'int64', si: 'int64', su: 'uint64', sg: 'float64', m: 'float64', sd: 'float64', med: 'float64', smin: 'utf8', dmax: 'date', t0: 'timestamp', b1: 'bool' });
  });

  it('quantile(q, interpolation): select equals df.quantile; per group equals plain JS', async () => {
    const methods: gf.QuantileInterpolation[] = ['nearest', 'linear', 'lower', 'higher', 'midpoint'];
    for (const n of [0, 2, 257]) {
      const df = randomFrame(n, n + 23);
      const rows = await df.toRecords();
      const groups = groupRowsRef(rows, ['s']);
      for (const method of methods) {
        for (const q of [0, 0.3, 1]) {
          const numeric = ['l', 'f', 'g', 'z'];
          const sel = await frameParity(() => randomFrame(n, n + 23).select(...numeric.map((c) => col(c).quantile(q, method))));
          const whole = (await (await randomFrame(n, n + 23).quantile(q, { interpolation: method })).toRecords())[0]!;
          for (const c of numeric) if (!sameValue(sel[0]![c], whole[c])) expect.fail(`n=${n} ${c}.quantile(${q}, ${method}): df.quantile ${String(whole[c])}, select ${String(sel[0]![c])}`);
          const per = await frameParity(() => randomFrame(n, n + 23).groupBy('s').agg(col('f').quantile(q, method).alias('qf'), col('l').quantile(q, method).alias('ql')));
          per.forEach((r, i) => {
            const g = groups[i]!;
            for (const [out, c] of [['qf', 'f'], ['ql', 'l']] as const) {
              const want = quantileRef(g.map((row) => row[c] as V), q, method);
              if (!sameValue(r[out], want)) expect.fail(`n=${n} group ${String(r.s)} ${c}.quantile(${q}, ${method}): expected ${String(want)}, got ${String(r[out])}`);
            }
          });
        }
      }
    }
  });

  it('computed inputs are aggregated as a temporary column; arithmetic above aggregations runs per group', async () => {
    const make = () => randomFrame(300, 41);
    const rows = await make().toRecords();
    const out = await frameParity(() =>
      make().groupBy('k').agg(
        col('i').mul(col('f')).sum().alias('dot'),
        col('f').sum().div(col('f').count()).alias('ratio'),
        col('g').max().sub(col('g').min()).alias('range'),
        col('k').add(col('i').count()).alias('kc'),
      ),
    );
    const viaObject = await (await make().withColumns({ p: col('i').mul(col('f')) }).groupBy('k').agg({ dot: ['p', 'sum'] })).toRecords();
    groupRowsRef(rows, ['k']).forEach((g, i) => {
      const o = out[i]!;
      expect(sameValue(o.dot, viaObject[i]!.dot)).toBe(true);
      const fs = g.map((r) => r.f as number | null).filter((v): v is number => v !== null);
      const want = fs.reduce((a, v) => a + v, 0) / fs.length;
      expect(sameValue(o.ratio, fs.length ? want : null)).toBe(true);
      const gs = g.map((r) => r.g as number | null).filter((v): v is number => v !== null && !Number.isNaN(v));
      if (gs.length) expect(o.range).toBe(Math.fround(Math.max(...gs) - Math.min(...gs)));
      const k = g[0]!.k as number | null;
      expect(o.kc).toBe(k === null ? null : BigInt(k) + BigInt(g.filter((r) => r.i !== null).length));
    });
  });

  it('an expression without aggregation in agg gives each group its values as a list (Polars)', async () => {
    const df = new gf.DataFrame({ k: ['a', 'b', 'a'], x: new Float64Array([1, 2, 3]) });
    const out = await (await df.groupBy('k').agg(col('x'), col('x').mul(10).alias('x10'))).toRecords();
    expect(out).toEqual([{ k: 'a', x: [1, 3], x10: [10, 30] }, { k: 'b', x: [2], x10: [20] }]);
  });

  it('select without aggregations evaluates each expression per row (bare columns shared)', async () => {
    const df = new gf.DataFrame({ a: new Int32Array([1, 2, 3]), b: new Float64Array([0.5, 1, 2]) });
    const out = await df.select('a', col('a').add(col('b')).alias('c'), col('b').mul(2));
    expect(out.names).toEqual(['a', 'c', 'b']);
    expect(out.column('a')).toBe(df.column('a'));
    expect(await out.toRecords()).toEqual([{ a: 1, c: 1.5, b: 1 }, { a: 2, c: 3, b: 2 }, { a: 3, c: 5, b: 4 }]);
  });
});

describe('names, aliases and errors', () => {
  const df = () => new gf.DataFrame({ k: ['a', 'b', 'a'], x: new Float64Array([1, 2, 4]), y: new Int32Array([3, 5, 7]), name: ['p', 'q', 'r'] });

  it('default name is the first column; alias renames; a README-style example', async () => {
    const out = await df().select(col('x').mean().alias('m'), col('y').max(), col('x').mul(col('y')).sum());
    expect(await out.toRecords()).toEqual([{ m: 7 / 3, y: 7, x: 1 * 3 + 2 * 5 + 4 * 7 }]);
    const g = await df().groupBy('k').agg(col('y').sum().alias('s'), col('y').mean());
    expect(await g.toRecords()).toEqual([{ k: 'a', s: 10n, y: 5 }, { k: 'b', s: 5n, y: 5 }]);
  });

  it('an alias inside withColumns is ignored: the key names the column', async () => {
    const out = df().withColumns({ b: col('x').add(1).alias('c') });
    expect(out.names).toEqual(['k', 'x', 'y', 'name', 'b']);
  });

  it('duplicate output names, or an output named like a key, are ValueErrors that say .alias()', async () => {
    await expect(df().select(col('x').mean(), col('x').max())).rejects.toThrow(/select: expected distinct output names, got 'x' twice.*alias/);
    await expect(df().groupBy('k').agg(col('k').count())).rejects.toThrow(/groupBy\.agg: expected output names distinct from the keys, got 'k'/);
  });

  it('mixing aggregated and row-wise expressions in select is a ValueError naming both', async () => {
    const err = df().select(col('x').mean(), col('y'));
    await expect(err).rejects.toThrow(gf.ValueError);
    await expect(df().select(col('x').mean(), col('y'))).rejects.toThrow(/expected every expression aggregated or none, got col\("x"\)\.mean\(\) .*next to col\("y"\)/);
    await expect(df().select(col('x').sum().add(col('y')))).rejects.toThrow(/expected every column outside an aggregation to be aggregated, got col\("y"\)/);
  });

  it('an aggregation on a missing column names it (ColumnNotFoundError)', async () => {
    await expect(df().select(col('nope').sum())).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(df().groupBy('k').agg(col('nope').mean())).rejects.toThrow(/got 'nope'/);
    await expect(df().groupBy('k').agg(col('x').add(col('nope')).sum())).rejects.toThrow(/'nope'/);
  });

  it('an op not valid for the type is a DTypeError naming the column and the op', async () => {
    const e = df().select(col('name').std());
    await expect(e).rejects.toThrow(gf.DTypeError);
    await expect(df().select(col('name').std())).rejects.toThrow(/select: expected count \| min \| max \| first \| last \| nUnique \| len for col\("name"\) \(utf8\) in 'name', got 'std'/);
    await expect(df().groupBy('k').agg(col('name').quantile(0.5))).rejects.toThrow(/col\("name"\) \(utf8\).*got 'quantile'/);
  });

  it("agg({ out: 'op' }) says to write [column, op] (it used to report a missing column 'm')", async () => {
    const run = df().groupBy('k').agg({ latitude: 'mean' } as unknown as Record<string, gf.AggSpec>);
    await expect(run).rejects.toThrow(gf.ValueError);
    await expect(df().groupBy('k').agg({ x: 'mean' } as unknown as Record<string, gf.AggSpec>)).rejects.toThrow(
      "groupBy.agg: expected [column, op] for output 'x', got 'mean' (did you mean { x: ['x', 'mean'] } or col('x').mean()?)",
    );
    await expect(df().groupBy('k').agg({ x: ['x', 'avg'] } as unknown as Record<string, gf.AggSpec>)).rejects.toThrow(/expected count \| sum .* for 'x' \(float64\) in 'x', got 'avg'/);
  });

  it('aggregations outside select/agg, nested aggregations and bad quantile arguments are errors', async () => {
    expect(() => df().withColumns({ m: col('x').mean() })).toThrow(/withColumns: expected an elementwise expression, got the aggregation col\("x"\)\.mean\(\)/);
    await expect(df().filter(col('x').gt(col('x').mean()))).rejects.toThrow(gf.ValueError);
    await expect(df().select(col('x').sub(col('x').mean()).sum())).rejects.toThrow(/one inside another/);
    expect(() => col('x').quantile(1.5)).toThrow(/quantile: expected q in \[0, 1\], got 1.5/);
    expect(() => col('x').quantile(0.5, 'cubic' as gf.QuantileInterpolation)).toThrow(/expected interpolation nearest \| linear/);
  });

  it('toString shows aggregations and aliases', () => {
    expect(col('x').quantile(0.9).alias('p90').toString()).toBe(`col("x").quantile(0.9, 'nearest').alias("p90")`);
    expect(col('x').nUnique().toString()).toBe('col("x").nUnique()');
  });
});
