// Issue 13, acceptance 1: the first hour of a new user, replayed on the shipped airports data, on
// the run's backend (CPU or WebGPU). Each step is something a Polars or pandas user tried and
// tripped on; each assertion is what they would check. The groups are tested in depth in the
// other files of this folder; this file walks the list in the order a user meets it.
import { mkdtempSync, writeFileSync, createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { col } from 'gpuframe';

const AIRPORTS = 'data/airports.csv';

describe('the first hour, replayed', () => {
  it('backend: the run is on the backend it asked for, and info() says why', async () => {
    const info = gf.info();
    expect(['webgpu', 'cpu']).toContain(info.backend);
    if (process.env.GPUFRAME_BACKEND === 'cpu') expect(info.backend).toBe('cpu');
    if (info.backend === 'webgpu') expect(info.limits?.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(8);
  });

  it('shape and names: shape, height, width, columns (names), dtypes', async () => {
    const df = await gf.readCSV(AIRPORTS);
    expect(df.shape).toEqual([3376, 7]);
    expect(df.height).toBe(3376);
    expect(df.width).toBe(7);
    expect(df.columns).toEqual(['iata', 'name', 'city', 'state', 'country', 'latitude', 'longitude']);
    expect(df.dtypes).toEqual(['utf8', 'utf8', 'utf8', 'utf8', 'utf8', 'float64', 'float64']);
  });

  it('aggregations as expressions, whole-frame and grouped, and the old object form agrees', async () => {
    const df = await gf.readCSV(AIRPORTS);
    const lat = (await df.column('latitude').data.toArray()) as Float64Array;
    const mean = lat.reduce((s, v) => s + v, 0) / lat.length;
    const one = await (await df.select(col('latitude').mean().alias('m'), col('iata').count())).toRecords();
    expect(one).toHaveLength(1);
    expect(one[0]!.m).toBeCloseTo(mean, 9);
    expect(one[0]!.iata).toBe(3376n);
    const byState = await df.groupBy('state').agg(col('latitude').mean().alias('lat'), col('iata').count().alias('n'));
    const legacy = await df.groupBy('state').agg({ lat: ['latitude', 'mean'], n: ['iata', 'count'] });
    expect(await byState.toRecords()).toEqual(await legacy.toRecords());
    expect(await df.getColumn('latitude').mean()).toBe(one[0]!.m);
  });

  it('arguments: arrays in select/drop, misspelt sort options refused, unique(subset), sample(n), head(-n)', async () => {
    const df = await gf.readCSV(AIRPORTS);
    expect(df.select(['iata', 'state']).columns).toEqual(['iata', 'state']);
    expect(df.drop(['name', 'city']).width).toBe(5);
    expect(() => df.sort('latitude', { ascending: false } as never)).toThrow(gf.ValueError);
    expect(() => df.sort('latitude', { reverse: true } as never)).toThrow(/did you mean 'descending'/);
    const top = await df.sort('latitude', { descending: true }).head(1).toRecords();
    expect(top[0]!.state).toBe('AK');
    const states = await df.unique('state');
    expect(states.height).toBe(new Set((await df.column('state').toValues()) as string[]).size);
    expect(df.sample(10, { seed: 1 }).height).toBe(10);
    expect(df.head(-3376 + 2).height).toBe(2);
  });

  it('strict options: KMeans({ n_clusters }) and agg({ latitude: "mean" }) say what to write', async () => {
    expect(() => new gf.KMeans({ n_clusters: 3 } as never)).toThrow(/did you mean 'nClusters'/);
    const df = await gf.readCSV(AIRPORTS);
    const e = await df.groupBy('state').agg({ latitude: 'mean' } as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(gf.ValueError);
    expect((e as Error).message).toContain("'latitude'");
    expect((e as Error).message).not.toMatch(/column 'm'/);
  });

  it('string functions on a utf8 column', async () => {
    const df = await gf.readCSV(AIRPORTS);
    const intl = await df.filter(col('name').str.contains('International', { literal: true }));
    const names = (await df.column('name').toValues()) as string[];
    expect(intl.height).toBe(names.filter((n) => n.includes('International')).length);
    const out = await df.head(3).withColumns({ lower: col('city').str.lower(), n: col('city').str.lenChars() }).toRecords();
    expect(out.map((r) => r.lower)).toEqual(['bay springs', 'livingston', 'colorado springs']);
    expect(out.map((r) => Number(r.n))).toEqual([11, 10, 16]);
  });

  it('IO: writeCSV round trip; readCSV from a Buffer, a URL and a stream; readNDJSON; an empty CSV is a typed error', async () => {
    const df = (await gf.readCSV(AIRPORTS)).head(50);
    const text = await gf.writeCSV(df);
    const dir = mkdtempSync(join(tmpdir(), 'gf-first-hour-'));
    const file = join(dir, 'a.csv');
    writeFileSync(file, text);
    const expected = await df.toRecords();
    expect(await (await gf.readCSV(await readFile(file))).toRecords()).toEqual(expected);
    expect(await (await gf.readCSV(pathToFileURL(file))).toRecords()).toEqual(expected);
    expect(await (await gf.readCSV(createReadStream(file))).toRecords()).toEqual(expected);
    const nd = (await df.head(3).toRecords()).map((r) => JSON.stringify(r)).join('\n');
    expect(await (await gf.readNDJSON(nd)).toRecords()).toEqual(expected.slice(0, 3));
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(gf.readCSV(empty)).rejects.toThrow(gf.ParseError);
    const dates = await gf.readCSV('d,t\n2024-02-29,2024-02-29T12:00:00Z\n', { dtypes: { d: 'date', t: 'timestamp' } });
    expect(dates.dtypes).toEqual(['date', 'timestamp']);
  });

  it('semantics: strings sort by UTF-8 bytes; NaN == NaN in a filter as in a join; describe keeps int64 exact', async () => {
    const s = new gf.DataFrame({ s: ['\uFF01', '😀', 'a', 'é'] });
    const sorted = (await s.sort('s').column('s').toValues()) as string[];
    expect(sorted).toEqual(['a', 'é', '\uFF01', '😀']);
    const nan = new gf.DataFrame({ a: new Float64Array([NaN, 1, 2]), b: new Float64Array([NaN, 1, 3]) });
    expect((await nan.filter(col('a').eq(col('b')))).height).toBe(2);
    const joined = await nan.select('a').join(nan.select('b').rename({ b: 'a' }), { on: 'a' });
    expect(joined.height).toBe(2);
    const big = new gf.DataFrame({ x: new BigInt64Array([1n, 9007199254740993n]) });
    const d = await (await big.describe()).toRecords();
    expect(d.find((r) => r.statistic === 'max')!.x).toBe('9007199254740993');
  });

  it('storage buffers: a filter over 40 nullable columns runs on every adapter', async () => {
    const n = 300;
    const cols: Record<string, gf.Column> = {};
    let pred = col('c0').isNotNull();
    for (let j = 0; j < 40; j++) {
      cols[`c${j}`] = gf.Column.from(Array.from({ length: n }, (_, i) => ((i + j) % 97 === 0 ? null : ((i * 31 + j * 17) % 101) - 50)));
      if (j > 0) pred = pred.and(col(`c${j}`).gt(-45));
    }
    const df = new gf.DataFrame(cols);
    const got = (await df.filter(pred)).height;
    const rows = await df.toRecords();
    const want = rows.filter((r) => r.c0 !== null && Array.from({ length: 39 }, (_, k) => r[`c${k + 1}`]).every((v) => v !== null && (v as number) > -45)).length;
    expect(got).toBe(want);
    expect(got).toBeGreaterThan(0);
  });
});
