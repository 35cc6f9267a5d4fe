// SimpleImputer: scikit-learn goldens (wine with NaN), nulls and other missing values, empty
// columns, both backends, inputs, persistence, errors.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { dataset, expectClose, golden, rowsOf, toRows } from './fixtures.js';
import { columnsOf } from './scaler-cases.js';

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const STRATEGIES = ['mean', 'median', 'most_frequent', 'constant'] as const;

/** Columns with NaN (rate 0.2), nulls (slot i % 7 == 3) and repeated values. */
function holey(n: number, seed: number): { cols: Float64Array[]; validity: Uint8Array } {
  const r = rng(seed);
  const cols = [0, 1, 2].map((j) => Float64Array.from({ length: n }, () => (r() < 0.2 ? NaN : Math.round(r() * 20) / (j + 1))));
  const validity = new Uint8Array(Math.ceil(n / 8)).fill(255);
  for (let i = 3; i < n; i += 7) validity[i >> 3]! &= ~(1 << (i & 7));
  return { cols, validity };
}

async function fitOn(backend: gf.BackendName, strategy: (typeof STRATEGIES)[number], n: number, seed: number) {
  const { cols, validity } = holey(n, seed);
  const df = new gf.DataFrame({ a: gf.Column.from(cols[0]!, validity), b: gf.array(cols[1]!), c: gf.array(cols[2]!) });
  return gf.withBackendAsync(backend, async () => {
    const imp = new gf.SimpleImputer({ strategy });
    const out = await imp.fitTransform(df);
    return { statistics: imp.statistics, out: await columnsOf(out), nulls: await Promise.all((out as gf.DataFrame).names.map((nm) => (out as gf.DataFrame).column(nm).nullCount())) };
  });
}

describe('SimpleImputer: scikit-learn 1.2 goldens', () => {
  const g = golden('SimpleImputer');
  const ds = dataset(g.dataset);
  const cols = ds.features.map((c) => c.slice());
  for (const [i, j] of g.missing as Array<[number, number]>) cols[j]![i] = NaN;
  for (const c of g.cases) {
    it(`${c.id}`, async () => {
      const opts = Object.fromEntries(Object.entries(c.params as Record<string, unknown>).filter(([k]) => ['strategy', 'fill_value', 'keep_empty_features'].includes(k)).map(([k, v]) => [camel(k), v]));
      const imp = new gf.SimpleImputer(opts);
      await imp.fit(new gf.DataFrame(ds.names.map((nm, j) => [nm, gf.array(cols[j]!)] as const)));
      expectClose(imp.statistics, c.fitted.statistics_, 1e-10, 'statistics');
      const out = await columnsOf(await imp.transform(rowsOf(cols, c.rows)));
      expectClose(toRows(out).flat(), (c.transform as number[][]).flat(), 1e-10, 'transform');
    });
  }
});

describe('SimpleImputer semantics', () => {
  it('treats nulls as missing, breaks most_frequent ties by the smaller value and leaves no null or NaN', async () => {
    const x = gf.Column.from(Float64Array.from([5, 3, NaN, 3, 5, 0, 9]), Uint8Array.of(0b1011111)); // slot 5 null
    const expected = { mean: 5, median: 5, most_frequent: 3, constant: 0 }; // values 5, 3, 3, 5, 9
    for (const s of STRATEGIES) {
      const imp = new gf.SimpleImputer({ strategy: s });
      const out = (await imp.fitTransform(new gf.DataFrame({ x }))) as gf.DataFrame;
      expect(imp.statistics[0], s).toBe(expected[s]);
      expect(await out.column('x').nullCount()).toBe(0);
      const v = Array.from((await columnsOf(out))[0]!);
      expect(v).toEqual([5, 3, expected[s], 3, 5, expected[s], 9]);
    }
    const c = new gf.SimpleImputer({ strategy: 'constant', fillValue: -1.5 });
    await c.fit([Float64Array.from([NaN, 2])]);
    expect(c.statistics).toEqual(Float64Array.from([-1.5]));
  });

  it('imputes another missing value, or nulls only, and then refuses NaN; ±Inf is always refused', async () => {
    const imp = new gf.SimpleImputer({ missingValues: -1 });
    const [y] = await columnsOf(await imp.fitTransform([Float64Array.from([-1, 2, 4, -1])]));
    expect(Array.from(y!)).toEqual([3, 2, 4, 3]);
    await expect(imp.fit({ frame: new gf.DataFrame({ q: gf.array(Float64Array.from([-1, NaN])) }), columns: ['q'] })).rejects.toThrow(/'q'.*NaN/);
    const nullsOnly = new gf.SimpleImputer({ missingValues: null, strategy: 'median' });
    const [z] = await columnsOf(await nullsOnly.fitTransform([gf.Column.from(Float64Array.from([1, 0, 3, 10]), Uint8Array.of(0b1101))]));
    expect(Array.from(z!)).toEqual([1, 3, 3, 10]);
    await expect(new gf.SimpleImputer().fit(new gf.DataFrame({ inf: gf.array(Float64Array.from([1, Infinity])) }))).rejects.toThrow(/'inf'.*Inf/);
    await expect(imp.transform([Float64Array.from([NaN])])).rejects.toThrow(/NaN/);
  });

  it('drops a column with no value in fit (as scikit-learn), or keeps it filled with 0', async () => {
    const df = new gf.DataFrame({ a: gf.array(Float64Array.from([1, NaN, 3])), e: gf.array(Float64Array.from([NaN, NaN, NaN])) });
    const drop = new gf.SimpleImputer();
    const out = (await drop.fitTransform(df)) as gf.DataFrame;
    expect(out.names).toEqual(['a']);
    expect(Number.isNaN(drop.statistics[1])).toBe(true);
    const keep = new gf.SimpleImputer({ keepEmptyFeatures: true, strategy: 'median' });
    const kept = (await keep.fitTransform(df)) as gf.DataFrame;
    expect(kept.names).toEqual(['a', 'e']);
    expect(await columnsOf(kept)).toEqual([Float64Array.from([1, 2, 3]), Float64Array.from([0, 0, 0])]);
  });

  it('takes integer columns, every input kind, and round-trips through JSON', async () => {
    const kinds: Array<[gf.DataFrame | Float64Array[] | number[][], boolean]> = [
      [new gf.DataFrame({ i: gf.array(Int32Array.from([1, 2, 9])) }), true],
      [[Float64Array.from([1, NaN, 9])], false],
      [[[1], [NaN], [9]], false],
    ];
    for (const [X, frame] of kinds) {
      const imp = new gf.SimpleImputer({ strategy: 'median' });
      const out = await imp.fitTransform(X);
      expect(out instanceof gf.DataFrame).toBe(frame);
      const again = gf.SimpleImputer.fromJSON(JSON.stringify(imp));
      expect(await columnsOf(await again.transform(X))).toEqual(await columnsOf(out));
    }
    await expect(new gf.SimpleImputer().transform([Float64Array.of(1)])).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.SimpleImputer({ strategy: 'mode' as 'mean' })).toThrow(/strategy/);
    expect(() => new gf.SimpleImputer({ fill_value: 1 } as object)).toThrow(/fillValue/);
    await expect(new gf.SimpleImputer().fit(new gf.DataFrame({ s: gf.Column.from(['a']) }))).rejects.toThrow(/utf8/);
  });

  it('handles 1e5 rows on the CPU', async () => {
    const r = await fitOn('cpu', 'mean', 100_000, 3);
    expect(r.nulls).toEqual([0, 0, 0]);
    r.out.forEach((c) => expect(c.every(Number.isFinite)).toBe(true));
  });

  it.skipIf(!hasGpu())('gives the same statistics and output on CPU and WebGPU, also past one storage binding', async () => {
    for (const s of STRATEGIES) expect(await fitOn('webgpu', s, 3001, 4)).toEqual(await fitOn('cpu', s, 3001, 4));
    const full = await fitOn('cpu', 'median', 20_011, 5);
    await withBindingCap(async () => {
      expect(await fitOn('webgpu', 'median', 20_011, 5)).toEqual(full);
    });
  });
});
