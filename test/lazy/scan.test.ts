// Streaming (frame/lazy): scanCSV / scanParquet → filter → groupBy → collect against the eager
// path on generated files (nulls, NaN, ±0, several batch sizes incl. 1 and non-multiples),
// sink round-trips, atomic sinks, memoryLimit and option errors.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { rng } from '../helpers/parity.js';

const dir = mkdtempSync(join(tmpdir(), 'gpuframe-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const webgpu = process.env.GPUFRAME_BACKEND === 'webgpu';
// WebGPU (SwiftShader in CI) runs each batch's kernels in software: fewer rows and batches there
const N = webgpu ? 12_000 : 150_000;

/** A CSV of n rows: utf8 and int keys with nulls, floats with nulls/NaN/±0/inf, ints, bools. */
function makeCSV(n: number, seed: number): string {
  const r = rng(seed);
  const states = ['TX', 'CA', 'NY', 'WA', 'ÉCOLE', 'a,b'];
  const lines = ['k,j,x,y,b'];
  for (let i = 0; i < n; i++) {
    const u = r();
    const k = u < 0.03 ? '' : states[Math.floor(r() * states.length)]!;
    const j = u > 0.97 ? '' : String(Math.floor(r() * 13) - 3);
    const v = r();
    const x = v < 0.02 ? '' : v < 0.025 ? 'NaN' : v < 0.03 ? '-0.0' : v < 0.031 ? 'inf' : (r() * 2000 - 1000).toFixed(Math.floor(r() * 6));
    const y = r() < 0.05 ? '' : String(Math.floor(r() * 2e6) - 1e6);
    const b = r() < 0.5 ? 'true' : 'false';
    lines.push([k === 'a,b' ? '"a,b"' : k, j, x, y, b].join(','));
  }
  return lines.join('\n') + '\n';
}

const SINK_ROWS = webgpu ? 10_000 : 40_000;
const csvPath = join(dir, 'data.csv');
writeFileSync(csvPath, makeCSV(N, 7));

const SPEC = {
  n: ['x', 'count'], s: ['x', 'sum'], m: ['x', 'mean'], lo: ['x', 'min'], hi: ['x', 'max'],
  sy: ['y', 'sum'], my: ['y', 'mean'], ly: ['y', 'min'], fy: ['y', 'first'], la: ['x', 'last'],
  sb: ['b', 'sum'], v: ['y', 'var'], sd: ['x', 'std'],
} as const satisfies Record<string, gf.AggSpec>;

/** Frames equal: exact on every column but var/std, which agree to 1e-12 relative. */
async function expectSame(got: gf.DataFrame, want: gf.DataFrame, what: string): Promise<void> {
  expect(got.schema, what).toEqual(want.schema);
  expect(got.numRows, what).toBe(want.numRows);
  for (const name of want.names) {
    const a = await got.getColumn(name).toValues();
    const b = await want.getColumn(name).toValues();
    if (name === 'v' || name === 'sd') {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) {
        const p = a[i] as number | null, q = b[i] as number | null;
        if (q === null || Number.isNaN(q)) expect(p, `${what} ${name}[${i}]`).toEqual(q);
        else expect(Math.abs(p! - q) <= 1e-12 * Math.abs(q), `${what} ${name}[${i}]: ${p} vs ${q}`).toBe(true);
      }
    } else sameValues(a, b, `${what} ${name}`);
  }
}

/** Element by element with Object.is (toEqual on 1e5-element arrays is slow); expect on the first difference. */
function sameValues(a: unknown[], b: unknown[], what: string): void {
  expect(a.length, what).toBe(b.length);
  const i = a.findIndex((x, k) => !Object.is(x, b[k]));
  if (i >= 0) expect(a[i], `${what}[${i}]`).toEqual(b[i]);
}

describe('scanCSV → filter → groupBy → collect = the eager path', () => {
  it('on generated rows, batch sizes that divide nothing, one batch, and the whole file', async () => {
    const pred = gf.col('y').gt(-900_000).or(gf.col('y').isNull());
    const eager = await (await (await gf.readCSV(csvPath)).filter(pred)).groupBy(['k', 'j']).agg(SPEC);
    for (const batchRows of webgpu ? [5_001] : [7_777, 1 << 20]) {
      const lazy = await gf.scanCSV(csvPath, { batchRows }).filter(pred).groupBy(['k', 'j']).agg(SPEC).collect();
      await expectSame(lazy, eager, `batchRows ${batchRows}`);
    }
    // the file's chunks are cut small too (memoryLimit), so rows cross chunk boundaries
    const small = await gf.scanCSV(csvPath, { batchRows: 10_000, memoryLimit: 1 << 20 }).filter(pred).groupBy(['k', 'j']).agg(SPEC).collect();
    await expectSame(small, eager, 'memoryLimit 1 MiB');
  });

  it('batches of 1 row, and expressions in agg', async () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, makeCSV(webgpu ? 8 : 250, 3));
    const eager = await (await gf.readCSV(path)).groupBy('k').agg(SPEC);
    await expectSame(await gf.scanCSV(path, { batchRows: 1 }).groupBy('k').agg(SPEC).collect(), eager, 'batchRows 1');
    const e = [gf.col('x').mul(2).sum().alias('s2'), gf.col('y').max().alias('top'), gf.col('x').mean()];
    const want = await (await gf.readCSV(path)).groupBy('k').agg(...e);
    const got = await gf.scanCSV(path, { batchRows: 17 }).groupBy('k').agg(...e).collect();
    expect(await got.toRecords()).toEqual(await want.toRecords());
  });

  it('iterates batches of batchRows rows with withColumns and select applied', async () => {
    const lf = gf.scanCSV(csvPath, { batchRows: 50_000 }).withColumns({ z: gf.col('y').mul(2) }).select('k', 'z');
    const sizes: number[] = [];
    for await (const batch of lf) {
      expect(batch.columns).toEqual(['k', 'z']);
      sizes.push(batch.numRows);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(N);
    expect(sizes.slice(0, -1).every((s) => s === 50_000)).toBe(true);
    const eager = (await gf.readCSV(csvPath)).withColumns({ z: gf.col('y').mul(2) });
    sameValues(await (await lf.collect()).getColumn('z').toValues(), await eager.getColumn('z').toValues(), 'z');
  });

  it('a lazy frame is not a thenable: `await gf.scanCSV(...)` gives the lazy frame back', async () => {
    const lf = gf.scanCSV(csvPath).filter(gf.col('x').gt(0));
    expect(await lf).toBe(lf);
    expect(await (await gf.scanCSV(csvPath, { batchRows: 1000 })).select('k').collect().then((d) => d.numRows)).toBe(N);
  });
});

describe('sinks', () => {
  it('sinkParquet and sinkCSV round-trip, row groups and all', async () => {
    const src = join(dir, 'sink-src.csv');
    writeFileSync(src, makeCSV(SINK_ROWS, 11));
    const eager = await gf.readCSV(src);
    const pq = join(dir, 'out.parquet');
    const { rows } = await gf.scanCSV(src, { batchRows: 7_000 }).sinkParquet(pq, { rowGroupSize: 5_000 });
    expect(rows).toBe(SINK_ROWS);
    const back = await gf.readParquet(pq);
    expect(back.schema).toEqual(eager.schema);
    for (const n of eager.names) sameValues(await back.getColumn(n).toValues(), await eager.getColumn(n).toValues(), n);
    const g = await gf.scanParquet(join(dir, 'out.parq*'), { batchRows: 3_001 }).groupBy('k').agg(SPEC).collect();
    await expectSame(g, await eager.groupBy('k').agg(SPEC), 'scanParquet of the sink');
    const csv = join(dir, 'out.csv');
    await gf.scanParquet([pq]).sinkCSV(csv);
    const again = await gf.readCSV(csv, { dtypes: eager.schema as Record<string, gf.CSVDType> });
    for (const n of eager.names) sameValues(await again.getColumn(n).toValues(), await eager.getColumn(n).toValues(), n);
  });

  it('an aggregated stream sinks its groups; an empty result still writes the schema', async () => {
    const pq = join(dir, 'groups.parquet');
    await gf.scanCSV(csvPath).groupBy('k').agg({ n: ['x', 'count'] }).sinkParquet(pq);
    expect((await gf.readParquet(pq)).numRows).toBe(7);
    const none = join(dir, 'none.parquet');
    expect((await gf.scanCSV(csvPath).filter(gf.col('y').gt(1e9)).sinkParquet(none)).rows).toBe(0);
    expect((await gf.readParquet(none)).columns).toEqual(['k', 'j', 'x', 'y', 'b']);
  });

  it('a failure leaves no output and no temporary file', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, makeCSV(2000, 5) + 'TX,1,oops,2,true\n');
    const out = join(dir, 'fail', 'o.parquet');
    rmSync(join(dir, 'fail'), { recursive: true, force: true });
    mkdirSync(join(dir, 'fail'));
    const err = await gf.scanCSV(bad, { batchRows: 500, memoryLimit: 65_536 }).sinkParquet(out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(gf.ParseError);
    expect((err as gf.ParseError).file).toBe(bad);
    expect((err as gf.ParseError).row).toBe(2002);
    expect((err as gf.ParseError).column).toBe('x');
    expect(readdirSync(join(dir, 'fail'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('errors', () => {
  it('memoryLimit: a record or group states that cannot fit are ValueErrors', async () => {
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, `a,b\n1,${'x'.repeat(40_000)}\n2,y\n`);
    await expect(gf.scanCSV(wide, { memoryLimit: 65_536 }).collect()).rejects.toThrow(/scanCSV: expected a record of at most 16384 bytes \(memoryLimit \/ 4\), got a longer one \(.*wide\.csv, row 2\)/);
    const many = join(dir, 'many.csv');
    writeFileSync(many, 'k,x\n' + Array.from({ length: 20_000 }, (_, i) => `${i},1`).join('\n'));
    await expect(gf.scanCSV(many, { memoryLimit: 65_536 }).groupBy('k').agg({ s: ['x', 'sum'] }).collect()).rejects.toThrow(/expected group states within memoryLimit \/ 2 = 32768 bytes/);
  });

  it('unknown options, bad settings, unstreamable ops and missing files', async () => {
    expect(() => gf.scanCSV(csvPath, { batchSize: 5 } as never)).toThrow(/scanCSV: expected options among .* got unknown option 'batchSize'/);
    expect(() => gf.scanParquet(csvPath, { rowGroups: [0] } as never)).toThrow(/unknown option 'rowGroups'/);
    expect(() => gf.scanCSV(csvPath, { batchRows: 0 })).toThrow(gf.ValueError);
    expect(() => gf.scanCSV(csvPath, { memoryLimit: 10 })).toThrow(/memoryLimit as an integer number of bytes >= 65536/);
    expect(() => gf.scanCSV(csvPath).groupBy('k').agg({ m: ['x', 'median'] })).toThrow(/median, nunique and list need a group's values together/);
    expect(() => gf.scanCSV(csvPath).select(gf.col('x').sum())).toThrow(/got an aggregation/);
    await expect(gf.scanCSV(csvPath).sinkCSV(join(dir, 'x.csv'), { as: 'bytes' } as never)).rejects.toThrow(/unknown option 'as'/);
    await expect(gf.scanCSV(join(dir, 'nope.csv')).collect()).rejects.toThrow(gf.IOError);
    await expect(gf.scanParquet(join(dir, 'nope-*.parquet')).collect()).rejects.toThrow(/expected files matching "nope-\*\.parquet", got none/);
    await expect(gf.scanCSV(csvPath).groupBy('k').agg({ s: ['k', 'sum'] }).collect()).rejects.toThrow(gf.DTypeError);
    // a file of the glob that is not Parquet: a ParseError naming that file
    const parts = join(dir, 'parts');
    mkdirSync(parts);
    await gf.writeParquet(new gf.DataFrame({ x: new Float64Array([1, 2]) }), join(parts, 'a.parquet'));
    writeFileSync(join(parts, 'b.parquet'), 'PAR1 not parquet PAR1');
    const err = await gf.scanParquet(join(parts, '*.parquet')).collect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(gf.ParseError);
    expect((err as gf.ParseError).file).toBe(join(parts, 'b.parquet'));
    expect((err as Error).message).toMatch(/^scanParquet: expected/);
  });
});
