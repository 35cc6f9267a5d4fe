// Partitioned windows (Polars `over`), shift and diff: col('x').shift(1).over('id'),
// col('x').diff().over('id'), col('x').cumSum().over('id') and the other window ops, on
// both backends, against plain-JS references over toRecords() rows (partitions by keyId:
// null == null, NaN == NaN, -0 == +0; rows in frame order).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { col } from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { randomFrame } from '../../helpers/random-frame.js';
import { keyId, type Row, type V } from './group-reference.js';

type W = (xs: Array<V>) => Array<V>;

const isNum = (v: V): v is number => typeof v === 'number';
const lessTotal = (a: number | bigint, b: number | bigint) => a < b || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0));

/** Plain-JS windows over one partition's values in frame order. */
const REF: Record<string, W> = {
  shift1: (xs) => xs.map((_, i) => (i >= 1 ? xs[i - 1]! : null)),
  shiftm2: (xs) => xs.map((_, i) => (i + 2 < xs.length ? xs[i + 2]! : null)),
  cumCount: (xs) => {
    let c = 0;
    return xs.map((x) => (x === null ? c : ++c));
  },
  cumMin: (xs) => running(xs, 'min'),
  cumMax: (xs) => running(xs, 'max'),
};

function running(xs: Array<V>, op: 'min' | 'max'): Array<V> {
  let best: number | bigint | undefined;
  let nan = false;
  return xs.map((x) => {
    if (x === null) return null;
    const v = x as number | bigint;
    if (isNum(v) && Number.isNaN(v)) nan = true;
    else if (best === undefined || (op === 'min' ? lessTotal(v, best) : lessTotal(best, v))) best = v;
    return best === undefined ? (nan ? NaN : null) : best;
  });
}

function cumSumRef(xs: Array<V>, float: boolean): Array<V> {
  let f = 0;
  let b = 0n;
  return xs.map((x) => {
    if (x === null) return null;
    if (float) return (f += x as number);
    b += BigInt(x as number | bigint);
    return b;
  });
}

function rollingMeanRef(xs: Array<V>, w: number, minp: number): Array<V> {
  return xs.map((_, i) => {
    const vals = xs.slice(Math.max(0, i - w + 1), i + 1).filter((v) => v !== null) as number[];
    if (vals.length < minp) return null;
    let s = 0;
    for (const v of vals) s += v;
    return s / vals.length;
  });
}

/** Apply `w` within partitions of `keys` (all rows one partition for none), results in frame order. */
function byPartition(rows: Row[], keys: string[], column: string, w: W): Array<V> {
  const parts = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const id = keys.map((k) => keyId(r[k] as V)).join('|');
    const p = parts.get(id) ?? [];
    p.push(i);
    parts.set(id, p);
  });
  const out = new Array<V>(rows.length);
  for (const idx of parts.values()) {
    const res = w(idx.map((i) => rows[i]![column] as V));
    idx.forEach((i, j) => (out[i] = res[j]!));
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

async function both(make: () => gf.DataFrame, exprs: Record<string, gf.Expr>): Promise<Row[]> {
  const cpu = await gf.withBackendAsync('cpu', () => make().withColumns(exprs).toRecords());
  if (hasGpu()) {
    const gpu = await gf.withBackendAsync('webgpu', () => make().withColumns(exprs).toRecords());
    cpu.forEach((r, i) => {
      for (const k of Object.keys(exprs)) if (!same(gpu[i]![k], r[k])) expect.fail(`row ${i} '${k}': gpu ${String(gpu[i]![k])} vs cpu ${String(r[k])}`);
    });
  }
  return cpu;
}

function expectColumn(out: Row[], name: string, want: Array<V>) {
  expect(out.length).toBe(want.length);
  out.forEach((r, i) => {
    if (!same(r[name], want[i])) expect.fail(`'${name}' row ${i}: expected ${String(want[i])}, got ${String(r[name])}`);
  });
}

describe('window ops over partitions (over), shift and diff', () => {
  for (const n of [0, 1, 2, 257, 3001]) {
    for (const keys of [[], ['k'], ['k', 's']]) {
      it(`n=${n}, partitions ${keys.length ? keys.join(', ') : 'none'}: shift, diff, cum*, rollingMean on float64, int32, int64`, async () => {
        const o = (e: gf.Expr) => (keys.length ? e.over(keys) : e);
        const exprs: Record<string, gf.Expr> = {
          f_shift1: o(col('f').shift(1)),
          f_shiftm2: o(col('f').shift(-2)),
          f_diff: o(col('f').diff()),
          i_diff: o(col('i').diff()),
          s_shift1: o(col('s').shift(1)),
          b_shift1: o(col('b').shift(1)),
          f_cumSum: o(col('f').cumSum()),
          i_cumSum: o(col('i').cumSum()),
          l_cumMin: o(col('l').cumMin()),
          f_cumMax: o(col('f').cumMax()),
          f_cumCount: o(col('f').cumCount()),
          f_rollingMean: o(col('f').rollingMean(3, { minPeriods: 1 })),
        };
        const make = () => randomFrame(n, n + 11);
        const out = await both(make, exprs);
        const rows = await make().toRecords();
        const ref = (c: string, w: W) => byPartition(rows, keys, c, w);
        expectColumn(out, 'f_shift1', ref('f', REF.shift1!));
        expectColumn(out, 'f_shiftm2', ref('f', REF.shiftm2!));
        expectColumn(out, 's_shift1', ref('s', REF.shift1!));
        expectColumn(out, 'b_shift1', ref('b', REF.shift1!));
        const fPrev = ref('f', REF.shift1!);
        expectColumn(out, 'f_diff', rows.map((r, i) => (r.f === null || fPrev[i] === null ? null : (r.f as number) - (fPrev[i] as number))));
        const iPrev = ref('i', REF.shift1!);
        expectColumn(out, 'i_diff', rows.map((r, i) => (r.i === null || iPrev[i] === null ? null : ((r.i as number) - (iPrev[i] as number)) | 0)));
        expectColumn(out, 'f_cumSum', ref('f', (xs) => cumSumRef(xs, true)));
        expectColumn(out, 'i_cumSum', ref('i', (xs) => cumSumRef(xs, false)));
        expectColumn(out, 'l_cumMin', ref('l', REF.cumMin!));
        expectColumn(out, 'f_cumMax', ref('f', REF.cumMax!));
        expectColumn(out, 'f_cumCount', ref('f', REF.cumCount!));
        expectColumn(out, 'f_rollingMean', ref('f', (xs) => rollingMeanRef(xs, 3, 1)));
      });
    }
  }

  // Integer sums: a float64 running sum runs on one device thread (kernels/window/cumulative.ts),
  // and llvmpipe stops a shader loop after 65,535 iterations, so 1e5 float rows would test the
  // software adapter rather than the op.
  it('1e5 rows: cumSum, cumMax and shift over 1000 ids', async () => {
    const n = 100_000;
    const id = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const x = Float64Array.from({ length: n }, (_, i) => ((i * 31) % 97) / 8 - 3);
    const v = Int32Array.from({ length: n }, (_, i) => ((i * 37) % 101) - 50);
    const make = () => new gf.DataFrame({ id: gf.Column.from(id), x: gf.Column.from(x), v: gf.Column.from(v) });
    const out = await both(make, { s: col('v').cumSum().over('id'), m: col('x').cumMax().over('id'), p: col('x').shift(1).over('id') });
    const sums = new Map<number, bigint>();
    const maxs = new Map<number, number>();
    const last = new Map<number, number>();
    out.forEach((r, i) => {
      const k = id[i]!;
      const s = (sums.get(k) ?? 0n) + BigInt(v[i]!);
      sums.set(k, s);
      const m = Math.max(maxs.get(k) ?? -Infinity, x[i]!);
      maxs.set(k, m);
      if (!same(r.m, m)) expect.fail(`m row ${i}: expected ${m}, got ${String(r.m)}`);
      if (!same(r.s, s)) expect.fail(`s row ${i}: expected ${s}, got ${String(r.s)}`);
      if (!same(r.p, last.get(k) ?? null)) expect.fail(`p row ${i}: expected ${String(last.get(k) ?? null)}, got ${String(r.p)}`);
      last.set(k, x[i]!);
    });
  });

  it('over rewrites every window op of the expression; toString shows it', () => {
    const e = col('x').sub(col('x').shift(2)).over('id');
    expect(e.toString()).toContain('shift(2).over("id")');
    expect(col('x').diff().toString()).toContain('shift(1)');
    expect(col('x').cumSum().over('a').over('b').toString()).toContain('.over("a")');
  });

  it('typed errors: over without a window op, no keys, rank over, unknown partition column', async () => {
    expect(() => col('x').add(1).over('id')).toThrow(gf.ValueError);
    expect(() => col('x').cumSum().over([])).toThrow(gf.ValueError);
    const df = new gf.DataFrame({ id: gf.Column.from(new Int32Array([1, 1])), x: gf.Column.from(new Float64Array([1, 2])) });
    expect(() => df.withColumns({ r: col('x').rank().over('id') })).toThrow(/rank: expected no over/);
    expect(() => df.withColumns({ r: col('x').cumSum().over('nope') })).toThrow(gf.ColumnNotFoundError);
    expect(() => df.withColumns({ r: col('x').shift(1.5) })).toThrow(gf.ValueError);
  });
});
