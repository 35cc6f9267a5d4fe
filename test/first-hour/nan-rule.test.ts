// Issue 13, "NaN comparisons": one rule in every op, Polars': NaN equals NaN and is greater than
// every number (+Inf included); -0 equals +0; null compares as null. A filter on `a == b` and an
// inner join on a = b select the same pairs; sort order agrees with `lt`; isIn([NaN]) matches
// NaN; unique and groupBy split values exactly where `eq` does. Runs on the backend of the run
// (GPUFRAME_BACKEND), and frameParity checks WebGPU against the CPU where a device is present.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';

const { col } = gf;

// Every special value twice (so duplicates meet), a plain number, and two nulls.
const VALUES: Array<number | null> = [NaN, -0, 0, Infinity, -Infinity, 1.5, NaN, null, 0, -Infinity, -2, null, Infinity, -0];

/** Polars' order on non-null numbers: -1, 0 or 1. */
function order(x: number, y: number): number {
  const xn = Number.isNaN(x), yn = Number.isNaN(y);
  if (xn || yn) return xn && yn ? 0 : xn ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}
const OPS = {
  eq: (c: number) => c === 0,
  ne: (c: number) => c !== 0,
  lt: (c: number) => c < 0,
  le: (c: number) => c <= 0,
  gt: (c: number) => c > 0,
  ge: (c: number) => c >= 0,
} as const;
type Op = keyof typeof OPS;

function column(values: ReadonlyArray<number | null>, dtype: 'float64' | 'float32' | 'int32'): gf.Column {
  const Ctor = dtype === 'float64' ? Float64Array : dtype === 'float32' ? Float32Array : Int32Array;
  const data = new Ctor(values.map((v) => v ?? 0));
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null) bits[i >> 3]! |= 1 << (i & 7);
  });
  return gf.Column.from(data, bits);
}

/** Every (i, j) pair of VALUES × VALUES as a frame: ia, a, ib, b. */
function pairs(dtype: 'float64' | 'float32', bValues: ReadonlyArray<number | null> = VALUES, bType: 'float64' | 'float32' | 'int32' = dtype): gf.DataFrame {
  const ia: number[] = [], ib: number[] = [], a: Array<number | null> = [], b: Array<number | null> = [];
  VALUES.forEach((x, i) => bValues.forEach((y, j) => {
    ia.push(i);
    ib.push(j);
    a.push(x);
    b.push(y);
  }));
  return new gf.DataFrame({ ia: Int32Array.from(ia), a: column(a, dtype), ib: Int32Array.from(ib), b: column(b, bType) });
}

const key = (r: Record<string, unknown>) => `${String(r.ia)},${String(r.ib)}`;

describe('NaN rule: Polars order (NaN == NaN, NaN above +Inf, -0 == +0) in every op', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: filter(a op b) for every op selects the pairs of the total order; nulls never`, async () => {
      for (const op of Object.keys(OPS) as Op[]) {
        const rows = await frameParity(() => pairs(dtype).filter(col('a')[op](col('b'))));
        const want: string[] = [];
        VALUES.forEach((x, i) => VALUES.forEach((y, j) => {
          if (x !== null && y !== null && OPS[op](order(x, y))) want.push(`${i},${j}`);
        }));
        expect(rows.map(key), `${dtype} a ${op} b`).toEqual(want);
      }
    });

    it(`${dtype}: an inner join on a = b selects the same pairs as filter(a == b)`, async () => {
      const left = () => new gf.DataFrame({ ia: Int32Array.from(VALUES, (_, i) => i), a: column(VALUES, dtype) });
      const right = () => new gf.DataFrame({ ib: Int32Array.from(VALUES, (_, i) => i), b: column(VALUES, dtype) });
      const joined = await frameParity(() => left().join(right(), { leftOn: 'a', rightOn: 'b' }));
      const filtered = await frameParity(() => pairs(dtype).filter(col('a').eq(col('b'))));
      const sorted = (xs: string[]) => [...xs].sort();
      expect(sorted(joined.map(key))).toEqual(sorted(filtered.map(key)));
      // NaN meets NaN, -0 meets +0, and nulls meet nothing.
      expect(filtered.map(key)).toContain('0,6');
      expect(filtered.map(key)).toContain('1,2');
      expect(filtered.some((r) => r.ia === 7 || r.ib === 11)).toBe(false);
    });

    it(`${dtype}: comparisons with literals, a NaN literal included, and between`, async () => {
      const df = () => new gf.DataFrame({ a: column(VALUES, dtype) });
      const ids = async (e: gf.Expr) => (await frameParity(() => df().withColumns({ m: e }))).map((r) => r.m);
      const want = (f: (x: number) => boolean) => VALUES.map((x) => (x === null ? null : f(x)));
      for (const lit of [NaN, Infinity, -Infinity, 0, -0, 1.5]) {
        for (const op of Object.keys(OPS) as Op[]) {
          expect(await ids(col('a')[op](lit)), `${dtype} a ${op} ${lit}`).toEqual(want((x) => OPS[op](order(x, lit))));
          // The literal on the left flips the comparison.
          expect(await ids(gf.lit(lit)[op](col('a'))), `${dtype} ${lit} ${op} a`).toEqual(want((x) => OPS[op](order(lit, x))));
        }
      }
      expect(await ids(col('a').between(-Infinity, NaN))).toEqual(want(() => true));
      expect(await ids(col('a').between(0, Infinity))).toEqual(want((x) => x >= 0));
      expect(await ids(gf.when(col('a').eq(NaN)).then(1).otherwise(0))).toEqual(VALUES.map((x) => (x !== null && Number.isNaN(x) ? 1 : 0)));
      // A filter on an expression (not a bare column) takes the same rule.
      const big = await frameParity(() => df().filter(col('a').mul(2).gt(Infinity)));
      expect(big.length).toBe(2);
    });

    it(`${dtype}: isIn([NaN]) matches NaN, isIn([0]) matches -0`, async () => {
      const df = () => new gf.DataFrame({ a: column(VALUES, dtype) });
      const nan = (await frameParity(() => df().withColumns({ m: col('a').isIn([NaN]) }))).map((r) => r.m);
      expect(nan).toEqual(VALUES.map((x) => (x === null ? null : Number.isNaN(x))));
      const zero = (await frameParity(() => df().withColumns({ m: col('a').isIn([0, 7]) }))).map((r) => r.m);
      expect(zero).toEqual(VALUES.map((x) => (x === null ? null : x === 0)));
    });
  }

  it('sort order agrees with lt: no later value is lt an earlier one, and NaN is last', async () => {
    const sorted = (await frameParity(() => new gf.DataFrame({ a: column(VALUES, 'float64') }).sort('a'))).map((r) => r.a as number | null);
    const vals = sorted.filter((v): v is number => v !== null);
    expect(vals.length).toBe(VALUES.length - 2);
    expect(Number.isNaN(vals.at(-1))).toBe(true);
    // Ask lt itself on the device: pairs (earlier, later) of the sorted values.
    const i: number[] = [], j: number[] = [], x: number[] = [], y: number[] = [];
    vals.forEach((p, a) => vals.forEach((q, b) => {
      if (a < b) {
        i.push(a);
        j.push(b);
        x.push(p);
        y.push(q);
      }
    }));
    const df = () => new gf.DataFrame({ i: Int32Array.from(i), j: Int32Array.from(j), x: Float64Array.from(x), y: Float64Array.from(y) });
    expect(await frameParity(() => df().filter(col('y').lt(col('x'))))).toEqual([]);
    const le = await frameParity(() => df().filter(col('x').le(col('y'))));
    expect(le.length).toBe(i.length);
  });

  it('unique and groupBy split values exactly where eq does', async () => {
    const df = () => new gf.DataFrame({ a: column(VALUES, 'float64') });
    const uniq = (await frameParity(async () => (await df().unique()).sort('a'))).map((r) => r.a as number | null);
    // NaN, ±0, ±Inf, 1.5, -2 and null: 7 values.
    expect(uniq.length).toBe(7);
    const nonNull = uniq.filter((v): v is number => v !== null);
    // Distinct unique values are never eq; every value is eq to itself (NaN included).
    const cross = () => {
      const p: number[] = [], q: number[] = [];
      for (const u of nonNull) for (const v of nonNull) {
        p.push(u);
        q.push(v);
      }
      return new gf.DataFrame({ p: Float64Array.from(p), q: Float64Array.from(q) });
    };
    const eqPairs = await frameParity(() => cross().filter(col('p').eq(col('q'))));
    expect(eqPairs.length).toBe(nonNull.length);
    // Each group's count is the number of rows eq to its key.
    const groups = await frameParity(async () => df().groupBy('a').agg({ n: ['a', 'count'] }));
    expect(groups.length).toBe(7);
    for (const g of groups) {
      if (g.a === null) continue;
      const hits = await frameParity(() => df().filter(col('a').eq(g.a as number)));
      expect(hits.length, `group ${String(g.a)}`).toBe(Number(g.n));
    }
  });

  it('int and float columns compare in float64 under the same rule', async () => {
    const ints = [0, 1, -2, 2147483647, null, 1, 0, -2147483648, 3, 5, null, 0, 1, 2];
    const rows = await frameParity(() => pairs('float64', ints, 'int32').filter(col('a').ge(col('b'))));
    const want: string[] = [];
    VALUES.forEach((x, i) => ints.forEach((y, j) => {
      if (x !== null && y !== null && order(x, y) >= 0) want.push(`${i},${j}`);
    }));
    expect(rows.map(key)).toEqual(want);
    // An int column against NaN: no int is NaN, every int is below it.
    const df = () => new gf.DataFrame({ k: column(ints, 'int32') });
    const m = async (e: gf.Expr) => (await frameParity(() => df().withColumns({ m: e }))).map((r) => r.m);
    expect(await m(col('k').eq(NaN))).toEqual(ints.map((v) => (v === null ? null : false)));
    expect(await m(col('k').lt(NaN))).toEqual(ints.map((v) => (v === null ? null : true)));
    expect(await m(col('k').isIn([NaN]))).toEqual(ints.map((v) => (v === null ? null : false)));
  });
});
