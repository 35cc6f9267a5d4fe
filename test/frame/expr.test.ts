// Expression semantics pinned to Polars' rules (types, wrapping, nulls, when/otherwise,
// isIn, casts, dates), the verbs (withColumns, eval, filter), typed errors and edge frames.
// Every result is checked on both backends (frameParity) against values written from the rule.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';

const { col, lit, when } = gf;

function frame() {
  return new gf.DataFrame({
    i: gf.Column.from(new Int32Array([2147483647, -7, 7, 0, 5]), new Uint8Array([0b11011])), // row 2 null
    k: new Int32Array([1, 2, -2, 0, 3]),
    u: new Uint32Array([1, 4294967295, 3, 0, 2]),
    l: new BigInt64Array([2n ** 63n - 1n, 2n ** 53n + 1n, -5n, 0n, -(2n ** 63n)]),
    w: new BigUint64Array([1n, 2n, 3n, 2n ** 64n - 1n, 0n]),
    f: new Float64Array([1.5, -2.5, NaN, 0, -0]),
    g: new Float32Array([0.5, 1.25, -3, 2, 1e38]),
    s: ['apple', null, 'banana', 'apricot', 'cherry'],
  });
}

async function values(e: gf.Expr) {
  const rows = await frameParity(() => frame().withColumns({ out: e }));
  return rows.map((r) => r.out);
}
async function schemaOf(e: gf.Expr) {
  return gf.withBackend('cpu', () => frame().withColumns({ out: e }).schema.out);
}

describe('types follow Polars', () => {
  it('int op int is the wider int, div is float64, float32 only with float32 or literals', async () => {
    expect(await schemaOf(col('i').add(col('k')))).toBe('int32');
    expect(await schemaOf(col('i').add(col('u')))).toBe('int64');
    expect(await schemaOf(col('u').add(col('w')))).toBe('uint64');
    expect(await schemaOf(col('l').add(col('w')))).toBe('float64');
    expect(await schemaOf(col('i').div(col('k')))).toBe('float64');
    expect(await schemaOf(col('g').mul(2.5))).toBe('float32');
    expect(await schemaOf(col('g').add(col('g')))).toBe('float32');
    expect(await schemaOf(col('g').add(col('i')))).toBe('float64');
    expect(await schemaOf(col('l').mul(col('f')))).toBe('float64');
    expect(await schemaOf(col('i').add(1))).toBe('int32');
    expect(await schemaOf(col('i').add(2 ** 40))).toBe('int64');
    expect(await schemaOf(col('i').add(0.5))).toBe('float64');
    expect(await schemaOf(col('i').sqrt())).toBe('float64');
    expect(await schemaOf(col('g').sqrt())).toBe('float32');
    expect(await schemaOf(col('s').fillNull('x'))).toBe('utf8');
  });

  it('integers wrap on overflow; int64 is exact beyond 2^53', async () => {
    expect(await values(col('i').add(1))).toEqual([-2147483648, -6, null, 1, 6]);
    expect(await values(col('l').add(1n))).toEqual([-(2n ** 63n), 2n ** 53n + 2n, -4n, 1n, -(2n ** 63n) + 1n]);
    expect(await values(col('l').mul(3))).toEqual([BigInt.asIntN(64, (2n ** 63n - 1n) * 3n), 3n * 2n ** 53n + 3n, -15n, 0n, -(2n ** 63n)]);
    expect(await values(col('u').add(1))).toEqual([2, 0, 4, 1, 3]);
  });

  it('floorDiv and mod: floor semantics, the divisor sign, null on integer division by zero', async () => {
    expect(await values(col('i').floorDiv(col('k')))).toEqual([2147483647, -4, null, null, 1]);
    expect(await values(col('i').mod(col('k')))).toEqual([0, 1, null, null, 2]);
    expect(await values(lit(7).mod(col('k')))).toEqual([0, 1, -1, null, 1]);
    expect(await values(col('l').floorDiv(-2))).toEqual([-(2n ** 62n), -(2n ** 52n) - 1n, 2n, 0n, 2n ** 62n]);
    expect(await values(col('f').mod(2))).toEqual([1.5, 1.5, NaN, 0, 0]);
    // True division of ints is float division: x / 0 is ±Inf or NaN, not null.
    expect(await values(col('k').div(col('i').sub(col('i'))))).toEqual([Infinity, Infinity, null, NaN, Infinity]);
  });

  it('nulls propagate through arithmetic, functions and comparisons', async () => {
    expect(await values(col('i').mul(2).add(col('k')).gt(0))).toEqual([false, false, null, false, true]);
    expect(await values(col('i').abs().cast('float64').sqrt().isNull())).toEqual([false, false, true, false, false]);
    expect(await values(col('f').add(lit(null)))).toEqual([null, null, null, null, null]);
  });

  it('comparisons with literals are exact in the column type', async () => {
    expect(await values(col('l').gt(2 ** 53))).toEqual([true, true, false, false, false]);
    expect(await values(col('l').eq(2n ** 53n + 1n))).toEqual([false, true, false, false, false]);
    expect(await values(col('k').gt(1.5))).toEqual([false, true, false, false, true]);
    // NaN equals NaN and is greater than every number (Polars), so a NaN literal compares too.
    expect(await values(col('f').ne(NaN))).toEqual([true, true, false, true, true]);
    expect(await values(col('f').eq(NaN))).toEqual([false, false, true, false, false]);
    expect(await values(col('f').gt(Infinity))).toEqual([false, false, true, false, false]);
    expect(await values(col('f').lt(NaN))).toEqual([true, true, false, true, true]);
    expect(await values(col('f').eq(0))).toEqual([false, false, false, true, true]);
  });
});

describe('conditionals, membership, fillNull, strings, dates', () => {
  it('when/then/otherwise: first true branch; a null condition takes otherwise; no otherwise gives null', async () => {
    expect(await values(when(col('i').gt(0)).then(1).when(col('i').lt(0)).then(-1).otherwise(0))).toEqual([1, -1, 0, 0, 1]);
    expect(await values(when(col('i').gt(0)).then(col('k')))).toEqual([1, null, null, null, 3]);
    // f = [1.5, -2.5, NaN, 0, -0]: NaN > 0 (NaN is above every number, as Polars), so row 2 takes f.
    expect(await values(when(col('f').gt(0)).then(col('f')).otherwise(col('g')))).toEqual([1.5, 1.25, NaN, 2, Math.fround(1e38)]);
  });

  it('isIn: null values give null, nulls in the list are ignored, NaN is in [NaN]', async () => {
    expect(await values(col('i').isIn([7, -7, null]))).toEqual([false, true, null, false, false]);
    expect(await values(col('f').isIn([NaN, -2.5]))).toEqual([false, true, true, false, false]);
    expect(await values(col('f').isIn([0]))).toEqual([false, false, false, true, true]);
    expect(await values(col('s').isIn(['cherry', 'kiwi']))).toEqual([false, null, false, false, true]);
    expect(await values(col('k').isIn([]))).toEqual([false, false, false, false, false]);
  });

  it('fillNull with literals and expressions (a new string joins the dictionary)', async () => {
    expect(await values(col('i').fillNull(col('k').mul(10)))).toEqual([2147483647, -7, -20, 0, 5]);
    expect(await values(col('s').fillNull('avocado'))).toEqual(['apple', 'avocado', 'banana', 'apricot', 'cherry']);
    expect(await values(when(col('k').gt(1)).then(col('s')).otherwise('zz'))).toEqual(['zz', null, 'zz', 'zz', 'cherry']);
  });

  it('strings: startsWith is a code range, comparisons go through the dictionary', async () => {
    expect(await values(col('s').str.startsWith('ap'))).toEqual([true, null, false, true, false]);
    expect(await values(col('s').str.startsWith('zz'))).toEqual([false, null, false, false, false]);
    expect(await values(col('s').lt('b'))).toEqual([true, null, false, true, false]);
    const other = () => frame().withColumns({ t: ['banana', 'kiwi', 'banana', 'apricot', 'apple'] });
    const rows = await frameParity(() => other().withColumns({ same: col('s').eq(col('t')), less: col('s').lt(col('t')) }));
    expect(rows.map((r) => r.same)).toEqual([false, null, true, true, false]);
    expect(rows.map((r) => r.less)).toEqual([true, null, false, false, false]);
  });

  it('dt.year/month/day/hour on dates and timestamps (every unit) agree with JS Date', async () => {
    const all = new Int32Array([0, -1, 11016, -719468, 2932896, 59, 60, -25567, 106000]);
    const mk = (days: Int32Array, unit: 's' | 'ms' | 'us' | 'ns', per: bigint) => () =>
      new gf.DataFrame({
        d: new gf.Column({ type: 'date', data: gf.DataBuffer.fromHost(days, 'int32') }),
        t: new gf.Column({ type: 'timestamp', unit, data: gf.DataBuffer.fromHost(BigInt64Array.from(days, (d) => ((BigInt(d) * 86400000n + 13n * 3600000n + 5n) * per) / 1000n), 'int64') }),
      }).withColumns({ y: col('d').dt.year(), m: col('d').dt.month(), dd: col('d').dt.day(), ty: col('t').dt.year(), th: col('t').dt.hour(), tm: col('t').dt.month() });
    for (const [unit, per] of [['ms', 1000n], ['us', 1000000n], ['ns', 1000000000n]] as const) {
      // Nanosecond timestamps span 1677–2262 only.
      const days = unit === 'ns' ? all.filter((d) => Math.abs(d) < 106000) : all;
      const rows = await frameParity(mk(days, unit, per));
      rows.forEach((r, i) => {
        const dt = new Date(Number(days[i]) * 86400000);
        expect([r.y, r.m, r.dd, r.ty, r.th, r.tm], `${unit} day ${days[i]!}`).toEqual([dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), dt.getUTCFullYear(), 13, dt.getUTCMonth() + 1]);
      });
    }
  });
});

describe('timestamps in seconds', () => {
  it('dt.year can leave int32 there, so it is checked: eval works on both backends, withColumns refuses it', async () => {
    const mk = (secs: bigint[]) => new gf.DataFrame({ t: new gf.Column({ type: 'timestamp', unit: 's', data: gf.DataBuffer.fromHost(BigInt64Array.from(secs), 'int64') }) });
    expect(() => mk([0n]).withColumns({ y: col('t').dt.year() })).toThrow(gf.ValueError);
    const rows = await frameParity(() => mk([0n, 951782400n, -1n]).withColumns({ h: col('t').dt.hour(), d: col('t').dt.day() }));
    expect(rows.map((r) => [r.h, r.d])).toEqual([[0, 1], [0, 29], [23, 31]]);
    for (const backend of gf.hasWebGPU() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      await gf.withBackendAsync(backend, async () => {
        expect(await (await mk([951782400n, -1n]).eval(col('t').dt.year())).toValues()).toEqual([2000, 1969]);
        await expect(mk([2n ** 62n]).eval(col('t').dt.year())).rejects.toThrow(/years within int32/);
      });
    }
  });
});

describe('casts', () => {
  it('float → int truncates; non-strict casts give null for values that do not fit', async () => {
    expect(await values(col('f').cast('int32', { strict: false }))).toEqual([1, -2, null, 0, 0]);
    expect(await values(col('g').cast('int64', { strict: false }))).toEqual([0n, 1n, -3n, 2n, null]);
    expect(await values(col('l').cast('int32', { strict: false }))).toEqual([null, null, -5, 0, null]);
    expect(await values(col('u').cast('int32', { strict: false }))).toEqual([1, null, 3, 0, 2]);
    expect(await values(col('w').cast('int64', { strict: false }))).toEqual([1n, 2n, 3n, null, 0n]);
    expect(await values(col('k').cast('uint64', { strict: false }))).toEqual([1n, 2n, null, 0n, 3n]);
    expect(await values(col('l').cast('float64'))).toEqual([2 ** 63, 2 ** 53, -5, 0, -(2 ** 63)]);
  });

  it('strict casts (the default) fail with OverflowError on both backends; casts that fit pass', async () => {
    for (const backend of gf.hasWebGPU() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      await gf.withBackendAsync(backend, async () => {
        await expect(frame().eval(col('g').cast('int32'))).rejects.toThrow(gf.OverflowError);
        await expect(frame().eval(col('f').cast('int64'))).rejects.toThrow(/strict cast/);
        const ok = await frame().eval(col('k').cast('int64'));
        expect(await ok.toValues()).toEqual([1n, 2n, -2n, 0n, 3n]);
        const fits = await frame().eval(col('k').abs().cast('uint32'));
        expect(await fits.toValues()).toEqual([1, 2, 2, 0, 3]);
      });
    }
  });

  it('withColumns refuses expressions that can fail (they need the async eval) with a typed error', () => {
    expect(() => frame().withColumns({ x: col('f').cast('int32') })).toThrow(gf.ValueError);
    expect(() => frame().withColumns({ x: col('f').sin() })).toThrow(/await df.eval/);
  });
});

describe('verbs and errors', () => {
  it('df.eval evaluates one expression to a Column (Series arithmetic)', async () => {
    const z = await gf.withBackendAsync('cpu', () => frame().eval(col('k').mul(2).add(col('u'))));
    expect(z).toBeInstanceOf(gf.Column);
    expect(z.type).toBe('int64');
    expect(await z.toValues()).toEqual([3n, 4294967299n, -1n, 0n, 8n]);
    const same = await gf.withBackendAsync('cpu', async () => { const df = frame(); return (await df.eval(col('k'))) === df.column('k'); });
    expect(same).toBe(true);
  });

  it('withColumns evaluates against the input frame and replaces columns; filter takes value expressions', async () => {
    const rows = await frameParity(() => frame().withColumns({ k: col('k').mul(10), k2: col('k').add(1) }));
    expect(rows.map((r) => [r.k, r.k2])).toEqual([[10, 2], [20, 3], [-20, -1], [0, 1], [30, 4]]);
    const kept = await frameParity(() => frame().filter(col('k').mul(2).gt(col('f').add(1))));
    expect(kept.map((r) => r.k)).toEqual([2, 3]);
  });

  it('window expressions run the window verb first', async () => {
    const rows = await frameParity(() => frame().withColumns({ c: col('k').cumSum().mul(2), r: col('k').rollingMax(2, { minPeriods: 1 }) }));
    expect(rows.map((r) => r.c)).toEqual([2n, 6n, 2n, 2n, 8n]);
    expect(rows.map((r) => r.r)).toEqual([1, 2, 2, 0, 3]);
  });

  it('typed errors name the column and the expression', () => {
    const df = frame();
    expect(() => df.withColumns({ x: col('s').add(1) })).toThrow(gf.DTypeError);
    expect(() => df.withColumns({ x: col('s').add(1) })).toThrow(/'s' of type utf8/);
    expect(() => df.withColumns({ x: col('nope').add(1) })).toThrow(gf.ColumnNotFoundError);
    expect(() => df.withColumns({ x: col('k').and(col('f').gt(0)) })).toThrow(/expected a boolean expression/);
    expect(() => df.withColumns({ x: col('f').dt.year() })).toThrow(gf.DTypeError);
    expect(() => col('k').cast('int8' as never)).toThrow(gf.ValueError);
    return expect(df.filter(col('k').add(1))).rejects.toThrow(/filter: expected a boolean expression/);
  });

  it('edge frames: empty, one row, all-null column', async () => {
    const e = () => new gf.DataFrame({ x: new Float64Array(0), n: new BigInt64Array(0) }).withColumns({ y: col('x').mul(col('n')).sqrt(), b: col('n').isIn([1]) });
    expect(await frameParity(e)).toEqual([]);
    const one = await frameParity(() => new gf.DataFrame({ x: new Int32Array([-3]) }).withColumns({ y: col('x').floorDiv(2), z: col('x').abs().cast('float32') }));
    expect(one).toEqual([{ x: -3, y: -2, z: 3 }]);
    const allNull = () => new gf.DataFrame({ x: gf.Column.from(new Float64Array(3), new Uint8Array([0])) }).withColumns({ y: col('x').add(1).fillNull(col('x')), z: col('x').isNull(), w: col('x').fillNull(2) });
    expect(await frameParity(allNull)).toEqual(Array.from({ length: 3 }, () => ({ x: null, y: null, z: true, w: 2 })));
  });
});
