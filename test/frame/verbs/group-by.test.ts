import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES, randomFrame } from '../../helpers/random-frame.js';
import { frameWithPacked } from './dup-frame.js';
import { aggRef, groupRowsRef, sameValue, type Row, type V } from './group-reference.js';

const NUMERIC = ['count', 'sum', 'mean', 'min', 'max', 'std', 'var', 'median', 'nunique', 'first', 'last'] as const;
const OTHER = ['count', 'min', 'max', 'first', 'last', 'nunique'] as const;

/** Every aggregation that makes sense for each column, named `${column}_${op}` (int64 sums apart: they may overflow). */
function specFor(df: gf.DataFrame, keys: string[]): Record<string, gf.AggSpec> {
  const spec: Record<string, gf.AggSpec> = {};
  for (const name of df.names) {
    if (keys.includes(name)) continue;
    const t = df.schema[name]!;
    const ops = t === 'utf8' || t === 'date' || t === 'timestamp' ? OTHER : NUMERIC;
    for (const op of ops) if (!(name === 'l' && op === 'sum')) spec[`${name}_${op}`] = [name, op];
  }
  return spec;
}

async function checkAgainstReference(df: gf.DataFrame, keys: string[], out: Row[], spec: Record<string, gf.AggSpec>) {
  const rows = await df.toRecords();
  const groups = groupRowsRef(rows, keys);
  expect(out.length, `groups by ${keys}`).toBe(groups.length);
  groups.forEach((g, i) => {
    const o = out[i]!;
    for (const k of keys) if (!sameValue(o[k], g[0]![k])) expect.fail(`group ${i} key ${k}: expected ${String(g[0]![k])}, got ${String(o[k])}`);
    for (const [name, [col, op]] of Object.entries(spec)) {
      const want = aggRef(g, col, op, df.schema[col]!);
      if (!sameValue(o[name], want, op === 'median')) expect.fail(`keys ${keys} group ${i} (${keys.map((k) => String(g[0]![k])).join(', ')}) ${name}: expected ${String(want)}, got ${String(o[name])}`);
    }
  });
}

describe('groupBy(keys).agg: every aggregation, both backends, against a plain-JS reference', () => {
  const keySets = [['k'], ['k', 's'], ['d'], ['b'], ['l'], ['f'], ['t', 's'], ['z'], ['i8'], ['u8', 'i16'], ['u16', 'b']];
  for (const keys of keySets) {
    it(`keys ${keys.join(', ')} at every frame size`, async () => {
      for (const n of FRAME_SIZES) {
        const df = frameWithPacked(n, n + 3);
        const spec = specFor(df, keys);
        const out = await frameParity(() => frameWithPacked(n, n + 3).groupBy(keys).agg(spec));
        await checkAgainstReference(df, keys, out, spec);
      }
    });
  }

  it('int64 sums are exact, or an OverflowError when a group sum leaves 64 bits', async () => {
    for (const n of FRAME_SIZES) {
      for (const nullRate of [0.1, 1]) {
        const make = () => randomFrame(n, n + 17, { nullRate });
        const df = make();
        const groups = groupRowsRef(await df.toRecords(), ['k']);
        const overflow = groups.some((g) => aggRef(g, 'l', 'sum', 'int64') === 'overflow');
        for (const backend of gf.hasWebGPU() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
          const run = gf.withBackendAsync(backend, async () => (await make().groupBy('k').agg({ s: ['l', 'sum'] })).toRecords());
          if (overflow) await expect(run).rejects.toThrow(gf.OverflowError);
          else (await run).forEach((r, i) => expect(r.s).toBe(aggRef(groups[i]!, 'l', 'sum', 'int64')));
        }
      }
    }
  });
});

describe('groupBy semantics (pinned to Polars/pandas rules)', () => {
  // Hand-checked values: k = [1, 1, 2, null, 2, 1], x = [1, null, 4, 7, 5, 10].
  const make = () =>
    new gf.DataFrame({
      k: gf.Column.from(new Int32Array([1, 1, 2, 0, 2, 1]), new Uint8Array([0b110111])),
      x: gf.Column.from(new Int32Array([1, 0, 4, 7, 5, 10]), new Uint8Array([0b111101])),
      f: new Float64Array([NaN, NaN, 2, 1, NaN, NaN]),
      s: ['b', 'a', null, 'c', 'c', 'a'],
    });

  it('mean of ints is float64; sum skips nulls; count counts non-nulls; std is ddof 1; null key group last', async () => {
    const out = await frameParity(async () => make().groupBy('k').agg({ n: ['x', 'count'], s: ['x', 'sum'], m: ['x', 'mean'], sd: ['x', 'std'], v: ['x', 'var'] }));
    const df = await make().groupBy('k').agg({ m: ['x', 'mean'], s: ['x', 'sum'], n: ['x', 'count'] });
    expect(df.schema).toEqual({ k: 'int32', m: 'float64', s: 'int64', n: 'int64' });
    expect(out.map((r) => r.k)).toEqual([1, 2, null]);
    expect(out.map((r) => r.n)).toEqual([2n, 2n, 1n]); // the null x in group 1 is not counted
    expect(out.map((r) => r.s)).toEqual([11n, 9n, 7n]);
    expect(out.map((r) => r.m)).toEqual([5.5, 4.5, 7]);
    // pandas: Series([1, 10]).var() == 40.5, std == sqrt(40.5); one value → null (Polars: None).
    expect(out.map((r) => r.v)).toEqual([40.5, 0.5, null]);
    expect(out.map((r) => r.sd)).toEqual([Math.sqrt(40.5), Math.sqrt(0.5), null]);
  });

  it('median interpolates, skips NaN unless the group is all NaN; nunique drops nulls; first/last keep nulls', async () => {
    const out = await frameParity(async () => make().groupBy('k').agg({ med: ['x', 'median'], fm: ['f', 'median'], fx: ['f', 'max'], u: ['s', 'nunique'], first: ['s', 'first'], last: ['x', 'last'], fst: ['x', 'first'] }));
    expect(out.map((r) => r.med)).toEqual([5.5, 4.5, 7]);
    expect(out[0]!.fm).toBeNaN(); // group 1: f all NaN
    expect(out[0]!.fx).toBeNaN();
    expect(out[1]!.fm).toBe(2); // group 2: [2, NaN] → NaN skipped
    expect(out.map((r) => r.u)).toEqual([2n, 1n, 1n]); // group 1: b, a, a; group 2: null, c
    expect(out.map((r) => r.first)).toEqual(['b', null, 'c']);
    expect(out.map((r) => r.fst)).toEqual([1, 4, 7]);
    expect(out.map((r) => r.last)).toEqual([10, 5, 7]);
  });

  it('edge cases: empty frame, one row, an all-null column, an all-NaN group', async () => {
    const empty = await frameParity(() => randomFrame(0, 1).groupBy('k').agg({ m: ['f', 'median'], sd: ['i', 'std'], u: ['s', 'nunique'], l: ['z', 'last'] }));
    expect(empty).toEqual([]);
    const one = await frameParity(() => randomFrame(1, 4, { nullRate: 0 }).groupBy(['s', 'b']).agg({ sd: ['i', 'std'], m: ['i', 'median'], u: ['f', 'nunique'], fz: ['z', 'first'] }));
    const src = (await randomFrame(1, 4, { nullRate: 0 }).toRecords())[0]!;
    expect(one).toEqual([{ s: src.s, b: src.b, sd: null, m: src.i, u: 1n, fz: null }]);
    const z = await frameParity(() => randomFrame(300, 5).groupBy('k').agg({ sd: ['z', 'std'], m: ['z', 'median'], u: ['z', 'nunique'], n: ['z', 'count'], s: ['z', 'sum'] }));
    for (const r of z) expect([r.sd, r.m, r.u, r.n, r.s]).toEqual([null, null, 0n, 0n, 0]);
  });

  it('typed errors: unknown op for the type, output name clashing with a key', async () => {
    await expect(make().groupBy('k').agg({ m: ['s', 'median'] })).rejects.toThrow(/groupBy: expected count \| min \| max \| first \| last \| nunique \| list for 's' \(utf8\) in 'm', got 'median'/);
    await expect(make().groupBy('k').agg({ k: ['x', 'std'] })).rejects.toThrow(gf.ValueError);
    await expect(make().groupBy('k').agg({ m: ['x', 'mode' as never] })).rejects.toThrow(gf.DTypeError);
  });
});

describe('groupBy goldens (pandas 1.5.3, scripts/golden/groupby_reference.py)', () => {
  it('std, var, median, nunique, first, last, mean match pandas on a fixed frame', async () => {
    const { readFileSync } = await import('node:fs');
    const g = JSON.parse(readFileSync('test/fixtures/groupby/groupby.json', 'utf8')) as {
      input: { k: Array<number | null>; x: Array<number | null>; y: Array<number | null> };
      groups: Array<Record<string, number | null>>;
    };
    const n = g.input.k.length;
    const col = (vals: Array<number | null>) => {
      const bits = new Uint8Array(Math.ceil(n / 8));
      vals.forEach((v, i) => v !== null && (bits[i >> 3]! |= 1 << (i & 7)));
      return gf.Column.from(Float64Array.from(vals, (v) => v ?? 0), bits);
    };
    const kcol = () => {
      const bits = new Uint8Array(Math.ceil(n / 8));
      g.input.k.forEach((v, i) => v !== null && (bits[i >> 3]! |= 1 << (i & 7)));
      return gf.Column.from(Int32Array.from(g.input.k, (v) => v ?? 0), bits);
    };
    const out = await frameParity(() =>
      new gf.DataFrame({ k: kcol(), x: col(g.input.x), y: col(g.input.y) }).groupBy('k').agg({
        x_std: ['x', 'std'], x_var: ['x', 'var'], x_median: ['x', 'median'], x_mean: ['x', 'mean'], y_nunique: ['y', 'nunique'], x_first: ['x', 'first'], x_last: ['x', 'last'], y_sum: ['y', 'sum'],
      }),
    );
    expect(out.length).toBe(g.groups.length);
    out.forEach((row, i) => {
      const want = g.groups[i]!;
      expect(row.k).toBe(want.k);
      for (const name of ['x_std', 'x_var', 'x_median', 'x_mean', 'y_sum']) {
        const w = want[name]!;
        const got = row[name] as number | null;
        if (w === null) expect(got, name).toBeNull();
        else expect(Math.abs(got! - w), `${name} group ${want.k}`).toBeLessThanOrEqual(1e-12 * Math.abs(w));
      }
      expect(row.y_nunique).toBe(BigInt(want.y_nunique!));
      // pandas' first/last skip nulls; ours keep them (Polars), so compare only where the edge row is valid.
      if (want.x_first_row !== null) expect(row.x_first).toBe(want.x_first_row);
      if (want.x_last_row !== null) expect(row.x_last).toBe(want.x_last_row);
    });
  });
});
